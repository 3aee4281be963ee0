import UsageSystem

/// A `*.jsonl` file found below a `projects/` folder.
struct DiscoveredFile: Equatable {
    var path: String
    /// The first folder under `projects/` (the encoded working directory); empty for files
    /// directly in `projects/`.
    var projectFolder: String
    var identity: FileIdentity
    var size: UInt64
    /// Modification time in nanoseconds: with the size and the path, what says a file changed.
    var mtime: Int64
}
