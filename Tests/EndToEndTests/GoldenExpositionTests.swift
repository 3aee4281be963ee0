import Foundation
import TestSupport
import Testing
import UsageIngest
import UsageRuntime
import UsageSystem

@testable import UsageCommands

/// The whole `--once` exposition of the repository's corpora, byte for byte, against golden files
/// made by an earlier build: a change of layout or structure must not change what is exported.
/// An intended change of the output rewrites them: `LLM_USAGE_UPDATE_GOLDEN=1 swift test --filter Golden`.
@Suite struct GoldenExpositionTests {
    static let golden = TestPaths.packageRoot + "/Tests/EndToEndTests/Fixtures/golden"

    /// A corpus: how to make it, the flags that read it, and the instant the gauges are computed at.
    struct Corpus: CustomStringConvertible, Sendable {
        var name: String
        var make: @Sendable (TempTree) throws -> [String]
        var nowMillis: Int64
        var description: String { name }
    }

    static let corpora: [Corpus] = [
        Corpus(
            name: "claude-code",
            make: { tree in
                try generate(
                    "benchmarks/generate-corpus.py", [tree.path("claude"), "--megabytes", "2", "--seed", "11"])
                return ["--source.claude-code", tree.path("claude"), "--no-source.codex", "--block.token-limit", "max"]
            }, nowMillis: 1_759_320_000_000),
        Corpus(
            name: "all-sources",
            make: { tree in
                try generate("scripts/generate-source-fixtures.py", [tree.root, "--seed", "7", "--scale", "1"])
                tree.write(
                    "config.json",
                    #"{"budgets": {"daily": 5, "monthly": 100, "projects": {"api": {"daily": 1}}, "tenants": {"hotel-42": {"monthly": 10}}}}"#
                )
                return [
                    "--config.file", tree.path("config.json"), "--no-source.claude-code", "--source.codex",
                    tree.path("codex"), "--source.team-usage", tree.path("ci/token-usage-*.jsonl"),
                    "--source.prompt-audit", tree.path("ci/prompt-audit-*.jsonl"), "--source.events",
                    tree.path("apps/*.jsonl"),
                ]
            }, nowMillis: 1_759_500_000_000),
        Corpus(
            name: "real-logs",
            make: { tree in
                let directory = RealLogsTests.directory
                var arguments: [String] = []
                for set in RealLogsTests.sets {
                    let root = directory + "/" + set
                    let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
                    for file in files where file.hasSuffix(".gz") {
                        let compressed = [UInt8](FileManager.default.contents(atPath: root + "/" + file) ?? Data())
                        tree.write(set + "/" + String(file.dropLast(3)), gunzipSingleMember(compressed) ?? [])
                    }
                    arguments += [set.hasPrefix("C") ? "--source.claude-code" : "--source.codex", tree.path(set)]
                }
                return arguments
            }, nowMillis: 1_778_500_000_000),
    ]

    static func generate(_ script: String, _ arguments: [String]) throws {
        let python = try #require(ProcessRunner.which("python3"))
        let result = try ProcessRunner.run(python, [TestPaths.packageRoot + "/" + script] + arguments)
        try #require(result.status == 0, "\(script): \(result.stderr)")
    }

    @Test(arguments: GoldenExpositionTests.corpora)
    func theExpositionIsByteIdentical(_ corpus: Corpus) throws {
        let tree = TempTree()
        let arguments = try corpus.make(tree) + ["--time-zone", "UTC", "--label.user", "dev"]
        // As the command line does it: the config file first, the flags over it.
        var base = ExporterOptions()
        if let path = OptionsParser.configFile(in: arguments) {
            base = try ConfigFile.load(path: path, environment: [:])
        }
        guard case .serve(let options) = try OptionsParser.parse(arguments, base: base) else {
            Issue.record("\(arguments) is not a serve command")
            return
        }
        let bytes = try Exporter(options: options, environment: [:], logger: Logger(capture: true))
            .renderOnce(now: corpus.nowMillis)
        // The tree's folder is random: the golden file has a placeholder for it.
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: tree.root, with: "/TREE")
        let path = Self.golden + "/\(corpus.name).prom"
        if ProcessInfo.processInfo.environment["LLM_USAGE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.golden, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "\(corpus.name): the exposition differs from \(path)")
        #expect(text.contains("llm_usage_requests_total{"))
    }
}
