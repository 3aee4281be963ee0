import Glibc

/// The standard `process_*` metrics, read from `/proc/self` at scrape time.
package struct ProcessMetrics: Equatable, Sendable {
    package var cpuSeconds: Double
    package var residentBytes: UInt64
    package var virtualBytes: UInt64
    /// The address-space limit (`RLIMIT_AS`); 2^64 - 1 when there is none, as Go's client reports it.
    package var virtualMaxBytes: Double
    package var openFDs: UInt64
    package var maxFDs: UInt64
    package var startTimeSeconds: Double

    /// Reads the current process's figures; nil where `/proc` is not available.
    package static func current() -> ProcessMetrics? {
        guard let stat = readFile("/proc/self/stat"), let close = stat.lastIndex(of: UInt8(ascii: ")")) else {
            return nil
        }
        // Fields after the command name, which may itself hold spaces and parentheses.
        let fields = stat[(close + 2)...].split(separator: UInt8(ascii: " ")).map {
            String(decoding: $0, as: UTF8.self)
        }
        // fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
        guard fields.count > 21, let utime = Double(fields[11]), let stime = Double(fields[12]),
            let start = Double(fields[19]), let vsize = UInt64(fields[20]), let rss = UInt64(fields[21])
        else { return nil }
        let ticks = ProcessMetrics.ticksPerSecond
        let pageSize = ProcessMetrics.pageSize
        return ProcessMetrics(
            cpuSeconds: (utime + stime) / ticks,
            residentBytes: rss * pageSize,
            virtualBytes: vsize,
            virtualMaxBytes: maxAddressSpace(),
            openFDs: countOpenFDs(),
            maxFDs: maxOpenFiles(),
            startTimeSeconds: Double(ProcessMetrics.bootTime) + start / ticks
        )
    }

    private static func countOpenFDs() -> UInt64 {
        guard let dir = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(dir) }
        var count: UInt64 = 0
        while let entry = readdir(dir) {
            if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
        }
        // The descriptor opendir itself holds is not one of ours.
        return count > 0 ? count - 1 : 0
    }

    private static func maxAddressSpace() -> Double {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0 else { return 0 }
        return limit.rlim_cur == rlim_t.max ? Double(UInt64.max) : Double(limit.rlim_cur)
    }

    private static func maxOpenFiles() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        return UInt64(limit.rlim_cur)
    }

    // Constant for the life of the process: read once, not on every scrape.
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    private static let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
    private static let bootTime = readBootTime()

    private static func readBootTime() -> UInt64 {
        guard let text = readFile("/proc/stat") else { return 0 }
        for line in text.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("btime ".utf8)) {
            return UInt64(String(decoding: line.dropFirst(6), as: UTF8.self)) ?? 0
        }
        return 0
    }

    /// A small /proc file in full (their size from stat is 0, so read until EOF).
    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}
