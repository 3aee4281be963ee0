import Foundation

/// Where the repository and what lies beside it are, for tests that read its files.
package enum TestPaths {
    /// The package's root folder.
    package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// `../shared` beside the repository: the reference files and the real logs.
    package static let shared = packageRoot + "/../shared"
}
