// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "llm-usage-exporter",
    products: [
        .executable(name: "llm-usage-exporter", targets: ["llm-usage-exporter"])
    ],
    targets: [
        // A validating JSON scanner over bytes: the hot path never builds Foundation objects.
        .target(name: "ByteJSON"),
        // Records, prices, dedup table, ledger and snapshots: pure data, no I/O.
        .target(name: "UsageModel", dependencies: ["ByteJSON"]),
        // Files on disk -> usage records: discovery, tailing, line scanning, decoders.
        .target(name: "UsageIngest", dependencies: ["ByteJSON", "UsageModel"]),
        // C headers from the system that Glibc leaves out: zlib (gzip scrapes) and malloc.h.
        .systemLibrary(name: "CSystem", path: "Sources/CSystem", providers: [.apt(["zlib1g-dev"])]),
        // Snapshot -> Prometheus text exposition bytes (plain and deflated), plus process_* metrics from /proc.
        .target(name: "UsageExposition", dependencies: ["UsageModel", "CSystem"]),
        // A small HTTP/1.1 server on POSIX sockets with poll().
        .target(name: "UsageServer"),
        // Flags, the serve loop and --once: wires the other targets together.
        .target(
            name: "UsageCommands",
            dependencies: ["UsageModel", "UsageIngest", "UsageExposition", "UsageServer", "CSystem"]
        ),
        .executableTarget(name: "llm-usage-exporter", dependencies: ["UsageCommands"]),

        // Temporary trees, a raw HTTP client and process helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["UsageServer", "CSystem"], path: "Tests/TestSupport"),
        .testTarget(name: "ByteJSONTests", dependencies: ["ByteJSON"]),
        .testTarget(name: "UsageModelTests", dependencies: ["UsageModel"], exclude: ["Fixtures"]),
        .testTarget(name: "UsageIngestTests", dependencies: ["UsageIngest", "UsageModel", "TestSupport"]),
        .testTarget(name: "UsageExpositionTests", dependencies: ["UsageExposition", "UsageModel", "TestSupport"]),
        .testTarget(name: "UsageServerTests", dependencies: ["UsageServer", "TestSupport"]),
        .testTarget(
            name: "UsageCommandsTests",
            dependencies: [
                "UsageCommands", "UsageModel", "UsageIngest", "UsageExposition", "UsageServer", "TestSupport",
            ],
            exclude: ["Fixtures"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
