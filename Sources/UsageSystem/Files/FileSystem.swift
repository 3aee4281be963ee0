import CSystem
import Glibc

/// Files by descriptor and path: the calls the sources, the state and the commands make.
package enum FileSystem {
    /// `stat`, following links.
    package static func status(_ path: String) throws(SystemError) -> FileStatus {
        FileStatus(try SystemCall.status(path))
    }

    /// Whether file events are known to report every change below `path`: true on local
    /// disk and memory file systems (ext4, XFS, Btrfs, ZFS, tmpfs, ...), false on network,
    /// FUSE and overlay file systems, whose files can change without an event here (written
    /// by another machine, or through another layer), and when `statfs` fails.
    package static func hasCompleteEvents(_ path: String) -> Bool {
        let type = PathName.withCString(path) { csystem_file_system_type($0) }
        guard type >= 0 else { return false }
        let local: Set<Int> = [
            0xEF53,  // ext2, ext3, ext4
            0x5846_5342,  // XFS
            0x9123_683E,  // Btrfs
            0x2FC1_2FC1,  // ZFS
            0x0102_1994,  // tmpfs
            0x8584_58F6,  // ramfs
            0xF2F5_2010,  // F2FS
            0x5265_4973,  // ReiserFS
            0x3153_464A,  // JFS
            0xCA45_1A4E,  // bcachefs
            0x4D44,  // FAT
            0x2011_BAB0,  // exFAT
            0x7366_746E,  // NTFS (ntfs3)
        ]
        return local.contains(type & 0xFFFF_FFFF)
    }

    /// Opens a file for reading (close-on-exec). Non-blocking, so that a FIFO or a device put
    /// where a log was never holds the caller in `open`; check what it is with ``status(of:path:)``.
    package static func openForReading(_ path: String) throws(SystemError) -> Int32 {
        try SystemCall.open(path, O_RDONLY | O_NONBLOCK)
    }

    /// Opens a regular file for reading; anything else at the path is refused without blocking.
    package static func openRegularFile(_ path: String) throws(SystemError) -> Int32 {
        let fd = try openForReading(path)
        let kind: FileKind
        do throws(SystemError) {
            kind = try status(of: fd, path: path).kind
        } catch {
            SystemCall.close(fd)
            throw error
        }
        guard kind == .regular else {
            SystemCall.close(fd)
            throw SystemError(call: "read", path: path, errno: SystemError.notRegularFile)
        }
        return fd
    }

    /// `fstat` of an open file.
    package static func status(of fd: Int32, path: String) throws(SystemError) -> FileStatus {
        FileStatus(try SystemCall.status(of: fd, path: path))
    }

    /// `pread`: up to `count` bytes at `offset` into `buffer`; 0 at the end of the file.
    package static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64, path: String
    ) throws(SystemError) -> Int {
        try SystemCall.pread(fd, buffer, count, offset, path: path)
    }

    package static func close(_ fd: Int32) { SystemCall.close(fd) }

    /// Renames a file over another (atomic within a file system).
    package static func rename(_ from: String, to path: String) throws(SystemError) {
        _ = try SystemCall.retrying("rename", from) {
            PathName.withCString(from) { old in PathName.withCString(path) { Glibc.rename(old, $0) } }
        }
    }

    /// Creates (if needed) a lock file and takes an exclusive lock on it without waiting; the
    /// descriptor holds the lock until it is closed. ``SystemError/isLocked`` when another holds it.
    package static func lock(_ path: String) throws(SystemError) -> Int32 {
        let fd = try SystemCall.open(path, O_RDONLY | O_CREAT, mode: 0o600)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            SystemCall.close(fd)
            throw SystemError(call: "lock", path: path, errno: code)
        }
        return fd
    }

    /// Takes an exclusive lock on a folder itself (`flock` on its descriptor), without waiting:
    /// unlike a lock file, nothing inside the folder can be deleted to lose it.
    package static func lockDirectory(_ path: String) throws(SystemError) -> Int32 {
        let fd = try SystemCall.open(path, O_RDONLY | O_DIRECTORY, mode: 0)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            SystemCall.close(fd)
            throw SystemError(call: "lock", path: path, errno: code)
        }
        return fd
    }

    /// The first `count` bytes of a file (fewer if it is shorter); nil when it cannot be read.
    package static func head(_ path: String, count: Int) -> [UInt8]? {
        guard let fd = try? openRegularFile(path) else { return nil }
        defer { SystemCall.close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { buffer in
            try? SystemCall.pread(fd, buffer.baseAddress!, count, 0, path: path)
        }
        guard let read else { return nil }
        return Array(bytes[..<read])
    }

    /// What a shell glob matched.
    package enum GlobResult: Equatable, Sendable {
        case noMatch
        case matched([String])
        /// The expansion failed part way (out of memory, a read error): what it matched, and the error.
        case failed(matched: [String], SystemError)
    }

    /// Expands `*`, `?`, `[...]`, `{a,b}` and a leading `~`.
    package static func glob(_ pattern: String) -> GlobResult {
        var result = glob_t()
        defer { globfree(&result) }
        let status = PathName.withCString(pattern) { Glibc.glob($0, GLOB_TILDE | GLOB_BRACE, nil, &result) }
        if status == GLOB_NOMATCH { return .noMatch }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let cPath = result.gl_pathv[index] { paths.append(PathName.string(cString: cPath)) }
        }
        guard status == 0 else {
            let code = status == GLOB_NOSPACE ? ENOMEM : EIO
            return .failed(matched: paths, SystemError(call: "glob", path: pattern, errno: code))
        }
        return .matched(paths)
    }
}
