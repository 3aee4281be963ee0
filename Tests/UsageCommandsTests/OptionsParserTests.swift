import Foundation
import Synchronization
import TestSupport
import Testing
import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

@testable import UsageCommands

@Suite struct OptionsParserTests {
    private func options(_ arguments: [String]) throws -> ExporterOptions {
        guard case .serve(let options) = try OptionsParser.parse(arguments) else {
            Issue.record("not a serve command")
            return ExporterOptions()
        }
        return options
    }

    @Test func defaultsServeAUserOnLoopback() throws {
        let defaults = try options([])
        #expect(defaults.listenAddresses == [ListenAddress(host: "127.0.0.1", port: 10120)])
        #expect(defaults.telemetryPath == "/metrics")
        #expect(defaults[source: "claude_code"].paths == nil)
        #expect(defaults[source: "claude_code"].enabled)
        #expect(defaults.pollIntervalMillis == 2000)
        #expect(defaults.maxLineBytes == 16 << 20)
        #expect(defaults.costMode == .auto)
        #expect(defaults.projectLabel == .name)
        #expect(defaults.user == nil)
        #expect(!defaults.once)
    }

    @Test func readsEveryFlagInBothSpellings() throws {
        let parsed = try options([
            "--web.listen-address=:9", "--web.listen-address", "[::1]:10", "--web.telemetry-path=/m",
            "--web.max-requests", "3",
            "--source.claude-code=/a", "--source.claude-code", "/b/projects", "--source.poll-interval=500ms",
            "--source.max-line-bytes=1MiB", "--pricing.file", "/p.json", "--cost.mode=calculate",
            "--label.project=hash", "--label.user=alice@example.com",
            "--log.level=debug", "--once",
        ])
        #expect(parsed.listenAddresses == [ListenAddress(host: "", port: 9), ListenAddress(host: "::1", port: 10)])
        #expect(parsed.telemetryPath == "/m")
        #expect(parsed.maxRequests == 3)
        #expect(parsed[source: "claude_code"].paths == ["/a", "/b/projects"])
        #expect(parsed.pollIntervalMillis == 500)
        #expect(parsed.maxLineBytes == 1 << 20)
        #expect(parsed.pricingFile == "/p.json")
        #expect(parsed.costMode == .calculate)
        #expect(parsed.projectLabel == .hash)
        #expect(parsed.user == "alice@example.com")
        #expect(try options(["--label.user="]).user == "")
        // Issue 19: node_exporter's conventions.
        #expect(try options(["--web.max-requests=0"]).maxRequests == Int.max)
        #expect(try options(["--log.format=json"]).logFormat == .json)
        #expect(try options([]).exporterMetrics)
        #expect(try !options(["--web.disable-exporter-metrics"]).exporterMetrics)
        #expect(parsed.logLevel == .debug)
        #expect(parsed.once)
        #expect(try options(["--no-source.claude-code"])[source: "claude_code"].enabled == false)
        #expect(try OptionsParser.parse(["--help"]) == .help)
        #expect(try OptionsParser.parse(["--version"]) == .version)
    }

