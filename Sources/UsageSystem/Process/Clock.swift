import Glibc

/// The clocks: the wall clock for timestamps, the monotonic one for deadlines and durations.
package enum Clock {
    /// The wall clock in Unix milliseconds.
    @Sendable package static func realtimeMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Monotonic milliseconds (since an arbitrary start), for deadlines.
    /// Sleeps `nanoseconds` (a signal may end it early).
    package static func sleep(nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        var time = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        _ = nanosleep(&time, nil)
    }

    package static func monotonicMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
