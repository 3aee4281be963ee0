import Glibc

extension FileIdentity {
    /// The identity `stat` reports for a file.
    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The modification time `stat` reports, in nanoseconds.
    static func modificationNanos(_ info: stat) -> Int64 {
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
