import Foundation
import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

/// What real directories do to a tailer, each with exact expected values.
@Suite struct FileChurnTests {
    private func makeSource(_ root: String) -> ClaudeCodeSource {
        ClaudeCodeSource(roots: [root], maxLineBytes: 1 << 20, projectLabels: .name, logger: Logger(capture: true))
    }

    private func output(_ ledger: UsageLedger) -> UInt64 {
        ledger.counters.totals.reduce(0) { $0 + $1.tokens.output }
    }

    @Test func aFolderReplacedByAFileKeepsWhatWasCounted() {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        tree.write("projects/-q/s.jsonl", assistantLine(id: "m2", output: 6))
        let source = makeSource(tree.root)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(output(ledger) == 11)
        try? FileManager.default.removeItem(atPath: tree.path("projects/-p"))
        tree.write("projects/-p", "now a file\n")
        source.poll(into: &ledger)
        #expect(output(ledger) == 11)
        #expect(ledger.counters.health["claude_code"]?.filesWatched == 1)
        #expect(ledger.counters.health["claude_code"]?.filesForgotten == 1)
        #expect(ledger.counters.health["claude_code"]?.sourceErrors.allSatisfy { $0 == 0 } == true)
    }

    @Test func severalMegabytesBetweenPollsAreReadInFull() {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m0", output: 1))
        let source = makeSource(tree.root)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        // About 6 MB at once, with lines of tens of KB, as a long tool result makes.
        let big = String(repeating: "x", count: 40_000)
        var chunk = ""
        for index in 0..<150 {
            chunk += #"{"type":"user","message":{"content":"\#(big)"}}"# + "\n"
            chunk += assistantLine(id: "burst-\(index)", output: 2)
        }
        tree.append("projects/-p/s.jsonl", chunk)
        source.poll(into: &ledger)
        #expect(output(ledger) == 301)
        #expect(ledger.counters.health["claude_code"]?.linesRead == 301)
        #expect(ledger.counters.health["claude_code"]?.rejectedTotal == 0)
    }

    @Test func fiftyThousandFiles() throws {
        let tree = TempTree()
        let python = try #require(ProcessRunner.which("python3"), "python3 writes the files quickly")
        let line = assistantLine(id: "ID", output: 1)
        let script = """
            import os, sys
            root, line = sys.argv[1], sys.argv[2]
            for p in range(250):
                folder = os.path.join(root, "projects", "-p%03d" % p)
                os.makedirs(folder)
                for s in range(200):
                    with open(os.path.join(folder, "s%03d.jsonl" % s), "w") as f:
                        f.write(line.replace("ID", "m-%d-%d" % (p, s)))
            """
        let made = try ProcessRunner.run(python, ["-c", script, tree.root, line])
        try #require(made.status == 0, "\(made.stderr)")
        let source = makeSource(tree.root)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(ledger.counters.health["claude_code"]?.filesWatched == 50_000)
        #expect(output(ledger) == 50_000)
        #expect(ledger.counters.dedupEntries == 50_000)
        // Nothing changed: the next poll reads nothing.
        let bytes = ledger.counters.health["claude_code"]?.bytesRead
        source.poll(into: &ledger)
        #expect(ledger.counters.health["claude_code"]?.bytesRead == bytes)
        #expect(output(ledger) == 50_000)
    }

    @Test func filesAppearingAndVanishingBetweenWalkAndReadAreNotErrors() {
        let tree = TempTree()
        for index in 0..<50 { tree.write("projects/-p/s\(index).jsonl", assistantLine(id: "m\(index)", output: 1)) }
        let source = makeSource(tree.root)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        // Delete half and add others, as Claude Code's cleanup and new sessions do.
        for index in stride(from: 0, to: 50, by: 2) { tree.remove("projects/-p/s\(index).jsonl") }
        for index in 50..<75 { tree.write("projects/-p/s\(index).jsonl", assistantLine(id: "m\(index)", output: 1)) }
        source.poll(into: &ledger)
        #expect(output(ledger) == 75)
        #expect(ledger.counters.health["claude_code"]?.filesWatched == 50)
        // Each deleted file is counted once: forgotten, or, when a new file took its inode, found
        // out by the head check and counted as a reset.
        let health = ledger.counters.health["claude_code"]!
        #expect(health.filesForgotten + health[FileResetReason.truncated] == 25)
        #expect(ledger.counters.health["claude_code"]?.sourceErrors.allSatisfy { $0 == 0 } == true)
    }

    @Test func aSameSizeRewriteOfTheSameFileIsNoticed() {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        let source = makeSource(tree.root)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        usleep(20_000)
        // Same inode, same size, other content: only the modification time and the head tell.
        tree.overwrite("projects/-p/s.jsonl", assistantLine(id: "m2", output: 5))
        source.poll(into: &ledger)
        #expect(output(ledger) == 10)
        #expect(ledger.counters.health["claude_code"]?[FileResetReason.truncated] == 1)
    }

    @Test func rotationKeepsTheOldFileAndReadsTheNewOne() {
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 1))
        let source = makeSource(tree.root)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        // Written to after the last poll, then rotated away and replaced by a fresh file.
        tree.append("projects/-p/s.jsonl", assistantLine(id: "m2", output: 2))
        tree.rename("projects/-p/s.jsonl", "projects/-p/s.1.jsonl")
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m3", output: 4))
        source.poll(into: &ledger)
        #expect(output(ledger) == 7)
        #expect(ledger.counters.health["claude_code"]?.filesWatched == 2)
    }
}
