/// Parses ISO 8601 / RFC 3339 timestamps from bytes, without Foundation's formatters.
package enum ISO8601Timestamp {
    /// Unix milliseconds of `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`; nil if malformed.
    /// A time without a zone is taken as UTC (Claude Code always writes `Z`).
    package static func parseMillis(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = bytes.count
        guard count >= 19 else { return nil }
        @inline(__always) func digits(_ at: Int, _ length: Int) -> Int? {
            var value = 0
            for i in at..<(at &+ length) {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int(digit)
            }
            return value
        }
        guard let year = digits(0, 4), bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = digits(8, 2),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            let hour = digits(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            bytes[16] == UInt8(ascii: ":"), let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24,
            minute < 60, second <= 60
        else { return nil }

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
                guard count - index >= 4, let offsetHours = digits(index, 2) else { return nil }
                index += 2
                if bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard count - index >= 2, let offsetMinutes = digits(index, 2), offsetHours < 24, offsetMinutes < 60
                else { return nil }
                index += 2
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                return nil
            }
        }
        guard index == count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Int64(seconds) * 1000 + Int64(millis)
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
