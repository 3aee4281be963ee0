/// Parses ISO 8601 / RFC 3339 timestamps from bytes, without Foundation's formatters.
package enum ISO8601Timestamp {
    /// The last `YYYY-MM-DDTHH:MM` read, with its Unix seconds: the lines of a file mostly
    /// share it, so their times are read from the seconds on.
    package struct Minute: Sendable {
        var head = (UInt64(0), UInt64(0))
        /// Nil until a minute is read: no bytes stand for one before that.
        var seconds: Int?

        package init() {}

        init(head: (UInt64, UInt64), seconds: Int) {
            self.head = head
            self.seconds = seconds
        }
    }

    /// Unix milliseconds of `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`; nil if malformed.
    /// A time without a zone is taken as UTC (Claude Code always writes `Z`).
    package static func parseMillis(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 19, let minute = minuteSeconds(bytes) else { return nil }
        return millis(bytes, minuteSeconds: minute)
    }

    /// ``parseMillis(_:)``, the date and the minute taken from `minute` when they are the same
    /// bytes as the last time's.
    @inline(__always)
    package static func parseMillis(_ bytes: UnsafeBufferPointer<UInt8>, minute: inout Minute) -> Int64? {
        guard bytes.count >= 19, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let head = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if let seconds = minute.seconds, head == minute.head { return millis(bytes, minuteSeconds: seconds) }
        guard let seconds = minuteSeconds(bytes) else { return nil }
        minute = Minute(head: head, seconds: seconds)
        return millis(bytes, minuteSeconds: seconds)
    }

    @inline(__always)
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ length: Int) -> Int? {
        var value = 0
        for i in at..<(at &+ length) {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }

    /// The Unix seconds of `YYYY-MM-DDTHH:MM` (the first 16 of at least 19 bytes); nil if malformed.
    private static func minuteSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let year = digits(bytes, 0, 4), bytes[4] == UInt8(ascii: "-"), let month = digits(bytes, 5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = digits(bytes, 8, 2),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            let hour = digits(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(bytes, 14, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24,
            minute < 60
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
    }

    /// The milliseconds of a time whose minute is `minuteSeconds`: `:SS`, a fraction and a
    /// zone from byte 16 on; nil if malformed.
    private static func millis(_ bytes: UnsafeBufferPointer<UInt8>, minuteSeconds: Int) -> Int64? {
        let count = bytes.count
        guard bytes[16] == UInt8(ascii: ":"), let second = digits(bytes, 17, 2), second <= 60 else { return nil }
        var index = 19
        var millis = 0
        if index < count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            // Milliseconds are the first three digits of the fraction; further ones are dropped.
            var fractionDigits = 0
            while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
                if fractionDigits < 3 { millis = millis &* 10 &+ Int(bytes[index] &- UInt8(ascii: "0")) }
                fractionDigits &+= 1
                index &+= 1
            }
            guard fractionDigits > 0 else { return nil }
            while fractionDigits < 3 {
                millis &*= 10
                fractionDigits &+= 1
            }
        }
        var offsetSeconds = 0
        if index < count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard count - index >= 4, let offsetHours = digits(bytes, index, 2) else { return nil }
                index += 2
                if bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard count - index >= 2, let offsetMinutes = digits(bytes, index, 2), offsetHours < 24,
                    offsetMinutes < 60
                else { return nil }
                index += 2
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                return nil
            }
        }
        guard index == count else { return nil }
        return Int64(minuteSeconds + second - offsetSeconds) * 1000 + Int64(millis)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
