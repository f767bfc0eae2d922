// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "qbitel-workbench",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "qbitel", targets: ["qbitel"]),
        .executable(name: "qbitel-bench", targets: ["qbitel-bench"]),
        .library(name: "QbitelEngine", targets: ["QbitelEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Pure engine: capture decoding, inference, grammar, classifier, exports. No C, no I/O but the bytes it is handed.
        .target(name: "QbitelEngine", exclude: ["Semantics/README-API.md"]),
        // C shims for the two system libraries Swift cannot call directly (macros, variadics, globals).
        .target(name: "CNCurses", linkerSettings: [.linkedLibrary("ncursesw")]),
        // libcurl is opened with dlopen on first use (not linked): commands that never reach a model start faster.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "QbitelStore", dependencies: [
            "QbitelEngine",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "QbitelCopilot", dependencies: [
            "QbitelEngine", "CCurl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "QbitelTUI", dependencies: [
            "QbitelEngine", "QbitelStore", "QbitelCopilot", "QbitelOps", "CNCurses",
        ]),
        .target(name: "QbitelOps", dependencies: [
            "QbitelEngine", "QbitelStore", "QbitelCopilot",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "qbitel", dependencies: [
            "QbitelEngine", "QbitelStore", "QbitelCopilot", "QbitelTUI", "QbitelOps",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "qbitel-bench", dependencies: [
            "QbitelEngine", "QbitelStore", "QbitelCopilot", "QbitelTUI", "QbitelOps",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .testTarget(name: "QbitelEngineTests", dependencies: [
            "QbitelEngine", .product(name: "Yams", package: "Yams"),
        ], resources: [.copy("Fixtures")]),
        // Test helper: writes workspace runs in a loop so the crash-safety test can SIGKILL it mid-write.
        .executableTarget(name: "qbitel-store-crash-writer", dependencies: ["QbitelStore", "QbitelEngine"]),
        .testTarget(name: "QbitelStoreTests", dependencies: [
            "QbitelStore", "QbitelEngine", "qbitel-store-crash-writer", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "QbitelCopilotTests", dependencies: ["QbitelCopilot", "QbitelEngine"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QbitelTUITests", dependencies: ["QbitelTUI", "QbitelEngine"], exclude: ["e2e"]),
        .testTarget(name: "QbitelOpsTests", dependencies: ["QbitelOps", "QbitelEngine"]),
        // Depends on the executable so `swift test` builds the binary these tests run.
        .testTarget(name: "QbitelCLITests", dependencies: ["QbitelEngine", "QbitelStore", "qbitel"]),
    ]
)
