// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Kafae",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kafae", targets: ["kafae"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "KafaeDomain",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "KafaeStore",
            dependencies: [
                "KafaeDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "KafaeSync",
            dependencies: ["KafaeStore", "KafaeDomain", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "KafaeBlobs",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "KafaeVision",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "KafaeServer",
            dependencies: [
                "KafaeDomain", "KafaeStore", "KafaeSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "kafae",
            dependencies: [
                "KafaeServer", "KafaeStore", "KafaeDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "SyncBench",
            dependencies: ["KafaeSync", "KafaeStore", "KafaeDomain", .product(name: "Logging", package: "swift-log")],
            path: "bench/sync",
            exclude: ["run.sh"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "KafaeTestSupport",
            dependencies: [
                "KafaeStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/KafaeTestSupport",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(name: "KafaeDomainTests", dependencies: ["KafaeDomain"]),
        .testTarget(name: "KafaeBlobsTests", dependencies: ["KafaeBlobs"]),
        .testTarget(name: "KafaeVisionTests", dependencies: ["KafaeVision"]),
        .testTarget(
            name: "KafaeStoreTests",
            dependencies: ["KafaeStore", "KafaeDomain", "KafaeTestSupport",
                           .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "KafaeSyncTests",
            dependencies: ["KafaeSync", "KafaeStore", "KafaeDomain", "KafaeTestSupport", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "KafaeServerTests",
            dependencies: [
                "KafaeServer", "KafaeStore", "KafaeDomain", "KafaeTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
