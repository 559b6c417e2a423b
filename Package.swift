// swift-tools-version:6.0
import Foundation
import PackageDescription

// The session client starts fastest linked fully static (1.1 ms a call, against 1.8 ms with only the
// Swift runtime linked in and 3.7 ms with everything shared); sanitizer builds cannot link a static
// executable, so `make test-asan` sets WORKSHOP_SANITIZED_BUILD and gets the runtime linked in only.
let clientLinking = ProcessInfo.processInfo.environment["WORKSHOP_SANITIZED_BUILD"] == nil ? "-static-executable" : "-static-stdlib"

let package = Package(
    name: "Workshop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "workshop", targets: ["workshop"]),
        .executable(name: "workshop-client", targets: ["workshop-client"]),
        .library(name: "LessonKit", targets: ["LessonKit"]),
        .library(name: "ShellSyntax", targets: ["ShellSyntax"]),
        .library(name: "ClusterSim", targets: ["ClusterSim"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "JMESPath", targets: ["JMESPath"]),
        .library(name: "Actions", targets: ["Actions"]),
        .library(name: "Transcript", targets: ["Transcript"]),
        // The fuzz package (Fuzz/) drives the server's decoders through it.
        .library(name: "WireServer", targets: ["WireServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `workshop serve`: HTTP/1.1 on SwiftNIO (keep-alive, chunked streams, back-pressure, timeouts)
        // instead of a hand-written HTTP parser.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // System libraries (Debian: libcmark-dev, libedit-dev; `make setup` installs them).
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // A region allocator for cmark: one lesson's nodes come and go together.
        .target(name: "CCmarkArena", dependencies: ["CCmark"]),
        // Non-variadic C wrappers around libedit (Swift cannot call el_set/history).
        .target(name: "CEditShim", dependencies: ["CEditLine"]),
        // Non-variadic C wrappers around ioctl(2): a pseudo-terminal's window size.
        .target(name: "CPseudoTerminal"),

        // lesson file → LessonKit → ShellSyntax → …
        // Lifetimes: types that view a buffer (`Span`) say so in their type (`~Escapable`), and the
        // compiler checks that they never outlive it (see the README's note on unsafe code).
        .target(name: "ShellSyntax", swiftSettings: [.enableExperimentalFeature("Lifetimes")]),
        .target(
            name: "LessonKit",
            dependencies: ["CCmark", "CCmarkArena", "ShellSyntax", .product(name: "Yams", package: "Yams")],
            swiftSettings: [.enableExperimentalFeature("Lifetimes")]
        ),
        // JSON values that keep key order, and Python-compatible serialization (awscli's output, event lines).
        .target(name: "JSON"),
        .target(name: "ClusterSim", dependencies: ["JSON", .product(name: "Yams", package: "Yams")]),
        .target(name: "JMESPath", dependencies: ["JSON"]),
        .target(name: "Actions", dependencies: ["ShellSyntax", "ClusterSim", "JSON", "JMESPath"]),
        .target(name: "Presentation", dependencies: ["LessonKit"]),
        // A session's socket and the clients (`aws`, `kubectl`, `eksctl`, `sleep` in a real bash) that reach it.
        .target(name: "SessionBridge"),
        // What can be seen of a cluster (simulated or real), and what changed between two looks.
        .target(name: "ClusterObservation", dependencies: ["ClusterSim", "JSON"]),
        .target(name: "Narration", dependencies: ["ClusterSim", "ClusterObservation"]),
        // An upgrade as a picture: timeline frames drawn as SVG.
        .target(name: "Timeline", dependencies: ["ClusterObservation"]),
        .target(name: "Transcript", dependencies: ["JSON"]),
        .target(name: "Runner", dependencies: ["Actions", "ClusterSim", "LessonKit", "Narration", "ClusterObservation", "Timeline", "Presentation", "JSON", "JMESPath", "Transcript", "SessionBridge", "CPseudoTerminal"]),
        // The simulated cluster on the real wire: AWS (rest-json, json 1.1, ec2, query) and the
        // Kubernetes API, answered by the same simulator and operations as the native actions.
        .target(name: "WireServer", dependencies: ["Actions", "ClusterSim", "JSON", .product(name: "Hummingbird", package: "hummingbird"),
                                                  .product(name: "Logging", package: "swift-log"),
                                                  .product(name: "HTTPTypes", package: "swift-http-types"),
                                                  .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                  .product(name: "UnixSignals", package: "swift-service-lifecycle")]),
        .target(name: "REPL", dependencies: ["Runner", "CEditShim", "Transcript"]),
        .executableTarget(
            name: "workshop",
            dependencies: [
                "LessonKit", "Presentation", "ClusterSim", "JSON", "JMESPath", "Actions", "Narration", "ClusterObservation", "Timeline", "Runner", "REPL", "Transcript", "SessionBridge", "WireServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // What a session's bin/aws, bin/kubectl, bin/eksctl and bin/sleep link to: the bridge alone.
        // Linked statically (see clientLinking): loading shared libraries was most of a call's time.
        .executableTarget(name: "workshop-client", dependencies: ["SessionBridge"],
                          linkerSettings: [.unsafeFlags([clientLinking])]),

        .executableTarget(
            name: "workshop-bench",
            dependencies: ["LessonKit", "CCmark", "CCmarkArena", "ClusterSim", "Actions", "Runner", "SessionBridge", "WireServer", "ClusterObservation", "Timeline"],
            path: "Benchmarks/WorkshopBench"
        ),

        .testTarget(name: "ShellSyntaxTests", dependencies: ["ShellSyntax"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit"]),
        .testTarget(name: "ClusterSimTests", dependencies: ["ClusterSim"]),
        .testTarget(name: "JMESPathTests", dependencies: ["JSON", "JMESPath"]),
        .testTarget(name: "ActionsTests", dependencies: ["Actions", "ClusterSim", "JSON", "JMESPath"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "Narration", "ClusterSim", "LessonKit", "Presentation", "Transcript"]),
        .testTarget(name: "TranscriptTests", dependencies: ["Transcript", "JSON"]),
        .testTarget(name: "NarrationTests", dependencies: ["Narration", "ClusterSim", "ClusterObservation"]),
        .testTarget(name: "ClusterObservationTests", dependencies: ["ClusterObservation", "ClusterSim", "JSON"]),
        .testTarget(name: "TimelineTests", dependencies: ["Timeline", "ClusterObservation", "ClusterSim"]),
        .testTarget(name: "SessionBridgeTests", dependencies: ["SessionBridge"]),
        .testTarget(name: "PresentationTests", dependencies: ["Presentation", "LessonKit"]),
        .testTarget(name: "EditLineShimTests", dependencies: ["CEditShim"]),
        .testTarget(name: "WireServerTests", dependencies: ["WireServer", "Actions", "ClusterSim", "JSON"]),
        .testTarget(name: "WorkshopEndToEndTests", dependencies: ["workshop"]),
    ],
    swiftLanguageModes: [.v6]
)

// `make test-asan` builds only the unit suites of the code with unsafe byte handling and what they
// need: the server stack and the binaries stay out of that build, which would otherwise compile
// SwiftNIO and Hummingbird under AddressSanitizer for suites that never load them.
if ProcessInfo.processInfo.environment["WORKSHOP_SANITIZED_UNITS_ONLY"] != nil {
    let serverSide: Set<String> = ["workshop", "workshop-bench", "WorkshopEndToEndTests", "WireServer", "WireServerTests"]
    package.targets.removeAll { serverSide.contains($0.name) }
    package.products.removeAll { serverSide.contains($0.name) }
}
