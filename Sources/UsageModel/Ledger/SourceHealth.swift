/// Health counters of one source.
package struct SourceHealth: Equatable, Sendable {
    package var linesRead: UInt64 = 0
    package var bytesRead: UInt64 = 0
    package var duplicateLines: UInt64 = 0
    package var rejected = [UInt64](repeating: 0, count: RejectReason.allCases.count)
    package var sourceErrors = [UInt64](repeating: 0, count: SourceErrorReason.allCases.count)
    package var fileResets = [UInt64](repeating: 0, count: FileResetReason.allCases.count)
    package var filesWatched = 0
    /// Tracked files no longer found (deleted, moved out of the tree, a folder replaced).
    package var filesForgotten: UInt64 = 0
    /// Newest usage timestamp seen, in Unix milliseconds; nil before the first.
    package var lastEventMillis: Int64?

    package init() {}

    /// The reason lists by the reasons' names, as the state stores them.
    var namedRejected: [(name: String, value: UInt64)] { Array(zip(RejectReason.allCases.map(\.rawValue), rejected)) }
    var namedSourceErrors: [(name: String, value: UInt64)] {
        Array(zip(SourceErrorReason.allCases.map(\.rawValue), sourceErrors))
    }
    var namedFileResets: [(name: String, value: UInt64)] {
        Array(zip(FileResetReason.allCases.map(\.rawValue), fileResets))
    }

    /// Sets the reason lists from saved counters by name: a reason this build added starts at
    /// 0, one it no longer has is dropped.
    mutating func restore(rejected: [String: UInt64], sourceErrors: [String: UInt64], fileResets: [String: UInt64]) {
        self.rejected = RejectReason.allCases.map { rejected[$0.rawValue] ?? 0 }
        self.sourceErrors = SourceErrorReason.allCases.map { sourceErrors[$0.rawValue] ?? 0 }
        self.fileResets = FileResetReason.allCases.map { fileResets[$0.rawValue] ?? 0 }
    }

    package subscript(reason: RejectReason) -> UInt64 {
        get { rejected[RejectReason.allCases.firstIndex(of: reason)!] }
        set { rejected[RejectReason.allCases.firstIndex(of: reason)!] = newValue }
    }

    package subscript(reason: SourceErrorReason) -> UInt64 {
        get { sourceErrors[SourceErrorReason.allCases.firstIndex(of: reason)!] }
        set { sourceErrors[SourceErrorReason.allCases.firstIndex(of: reason)!] = newValue }
    }

    package subscript(reason: FileResetReason) -> UInt64 {
        get { fileResets[FileResetReason.allCases.firstIndex(of: reason)!] }
        set { fileResets[FileResetReason.allCases.firstIndex(of: reason)!] = newValue }
    }

    package var rejectedTotal: UInt64 { rejected.reduce(0, +) }
}
