/// When usage happened: quarter-hour buckets per series and branch (the calendar periods,
/// budgets, branch costs and five-hour blocks are sums over them), per-session totals, and
/// the last usage-limit reset a transcript announced.
///
/// It grows with the quarter hours that saw usage and with sessions, not with requests:
/// consecutive requests of one file land in one bucket, which is kept aside and merged into
/// the table only when the next request falls elsewhere, so most requests cost no lookup.
package struct UsageTimeline: Sendable {
    /// The closed buckets: a ``SegmentedTable`` (88 bytes a slot, 64-80 % full), which grows
    /// without faulting its memory in again as a doubling `Dictionary` did (a tenth of the
    /// cold scan's page faults on the mixed 1.2 GB corpus, 100,000 buckets).
    private var stored = SegmentedTable<TimeBucketKey, BucketTotals>()
    private var openKey: TimeBucketKey?
    private var open = BucketTotals()
    /// Branch names by id; id 0 is "no branch".
    package internal(set) var branchNames: [String] = [""]
    private var branchIndex: [String: UInt32] = ["": 0]
    package internal(set) var sessionKeys: [SessionKey] = []
    package internal(set) var sessions: [SessionTotals] = []
    private var sessionIndex: [SessionKey: SessionID] = [:]
    /// The latest reset time (Unix seconds) of a `Claude AI usage limit reached|<seconds>` notice.
    package internal(set) var limitResetSeconds: Int64?
    /// Buckets before this quarter hour have been folded into UTC half hours.
    private var foldedBefore: Int64 = .min

    /// Quarter hours kept at full resolution: the current month and week in any zone, and more.
    static let detailedQuarters: Int64 = 40 * 96

    package init() {}

    /// Every bucket, the open one merged in.
    package var buckets: [TimeBucketKey: BucketTotals] {
        Dictionary(uniqueKeysWithValues: bucketList)
    }

    /// Every bucket once, the open one merged in, in the table's order.
    private var bucketList: [(key: TimeBucketKey, totals: BucketTotals)] {
        var all: [(key: TimeBucketKey, totals: BucketTotals)] = []
        all.reserveCapacity(stored.count + 1)
        var openMerged = openKey == nil
        stored.forEach { key, totals in
            var totals = totals
            if key == openKey {
                totals.add(open)
                openMerged = true
            }
            all.append((key, totals))
        }
        if !openMerged, let openKey { all.append((openKey, open)) }
        return all
    }

    mutating func branch(_ name: String) -> UInt32 {
        if let id = branchIndex[name] { return id }
        let id = UInt32(branchNames.count)
        branchNames.append(name)
        branchIndex[name] = id
        return id
    }

    mutating func session(_ key: SessionKey) -> SessionID {
        if let id = sessionIndex[key] { return id }
        let id = SessionID(sessions.count)
        sessionKeys.append(key)
        sessions.append(SessionTotals())
        sessionIndex[key] = id
        return id
    }

    /// Adds what a record added to the counters, at its time.
    mutating func record(
        series: SeriesID, session: SessionID?, branch: UInt32, millis: Int64, tokens: TokenCounts, costUSD: Double,
        newRequest: Bool
    ) {
        var quarter = TimeBucketKey.quarter(of: millis)
        // Older than the detailed window: straight into its half hour's bucket.
        if quarter < foldedBefore { quarter -= ((quarter % 2) + 2) % 2 }
        let key = TimeBucketKey(quarter: quarter, series: series, branch: branch)
        if key != openKey {
            closeBucket()
            openKey = key
        }
        open.tokens += tokens
        open.costUSD += costUSD
        if newRequest { open.requests += 1 }
        open.firstMillis = min(open.firstMillis, millis)
        open.lastMillis = max(open.lastMillis, millis)
        if let session {
            let index = Int(session)
            sessions[index].tokens += tokens.total
            sessions[index].costUSD += costUSD
            if newRequest { sessions[index].requests += 1 }
            sessions[index].lastMillis = max(sessions[index].lastMillis, millis)
        }
    }

    /// Adds a series' late cost (requests priced after they were counted) to its buckets, each
    /// in proportion to its tokens at `rates` (by requests where those cost nothing).
    mutating func spread(lateCosts: [SeriesID: (costUSD: Double, rates: TokenRates)]) {
        closeBucket()
        var weights: [SeriesID: (cost: Double, requests: UInt64)] = [:]
        stored.forEach { key, totals in
            guard let late = lateCosts[key.series] else { return }
            weights[key.series, default: (0, 0)].cost += late.rates.cost(of: totals.tokens)
            weights[key.series, default: (0, 0)].requests += totals.requests
        }
        stored.update { key, bucket in
            guard let late = lateCosts[key.series], let weight = weights[key.series] else { return nil }
            let share =
                weight.cost > 0
                ? late.rates.cost(of: bucket.tokens) / weight.cost
                : weight.requests > 0 ? Double(bucket.requests) / Double(weight.requests) : 0
            var spread = bucket
            spread.costUSD += late.costUSD * share
            return spread
        }
    }

    /// Merges the open bucket into the table.
    mutating func closeBucket() {
        guard let key = openKey else { return }
        let closing = open
        stored.modify(key, default: BucketTotals()) { $0.add(closing) }
        openKey = nil
        open = BucketTotals()
    }

    /// Folds buckets older than ``detailedQuarters`` before `now` into one bucket per UTC half
    /// hour, series and branch: at most half the buckets, and still exact days in every zone
    /// whose offset is whole or half hours (all but Nepal's, Chatham's and Eucla's, whose older
    /// days may be off by their quarter hour). Runs at most once per day of `now`; the
    /// calendar periods and blocks never reach that far back.
    mutating func fold(now: Int64) {
        closeBucket()
        let day = UsageTimeline.foldBoundary(now: now)
        guard day > foldedBefore else { return }
        func isFolded(_ key: TimeBucketKey) -> Bool { key.quarter < day && (key.quarter % 2 + 2) % 2 != 0 }
        var folds = false
        stored.forEach { key, _ in folds = folds || isFolded(key) }
        foldedBefore = day
        guard folds else { return }
        // The table cannot remove keys: it is rebuilt, each second quarter into its half hour.
        var folded = SegmentedTable<TimeBucketKey, BucketTotals>(expectedCount: stored.count)
        stored.forEach { key, totals in
            var target = key
            if isFolded(key) { target.quarter -= 1 }
            folded.modify(target, default: BucketTotals()) { $0.add(totals) }
        }
        stored = folded
    }

    /// The first quarter hour still kept at full resolution at `now` (a UTC day start).
    static func foldBoundary(now: Int64) -> Int64 {
        let cutoff = TimeBucketKey.quarter(of: now) - detailedQuarters
        return cutoff - ((cutoff % 96) + 96) % 96
    }

    /// Calls `body` with every stored bucket (the open one not merged in: see ``closeBucket()``).
    func forEachClosedBucket(_ body: (TimeBucketKey, BucketTotals) -> Void) {
        stored.forEach(body)
    }

    // MARK: state

    func encode(into writer: inout StateWriter) {
        writer.write(branchNames.count)
        for name in branchNames { writer.write(name) }
        // Sorted straight from the table: no dictionary built (and hashed) for each save.
        let all = bucketList.sorted {
            ($0.key.quarter, $0.key.series, $0.key.branch) < ($1.key.quarter, $1.key.series, $1.key.branch)
        }
        writer.write(all.count)
        for (key, totals) in all {
            writer.write(key.quarter)
            writer.write(key.series)
            writer.write(key.branch)
            writer.write(totals.tokens)
            writer.write(totals.costUSD)
            writer.write(totals.requests)
            writer.write(totals.firstMillis)
            writer.write(totals.lastMillis)
        }
        writer.write(sessionKeys.count)
        for (key, totals) in zip(sessionKeys, sessions) {
            for text in [key.source, key.project, key.sessionID, key.gitBranch] { writer.write(text) }
            writer.write(totals.tokens)
            writer.write(totals.costUSD)
            writer.write(totals.requests)
            writer.write(totals.lastMillis)
        }
        writer.write(limitResetSeconds ?? .min)
    }

    /// The saved timeline, its series ids mapped through `series` (saved id to restored id:
    /// series merged on restore merge their buckets).
    static func decode(from reader: inout StateReader, series: [SeriesID]) throws(StateError) -> UsageTimeline {
        var timeline = UsageTimeline()
        let branchCount = try reader.readCount(minimumItemBytes: 4)
        guard branchCount >= 1 else { throw .invalid("no branch table") }
        for index in 0..<branchCount {
            let name = try reader.readString()
            if index == 0 {
                guard name.isEmpty else { throw .invalid("branch 0 is \"\(name)\"") }
                continue
            }
            _ = timeline.branch(name)
        }
        for _ in 0..<(try reader.readCount(minimumItemBytes: 8 + 4 + 4 + 40 + 8 + 8 + 16)) {
            let saved = TimeBucketKey(
                quarter: try reader.readInt64(), series: try reader.readUInt32(), branch: try reader.readUInt32())
            guard Int(saved.series) < series.count, Int(saved.branch) < timeline.branchNames.count else {
                throw .invalid("a time bucket for series \(saved.series), branch \(saved.branch)")
            }
            let key = TimeBucketKey(quarter: saved.quarter, series: series[Int(saved.series)], branch: saved.branch)
            var totals = BucketTotals()
            totals.tokens = try reader.readTokens()
            totals.costUSD = try reader.readDouble()
            totals.requests = try reader.readUInt64()
            totals.firstMillis = try reader.readInt64()
            totals.lastMillis = try reader.readInt64()
            timeline.stored.modify(key, default: BucketTotals()) { $0.add(totals) }
        }
        for _ in 0..<(try reader.readCount(minimumItemBytes: 16 + 32)) {
            let key = SessionKey(
                source: try reader.readString(), project: try reader.readString(), sessionID: try reader.readString(),
                gitBranch: try reader.readString())
            let id = timeline.session(key)
            var totals = SessionTotals()
            totals.tokens = try reader.readUInt64()
            totals.costUSD = try reader.readDouble()
            totals.requests = try reader.readUInt64()
            totals.lastMillis = try reader.readInt64()
            timeline.sessions[Int(id)] = totals
        }
        let reset = try reader.readInt64()
        timeline.limitResetSeconds = reset == .min ? nil : reset
        return timeline
    }
}
