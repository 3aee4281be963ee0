import Foundation
import Synchronization
import TestSupport
import Testing

@testable import UsageCommands

/// Issue 19: `completion bash|zsh`, made from the flag table `--help` is made from.
@Suite struct CompletionTests {
    private func run(_ arguments: [String]) -> (status: Int32, out: String) {
        let out = Mutex<[UInt8]>([])
        let status = ExporterMain.run(
            arguments: arguments, environment: [:],
            output: ExporterMain.Output(out: { bytes in out.withLock { $0 += bytes } }, err: { _ in }))
        return (status, out.withLock { String(decoding: $0, as: UTF8.self) })
    }

    @Test func everyFlagOfTheHelpCompletesInBothShells() {
        let help = run(["--help"]).out
        let flags = help.matches(of: /\n  (--[a-z][a-z0-9.-]*)/).map { String($0.output.1) }
        #expect(flags.count > 30)
        for shell in ["bash", "zsh"] {
            let script = run(["completion", shell])
            #expect(script.status == 0)
            for flag in flags { #expect(script.out.contains(flag), "\(shell): \(flag)") }
        }
        #expect(run(["completion", "fish"]).status == 2)
    }

    @Test func bashCompletesFlagsAndCommands() throws {
        let bash = try #require(ProcessRunner.which("bash"))
        let tree = TempTree()
        tree.write("completion.bash", run(["completion", "bash"]).out)
        func complete(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let script = """
                source '\(tree.path("completion.bash"))'
                COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
                _llm_usage_exporter 2>/dev/null
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let result = try ProcessRunner.run(bash, ["-c", script])
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete(["llm-usage-exporter", "--web.lis"]) == ["--web.listen-address="])
        #expect(try complete(["llm-usage-exporter", "rep"]) == ["report"])
        #expect(try complete(["llm-usage-exporter", "report", "w"]) == ["weekly"])
        #expect(try complete(["llm-usage-exporter", "--no-source.co"]) == ["--no-source.codex"])
    }

    @Test func zshReadsItsScript() throws {
        let zsh = try #require(ProcessRunner.which("zsh"), "zsh is needed (apt-get install zsh)")
        let tree = TempTree()
        tree.write("_llm-usage-exporter", run(["completion", "zsh"]).out)
        let check = try ProcessRunner.run(zsh, ["-n", tree.path("_llm-usage-exporter")])
        #expect(check.status == 0, "\(check.stderr)")
    }
}
