import Foundation
import TestSupport
import Testing
import UsageModel
import UsageRuntime
import UsageSystem

/// Reproductions 5 and 6: a save that fails is seen (a counter by reason, the time of the last
/// good save, the landing page), a deleted state folder is made again, and deleting the lock
/// file never lets a second exporter share the folder. Full and read-only disks are real
/// ones: a small tmpfs, which needs root (as CI runs).
@Suite(.serialized, .timeLimit(.minutes(1))) struct StateFailureTests {
    static let isRoot = getuid() == 0

    private func start(_ tree: TempTree, stateDir: String) throws -> RunningExporter {
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.path("claude")]
        options.pollIntervalMillis = 50
        options.saveIntervalMillis = 100
        options.stateDir = stateDir
        let running = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        for _ in 0..<200 where httpGet(port: running.ports[0], "/-/ready")?.status != 200 { usleep(25_000) }
        return running
    }

    /// The state families as a scrape shows them: failures by reason, and the last save's time.
    private func saves(_ running: RunningExporter) -> (failures: [String: Double], last: Double) {
        let samples = ExpositionSample.parse(httpGet(port: running.ports[0], "/metrics")?.body ?? "")
        var failures: [String: Double] = [:]
        for sample in samples where sample.name == "llm_usage_state_save_failures_total" {
            failures[sample.labels["reason"] ?? ""] = sample.value
        }
        let last = samples.first { $0.name == "llm_usage_state_last_save_timestamp_seconds" }?.value ?? -1
        return (failures, last)
    }

    private func waitFor(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    private func shell(_ command: String) throws {
        let result = try ProcessRunner.run("/bin/sh", ["-c", command])
        try #require(result.status == 0, "\(command): \(result.stderr)")
    }

    @Test(.enabled(if: StateFailureTests.isRoot, "mounting a tmpfs needs root"))
    func aFullOrReadOnlyDiskIsCountedAndShownAndSavingResumes() throws {
        let tree = TempTree()
        tree.write("claude/projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        let disk = tree.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try shell("mount -t tmpfs -o size=256k tmpfs '\(disk)'")
        defer { _ = try? ProcessRunner.run("/bin/sh", ["-c", "umount -l '\(disk)'"]) }
        let running = try start(tree, stateDir: disk + "/state")
        defer { running.stop() }
        #expect(waitFor { FileManager.default.fileExists(atPath: disk + "/state/state.bin") })
        let before = saves(running)
        #expect(before.failures.keys.sorted() == StateSaveFailureReason.allCases.map(\.rawValue).sorted())
        #expect(before.failures.values.allSatisfy { $0 == 0 })
        #expect(before.last > 1_700_000_000)

        // The disk fills up (ENOSPC), and there is new usage to save (with nothing new, the
        // state on disk is current and nothing is written).
        _ = try ProcessRunner.run("/bin/sh", ["-c", "cat /dev/zero > '\(disk)/filler'"])
        tree.append("claude/projects/-p/s.jsonl", assistantLine(id: "m2", output: 6))
        #expect(waitFor { saves(running).failures["no_space"] ?? 0 > 0 }, "\(saves(running))")
        let failing = saves(running)
        usleep(300_000)
        #expect(saves(running).last == failing.last, "no save succeeded while the disk was full")
        let page = httpGet(port: running.ports[0], "/")?.body ?? ""
        #expect(page.contains("The state cannot be saved (no_space) since"), "\(page)")
        #expect(httpGet(port: running.ports[0], "/-/ready")?.status == 200)

        // Room again: saving resumes, the warning goes.
        try FileManager.default.removeItem(atPath: disk + "/filler")
        #expect(waitFor { saves(running).last > failing.last })
        let recovered = httpGet(port: running.ports[0], "/")?.body ?? ""
        #expect(!recovered.contains("cannot be saved"))

        // Read-only (EROFS).
        try shell("mount -o remount,ro '\(disk)'")
        tree.append("claude/projects/-p/s.jsonl", assistantLine(id: "m3", output: 7))
        #expect(waitFor { saves(running).failures["read_only"] ?? 0 > 0 }, "\(saves(running))")
        try shell("mount -o remount,rw '\(disk)'")
        let readOnly = saves(running)
        #expect(waitFor { saves(running).last > readOnly.last })
    }

    /// Issue 17: an exporter with nothing new to count does not write its state again (a few
    /// MB, every 30 s, on every laptop), yet the last save's time moves on: nothing would be lost.
    @Test func nothingNewIsNotWrittenAgain() throws {
        let tree = TempTree()
        tree.write("claude/projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        let running = try start(tree, stateDir: tree.path("state"))
        defer { running.stop() }
        let path = tree.path("state/state.bin")
        #expect(waitFor { FileManager.default.fileExists(atPath: path) })
        usleep(300_000)
        let written = FileBytes.fingerprint(path)
        let first = saves(running).last
        usleep(500_000)
        #expect(FileBytes.fingerprint(path) == written, "rewritten with nothing new")
        #expect(saves(running).last > first)
        // New usage is written at the next save.
        tree.append("claude/projects/-p/s.jsonl", assistantLine(id: "m2", output: 6))
        #expect(waitFor { FileBytes.fingerprint(path) != written })
    }

    @Test func aDeletedStateFolderIsMadeAgainAndStaysLocked() throws {
        let tree = TempTree()
        tree.write("claude/projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        let running = try start(tree, stateDir: tree.path("state"))
        defer { running.stop() }
        #expect(waitFor { FileManager.default.fileExists(atPath: tree.path("state/state.bin")) })
        try FileManager.default.removeItem(atPath: tree.path("state"))
        // Made again at the next save, with the state in it, and no failure counted.
        #expect(waitFor { FileManager.default.fileExists(atPath: tree.path("state/state.bin")) })
        #expect(saves(running).failures.values.allSatisfy { $0 == 0 })
        // And locked again: a second exporter cannot take it.
        #expect {
            _ = try start(tree, stateDir: tree.path("state"))
        } throws: { error in
            (error as? UsageError)?.message.contains("another llm-usage-exporter uses this state directory") == true
        }
    }

    @Test func deletingTheLockFileNeverLetsASecondExporterIn() throws {
        let tree = TempTree()
        tree.write("claude/projects/-p/s.jsonl", assistantLine(id: "m1", output: 5))
        let running = try start(tree, stateDir: tree.path("state"))
        defer { running.stop() }
        try FileManager.default.removeItem(atPath: tree.path("state/lock"))
        #expect {
            _ = try start(tree, stateDir: tree.path("state"))
        } throws: { error in
            (error as? UsageError)?.message.contains("another llm-usage-exporter uses this state directory") == true
        }
        // The first one goes on saving (and makes a new lock file, for older builds).
        let saved = saves(running).last
        #expect(waitFor { saves(running).last > saved })
        #expect(waitFor { FileManager.default.fileExists(atPath: tree.path("state/lock")) })
        #expect(saves(running).failures.values.allSatisfy { $0 == 0 })
    }
}
