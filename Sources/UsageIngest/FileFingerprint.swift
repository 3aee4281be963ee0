/// A version of a file, as `stat` tells it: a rewrite, a replacement or an append changes it.
public struct FileFingerprint: Hashable, Sendable {
    public var identity: FileIdentity
    public var size: Int64
    public var modifiedNanos: Int64
}
