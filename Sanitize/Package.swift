// swift-tools-version: 6.0
import Foundation
import PackageDescription

// The threaded suites alone, for ThreadSanitizer in CI: built with
// `--sanitize=thread`, this compiles the store and its dependencies but not
// the reader, the command line or the other test targets (.ci/run; DECISIONS,
// "ThreadSanitizer: the threaded suites in CI"). The test files are links to
// the main package's own, so there is one copy of each.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "snapread-threaded-tests",
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .testTarget(
            name: "ThreadedStoreTests",
            dependencies: [
                .product(name: "SnapshotStore", package: mainPackage),
                .product(name: "SnapshotFormat", package: mainPackage),
                .product(name: "CorpusGenerator", package: mainPackage),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ThreadedFormatTests",
            dependencies: [.product(name: "SnapshotFormat", package: mainPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
