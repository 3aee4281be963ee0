/// Reads the YAML that configuration files are written in: block mappings and sequences by
/// indentation, flow mappings and sequences (`{...}`, `[...]`, JSON among them) on one line
/// or several, plain, single- and double-quoted scalars, comments, a leading `---`. Anchors,
/// tags and multi-line block scalars are refused with the line they are on.
package struct YAMLReader {
    package struct Failure: Error, Equatable, Sendable {
        package var line: Int
        package var reason: String
    }

    private struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    private var lines: [Line] = []
    private var index = 0

    /// The document's root; an empty document is an empty mapping.
    package static func read(_ text: String) throws(Failure) -> YAMLValue {
        var reader = YAMLReader()
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            line = YAMLReader.strippingComment(line)
            while line.last == " " { line.removeLast() }
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || (reader.lines.isEmpty && content == "---") { continue }
            if line.prefix(indent + 1).contains("\t") || content.first == "\t" {
                throw Failure(line: offset + 1, reason: "tabs are not allowed in YAML indentation")
            }
            reader.lines.append(Line(number: offset + 1, indent: indent, text: content))
        }
        guard let first = reader.lines.first else { return .mapping([], line: 1) }
        let value = try reader.block(indent: first.indent)
        if reader.index < reader.lines.count {
            throw Failure(line: reader.lines[reader.index].number, reason: "unexpected indentation")
        }
        return value
    }

    /// The text before a `#` that starts a comment (after a space, outside quotes).
    private static func strippingComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for position in line.indices {
            let character = line[position]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" {
                return line[..<position]
            }
            previous = character
        }
        return line
    }

    /// A block node whose lines are indented `indent`: a sequence, a mapping or one scalar.
    private mutating func block(indent: Int) throws(Failure) -> YAMLValue {
        let first = lines[index]
        if first.text.hasPrefix("{") || first.text.hasPrefix("[") { return try flowLines() }
        if first.text == "-" || first.text.hasPrefix("- ") { return try sequence(indent: indent) }
        if YAMLReader.keyEnd(first.text) != nil { return try mapping(indent: indent) }
        index += 1
        return .scalar(try YAMLReader.scalar(first.text, line: first.number), line: first.number)
    }

    private mutating func sequence(indent: Int) throws(Failure) -> YAMLValue {
        let start = lines[index].number
        var items: [YAMLValue] = []
        while index < lines.count, lines[index].indent == indent,
            lines[index].text == "-" || lines[index].text.hasPrefix("- ")
        {
            let line = lines[index]
            let rest = line.text.dropFirst(1).drop { $0 == " " }
            if rest.isEmpty {
                index += 1
                items.append(try nested(below: indent, line: line.number))
            } else {
                // `- key: value` starts a mapping indented past the dash.
                lines[index] = Line(number: line.number, indent: indent + (line.text.count - rest.count), text: rest)
                items.append(try block(indent: lines[index].indent))
            }
        }
        return .sequence(items, line: start)
    }

    private mutating func mapping(indent: Int) throws(Failure) -> YAMLValue {
        let start = lines[index].number
        var entries: [(key: String, line: Int, value: YAMLValue)] = []
        while index < lines.count, lines[index].indent == indent {
            let line = lines[index]
            guard let end = YAMLReader.keyEnd(line.text) else {
                throw Failure(line: line.number, reason: "expected \"key: value\"")
            }
            let key = try YAMLReader.scalar(line.text[..<end], line: line.number)
            if entries.contains(where: { $0.key == key }) {
                throw Failure(line: line.number, reason: "the key \(key) twice")
            }
            let rest = line.text[line.text.index(after: end)...].drop { $0 == " " }
            if rest.isEmpty {
                index += 1
                entries.append((key, line.number, try nested(below: indent, line: line.number)))
            } else if rest.first == "{" || rest.first == "[" {
                lines[index] = Line(number: line.number, indent: indent, text: rest)
                entries.append((key, line.number, try flowLines()))
            } else {
                if rest.first == "|" || rest.first == ">" || rest.first == "&" || rest.first == "*" || rest.first == "!"
                {
                    throw Failure(line: line.number, reason: "block scalars, anchors and tags are not supported")
                }
                index += 1
                entries.append(
                    (key, line.number, .scalar(try YAMLReader.scalar(rest, line: line.number), line: line.number)))
            }
        }
        if index < lines.count, lines[index].indent > indent {
            throw Failure(line: lines[index].number, reason: "unexpected indentation")
        }
        return .mapping(entries, line: start)
    }

    /// The node under `key:` or `-`: the deeper lines that follow, or null when there are none
    /// (a sequence may sit at its key's own indentation, as YAML allows).
    private mutating func nested(below indent: Int, line: Int) throws(Failure) -> YAMLValue {
        guard index < lines.count else { return .scalar("", line: line) }
        let next = lines[index]
        if next.indent > indent { return try block(indent: next.indent) }
        if next.indent == indent, next.text == "-" || next.text.hasPrefix("- ") { return try sequence(indent: indent) }
        return .scalar("", line: line)
    }

    /// A flow node starting at the current line, which may continue over the next ones.
    private mutating func flowLines() throws(Failure) -> YAMLValue {
        var text: [(Character, Int)] = []
        var depth = 0
        var quote: Character?
        repeat {
            let line = lines[index]
            index += 1
            for character in line.text {
                text.append((character, line.number))
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "{" || character == "[" {
                    depth += 1
                } else if character == "}" || character == "]" {
                    depth -= 1
                }
            }
            text.append((" ", line.number))
        } while depth > 0 && index < lines.count
        var flow = Flow(characters: text)
        let value = try flow.value()
        flow.skipSpaces()
        if flow.position < flow.characters.count {
            throw Failure(line: flow.line, reason: "unexpected \(flow.characters[flow.position].0) after a value")
        }
        return value
    }

    /// The `:` that ends a mapping key on this line (followed by a space or the end), nil when none.
    private static func keyEnd(_ text: Substring) -> Substring.Index? {
        var quote: Character?
        for position in text.indices {
            let character = text[position]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                if position == text.startIndex { quote = character }
            } else if character == ":" {
                let next = text.index(after: position)
                if next == text.endIndex || text[next] == " " { return position }
            }
        }
        return nil
    }

    /// A scalar's value: quotes taken off and escapes read.
    static func scalar(_ text: Substring, line: Int) throws(Failure) -> String {
        let text = text.drop { $0 == " " }
        guard let first = text.first, first == "\"" || first == "'" else { return String(text) }
        guard text.count >= 2, text.last == first else { throw Failure(line: line, reason: "an unclosed quote") }
        let body = text.dropFirst().dropLast()
        if first == "'" {
            var out = ""
            var previousQuote = false
            for character in body {
                if character == "'", previousQuote {
                    previousQuote = false
                    continue
                }
                previousQuote = character == "'"
                out.append(character)
            }
            return out
        }
        var out = ""
        var iterator = body.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let digit = iterator.next() { hex.append(digit) } }
                guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                    throw Failure(line: line, reason: "a bad \\u escape")
                }
                out.unicodeScalars.append(scalar)
            default: throw Failure(line: line, reason: "an unknown escape in a double-quoted string")
            }
        }
        return out
    }

    /// Flow collections: `{key: value, ...}` and `[value, ...]`.
    private struct Flow {
        var characters: [(Character, Int)]
        var position = 0
        var line: Int { position < characters.count ? characters[position].1 : (characters.last?.1 ?? 1) }

        mutating func skipSpaces() {
            while position < characters.count, characters[position].0 == " " { position += 1 }
        }

        mutating func value() throws(Failure) -> YAMLValue {
            skipSpaces()
            guard position < characters.count else { throw Failure(line: line, reason: "a value is missing") }
            let start = line
            switch characters[position].0 {
            case "{":
                position += 1
                var entries: [(key: String, line: Int, value: YAMLValue)] = []
                while true {
                    skipSpaces()
                    if position < characters.count, characters[position].0 == "}" {
                        position += 1
                        return .mapping(entries, line: start)
                    }
                    let key = try scalar(stoppingAt: [":", ",", "}"])
                    skipSpaces()
                    guard position < characters.count, characters[position].0 == ":" else {
                        throw Failure(line: line, reason: "expected \":\" after the key \(key)")
                    }
                    let keyLine = line
                    position += 1
                    if entries.contains(where: { $0.key == key }) {
                        throw Failure(line: line, reason: "the key \(key) twice")
                    }
                    entries.append((key, keyLine, try value()))
                    try separator(closing: "}")
                }
            case "[":
                position += 1
                var items: [YAMLValue] = []
                while true {
                    skipSpaces()
                    if position < characters.count, characters[position].0 == "]" {
                        position += 1
                        return .sequence(items, line: start)
                    }
                    items.append(try value())
                    try separator(closing: "]")
                }
            default:
                return .scalar(try scalar(stoppingAt: [",", "}", "]"]), line: start)
            }
        }

        /// A `,` (consumed) or the closing bracket (left for the caller).
        mutating func separator(closing: Character) throws(Failure) {
            skipSpaces()
            guard position < characters.count else {
                throw Failure(line: line, reason: "an unclosed \(closing == "}" ? "{" : "[")")
            }
            if characters[position].0 == "," {
                position += 1
            } else if characters[position].0 != closing {
                throw Failure(line: line, reason: "expected \",\" or \"\(closing)\"")
            }
        }

        mutating func scalar(stoppingAt stops: Set<Character>) throws(Failure) -> String {
            skipSpaces()
            let startLine = line
            var text = ""
            if position < characters.count, characters[position].0 == "\"" || characters[position].0 == "'" {
                let quote = characters[position].0
                text.append(quote)
                position += 1
                var escaped = false
                while position < characters.count {
                    let character = characters[position].0
                    text.append(character)
                    position += 1
                    if quote == "\"", character == "\\", !escaped {
                        escaped = true
                        continue
                    }
                    if character == quote, !escaped { break }
                    escaped = false
                }
            } else {
                while position < characters.count, !stops.contains(characters[position].0) {
                    // `:` ends a plain key only before a space.
                    if characters[position].0 == ":", position + 1 < characters.count, characters[position + 1].0 != " "
                    {
                        text.append(":")
                        position += 1
                        continue
                    }
                    if characters[position].0 == ":" { break }
                    text.append(characters[position].0)
                    position += 1
                }
                while text.last == " " { text.removeLast() }
            }
            return try YAMLReader.scalar(Substring(text), line: startLine)
        }
    }
}
