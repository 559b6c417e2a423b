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
        .executableTarget(name: "FuzzLessonParser", dependencies: [.product(name: "LessonKit", package: workshop)]),
        .executableTarget(name: "FuzzShellSyntax", dependencies: [.product(name: "ShellSyntax", package: workshop)]),
        .executableTarget(name: "FuzzJMESPath", dependencies: [.product(name: "JMESPath", package: workshop), .product(name: "JSON", package: workshop)]),
        .executableTarget(name: "FuzzAsciicast", dependencies: [.product(name: "Transcript", package: workshop)]),
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "ClusterSim", package: workshop)]),
    ],
    swiftLanguageModes: [.v6]
)
