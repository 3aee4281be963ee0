/// A file being tailed.
struct TrackedFile {
    var path: String
    var projectFolder: String
    var position: TailPosition
    /// Size at the last read: an unchanged size means nothing new, even with a partial line pending.
    var sizeAtLastRead: UInt64?
}
