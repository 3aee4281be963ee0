import Glibc
import Synchronization

/// The system's zone database, through the C library (`localtime_r`, `mktime`): no calendar
/// library is loaded. The C library's zone is process state (`TZ`), so every conversion takes
/// one process-wide lock and sets the zone it needs.
package enum SystemZone {
    /// True when the zone database has a zone of that name (a TZif file under `TZDIR` or
    /// `/usr/share/zoneinfo`); the C library would silently use UTC for an unknown one.
    package static func exists(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else { return false }
        let directory = getenv("TZDIR").map { String(cString: $0) } ?? "/usr/share/zoneinfo"
        return FileSystem.head(directory + "/" + name, count: 4) == Array("TZif".utf8)
    }

    /// The local time at `seconds` since 1970 in `zone` (nil: the system's zone).
    package static func local(atSeconds seconds: Int64, zone: String?) -> LocalTime {
        var now = time_t(clamp(seconds))
        return lock.withLock { current in
            select(zone, current: &current)
            var local = tm()
            localtime_r(&now, &local)
            return LocalTime(
                year: Int(local.tm_year) + 1900, month: Int(local.tm_mon) + 1, day: Int(local.tm_mday),
                hour: Int(local.tm_hour), minute: Int(local.tm_min), second: Int(local.tm_sec),
                weekday: Int(local.tm_wday))
        }
    }

    /// Seconds since 1970 of a local time in `zone`, its fields normalised (DST as it applies there).
    package static func seconds(of time: LocalTime, zone: String?) -> Int64 {
        lock.withLock { current in
            select(zone, current: &current)
            var local = tm()
            local.tm_year = Int32(clamping: time.year - 1900)
            local.tm_mon = Int32(clamping: time.month - 1)
            local.tm_mday = Int32(clamping: time.day)
            local.tm_hour = Int32(clamping: time.hour)
            local.tm_min = Int32(clamping: time.minute)
            local.tm_sec = Int32(clamping: time.second)
            local.tm_isdst = -1
            return Int64(mktime(&local))
        }
    }

    /// Years the C library can hold.
    private static func clamp(_ seconds: Int64) -> Int64 { min(max(seconds, -(1 << 42)), 1 << 42) }

    /// The zone the C library currently uses: `nil` until first set, then the name or "" for the system's.
    private static let lock = Mutex<String?>(nil)
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
}
