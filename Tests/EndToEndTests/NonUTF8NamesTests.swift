import Foundation
import TestSupport
import Testing

/// Reproduction 11: a file named `inv\xffalid.jsonl` was opened by its name decoded with a
/// replacement character (not found, not counted, no error), and a folder so named gave
/// `io_error`. Names are bytes: both are read, and labelled with the raw bytes written `\xNN`.
@Suite struct NonUTF8NamesTests {
    @Test func namesThatAreNotUTF8AreReadAndLabelledEscaped() throws {
        let tree = TempTree()
        let python = try #require(ProcessRunner.which("python3"))
        // Made by Python with byte paths, not by the code under test.
        let script = """
            import os, sys
            root = os.fsencode(sys.argv[1])
            line = sys.argv[2].encode()
            for folder, name, id in [(b"-p", b"inv\\xffalid.jsonl", b"m1"), (b"-home-u-caf\\xe9", b"s\\xc3.jsonl", b"m2")]:
                os.makedirs(os.path.join(root, b"projects", folder), exist_ok=True)
                with open(os.path.join(root, b"projects", folder, name), "wb") as f:
                    f.write(line.replace(b"ID", id))
            """
        let made = try ProcessRunner.run(python, ["-c", script, tree.root, assistantLine(id: "ID", output: 21)])
        try #require(made.status == 0, "\(made.stderr)")
        let run = runCommand(["--once", "--state.dir=", "--no-source.codex", "--source.claude-code=\(tree.root)"])
        #expect(run.status == 0, "\(run.err)")
        let samples = ExpositionSample.parse(run.out)
        let output = samples.filter { $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output" }
        #expect(output.reduce(0) { $0 + $1.value } == 42, "\(output)")
        #expect(Set(output.map { $0.labels["project"] ?? "" }) == ["p", "caf\\xe9"])
        #expect(samples.filter { $0.name == "llm_usage_source_errors_total" }.allSatisfy { $0.value == 0 })
        #expect(samples.first { $0.name == "llm_usage_files_watched" }?.value == 2)
        // The exposition is valid UTF-8 text (the label holds the escape, not the byte).
        #expect(String(validating: Array(run.out.utf8), as: UTF8.self) != nil)
    }
}
