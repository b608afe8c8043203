// swift-tools-version:6.0
// Ward: formal verification for virtualization and isolation.
// Layering (see README "Architecture"): CZ3 → WardSolver (Z3 RAII) ; WardSyntax → WardIR →
// {WardConcrete, WardSMT} → domain analyses (WardISA, WardPolicy, WardPlatform) → WardCheck → ward.
import PackageDescription

let package = Package(
    name: "Ward",
    products: [
        .executable(name: "ward", targets: ["ward"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "CZ3", linkerSettings: [.linkedLibrary("z3")]),
        .target(name: "WardSolver", dependencies: ["CZ3"]),
        .target(name: "WardSyntax"),
        .target(name: "WardIR", dependencies: ["WardSyntax"]),
        .target(name: "WardConcrete", dependencies: ["WardIR"]),
        .target(name: "WardSMT", dependencies: ["WardIR", "WardSolver", "WardConcrete"]),
        .target(name: "WardISA", dependencies: ["WardIR", "WardConcrete", "WardSMT"]),
        .target(name: "WardPolicy", dependencies: []),
        .target(name: "WardPlatform", dependencies: ["WardIR", "WardConcrete", "WardSMT"]),
        .target(name: "WardReport"),
        .target(name: "WardCheck", dependencies: ["WardIR", "WardConcrete", "WardSMT", "WardSolver", "WardISA", "WardPlatform", "WardReport"]),
        .executableTarget(name: "ward", dependencies: [
            "WardCheck", "WardISA", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "WardSolverTests", dependencies: ["WardSolver"]),
        .testTarget(name: "WardSyntaxTests", dependencies: ["WardSyntax"]),
        .testTarget(name: "WardIRTests", dependencies: ["WardIR"]),
        .testTarget(name: "WardConcreteTests", dependencies: ["WardConcrete"]),
        .testTarget(name: "WardSMTTests", dependencies: ["WardSMT", "WardConcrete", "WardISA"]),
        .testTarget(name: "WardPolicyTests", dependencies: ["WardPolicy"]),
        .testTarget(name: "WardReportTests", dependencies: ["WardReport"]),
        .testTarget(name: "WardCheckTests", dependencies: ["WardCheck"]),
        .testTarget(name: "WardISATests", dependencies: ["WardISA", "WardCheck"]),
        .testTarget(name: "WardPlatformTests", dependencies: ["WardPlatform", "WardCheck"]),
    ],
    swiftLanguageModes: [.v6]
)
