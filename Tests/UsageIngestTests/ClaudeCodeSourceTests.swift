import Foundation
import TestSupport
import Testing
import UsageModel
import UsageSystem

@testable import UsageIngest

@Suite struct ClaudeCodeSourceTests {
    private let project = "projects/-home-alice-src-app"

    private func makeSource(
        _ roots: [String], labels: ProjectLabelMode = .name, maxLine: Int = 1 << 20
    ) -> (ClaudeCodeSource, Logger) {
        let logger = Logger(capture: true)
        return (ClaudeCodeSource(roots: roots, maxLineBytes: maxLine, projectLabels: labels, logger: logger), logger)
    }

    private func output(_ ledger: UsageLedger) -> UInt64 {
        ledger.counters.totals.reduce(0) { $0 + $1.tokens.output }
    }

    private func health(_ ledger: UsageLedger) -> SourceHealth {
        ledger.counters.health["claude_code"]!
    }

    @Test func tailsIncrementallyBetweenPolls() {
        let tree = TempTree()
        tree.write("\(project)/s1.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m1", output: 100))
        let (source, _) = makeSource([tree.root])
        var ledger = UsageLedger()

        source.poll(into: &ledger)
        #expect(output(ledger) == 100)
        #expect(health(ledger).linesRead == 2)
        #expect(health(ledger).duplicateLines == 1)
        #expect(health(ledger).filesWatched == 1)

        // Appended line.
        tree.append("\(project)/s1.jsonl", assistantLine(id: "m2", output: 20))
        source.poll(into: &ledger)
        #expect(output(ledger) == 120)

        // A partial line is held until its newline arrives.
        let line = assistantLine(id: "m3", output: 3)
        tree.append("\(project)/s1.jsonl", String(line.prefix(40)))
        source.poll(into: &ledger)
        #expect(output(ledger) == 120)
        #expect(health(ledger).linesRead == 3)
        tree.append("\(project)/s1.jsonl", String(line.dropFirst(40)))
        source.poll(into: &ledger)
        #expect(output(ledger) == 123)
        #expect(health(ledger).linesRead == 4)

