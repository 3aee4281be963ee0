import Glibc
import Synchronization

/// Where the current day, week and month begin and end in a time zone, across DST changes.
///
/// The C library does the zone arithmetic (`localtime_r`, `mktime`) from the system's zone
/// database, so no calendar library is loaded. Its zone is process-wide state (`TZ`), so
/// every computation takes one process-wide lock and sets the zone it needs.
package struct PeriodCalendar: Sendable {
    /// The IANA name, or nil for the system's zone (`TZ` as the process started, else `/etc/localtime`).
    package let zoneName: String?
    package let weekStartsMonday: Bool

    /// A zone by IANA name (`Europe/Berlin`, `UTC`); nil for a name the zone database lacks.
    package init?(zoneName: String, weekStartsMonday: Bool = true) {
        guard PeriodCalendar.zoneExists(zoneName) else { return nil }
        self.zoneName = zoneName
        self.weekStartsMonday = weekStartsMonday
    }

    private init(system weekStartsMonday: Bool) {
        self.zoneName = nil
        self.weekStartsMonday = weekStartsMonday
    }

    /// The system's zone.
    package static func system(weekStartsMonday: Bool = true) -> PeriodCalendar {
        PeriodCalendar(system: weekStartsMonday)
    }

    /// The period holding `millis`, as Unix milliseconds `[start, end)`.
    package func interval(of period: Period, at millis: Int64) -> (start: Int64, end: Int64) {
        let seconds = PeriodCalendar.seconds(millis)
        return PeriodCalendar.zoneLock.withLock { current in
            PeriodCalendar.select(zoneName, current: &current)
            var now = seconds
            var local = tm()
            localtime_r(&now, &local)
            var start = local
            start.tm_hour = 0
            start.tm_min = 0
            start.tm_sec = 0
            start.tm_isdst = -1
            switch period {
            case .day: break
            case .week:
                let first: Int32 = weekStartsMonday ? 1 : 0
                start.tm_mday -= (local.tm_wday - first + 7) % 7
            case .month: start.tm_mday = 1
            }
            var end = start
            switch period {
            case .day: end.tm_mday += 1
            case .week: end.tm_mday += 7
            case .month: end.tm_mon += 1
            }
            return (Int64(mktime(&start)) * 1000, Int64(mktime(&end)) * 1000)
        }
    }

    /// The local calendar date (year, month, day) at `millis`.
    package func date(at millis: Int64) -> (year: Int, month: Int, day: Int) {
        var seconds = PeriodCalendar.seconds(millis)
        return PeriodCalendar.zoneLock.withLock { current in
            PeriodCalendar.select(zoneName, current: &current)
            var local = tm()
            localtime_r(&seconds, &local)
            return (Int(local.tm_year) + 1900, Int(local.tm_mon) + 1, Int(local.tm_mday))
        }
    }

    /// `YYYY-MM-DD` of a calendar date.
    package static func isoDate(_ date: (year: Int, month: Int, day: Int)) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
    }

    /// Local midnight of a calendar date, in Unix milliseconds.
    package func midnight(year: Int, month: Int, day: Int) -> Int64 {
        PeriodCalendar.zoneLock.withLock { current in
            PeriodCalendar.select(zoneName, current: &current)
            var local = tm()
            local.tm_year = Int32(year - 1900)
            local.tm_mon = Int32(month - 1)
            local.tm_mday = Int32(day)
            local.tm_isdst = -1
            return Int64(mktime(&local)) * 1000
        }
    }

    /// Unix seconds, rounded down, of a time in milliseconds (clamped to years the C library can hold).
    private static func seconds(_ millis: Int64) -> time_t {
        let clamped = min(max(millis, -(1 << 52)), 1 << 52)
        return time_t(clamped >= 0 ? clamped / 1000 : (clamped - 999) / 1000)
    }

    /// The zone the C library currently uses: `nil` until first set, then the name or "" for the system's.
    private static let zoneLock = Mutex<String?>(nil)
    /// `TZ` as the process started.
    private static let originalTZ: String? = getenv("TZ").map { String(cString: $0) }

    private static func select(_ name: String?, current: inout String?) {
        let wanted = name ?? ""
        guard current != wanted else { return }
        if let name {
            setenv("TZ", ":" + name, 1)
        } else if let original = originalTZ {
            setenv("TZ", original, 1)
        } else {
            unsetenv("TZ")
        }
        tzset()
        current = wanted
    }

    /// True when the zone database has a zone of that name (a TZif file under `TZDIR` or
    /// `/usr/share/zoneinfo`); the C library would silently use UTC for an unknown one.
    static func zoneExists(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else { return false }
        let directory = getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo"
        let fd = open(directory + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        return count == 4 && magic == Array("TZif".utf8)
    }
}
