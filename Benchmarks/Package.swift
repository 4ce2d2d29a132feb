// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the
// clone is called: work it out rather than hard-code it.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().lastPathComponent.lowercased()

// Benchmarks live in their own package so the main build and test run never
// compile them. Run: swift run -c release --package-path Benchmarks snapbench --help
let package = Package(
    name: "snapread-benchmarks",
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "snapbench",
            dependencies: [
                .product(name: "SnapshotFormat", package: mainPackage),
                .product(name: "CorpusGenerator", package: mainPackage),
                .product(name: "SnapshotStore", package: mainPackage),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