        // A new file, found by the next poll; a streaming partial then its final copy.
        tree.write("\(project)/s2.jsonl", assistantLine(id: "m4", output: 1) + assistantLine(id: "m4", output: 40))
        source.poll(into: &ledger)
        #expect(output(ledger) == 163)
        #expect(health(ledger).filesWatched == 2)
        #expect(ledger.counters.totals.reduce(0) { $0 + $1.requests } == 4)
        #expect(health(ledger).bytesRead == ledgerBytes(tree, ["s1.jsonl", "s2.jsonl"]))
    }

    private func ledgerBytes(_ tree: TempTree, _ files: [String]) -> UInt64 {
        files.reduce(0) { total, name in
            var info = stat()
            stat(tree.path("\(project)/\(name)"), &info)
            return total + UInt64(info.st_size)
        }
    }

    @Test func truncatedAndReplacedFilesAreReadAgainWithDedupAbsorbingCopies() {
        let tree = TempTree()
        tree.write("\(project)/s1.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 50))
        let (source, _) = makeSource([tree.root])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(output(ledger) == 150)

        // Truncated in place: shorter content with one old and one new request.
        tree.overwrite("\(project)/s1.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m9", output: 9))
        source.poll(into: &ledger)
        #expect(health(ledger)[FileResetReason.truncated] == 1)
        #expect(output(ledger) == 159)

        // Truncated and rewritten longer between two polls: the size alone cannot tell, the head bytes do.
        tree.overwrite(
            "\(project)/s1.jsonl",
            assistantLine(id: "m7", output: 7) + assistantLine(id: "m1", output: 100)
                + assistantLine(id: "m9", output: 9))
        source.poll(into: &ledger)
        #expect(health(ledger)[FileResetReason.truncated] == 2)
        #expect(health(ledger)[RejectReason.malformedJSON] == 0)
        #expect(output(ledger) == 166)

        // Replaced by a new file at the same path (resume writes a new file and renames it).
        tree.write(
            "\(project)/tmp.jsonl.new",
            assistantLine(id: "m1", output: 100) + assistantLine(id: "m9", output: 9)
                + assistantLine(id: "m10", output: 1))
        tree.rename("\(project)/tmp.jsonl.new", "\(project)/s1.jsonl")
        source.poll(into: &ledger)
        #expect(health(ledger)[FileResetReason.replaced] == 1)
        #expect(output(ledger) == 167)

        // Deleted: forgotten, but what it counted stays.
        tree.remove("\(project)/s1.jsonl")
        source.poll(into: &ledger)
        #expect(health(ledger).filesWatched == 0)
        #expect(output(ledger) == 167)
    }

    @Test func renamedFilesContinueFromTheirOffset() {
        let tree = TempTree()
        tree.write("\(project)/a.jsonl", assistantLine(id: "m1", output: 5))
        let (source, _) = makeSource([tree.root])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        tree.rename("\(project)/a.jsonl", "\(project)/b.jsonl")
        tree.append("\(project)/b.jsonl", assistantLine(id: "m2", output: 7))
        source.poll(into: &ledger)
        #expect(output(ledger) == 12)
        #expect(health(ledger).linesRead == 2)
        #expect(health(ledger).duplicateLines == 0)
    }

    /// Windows start while the folders are still being walked, and large files are read in
    /// turns: with windows of a few lines every line is still read once and in order, so the
    /// totals and the health counts equal those of one big window. (Which series a request
    /// copied into several files lands in is the first copy read, and turns may change that.)
    @Test func tinyWindowsAndTurnsCountWhatOneWindowCounts() {
        let tree = TempTree()
        var copies: [String: String] = [:]
        for folder in 0..<6 {
            for file in 0..<5 {
                var text = ""
                for line in 0..<(file == 2 ? 120 : 8) {
                    // Every third request is copied into the next folder's files under its own project.
                    let id = line % 3 == 0 ? "shared-\(folder)-\(line)" : "m-\(folder)-\(file)-\(line)"
                    let output = folder * 1000 + file * 100 + line
                    text += assistantLine(
                        id: id, model: line % 2 == 0 ? "claude-sonnet-4-5-20250929" : "claude-opus-4-6", output: output,
                        cwd: "/home/alice/src/p\(folder)")
                    if line % 3 == 0, folder + 1 < 6 {
                        copies["projects/-home-alice-src-p\(folder + 1)/copies-\(file).jsonl", default: ""] +=
                            assistantLine(id: id, output: output, cwd: "/home/alice/src/p\(folder + 1)")
                    }
                }
                tree.write("projects/-home-alice-src-p\(folder)/s\(file).jsonl", text)
            }
        }
        for (path, text) in copies { tree.write(path, text) }
        func counted(windowBytes: UInt64, turnBytes: UInt64, chunkBytes: Int) -> UsageLedger {
            let source = ClaudeCodeSource(
                roots: [tree.root], maxLineBytes: 1 << 20, projectLabels: .name, logger: Logger(capture: true),
                windowBytes: windowBytes, turnBytes: turnBytes, chunkBytes: chunkBytes)
            var ledger = UsageLedger()
            source.poll(into: &ledger)
            return ledger
        }
        let whole = counted(windowBytes: 64 << 20, turnBytes: 16 << 20, chunkBytes: 1 << 20)
        // A turn ends at the first 4 KiB read past 700 bytes: the 120-line files take about 15 turns.
        let tiny = counted(windowBytes: 2048, turnBytes: 700, chunkBytes: 4096)
        func sum(_ ledger: UsageLedger) -> (tokens: TokenCounts, requests: UInt64) {
            var sum = (tokens: TokenCounts.zero, requests: UInt64(0))
            for totals in ledger.counters.totals {
                sum.tokens += totals.tokens
                sum.requests += totals.requests
            }
            return sum
        }
        // Per folder: 40 shared ids (every third line of any file) and 100 of its own.
        #expect(sum(whole).requests == 6 * 140)
        #expect(sum(tiny).requests == sum(whole).requests)
        #expect(sum(tiny).tokens == sum(whole).tokens)
        #expect(health(tiny).linesRead == health(whole).linesRead)
        #expect(health(tiny).bytesRead == health(whole).bytesRead)
        #expect(health(tiny).duplicateLines == health(whole).duplicateLines)
        #expect(health(tiny).filesWatched == 6 * 5 + 5 * 5)
        // Which copy of a shared request counts (so its project) follows the order files are
        // counted in, with two windows read at once: that order must not depend on which worker
        // was faster.
        func perSeries(_ ledger: UsageLedger) -> [String] {
            zip(ledger.counters.seriesKeys, ledger.counters.totals).map {
                "\($0.0.project) \($0.0.model) \($0.1.requests) \($0.1.tokens.output)"
            }
            .sorted()
        }
        for _ in 0..<5 {
            #expect(perSeries(counted(windowBytes: 2048, turnBytes: 700, chunkBytes: 4096)) == perSeries(tiny))
        }
    }

    /// Issue 16, 7: the same tree given twice (the path and a symlink to it) and a copy of it
    /// under a second root: one count, one project label.
    @Test func overlappingTreesAreCountedOnceUnderOneLabel() {
        let tree = TempTree()
        let copy = TempTree()
        let lines = assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 10)
        tree.write("claude/\(project)/s.jsonl", lines)
        copy.write("\(project)/s.jsonl", lines)
        symlink(tree.path("claude"), tree.path("link"))
        let (source, _) = makeSource([tree.path("claude"), tree.path("link"), copy.root])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(ledger.counters.seriesKeys.map(\.project) == ["app"])
        #expect(ledger.counters.totals[0].requests == 2)
        #expect(ledger.counters.totals[0].tokens.output == 110)
    }

    @Test func dedupIsGlobalAcrossFilesRootsAndSubagents() {
        let one = TempTree()
        let two = TempTree()
        one.write("\(project)/s1.jsonl", assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 10))
        // A subagent transcript replays the parent's message as a sidechain.
        one.write(
            "\(project)/s1/subagents/agent-x.jsonl",
            assistantLine(id: "m1", output: 100, sidechain: true) + assistantLine(id: "m3", output: 1, sidechain: true))
        // A resumed session in another config root copies both messages.
        two.write(
            "projects/-home-alice-src-app/s2.jsonl",
            assistantLine(id: "m1", output: 100) + assistantLine(id: "m2", output: 10))
        // Without a request id, copies still collapse on the message id.
        one.write(
            "\(project)/s3.jsonl",
            assistantLine(id: "m4", request: nil, output: 2) + assistantLine(id: "m4", request: nil, output: 2))
        let (source, _) = makeSource([one.root, two.root + "/projects"])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(output(ledger) == 113)
        #expect(ledger.counters.totals.reduce(0) { $0 + $1.requests } == 4)
        #expect(health(ledger).duplicateLines == 4)
        #expect(health(ledger).filesWatched == 4)
    }

    @Test func countsRejectionsByReasonAndLogsOncePerFile() {
        let tree = TempTree()
        let good = assistantLine(id: "m1", output: 5)
        let bad = "{\"message\":{\"usage\":{\"input_tokens\":1}\n"
        let long = "{\"usage\":\"" + String(repeating: "x", count: 3000) + "\"}\n"
        tree.write("\(project)/s1.jsonl", "\r\n" + bad + good.replacingOccurrences("\n", "\r\n") + bad + long)
        let (source, logger) = makeSource([tree.root], maxLine: 2048)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(output(ledger) == 5)
        #expect(health(ledger)[RejectReason.malformedJSON] == 2)
        #expect(health(ledger)[RejectReason.overlong] == 1)
        #expect(health(ledger).linesRead == 5)
        let warnings = logger.captured.filter { $0.contains("line rejected") }
        #expect(warnings.count == 2)
        #expect(warnings[0].contains("reason=malformed_json"))
        #expect(warnings[0].contains("/s1.jsonl:2"))
        #expect(warnings[1].contains("reason=overlong"))
        #expect(warnings[1].contains("/s1.jsonl:5"))
    }

    /// The decoder learns a line's model before it reads the timestamp; a line rejected after that
    /// must not leave its model behind as a series with no requests.
    @Test func aRejectedLineCreatesNoSeries() {
        let tree = TempTree()
        let rejected = assistantLine(id: "m1", model: "claude-opus-4-1", timestamp: "yesterday")
        tree.write("\(project)/s1.jsonl", rejected + assistantLine(id: "m2", output: 5))
        let (source, _) = makeSource([tree.root])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(health(ledger)[RejectReason.badTimestamp] == 1)
        #expect(ledger.counters.seriesKeys.map(\.model) == ["claude-sonnet-4-5-20250929"])
    }

    @Test func missingRootsArePickedUpWhenTheyAppear() {
        let tree = TempTree()
        let (source, logger) = makeSource([tree.path("later")])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(source.statuses.map(\.state) == [.missing])
        #expect(logger.captured.contains { $0.contains("does not exist") })
        #expect(health(ledger).sourceErrors.allSatisfy { $0 == 0 })
        tree.write("later/projects/-x/s.jsonl", assistantLine(id: "m1", output: 4))
        source.poll(into: &ledger)
        #expect(source.statuses.map(\.state) == [.ok])
        #expect(output(ledger) == 4)
    }

    @Test func symlinkLoopsAreWalkedOnceAndCountedOnce() {
        let tree = TempTree()
        tree.write("\(project)/ok.jsonl", assistantLine(id: "m1", output: 4))
        tree.write("\(project)/loop/x.jsonl", assistantLine(id: "m2", output: 1))
        // A link back up the tree must not be walked forever.
        symlink(tree.path(project), tree.path("\(project)/loop/back"))
        let (source, _) = makeSource([tree.root])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        source.poll(into: &ledger)
        #expect(output(ledger) == 5)
        #expect(health(ledger)[SourceErrorReason.symlinkLoop] == 1)
    }

    @Test(arguments: [
        (ProjectLabelMode.name, "/home/alice/src/my-app", "my-app"),
        (.path, "/home/alice/src/my-app", "/home/alice/src/my-app"),
        (.none, "/home/alice/src/my-app", ""),
        // A subdirectory of the project (the session changed directory): the project's folder.
        (.name, "/home/alice/src/my-app/sub", "my-app"),
        // A cwd unrelated to the folder: the folder is decoded instead.
        (.name, "/srv/other", "app"),
    ])
    func projectLabels(_ mode: ProjectLabelMode, _ cwd: String, _ expected: String) {
        let tree = TempTree()
        tree.write(
            "projects/-home-alice-src-my-app/s.jsonl",
            assistantLine(id: "m1", cwd: cwd) + assistantLine(id: "m2", cwd: "/elsewhere"))
        let (source, _) = makeSource([tree.root], labels: mode)
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(ledger.counters.seriesKeys.map(\.project) == [expected])
    }

    /// Issue 16, 7: the first line was a copy from another project, and the folder decoded
    /// gave `project="4"`; the project's own lines (some with a space after the colon) say
    /// `bwhdd-4`.
    @Test func theLabelComesFromTheLineWhoseCwdMatchesTheFolder() {
        let tree = TempTree()
        let own = assistantLine(id: "m2", cwd: "/home/dev4/src/bwhdd-4").replacingOccurrences(#""cwd":"#, #""cwd": "#)
        tree.write(
            "projects/-home-dev4-src-bwhdd-4/s.jsonl",
            assistantLine(id: "m1", cwd: "/home/dev4/src/other") + own
                + assistantLine(id: "m3", cwd: "/home/dev4/src/bwhdd-4"))
        let (source, _) = makeSource([tree.root])
        var ledger = UsageLedger()
        source.poll(into: &ledger)
        #expect(ledger.counters.seriesKeys.map(\.project) == ["bwhdd-4"])
        #expect(ledger.counters.totals[0].requests == 3)
    }

    @Test func hashedProjectLabelsAreStableAndAnonymous() {
        var first = ProjectLabeler(mode: .hash)
        var second = ProjectLabeler(mode: .hash)
        let label = first.label(folder: "-home-alice-src-app", cwd: "/home/alice/src/app")
        #expect(label.count == 12)
        #expect(label.allSatisfy { $0.isHexDigit })
        #expect(second.label(folder: "-home-alice-src-app", cwd: nil) == label)
        #expect(!label.contains("alice"))
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
