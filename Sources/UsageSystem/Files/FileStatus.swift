import Glibc

/// What `stat` says of a file, in the exporter's terms.
package struct FileStatus: Equatable, Sendable {
    package var identity: FileIdentity
    package var size: UInt64
    /// Modification time, nanoseconds since 1970.
    package var modifiedNanos: Int64
    package var kind: FileKind

    init(_ info: Glibc.stat) {
        identity = FileIdentity(info)
        size = UInt64(max(0, info.st_size))
        modifiedNanos = FileIdentity.modificationNanos(info)
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
    }

    /// Its version: identity, size and modification time.
    package var fingerprint: FileFingerprint {
        FileFingerprint(identity: identity, size: Int64(size), modifiedNanos: modifiedNanos)
    }
}
