/// A file being tailed.
struct TrackedFile: Sendable {
    var path: String
    var projectFolder: String
    var position: TailPosition
    /// Size at the last read: an unchanged size means nothing new, even with a partial line pending.
    var sizeAtLastRead: UInt64?
    /// Modification time at the last read; a change with no change of size is a rewrite to check.
    var mtimeAtLastRead: Int64?
    /// Hash of the file's first `headLength` bytes when it was first read: appends keep them,
    /// a rewrite in place (truncate, then write as much or more) changes them.
    var headHash: UInt64 = 0
    var headLength = 0

    /// Bytes fingerprinted at the head of a file.
    static let headBytes = 256
}
