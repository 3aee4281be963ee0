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

@Suite struct ConfigFileTests {
    private func parse(_ text: String) throws(UsageError) -> ExporterOptions {
        try ConfigFile.parse(Array(text.utf8), file: "c.json", home: "/home/u")
    }

    /// The example in the README, exactly as it is written there.
    private func readmeExample() throws -> String {
        let readme = try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)
        let after = try #require(readme.components(separatedBy: "<!-- config-example -->\n```json\n").dropFirst().first)
        return try #require(after.components(separatedBy: "\n```").first)
    }

    @Test func theCompleteExampleInTheReadmeLoads() throws {
        let options = try parse(try readmeExample())
        #expect(options.listenAddresses == [ListenAddress(host: "127.0.0.1", port: 10120)])
        #expect(options.maxRequests == 40)
        #expect(options[source: "claude_code"].paths == ["/home/u/.claude"])
        #expect(options[source: "codex"].paths == ["/home/u/.codex"])
        #expect(options[source: "team_usage"].paths == ["/var/log/ci/token-usage-*.jsonl"])
        #expect(options[source: "prompt_audit"].paths == ["/var/log/ci/prompt-audit-*.jsonl"])
        #expect(options[source: "events"].paths == ["/var/log/apps/llm-usage-*.jsonl"])
        #expect(options.pollIntervalMillis == 2000)
        #expect(options.maxLineBytes == 16 << 20)
        #expect(options.droppedLabels == [.operation])
        #expect(options.stateDir == "/home/u/.local/state/llm-usage-exporter")
        let custom = try #require(options.priceOverrides["my-finetuned-model"])
        #expect(custom.provider == "openai")
        #expect(
            custom.price.rates == TokenRates(input: 3, output: 12, cacheWrite5m: 3, cacheWrite1h: 3, cacheRead: 1.5))
    }

    @Test(arguments: [
        (#"{"sources":{"codex":{"pathz":["/x"]}}}"#, "c.json: sources.codex.pathz: unknown key"),
        (#"{"budget":{}}"#, "c.json: budget: unknown key"),
        (
            #"{"sources":{"team_usage":{"paths":"/x/*.jsonl"}}}"#,
            "c.json: sources.team_usage.paths: expected a list of strings"
        ),
        (#"{"sources":{"events":{"paths":["/a",3]}}}"#, "c.json: sources.events.paths[1]: expected a non-empty string"),
        (#"{"sources":{"codex":{"enabled":"yes"}}}"#, "c.json: sources.codex.enabled: expected true or false"),
        (#"{"sources":{"poll_interval":"0s"}}"#, #"c.json: sources.poll_interval: "0s" is not a duration"#),
        (#"{"pricing":{"cost_mode":"cheap"}}"#, #"c.json: pricing.cost_mode: "cheap" is not one of"#),
        (#"{"pricing":{"models":{"m":{"input":-1,"output":1}}}}"#, "c.json: pricing.models.m.input: -1.0 is negative"),
        (#"{"pricing":{"models":{"m":{"output":1}}}}"#, "c.json: pricing.models.m.input: required"),
        (
            #"{"pricing":{"models":{"m":{"input":1,"output":1,"cache":1}}}}"#,
            "c.json: pricing.models.m.cache: unknown key"
        ),
        (#"{"labels":{"drop":["source"]}}"#, #"c.json: labels.drop: "source" is not a label that can be dropped"#),
        (#"{"web":{"listen_addresses":["nope"]}}"#, #"c.json: web.listen_addresses[0]: "nope" is not host:port"#),
        (#"{"web":{"max_requests":1.5}}"#, "c.json: web.max_requests: expected an integer"),
        (#"{"state":{"save_interval":5}}"#, "c.json: state.save_interval: expected a string"),
        (#"{"log":{"level":"loud"}}"#, #"c.json: log.level: "loud" is not one of"#),
        (#"{"log":{"level":"info","level":"debug"}}"#, "c.json: log.level: repeated key"),
        (#"[]"#, "c.json: the document: expected an object"),
        (#"{"web":"#, "c.json: not valid JSON"),
    ])
    func eachMistakeIsNamedByItsKeyPath(_ text: String, _ message: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? UsageError)?.message.hasPrefix(message) == true
        }
    }

    @Test func flagsOverrideTheFileAndMistakesExitWith2() throws {
        let tree = TempTree()
        tree.write(
            "c.json",
            #"{"sources":{"poll_interval":"5s","team_usage":{"paths":["/a/*.jsonl"]}},"pricing":{"cost_mode":"display"}}"#
        )
        let base = try ConfigFile.load(path: tree.path("c.json"), environment: [:])
        guard case .serve(let options) = try OptionsParser.parse(["--source.poll-interval=1s"], base: base) else {
            Issue.record("not a serve command")
            return
        }
        #expect(options.pollIntervalMillis == 1000)
        #expect(options.costMode == .display)
        #expect(options[source: "team_usage"].paths == ["/a/*.jsonl"])
        #expect(options.configFile == tree.path("c.json"))

        tree.write("bad.json", #"{"sources":{"codex":{"paths":[1]}}}"#)
        let errors = Mutex<[UInt8]>([])
        let output = ExporterMain.Output(out: { _ in }, err: { bytes in errors.withLock { $0 += bytes } })
        let status = ExporterMain.run(
            arguments: ["--config.file", tree.path("bad.json"), "--once"], environment: [:], output: output)
        #expect(status == 2)
        let text = errors.withLock { String(decoding: $0, as: UTF8.self) }
        #expect(text.contains("bad.json: sources.codex.paths[0]: expected a non-empty string"))
        #expect(
            ExporterMain.run(
                arguments: ["--config.file=" + tree.path("missing.json")], environment: [:], output: output)
                == 2)
    }

    @Test func theEnvironmentVariablesOfTheToolsKeepWorking() {
        var options = ExporterOptions()
        options.stateDir = ""
        let exporter = Exporter(
            options: options, environment: ["CODEX_HOME": "/opt/codex", "CLAUDE_CONFIG_DIR": "/opt/claude"],
            logger: Logger(capture: true))
        #expect(exporter.paths(of: "codex") == ["/opt/codex"])
        #expect(exporter.paths(of: "claude_code") == ["/opt/claude"])
        #expect(
            Exporter(options: options, environment: ["HOME": "/h"], logger: Logger(capture: true)).paths(of: "codex")
                == [
                    "/h/.codex"
                ])
    }

    static func load(_ path: String) throws -> ExporterOptions {
        try ConfigFile.load(path: path, environment: [:])
    }

    @Test func budgetsZoneSessionsAndBlocksLoad() throws {
        let options = try parse(
            #"{"time_zone":"America/New_York","week_start":"sunday","sessions":{"active_window":"2h","max":7},"blocks":{"token_limit":"max"},"budgets":{"daily":50,"monthly":1000,"projects":{"app":{"weekly":20}},"tenants":{"hotel-42":{"monthly":100}},"warning_ratio":0.7}}"#
        )
        #expect(options.timeZone == "America/New_York")
        #expect(!options.weekStartsMonday)
        #expect(options.sessionWindowMillis == 2 * 3_600_000)
        #expect(options.sessionsMax == 7)
        #expect(options.blockTokenLimit == .largestFinished)
        #expect(
            Set(options.budgets) == [
                Budget(scope: .global, period: .day, amountUSD: 50),
                Budget(scope: .global, period: .month, amountUSD: 1000),
                Budget(scope: .project, scopeValue: "app", period: .week, amountUSD: 20),
                Budget(scope: .tenant, scopeValue: "hotel-42", period: .month, amountUSD: 100),
            ])
        #expect(options.warningRatio == 0.7)
        #expect(options.criticalRatio == 0.95)
        #expect(try parse(#"{"blocks":{"token_limit":500000}}"#).blockTokenLimit == .tokens(500_000))
    }

    @Test(arguments: [
        (#"{"time_zone":"Mars/Base"}"#, #"c.json: time_zone: "Mars/Base" is not a time zone"#),
        (#"{"week_start":"friday"}"#, #"c.json: week_start: "friday" is not monday or sunday"#),
        (#"{"budgets":{"daily":0}}"#, "c.json: budgets.daily: a budget must be above 0"),
        (#"{"budgets":{"yearly":10}}"#, "c.json: budgets.yearly: unknown key"),
        (#"{"budgets":{"projects":{"app":{"daily":-1}}}}"#, "c.json: budgets.projects.app.daily: -1.0 is negative"),
        (#"{"budgets":{"tenants":{"t":{"hourly":1}}}}"#, "c.json: budgets.tenants.t.hourly: unknown key"),
        (
            #"{"budgets":{"warning_ratio":0.9,"critical_ratio":0.8}}"#,
            "c.json: budgets.warning_ratio: 0.9 and critical_ratio 0.8"
        ),
        (
            #"{"sessions":{"active_window":"10s"}}"#,
            #"c.json: sessions.active_window: "10s" is not a duration between 1m and 366d"#
        ),
        (#"{"sessions":{"max":0}}"#, #"c.json: sessions.max: "0" is not a positive integer"#),
        (#"{"blocks":{"token_limit":"lots"}}"#, #"c.json: blocks.token_limit: "lots" is not max or a positive number"#),
    ])
    func viewSettingMistakesAreNamed(_ text: String, _ message: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? UsageError)?.message.hasPrefix(message) == true
        }
    }

    @Test func theZoneAndWeekFlagsAreChecked() throws {
        guard case .serve(let options) = try OptionsParser.parse(["--time-zone=Asia/Kolkata", "--week-start=sunday"])
        else {
            Issue.record("not a serve command")
            return
        }
        #expect(options.timeZone == "Asia/Kolkata")
        #expect(!options.weekStartsMonday)
        #expect(throws: UsageError.self) { try OptionsParser.parse(["--time-zone=Nowhere/Land"]) }
        #expect(throws: UsageError.self) { try OptionsParser.parse(["--block.token-limit=0"]) }
    }
}
