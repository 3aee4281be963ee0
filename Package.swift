// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "llm-usage-exporter",
    products: [
        .executable(name: "llm-usage-exporter", targets: ["llm-usage-exporter"])
    ],
    targets: [
        // C headers from the system that Glibc leaves out: zlib (gzip scrapes), malloc.h, accept4.
        .systemLibrary(name: "CSystem", path: "Sources/CSystem", providers: [.apt(["zlib1g-dev"])]),
        // The system's OpenSSL 3: https for the server (`tls_server_config`) and for price downloads.
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        // The operating system, in one place: every system call, file, socket, clock, zone, signal
        // and /proc figure goes through here (the only target that imports Glibc).
        .target(name: "UsageSystem", dependencies: ["CSystem", "COpenSSL"]),
        // A validating JSON scanner over bytes: the hot path never builds Foundation objects.
        .target(name: "ByteJSON", dependencies: ["UsageSystem"]),
        // Records, prices, dedup table, ledger, timeline and gauges: values, no I/O.
        .target(name: "UsageModel", dependencies: ["ByteJSON", "UsageSystem"]),
        // Files on disk -> usage records: discovery, tailing, lines, one decoder per source.
        .target(name: "UsageIngest", dependencies: ["ByteJSON", "UsageModel", "UsageSystem"]),
        // Counters and gauges -> Prometheus text exposition bytes (plain and deflated).
        .target(name: "UsageExposition", dependencies: ["UsageModel", "UsageSystem", "CSystem"]),
        // HTTP/1.1: the server on POSIX sockets with poll(), basic auth, and a small client.
        .target(name: "UsageServer", dependencies: ["UsageSystem"]),
        // The running exporter: the ingest loop (one writer), the state on disk, the routes.
        .target(
            name: "UsageRuntime",
            dependencies: ["UsageModel", "UsageIngest", "UsageExposition", "UsageServer", "UsageSystem"]
        ),
        // The command line: flags, the config file, help, and the commands beside serving.
        .target(
            name: "UsageCommands",
            dependencies: [
                "UsageRuntime", "UsageModel", "UsageIngest", "UsageExposition", "UsageServer", "UsageSystem",
            ]
        ),
        .executableTarget(name: "llm-usage-exporter", dependencies: ["UsageCommands", "UsageSystem"]),

        // Temporary trees, a raw HTTP client and process helpers shared by the test targets.
        .target(
            name: "TestSupport", dependencies: ["UsageCommands", "UsageServer", "UsageSystem", "CSystem"],
            path: "Tests/TestSupport"),
        .testTarget(name: "ByteJSONTests", dependencies: ["ByteJSON"]),
        .testTarget(name: "UsageModelTests", dependencies: ["UsageModel"], exclude: ["Fixtures"]),
        .testTarget(
            name: "UsageIngestTests", dependencies: ["UsageIngest", "UsageModel", "UsageSystem", "TestSupport"]),
        .testTarget(
            name: "UsageExpositionTests", dependencies: ["UsageExposition", "UsageModel", "UsageSystem", "TestSupport"]),
        .testTarget(name: "UsageServerTests", dependencies: ["UsageServer", "UsageSystem", "TestSupport"]),
        .testTarget(
            name: "UsageRuntimeTests",
            dependencies: ["UsageRuntime", "UsageModel", "UsageIngest", "UsageServer", "UsageSystem", "TestSupport"]
        ),
        .testTarget(
            name: "UsageCommandsTests",
            dependencies: [
                "UsageCommands", "UsageRuntime", "UsageModel", "UsageIngest", "UsageServer", "UsageSystem",
                "TestSupport",
            ]
        ),
        // The tests that drive real tools (prometheus, promtool, amtool, python3, openssl) and the
        // built binary: `swift test --skip EndToEndTests` runs the others, in seconds.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "UsageCommands", "UsageRuntime", "UsageModel", "UsageIngest", "UsageExposition", "UsageServer",
                "UsageSystem", "TestSupport",
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
