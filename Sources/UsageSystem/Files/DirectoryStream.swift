import CSystem
import Glibc

/// An open folder, listed entry by entry without a string per entry, its entries `stat`ed
/// relative to it (`fstatat`), not by full path. The entries come from `getdents64` into a
/// buffer of its own: an `opendir` would add an `fstat` and an `fcntl` to every folder walked.
package final class DirectoryStream {
    /// The folder's own identity (a folder reached twice through links is walked once).
    package let identity: FileIdentity
    private let fd: Int32

    package init(_ path: String) throws(SystemError) {
        let fd = try SystemCall.open(path, O_RDONLY | O_DIRECTORY)
        let info: Glibc.stat
        do {
            info = try SystemCall.status(of: fd, path: path)
        } catch {
            SystemCall.close(fd)
            throw error
        }
        self.identity = FileIdentity(info)
        self.fd = fd
    }

    /// Calls `body` with each entry's name (without `.` and `..`) and its kind as the folder
    /// says it (nil when the file system does not say: `stat` it). A read that fails part-way
    /// ends the listing (what was listed stays listed).
    package func forEach(_ body: (_ name: UnsafeRawBufferPointer, _ kind: FileKind?) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = csystem_getdents64(fd, buffer.baseAddress, UInt(buffer.count))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            var offset = 0
            // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
            while offset + 19 < count {
                let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt16.self))
                guard length > 19, offset + length <= count else { return }
                let type = buffer[offset + 18]
                let kind: FileKind?
                switch Int32(type) {
                case Int32(DT_DIR): kind = .directory
                case Int32(DT_LNK): kind = .symbolicLink
                case Int32(DT_REG): kind = .regular
                case Int32(DT_UNKNOWN): kind = nil
                default: kind = .other
                }
                let raw = UnsafeRawBufferPointer(rebasing: buffer[(offset + 19)..<(offset + length)])
                let nameLength = raw.firstIndex(of: 0) ?? raw.count
                let name = UnsafeRawBufferPointer(rebasing: raw[..<nameLength])
                offset += length
                if name.count == 1 && name[0] == UInt8(ascii: ".") { continue }
                if name.count == 2 && name[0] == UInt8(ascii: ".") && name[1] == UInt8(ascii: ".") { continue }
                body(name, kind)
            }
        }
    }

    /// `stat` of an entry, following links; `path` names it in errors.
    package func status(of name: String, path: String) throws(SystemError) -> FileStatus {
        var info = Glibc.stat()
        _ = try SystemCall.retrying("stat", path) { () -> Int32 in
            PathName.withCString(name) { fstatat(fd, $0, &info, 0) }
        }
        return FileStatus(info)
    }

    deinit { SystemCall.close(fd) }
}
