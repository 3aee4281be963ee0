import UsageSystem

/// A file with new bytes to read, as the ingest thread hands it to a worker.
struct FileReadJob: Sendable {
    var identity: FileIdentity
    var file: TrackedFile
    /// The size the walk saw, to plan how many bytes a turn of reading covers.
    var size: UInt64

    var pendingBytes: UInt64 { size > file.position.offset ? size - file.position.offset : 0 }
}
