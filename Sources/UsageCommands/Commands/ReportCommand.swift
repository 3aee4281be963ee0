import UsageExposition
import UsageIngest
import UsageModel
import UsageRuntime
import UsageSystem

/// `llm-usage-exporter report`: usage per day, week, month or session, from the same ledger
/// the exporter keeps. When the exporter's saved state is there it is read (without taking
/// its lock or changing it) and brought up to date from the files, so history Claude Code
/// has deleted is still reported; else the files are read from their start.
enum ReportCommand {
    static func run(_ exporter: Exporter, _ report: ReportOptions, now: Int64, color: Bool) throws(UsageError) -> String
    {
        var ledger = try exporter.makeLedger()
        var sources = exporter.makeSources()
        if let dir = exporter.stateDir {
            let persistence = StatePersistence(
                store: StateStore(directory: dir), lock: nil, saveIntervalMillis: 0, logger: exporter.logger)
            if let restored = persistence.restore(into: sources, like: ledger, readOnly: true) {
                ledger = restored
            } else {
                sources = exporter.makeSources()
            }
        }
        let settings = exporter.viewSettings
        let calendar = settings.calendar
        // From a date on, files last changed before it hold nothing to report: not read.
        if let since = report.since.flatMap(parseDate), report.kind != .session, report.kind != .blocks {
            let start = calendar.midnight(year: since.0, month: since.1, day: since.2)
            for source in sources { source.skipFilesModifiedBefore = start * 1_000_000 }
        }
        ledger.advanceClock(to: now)
        Ingestor.catchUp(sources, ledger: &ledger)
        if report.kind == .session { return sessions(ledger, report, calendar) }
        if report.kind == .blocks { return blocks(ledger.blockReport(at: now), report) }

        let period: Period = report.kind == .daily ? .day : report.kind == .weekly ? .week : .month
        let since = report.since.flatMap(parseDate).map { calendar.midnight(year: $0.0, month: $0.1, day: $0.2) }
        let until = report.until.flatMap(parseDate).map { calendar.midnight(year: $0.0, month: $0.1, day: $0.2 + 1) }
        let groups = report.groups.compactMap(ReportGroup.init(rawValue:))
        let rows = ledger.periodReport(period, calendar: calendar, groups: groups, since: since, until: until)
        var total = ReportRow(period: "total", groups: groups.map { _ in "" })
        for row in rows {
            total.tokens += row.tokens
            total.costUSD += row.costUSD
            total.requests += row.requests
        }
        let budgets = ledger.views(at: now, settings: settings).budgets.filter { $0.budget.period == period }
        let names = ["period"] + report.groups
        let header =
            names + ["input", "output", "cache_creation", "cache_read", "total_tokens", "cost_usd", "requests"]
        func cells(_ row: ReportRow) -> [String] {
            [row.period] + row.groups + [
                String(row.tokens.input), String(row.tokens.output),
                String(row.tokens.cacheWrite5m + row.tokens.cacheWrite1h), String(row.tokens.cacheRead),
                String(row.tokens.total), ExpositionWriter.format(row.costUSD), String(row.requests),
            ]
        }
        func level(_ ratio: Double) -> String {
            ratio >= settings.criticalRatio ? "critical" : ratio >= settings.warningRatio ? "warning" : "ok"
        }
        switch report.format {
        case .json:
            func object(_ row: ReportRow) -> String {
                "{"
                    + zip(header, cells(row)).enumerated().map { index, pair in
                        "\(JSONLiteral.string(pair.0)): \(index < names.count ? JSONLiteral.string(pair.1) : pair.1)"
                    }.joined(separator: ", ") + "}"
            }
            let budgetObjects = budgets.map { budget, used in
                "{\"period\": \"\(budget.period.rawValue)\", \"scope\": \"\(budget.scope.rawValue)\", \"scope_value\": \(JSONLiteral.string(budget.scopeValue)), \"used_usd\": \(ExpositionWriter.format(used)), \"budget_usd\": \(ExpositionWriter.format(budget.amountUSD)), \"ratio\": \(ExpositionWriter.format(used / budget.amountUSD)), \"level\": \"\(level(used / budget.amountUSD))\"}"
            }
            return """
                {"report": "\(report.kind.rawValue)", "time_zone": \(JSONLiteral.string(calendar.zoneName ?? "system")), "group_by": [\(report.groups.map(JSONLiteral.string).joined(separator: ", "))],
                 "rows": [\(rows.map { "\n  " + object($0) }.joined(separator: ","))\(rows.isEmpty ? "" : "\n ")],
                 "totals": \(object(total)),
                 "budgets": [\(budgetObjects.joined(separator: ", "))]}

                """
        case .csv:
            return ([header] + rows.map(cells) + [cells(total)]).map { $0.map(csvField).joined(separator: ",") }
                .joined(separator: "\n") + "\n"
        case .table:
            var text = table(
                [header.map { $0.uppercased().replacingUnderscores() }] + rows.map(cells) + [cells(total)],
                numericFrom: names.count)
            for (budget, used) in budgets {
                let ratio = used / budget.amountUSD
                let mark = level(ratio)
                let scope = budget.scope == .global ? "global" : "\(budget.scope.rawValue) \(budget.scopeValue)"
                let shown = color && mark != "ok" ? "\u{1B}[\(mark == "critical" ? "31" : "33")m\(mark)\u{1B}[0m" : mark
                text +=
                    "budget \(budget.period.rawValue) \(scope): \(TextTable.dollars(used)) / \(TextTable.dollars(budget.amountUSD)) (\(Int((ratio * 100).rounded()))%) \(shown)\n"
            }
            return text
        }
    }

