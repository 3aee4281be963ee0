import UsageSystem

/// `YYYY-MM-DDTHH:MM:SSZ` of a Unix time in milliseconds.
package enum UTCTime {
    package static func iso(_ millis: Int64) -> String {
        let (year, month, day, time, _) = UTCDate.parts(millis)
        func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return PeriodCalendar.isoDate((Int(year), Int(month), Int(day))) + "T" + pad(time / 3600) + ":"
            + pad(time / 60 % 60) + ":" + pad(time % 60) + "Z"
    }
}