    @Test(arguments: [
        (["--bogus"], "unknown flag --bogus (see --help)"),
        (["serve"], "unexpected argument \"serve\" (flags start with --; see --help)"),
        (
            ["--web.listen-address=10120"],
            "flag --web.listen-address: \"10120\" is not host:port (e.g. 127.0.0.1:10120, :10120, [::1]:10120)"
        ),
        (["--cost.mode=cheap"], "flag --cost.mode: \"cheap\" is not one of auto, calculate, display"),
        (["--label.project=full"], "flag --label.project: \"full\" is not one of name, path, hash, none"),
        (
            ["--source.poll-interval=2"],
            "flag --source.poll-interval: \"2\" is not a duration between 10ms and 1h (e.g. 2s, 500ms, 1m)"
        ),
        // Past every range, and past what the conversion to milliseconds can hold: an error, not a crash.
        (
            ["--source.poll-interval=1e30s"],
            "flag --source.poll-interval: \"1e30s\" is not a duration between 10ms and 1h (e.g. 2s, 500ms, 1m)"
        ),
        (
            ["--source.poll-interval=9223372036854775807ms"],
            "flag --source.poll-interval: \"9223372036854775807ms\" is not a duration between 10ms and 1h (e.g. 2s, 500ms, 1m)"
        ),
        (
            ["--state.save-interval=1e16s"],
            "flag --state.save-interval: \"1e16s\" is not a duration between 100ms and 1d (e.g. 30s, 5m)"
        ),
        (
            ["--sessions.active-window=1e16s"],
            "flag --sessions.active-window: \"1e16s\" is not a duration between 1m and 366d (e.g. 6h)"
        ),
        (
            ["--source.poll-interval=2h"],
            "flag --source.poll-interval: \"2h\" is not a duration between 10ms and 1h (e.g. 2s, 500ms, 1m)"
        ),
        (
            ["--source.max-line-bytes=lots"],
            "flag --source.max-line-bytes: \"lots\" is not a size between 1KiB and 1GiB (e.g. 16MiB)"
        ),
        (["--pricing.file"], "flag --pricing.file needs a value"),
        (["--once=yes"], "flag --once takes no value"),
        (["--web.telemetry-path=metrics"], "flag --web.telemetry-path: \"metrics\" must start with / and not be /"),
        (["--web.max-requests=-1"], "flag --web.max-requests: \"-1\" is not a positive integer"),
    ])
    func refusesBadFlagsNamingThem(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError(message)) { try OptionsParser.parse(arguments) }
    }

    @Test func badFlagsExitWithCode2AndOneLine() {
        let errors = Mutex<[UInt8]>([])
        let output = ExporterMain.Output(out: { _ in }, err: { bytes in errors.withLock { $0 += bytes } })
        #expect(ExporterMain.run(arguments: ["--nope"], environment: [:], output: output) == 2)
        #expect(
            errors.withLock { String(decoding: $0, as: UTF8.self) }
                == "llm-usage-exporter: error: unknown flag --nope (see --help)\n")
    }

    @Test func unreadablePriceFilesExitWithCode2NamingThePath() {
        let errors = Mutex<[UInt8]>([])
        let output = ExporterMain.Output(out: { _ in }, err: { bytes in errors.withLock { $0 += bytes } })
        let code = ExporterMain.run(
            arguments: ["--once", "--no-source.claude-code", "--pricing.file=/nonexistent/prices.json"],
            environment: [:], output: output)
        #expect(code == 2)
        // A start-up error is a log line, as a Go exporter's.
        let text = errors.withLock { String(decoding: $0, as: UTF8.self) }
        #expect(text.hasPrefix("ts=20"), "\(text)")
        #expect(
            text.contains(
                #" caller=ExporterMain.swift:"# + ""
                    + #" level=error msg="cannot start" err="flag --pricing.file: cannot open /nonexistent/prices.json: No such file or directory""#
            )
                || text.contains(
                    #"level=error msg="cannot start" err="flag --pricing.file: cannot open /nonexistent/prices.json: No such file or directory""#
                ), "\(text)")
        #expect(text.contains(" caller=ExporterMain.swift:"))
    }

    @Test(arguments: [
        (["HOME": "/h", "CLAUDE_CONFIG_DIR": " ~/a , /b/projects,,"], Set<String>(), ["/h/a", "/b/projects"]),
        (
            ["HOME": "/h"], Set(["/h/.config/claude/projects", "/h/.claude/projects"]),
            ["/h/.config/claude", "/h/.claude"]
        ),
        (["HOME": "/h", "XDG_CONFIG_HOME": "/x"], Set(["/x/claude/projects"]), ["/x/claude"]),
        (["HOME": "/h"], Set<String>(), ["/h/.claude"]),
    ])
    func resolvesClaudeCodeRoots(_ environment: [String: String], _ existing: Set<String>, _ expected: [String]) {
        #expect(ClaudeCodeRoots.resolve(environment: environment, exists: { existing.contains($0) }) == expected)
    }

    @Test func readsTheSourceFlags() throws {
        let parsed = try options([
            "--source.codex=/c1", "--source.codex", "/c2", "--no-source.codex", "--source.team-usage=/t/*.jsonl",
            "--source.prompt-audit", "/a/*.jsonl", "--source.events=/e/*.jsonl", "--source.events=/f/*.jsonl",
            "--label.drop=user,tenant",
        ])
        #expect(parsed[source: "codex"].paths == ["/c1", "/c2"])
        #expect(!parsed[source: "codex"].enabled)
        #expect(parsed[source: "team_usage"].paths == ["/t/*.jsonl"])
        #expect(parsed[source: "prompt_audit"].paths == ["/a/*.jsonl"])
        #expect(parsed[source: "events"].paths == ["/e/*.jsonl", "/f/*.jsonl"])
        #expect(parsed.droppedLabels == [.user, .tenant])
        #expect(throws: UsageError.self) { try options(["--label.drop=user,nope"]) }
        #expect(throws: UsageError.self) { try options(["--source.events="]) }
    }

    /// Every flag is in `--help` and in the README's table.
    @Test func everyFlagIsDocumented() throws {
        let readme = try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)
        let flags = [
            "--web.listen-address", "--web.telemetry-path", "--web.max-requests", "--web.config.file",
            "--source.claude-code", "--no-source.claude-code", "--source.codex", "--no-source.codex",
            "--source.team-usage", "--source.prompt-audit", "--source.events", "--config.file",
            "--source.poll-interval", "--source.max-line-bytes", "--pricing.file", "--cost.mode", "--label.project",
            "--label.drop", "--time-zone", "--week-start", "--sessions.active-window", "--sessions.max",
            "--block.token-limit", "--state.dir", "--state.save-interval", "--log.level", "--once", "--version",
        ]
        for flag in flags {
            #expect(HelpText.text.contains(flag), "\(flag) missing from --help")
            #expect(readme.contains("`\(flag)"), "\(flag) missing from the README")
            if flag.hasPrefix("--no-") || flag == "--once" || flag == "--version" { continue }
            // The parser knows it: a value is accepted or refused with a message about the flag, never "unknown".
            do {
                _ = try OptionsParser.parse([flag + "=x"])
            } catch {
                #expect(!error.message.hasPrefix("unknown flag"), "\(flag): \(error.message)")
            }
        }
    }
}