    private static func sessions(_ ledger: UsageLedger, _ report: ReportOptions, _ calendar: PeriodCalendar) -> String {
        let header = [
            "source", "project", "session_id", "git_branch", "last_activity", "total_tokens", "cost_usd", "requests",
        ]
        let sessions = ledger.sessionReport
        let rows = sessions.map { key, totals in
            let date = calendar.date(at: totals.lastMillis)
            return [
                key.source, key.project, key.sessionID, key.gitBranch, PeriodCalendar.isoDate(date),
                String(totals.tokens), ExpositionWriter.format(totals.costUSD), String(totals.requests),
            ]
        }
        let total = [
            "total", "", "", "", "", String(sessions.reduce(0) { $0 + $1.totals.tokens }),
            ExpositionWriter.format(sessions.reduce(0) { $0 + $1.totals.costUSD }),
            String(sessions.reduce(0) { $0 + $1.totals.requests }),
        ]
        func object(_ cells: [String]) -> String {
            "{"
                + zip(header, cells).enumerated().map { index, pair in
                    "\(JSONLiteral.string(pair.0)): \(index < 5 ? JSONLiteral.string(pair.1) : pair.1)"
                }.joined(separator: ", ") + "}"
        }
        switch report.format {
        case .csv:
            return ([header] + rows + [total]).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n")
                + "\n"
        case .json:
            return "{\"report\": \"session\", \"rows\": [\n" + rows.map { "  " + object($0) }.joined(separator: ",\n")
                + "\n], \"totals\": " + object(total) + "}\n"
        case .table:
            return table([header.map { $0.uppercased().replacingUnderscores() }] + rows + [total], numericFrom: 5)
        }
    }

    private static func blocks(_ blocks: [BlockSummary], _ report: ReportOptions) -> String {
        let header = ["start", "end", "active", "total_tokens", "cost_usd"]
        let rows = blocks.map { block in
            [
                UTCTime.iso(block.startMillis), UTCTime.iso(block.endMillis), block.active ? "true" : "false",
                String(block.tokens), ExpositionWriter.format(block.costUSD),
            ]
        }
        switch report.format {
        case .csv:
            return ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        case .json:
            let objects = rows.map { cells in
                "  {\"start\": \"\(cells[0])\", \"end\": \"\(cells[1])\", \"active\": \(cells[2]), \"total_tokens\": \(cells[3]), \"cost_usd\": \(cells[4])}"
            }
            return "{\"report\": \"blocks\", \"rows\": [\n" + objects.joined(separator: ",\n") + "\n]}\n"
        case .table:
            return table([header.map { $0.uppercased().replacingUnderscores() }] + rows, numericFrom: 3)
        }
    }

    /// Columns aligned: words left, numbers (from column `numericFrom`) right.
    private static func table(_ rows: [[String]], numericFrom: Int) -> String {
        TextTable.render(rows) { $0 >= numericFrom }
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// `YYYY-MM-DD` as (year, month, day); nil when it is not a valid date.
    static func parseDate(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1] ? (year, month, day) : nil
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }

}
