import Glibc

/// An open folder, listed entry by entry without a string per entry, its entries `stat`ed
/// relative to it (`fstatat`), not by full path.
package final class DirectoryStream {
    /// The folder's own identity (a folder reached twice through links is walked once).
    package let identity: FileIdentity
    private let directory: OpaquePointer

    package init(_ path: String) throws(SystemError) {
        let fd = try SystemCall.open(path, O_RDONLY | O_DIRECTORY)
        let info: Glibc.stat
        do {
            info = try SystemCall.status(of: fd, path: path)
        } catch {
            SystemCall.close(fd)
            throw error
        }
        // fdopendir owns fd from here.
        guard let directory = fdopendir(fd) else {
            let code = errno
            SystemCall.close(fd)
            throw SystemError(call: "opendir", path: path, errno: code)
        }
        self.identity = FileIdentity(info)
        self.directory = directory
    }

    /// Calls `body` with each entry's name (without `.` and `..`) and its kind as the folder
    /// says it (nil when the file system does not say: `stat` it).
    package func forEach(_ body: (_ name: UnsafeRawBufferPointer, _ kind: FileKind?) -> Void) {
        while let entry = readdir(directory) {
            let kind: FileKind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_REG): kind = .regular
            case Int32(DT_UNKNOWN): kind = nil
            default: kind = .other
            }
            withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let length = raw.firstIndex(of: 0) ?? raw.count
                let name = UnsafeRawBufferPointer(rebasing: raw[..<length])
                if name.count == 1 && name[0] == UInt8(ascii: ".") { return }
                if name.count == 2 && name[0] == UInt8(ascii: ".") && name[1] == UInt8(ascii: ".") { return }
                body(name, kind)
            }
        }
    }

    /// `stat` of an entry, following links; `path` names it in errors.
    package func status(of name: String, path: String) throws(SystemError) -> FileStatus {
        var info = Glibc.stat()
        _ = try SystemCall.retrying("stat", path) { () -> Int32 in
            PathName.withCString(name) { fstatat(dirfd(directory), $0, &info, 0) }
        }
        return FileStatus(info)
    }

    deinit { closedir(directory) }
}
