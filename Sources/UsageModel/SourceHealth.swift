/// Health counters of one source.
public struct SourceHealth: Equatable, Sendable {
    public var linesRead: UInt64 = 0
    public var bytesRead: UInt64 = 0
    public var duplicateLines: UInt64 = 0
    public var rejected = [UInt64](repeating: 0, count: RejectReason.allCases.count)
    public var sourceErrors = [UInt64](repeating: 0, count: SourceErrorReason.allCases.count)
    public var fileResets = [UInt64](repeating: 0, count: FileResetReason.allCases.count)
    public var filesWatched = 0
    /// Tracked files no longer found (deleted, moved out of the tree, a folder replaced).
    public var filesForgotten: UInt64 = 0
    /// Newest usage timestamp seen, in Unix milliseconds; nil before the first.
    public var lastEventMillis: Int64?

    public init() {}

    public subscript(reason: RejectReason) -> UInt64 {
        get { rejected[RejectReason.allCases.firstIndex(of: reason)!] }
        set { rejected[RejectReason.allCases.firstIndex(of: reason)!] = newValue }
    }

    public subscript(reason: SourceErrorReason) -> UInt64 {
        get { sourceErrors[SourceErrorReason.allCases.firstIndex(of: reason)!] }
        set { sourceErrors[SourceErrorReason.allCases.firstIndex(of: reason)!] = newValue }
    }

    public subscript(reason: FileResetReason) -> UInt64 {
        get { fileResets[FileResetReason.allCases.firstIndex(of: reason)!] }
        set { fileResets[FileResetReason.allCases.firstIndex(of: reason)!] = newValue }
    }

    public var rejectedTotal: UInt64 { rejected.reduce(0, +) }
}
