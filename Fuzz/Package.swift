// swift-tools-version:6.0
// libFuzzer targets for Workshop's parsers. Not part of the main package: each target starts
// libFuzzer's driver, so it links only with -sanitize=fuzzer. `make fuzz`
// builds them (with AddressSanitizer) and runs each one.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone was called.
let workshop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "WorkshopFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzLessonParser", dependencies: ["FuzzDriver", .product(name: "LessonKit", package: workshop)]),
        .executableTarget(name: "FuzzShellSyntax", dependencies: ["FuzzDriver", .product(name: "ShellSyntax", package: workshop)]),
        .executableTarget(name: "FuzzJMESPath", dependencies: ["FuzzDriver", .product(name: "JMESPath", package: workshop), .product(name: "JSON", package: workshop)]),
        .executableTarget(name: "FuzzAsciicast", dependencies: ["FuzzDriver", .product(name: "Transcript", package: workshop)]),
        .executableTarget(name: "FuzzWireRequests", dependencies: ["FuzzDriver", .product(name: "WireServer", package: workshop), .product(name: "ClusterSim", package: workshop)]),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzDriver", .product(name: "ClusterSim", package: workshop)]),
    ],
    swiftLanguageModes: [.v6]
)
