// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, which is whatever the
// clone is called: work it out rather than hard-code it.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().lastPathComponent.lowercased()

// The fuzz targets live in their own package: they are built with coverage
// instrumentation and AddressSanitizer, which the main build must not get.
// Build and run them with Fuzz/run.sh.
let package = Package(
    name: "snapread-fuzz",
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "snapfuzz",
            dependencies: [
                .product(name: "SnapshotFormat", package: mainPackage),
                .product(name: "SnapshotStore", package: mainPackage),
                .product(name: "ReaderCore", package: mainPackage),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
