import UsageModel
import UsageSystem

/// The files a source tails, by identity (device and inode), so a rename keeps its position.
///
/// Each poll hands in what discovery found; the tracker answers which files have new bytes
/// and notices truncations, replacements and files that disappeared.
struct FileTracker: Sendable {
    var files: [FileIdentity: TrackedFile] = [:]
    var identityAtPath: [String: FileIdentity] = [:]

    /// Updates a found file's state; returns a job when it has new bytes to read. `reset` is
    /// called when the file must be read again from its start.
    mutating func update(_ found: DiscoveredFile, reset: (FileResetReason, String) -> Void) -> FileReadJob? {
        var file: TrackedFile
        if let known = files[found.identity] {
            file = known
            // Renamed, or a new file that reused a deleted one's inode: the next read checks the
            // head fingerprint and starts again from 0 if the content is not the same.
            if file.path != found.path { file.mtimeAtLastRead = nil }
            file.path = found.path
        } else {
            file = TrackedFile(
                path: found.path, projectFolder: found.projectFolder, position: TailPosition(), sizeAtLastRead: nil)
            if let previous = identityAtPath[found.path], previous != found.identity {
                reset(.replaced, "file replaced; reading the new one from its start")
            }
        }
        identityAtPath[found.path] = found.identity
        if found.size < file.position.offset {
            reset(.truncated, "file truncated; reading it again from its start")
            file.position = TailPosition()
            file.sizeAtLastRead = nil
        }
        // A new empty file: nothing to read until it grows (Claude Code creates a transcript
        // before its first line), so no job, no open, no batch.
        if found.size == 0, file.position.offset == 0, file.sizeAtLastRead == nil {
            file.sizeAtLastRead = 0
            file.mtimeAtLastRead = found.mtime
        }
        files[found.identity] = file
        // Unchanged size, time and path: nothing to do but the stat already made.
        guard found.size != file.sizeAtLastRead || found.mtime != file.mtimeAtLastRead else { return nil }
        return FileReadJob(identity: found.identity, file: file, size: found.size)
    }

    /// A file file events named at `path`, as a walk would have found it: a file known under
    /// another path that still leads to it (a link, overlapping roots) keeps that path and its
    /// project folder; a new file, or one moved here, takes this path and `projectFolder`.
    func found(_ status: FileStatus, at path: String, projectFolder: String) -> DiscoveredFile {
        var known = files[status.identity]
        if let old = known?.path, old != path, (try? FileSystem.status(old))?.identity != status.identity {
            known = nil
        }
        return DiscoveredFile(
            path: known?.path ?? path, projectFolder: known?.projectFolder ?? projectFolder,
            identity: status.identity, size: status.size, mtime: status.modifiedNanos)
    }

    /// Forgets the files not in `seen` (deleted or moved away); returns how many.
    mutating func forget(notIn seen: Set<FileIdentity>) -> UInt64 {
        var forgotten: UInt64 = 0
        for identity in files.keys where !seen.contains(identity) {
            if let path = files[identity]?.path, identityAtPath[path] == identity { identityAtPath[path] = nil }
            files[identity] = nil
            forgotten += 1
        }
        return forgotten
    }

    func encode(into writer: inout StateWriter) {
        let tracked = files.sorted { $0.value.path < $1.value.path }
        writer.write(tracked.count)
        for (identity, file) in tracked {
            writer.write(identity.device)
            writer.write(identity.inode)
            writer.write(file.path)
            writer.write(file.projectFolder)
            writer.write(file.position.offset)
            writer.write(file.position.skippingOverlong)
            writer.write(file.position.lineNumber)
            writer.write(file.sizeAtLastRead ?? UInt64.max)
            writer.write(file.mtimeAtLastRead ?? Int64.min)
            writer.write(file.headHash)
            writer.write(file.headLength)
        }
    }

    static func decode(from reader: inout StateReader) throws(StateError) -> FileTracker {
        let fileCount = try reader.readCount(minimumItemBytes: 65)
        var tracker = FileTracker()
        for _ in 0..<fileCount {
            let identity = FileIdentity(device: try reader.readUInt64(), inode: try reader.readUInt64())
            let path = try reader.readString()
            let folder = try reader.readString()
            let position = TailPosition(
                offset: try reader.readUInt64(), skippingOverlong: try reader.readBool(),
                lineNumber: try reader.readUInt64())
            let size = try reader.readUInt64()
            let mtime = try reader.readInt64()
            var file = TrackedFile(
                path: path, projectFolder: folder, position: position, sizeAtLastRead: size == .max ? nil : size,
                mtimeAtLastRead: mtime == .min ? nil : mtime)
            file.headHash = try reader.readUInt64()
            file.headLength = try reader.readInt()
            guard (0...TrackedFile.headBytes).contains(file.headLength) else {
                throw .invalid("a head length of \(file.headLength) for \(path)")
            }
            tracker.files[identity] = file
        }
        tracker.identityAtPath = Dictionary(
            tracker.files.map { ($0.value.path, $0.key) }, uniquingKeysWith: { first, _ in first })
        return tracker
    }
}
