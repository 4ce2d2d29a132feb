// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "snapread",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "snapread", targets: ["snapread"]),
        .executable(name: "snapgen", targets: ["snapgen"]),
        .executable(name: "snapwatch", targets: ["snapwatch"]),
        .library(name: "SnapshotFormat", targets: ["SnapshotFormat"]),
        .library(name: "SnapshotStore", targets: ["SnapshotStore"]),
        .library(name: "CorpusGenerator", targets: ["CorpusGenerator"]),
        .library(name: "ReaderCore", targets: ["ReaderCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .systemLibrary(
            name: "COpenCC",
            pkgConfig: "opencc",
            providers: [.apt(["libopencc-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLz4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .target(name: "SnapshotFormat", dependencies: ["CSystemSupport", "COpenCC"]),
        .target(name: "CorpusModel", dependencies: ["SnapshotFormat"]),
        .target(name: "CSystemSupport"),
        // A checksum on every page of the index database (DECISIONS: "Every page of index.sqlite carries a checksum").
        .target(name: "CPageChecksum", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Rows of integers bound and stepped in C, for the index's passes that write millions of them.
        .target(name: "CSQLiteRows", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "SnapshotStore",
            dependencies: ["SnapshotFormat", "CorpusModel", "CSystemSupport", "CPageChecksum", "CSQLiteRows", "CorpusWatch", "CZstd", "CLz4", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Watch/Core", "Watch/Daemon"]
        ),
        // The corpus watcher without Foundation, and its small process.
        .target(name: "CorpusWatch", dependencies: ["CSystemSupport"], path: "Sources/SnapshotStore/Watch/Core"),
        .executableTarget(name: "snapwatch", dependencies: ["CorpusWatch", "CSystemSupport"], path: "Sources/SnapshotStore/Watch/Daemon"),
        .target(name: "CorpusGenerator", dependencies: ["SnapshotFormat"]),
        .target(name: "ReaderCore", dependencies: ["SnapshotFormat", "CorpusModel"]),
        .target(name: "ReaderTesting", dependencies: ["ReaderCore", "SnapshotFormat"]),
        .target(name: "CursesTerminal", dependencies: ["CNcursesw", "CSystemSupport", "ReaderCore"]),
        .executableTarget(
            name: "snapread",
            dependencies: [
                "SnapshotFormat", "SnapshotStore", "ReaderCore", "CursesTerminal", "CSystemSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "snapgen",
            dependencies: [
                "CorpusGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SnapshotFormatTests", dependencies: ["SnapshotFormat", "CorpusGenerator"], exclude: ["Fixtures"]),
        .testTarget(name: "SnapshotStoreTests", dependencies: ["SnapshotStore", "CorpusGenerator"]),
        .testTarget(name: "ReaderCoreTests", dependencies: ["ReaderCore", "ReaderTesting"], exclude: ["Screens"]),
        .testTarget(name: "SnapreadTests", dependencies: ["snapread", "ReaderCore", "SnapshotStore", "SnapshotFormat", "CorpusGenerator"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SnapshotFormat", "CorpusGenerator", "CorpusWatch"], exclude: ["Golden", "Scripts"]),
    ],
    swiftLanguageModes: [.v6]
)
