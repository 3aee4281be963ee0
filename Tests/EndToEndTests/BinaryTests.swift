import Foundation
import TestSupport
import Testing
import UsageRuntime

/// The built `llm-usage-exporter` binary, as a process: exit codes, stderr, signals.
@Suite(.serialized, .timeLimit(.minutes(1))) struct BinaryTests {
    /// `swift test` builds the executable beside the test bundle.
    static let binary: String? = {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = directory.appendingPathComponent("llm-usage-exporter").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()

    @Test func onceExitsZeroAndVersionAndHelpPrint() throws {
        let binary = try #require(Self.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 42))
        let once = try ProcessRunner.run(binary, ["--once", "--state.dir=", "--source.claude-code", tree.root])
        #expect(once.status == 0)
        #expect(once.stdout.contains("token_type=\"output\"} 42\n"))
        let version = try ProcessRunner.run(binary, ["--version"])
        #expect(version.status == 0)
        // As Prometheus' own binaries print it.
        #expect(version.stdout.hasPrefix("llm-usage-exporter, version 0.2.0 (branch: "), "\(version.stdout)")
        for line in ["  build user:", "  build date:", "  swift version:    6.", "  platform:         linux/"] {
            #expect(version.stdout.contains(line), "\(version.stdout)")
        }
        let help = try ProcessRunner.run(binary, ["--help"])
        #expect(help.stdout.contains("--web.listen-address"))
        let bad = try ProcessRunner.run(binary, ["--web.listen-address=nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("llm-usage-exporter: error: flag --web.listen-address"))
    }

    @Test func defaultsReadClaudeCodeUnderHome() throws {
        let binary = try #require(Self.binary, "llm-usage-exporter was not built beside the tests")
        let home = TempTree()
        home.write(".claude/projects/-home-u-app/s.jsonl", assistantLine(id: "m1", output: 7))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--once"]
        process.environment = ["HOME": home.root, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // The user label is the OS user's name by default.
        #expect(
            text.contains("project=\"app\",user=\"\(ProcessInfo.processInfo.userName)\",token_type=\"output\"} 7\n"))
    }

    /// Issue 19: SIGHUP reads the configuration and price files again and says what changed;
    /// it never ends the process (it did, with exit 129 and no save).
    @Test func sighupReloadsTheConfigurationAndNeverExits() throws {
        let binary = try #require(Self.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 3))
        tree.write("config.json", #"{"budgets": {"daily": 5}}"#)
        let log = tree.path("exporter.log")
        let process = try ProcessRunner.start(
            binary,
            [
                "--web.listen-address=127.0.0.1:0", "--source.claude-code", tree.root, "--source.poll-interval=100ms",
                "--state.dir=", "--config.file=\(tree.path("config.json"))", "--log.format=json",
            ],
            log: log)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        var port: UInt16?
        for _ in 0..<100 where port == nil {
            usleep(50_000)
            if let range = logText().range(of: #""address":"127.0.0.1:"#) {
                port = UInt16(logText()[range.upperBound...].prefix(while: \.isNumber))
            }
        }
        let bound = try #require(port, "no 'listening' line in the log: \(logText())")
        func budget() -> Double? {
            ExpositionSample.parse(httpGet(port: bound, "/metrics")?.body ?? "").first {
                $0.name == "llm_usage_budget_usd" && $0.labels["period"] == "day"
            }?.value
        }
        #expect(EndToEndTests.waitUntil(seconds: 10) { budget() == 5 })
        tree.overwrite("config.json", #"{"budgets": {"daily": 7}}"#)
        kill(process.processIdentifier, SIGHUP)
        #expect(EndToEndTests.waitUntil(seconds: 10) { budget() == 7 }, "\(logText())")
        #expect(process.isRunning)
        // Every log line is JSON with ts and caller, and the reload says what changed.
        let lines = logText().split(separator: "\n")
        let reload = try #require(lines.first { $0.contains("reloaded (SIGHUP)") })
        #expect(reload.contains(#""changed":"budgets""#), "\(reload)")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            #expect(object?["ts"]?.hasSuffix("Z") == true && object?["caller"]?.contains(".swift:") == true, "\(line)")
        }
        // A configuration that no longer parses keeps the running one.
        tree.overwrite("config.json", "{")
        kill(process.processIdentifier, SIGHUP)
        #expect(EndToEndTests.waitUntil(seconds: 10) { logText().contains("cannot reload the configuration") })
        #expect(budget() == 7)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func servesUntilSIGTERMThenExitsCleanly() throws {
        let binary = try #require(Self.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 3))
        let log = tree.path("exporter.log")
        let process = try ProcessRunner.start(
            binary,
            [
                "--web.listen-address=127.0.0.1:0", "--source.claude-code", tree.root, "--source.poll-interval=100ms",
                "--state.dir=\(tree.path("state"))",
            ],
            log: log)
        var port: UInt16?
        for _ in 0..<100 where port == nil {
            usleep(50_000)
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "address=127.0.0.1:") {
                port = UInt16(text[range.upperBound...].prefix(while: \.isNumber))
            }
        }
        let bound = try #require(port, "no 'listening' line in the log")
        var ready = false
        for _ in 0..<100 where !ready {
            ready = httpGet(port: bound, "/-/ready")?.status == 200
            if !ready { usleep(50_000) }
        }
        #expect(ready)
        #expect(httpGet(port: bound, "/metrics")?.body.contains("token_type=\"output\"} 3\n") == true)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("msg=\"shutting down\""))
        // Shutdown saved the state.
        #expect(FileManager.default.fileExists(atPath: tree.path("state/state.bin")))
        #expect(httpGet(port: bound, "/-/healthy") == nil)
    }
}

/// Permission problems need an unprivileged user: root reads everything. The binary runs as
/// `nobody` through setpriv (util-linux).
@Suite(.serialized, .timeLimit(.minutes(1))) struct PermissionTests {
    @Test func unreadableFilesAndFoldersAreCountedAndTheRestRead() throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let setpriv = try #require(ProcessRunner.which("setpriv"), "setpriv (util-linux) runs the binary as nobody")
        let tree = TempTree()
        tree.write("projects/-ok/s.jsonl", assistantLine(id: "m1", output: 4))
        tree.write("projects/-ok/secret.jsonl", assistantLine(id: "m2", output: 8))
        tree.write("projects/-locked/s.jsonl", assistantLine(id: "m3", output: 16))
        // The tree must be open to nobody, but for the two locked places.
        chmod(tree.root, 0o755)
        for folder in ["projects", "projects/-ok", "projects/-locked"] { chmod(tree.path(folder), 0o755) }
        for file in ["projects/-ok/s.jsonl", "projects/-locked/s.jsonl"] { chmod(tree.path(file), 0o644) }
        chmod(tree.path("projects/-ok/secret.jsonl"), 0o000)
        chmod(tree.path("projects/-locked"), 0o000)
        // The binary must be reachable by nobody too: the checkout may sit in a private folder.
        let copy = tree.path("llm-usage-exporter")
        try FileManager.default.copyItem(atPath: binary, toPath: copy)
        chmod(copy, 0o755)
        let run = try ProcessRunner.run(
            setpriv,
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", copy, "--once", "--state.dir=",
                "--source.claude-code", tree.root,
            ])
        chmod(tree.path("projects/-locked"), 0o755)
        try #require(run.status == 0, "exit \(run.status): \(run.stderr)")
        let samples = ExpositionSample.parse(run.stdout)
        let denied = samples.first {
            $0.name == "llm_usage_source_errors_total" && $0.labels["reason"] == "permission_denied"
        }
        #expect(denied?.value == 2)
        let output = samples.filter { $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output" }
        #expect(output.reduce(0) { $0 + $1.value } == 4)
        #expect(run.stderr.contains("reason=permission_denied"))
    }
}

/// A single file of a gigabyte is read in turns, never whole: peak memory stays small.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LargeFileTests {
    @Test func aOneGigabyteFileIsReadWithBoundedMemory() throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let time = try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil,
            "GNU time measures the peak memory (apt-get install time)")
        let tree = TempTree()
        try FileManager.default.createDirectory(atPath: tree.path("projects/-big"), withIntermediateDirectories: true)
        // 1 GiB: 4096 blocks of 256 KiB, each a tool-result line and one response.
        let filler = String(repeating: "y", count: 256 * 1024 - 600)
        let handle = try #require(
            FileHandle(
                forWritingAtPath: { () -> String in
                    let path = tree.path("projects/-big/big.jsonl")
                    _ = FileManager.default.createFile(atPath: path, contents: nil)
                    return path
                }()))
        for block in 0..<4096 {
            var text = #"{"type":"user","message":{"content":"\#(filler)"}}"# + "\n"
            text += assistantLine(id: "big-\(block)", output: 1)
            handle.write(Data(text.utf8))
        }
        handle.closeFile()
        let run = try ProcessRunner.run(
            time, ["-f", "peak_kib=%M", binary, "--once", "--state.dir=", "--source.claude-code", tree.root])
        #expect(run.status == 0)
        let output = ExpositionSample.parse(run.stdout).filter {
            $0.name == "llm_usage_tokens_total" && $0.labels["token_type"] == "output"
        }
        #expect(output.reduce(0) { $0 + $1.value } == 4096)
        let peak = try #require(
            run.stderr.split(separator: "\n").last { $0.hasPrefix("peak_kib=") }.flatMap { Int($0.dropFirst(9)) })
        #expect(peak < 100 * 1024, "peak \(peak) KiB for a 1 GiB file")
    }

    /// Reproduction 13: the first scan cost about 4 KB a file (200k empty files took 740 MB).
    /// The slope between 6k and 12k files (the tables at the same load), empty and of one
    /// request each, is a few hundred bytes.
    @Test(arguments: ["", "one request"]) func manyFilesCostAFewHundredBytesEach(_ content: String) throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let time = try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil,
            "GNU time measures the peak memory (apt-get install time)")
        let python = try #require(ProcessRunner.which("python3"))
        func peak(files: Int) throws -> Int {
            let tree = TempTree()
            // Removed by rm: FileManager takes most of a minute over 40k files.
            defer { _ = try? ProcessRunner.run("/bin/rm", ["-rf", tree.root]) }
            let line = content.isEmpty ? "" : assistantLine(id: "ID", output: 1)
            let made = try ProcessRunner.run(
                python,
                [
                    "-c",
                    """
                    import os, sys
                    root, files, line = sys.argv[1], int(sys.argv[2]), sys.argv[3]
                    for index in range(files):
                        folder = f"{root}/projects/-home-u-p{index // 100}"
                        os.makedirs(folder, exist_ok=True)
                        with open(f"{folder}/s{index}-aaaaaaaa-bbbb-cccc-dddd.jsonl", "w") as out:
                            out.write(line.replace("ID", f"m{index}"))
                    """,
                    tree.root, String(files), line,
                ])
            try #require(made.status == 0, "\(made.stderr)")
            let run = try ProcessRunner.run(
                time,
                [
                    "-f", "peak_kib=%M", binary, "--once", "--state.dir=", "--no-source.codex", "--source.claude-code",
                    tree.root,
                ])
            #expect(run.status == 0)
            return try #require(
                run.stderr.split(separator: "\n").last { $0.hasPrefix("peak_kib=") }.flatMap { Int($0.dropFirst(9)) })
        }
        let small = try peak(files: 6000)
        let large = try peak(files: 12_000)
        let perFile = Double(large - small) * 1024 / 6000
        #expect(perFile < 700, "\(Int(perFile)) bytes a file (\(small) KiB for 6k files, \(large) KiB for 12k)")
    }
}
