import Glibc

/// Whole-file reads for small inputs (price files, config), never for logs.
public enum FileBytes {
    public static func read(_ path: String, limit: Int = 256 << 20) throws(SystemError) -> [UInt8] {
        let fd = try SystemCall.open(path)
        defer { close(fd) }
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

    public static func isDirectory(_ path: String) -> Bool {
        guard let info = try? SystemCall.status(path) else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }
}
