import Glibc

/// Whole-file reads and writes for small inputs (price files, config, the state), never for logs.
package enum FileBytes {
    package static func read(_ path: String, limit: Int = 256 << 20) throws(SystemError) -> [UInt8] {
        let fd = try FileSystem.openRegularFile(path)
        defer { SystemCall.close(fd) }
        var bytes: [UInt8] = []
        var offset: UInt64 = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let result = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemError) -> Int in
                    try SystemCall.pread(fd, buffer.baseAddress!, buffer.count, offset, path: path)
                }
            }
            let count = try result.get()
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            offset += UInt64(count)
        }
        throw SystemError(call: "read", path: path, errno: EFBIG)
    }

    /// Writes a file atomically: a temporary file beside it, fsync, rename over the old one,
    /// fsync of the folder; a crash leaves either the old file or the new one, whole.
    package static func write(_ bytes: [UInt8], atomicallyTo path: String, mode: UInt32 = 0o600) throws(SystemError) {
        let temporary = path + ".tmp"
        let fd = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode_t(mode))
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let code = errno
                SystemCall.close(fd)
                _ = PathName.withCString(temporary) { unlink($0) }
                throw SystemError(call: "write", path: temporary, errno: code)
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            SystemCall.close(fd)
            _ = PathName.withCString(temporary) { unlink($0) }
            throw SystemError(call: "fsync", path: temporary, errno: code)
        }
        SystemCall.close(fd)
        _ = try SystemCall.retrying("rename", path) {
            PathName.withCString(temporary) { old in PathName.withCString(path) { rename(old, $0) } }
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let folder = try SystemCall.open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY)
        defer { SystemCall.close(folder) }
        _ = try SystemCall.retrying("fsync", directory) { fsync(folder) }
    }

    /// Creates a folder and its parents (`mkdir -p`), private to the user.
    package static func makeDirectories(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if PathName.withCString(prefix, { mkdir($0, 0o700) }) != 0, errno != EEXIST {
                throw SystemError(call: "mkdir", path: prefix, errno: errno)
            }
        }
    }

    /// What tells a file's versions apart: its identity, size and modification time; nil when
    /// it cannot be `stat`ed (missing).
    package static func fingerprint(_ path: String) -> FileFingerprint? {
        (try? SystemCall.status(path)).map { FileStatus($0).fingerprint }
    }

    package static func isDirectory(_ path: String) -> Bool {
        guard let info = try? SystemCall.status(path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }
}
