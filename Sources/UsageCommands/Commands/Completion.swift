/// `completion bash|zsh`: shell completion scripts made from the flag table, the same one
/// `--help` is made from, so a new flag completes without anyone writing it twice.
enum Completion {
    static let commands = ["pricing", "check", "statusline", "report", "completion"]

    /// Every flag as the shell completes it: `--name=` for one that takes a value.
    static var words: [String] {
        FlagTable.all.compactMap { flag -> String? in
            guard let name = flag.name else { return nil }
            if case .none = flag.arity { return name }
            return name + "="
        } + ["--version", "--help"]
    }

    /// The script for `shell`, nil for a shell we do not write one for.
    static func script(for shell: String) -> String? {
        switch shell {
        case "bash": bash
        case "zsh": zsh
        default: nil
        }
    }

    static var bash: String {
        """
        # bash completion for llm-usage-exporter: source it, or install it as
        # /usr/share/bash-completion/completions/llm-usage-exporter
        _llm_usage_exporter() {
            local current=${COMP_WORDS[COMP_CWORD]}
            if [[ $COMP_CWORD -eq 1 && $current != -* ]]; then
                COMPREPLY=($(compgen -W "\(commands.joined(separator: " "))" -- "$current"))
                return
            fi
            case ${COMP_WORDS[1]} in
                report) if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W "daily weekly monthly session blocks" -- "$current")); return; fi ;;
                completion) COMPREPLY=($(compgen -W "bash zsh" -- "$current")); return ;;
                pricing) if [[ $COMP_CWORD -eq 2 && $current != -* ]]; then COMPREPLY=($(compgen -W "update" -- "$current")); return; fi ;;
            esac
            COMPREPLY=($(compgen -W "\(words.joined(separator: " "))" -- "$current"))
            [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
        }
        complete -F _llm_usage_exporter llm-usage-exporter

        """
    }

    static var zsh: String {
        let flags = FlagTable.all.compactMap { flag -> String? in
            guard let name = flag.name else { return nil }
            let help = (flag.help.first ?? "").replacingColonsAndQuotes
            if case .none = flag.arity { return "    '\(name)[\(help)]'" }
            return "    '\(name)=[\(help)]:value:_files'"
        }
        return """
            #compdef llm-usage-exporter
            # zsh completion for llm-usage-exporter: put it on $fpath as _llm-usage-exporter
            _llm-usage-exporter() {
              if (( CURRENT == 2 )) && [[ $words[CURRENT] != -* ]]; then
                _values 'command' \(commands.joined(separator: " "))
                return
              fi
              case $words[2] in
                report) (( CURRENT == 3 )) && { _values 'report' daily weekly monthly session blocks; return } ;;
                completion) _values 'shell' bash zsh; return ;;
              esac
              _arguments -s \\
            \(flags.joined(separator: " \\\n")) \\
                '--version[print the version and exit]' \\
                '--help[print the help and exit]'
            }
            _llm-usage-exporter "$@"

            """
    }
}

extension String {
    /// A help line safe inside zsh's `'name[help]'`: no quote, bracket or colon to end it.
    fileprivate var replacingColonsAndQuotes: String {
        String(
            map { character -> Character in
                switch character {
                case "'", "[", "]": " "
                case ":": ","
                default: character
                }
            })
    }
}
