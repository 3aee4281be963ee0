/// When usage happened: quarter-hour buckets per series and branch (the calendar periods,
/// budgets and branch costs), per-session totals, the five-hour block chain, and the last
/// usage-limit reset a transcript announced.
///
/// It grows with the hours that saw usage and with sessions, not with requests: a quarter
/// hour of one series costs one bucket however many requests it held.
public struct UsageTimeline: Sendable {
    public internal(set) var buckets: [TimeBucketKey: BucketTotals] = [:]
    /// Branch names by id; id 0 is "no branch".
    public internal(set) var branchNames: [String] = [""]
    private var branchIndex: [String: UInt32] = ["": 0]
    public internal(set) var sessionKeys: [SessionKey] = []
    public internal(set) var sessions: [SessionTotals] = []
    private var sessionIndex: [SessionKey: SessionID] = [:]
    var blocks = BlockTracker()
    /// The latest reset time (Unix seconds) of a `Claude AI usage limit reached|<seconds>` notice.
    public internal(set) var limitResetSeconds: Int64?

    public init() {}

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
        newRequest: Bool, inBlocks: Bool
    ) {
        let key = TimeBucketKey(quarter: TimeBucketKey.quarter(of: millis), series: series, branch: branch)
        buckets[key, default: BucketTotals()].tokens += tokens
        buckets[key, default: BucketTotals()].costUSD += costUSD
        if newRequest { buckets[key, default: BucketTotals()].requests += 1 }
        if let session {
            let index = Int(session)
            sessions[index].tokens += tokens.total
            sessions[index].costUSD += costUSD
            if newRequest { sessions[index].requests += 1 }
            sessions[index].lastMillis = max(sessions[index].lastMillis, millis)
        }
        if inBlocks { blocks.add(BlockEntry(millis: millis, tokens: tokens.total, costUSD: costUSD)) }
    }

    // MARK: state

    func encode(into writer: inout StateWriter) {
        writer.write(branchNames.count)
        for name in branchNames { writer.write(name) }
        let keys = buckets.keys.sorted { ($0.quarter, $0.series, $0.branch) < ($1.quarter, $1.series, $1.branch) }
        writer.write(keys.count)
        for key in keys {
            let totals = buckets[key]!
            writer.write(key.quarter)
            writer.write(key.series)
            writer.write(key.branch)
            writer.write(totals.tokens)
            writer.write(totals.costUSD)
            writer.write(totals.requests)
        }
        writer.write(sessionKeys.count)
        for (key, totals) in zip(sessionKeys, sessions) {
            for text in [key.source, key.project, key.sessionID, key.gitBranch] { writer.write(text) }
            writer.write(totals.tokens)
            writer.write(totals.costUSD)
            writer.write(totals.requests)
            writer.write(totals.lastMillis)
        }
        blocks.encode(into: &writer)
        writer.write(limitResetSeconds ?? .min)
    }

    static func decode(from reader: inout StateReader, seriesCount: Int) throws(StateError) -> UsageTimeline {
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
        for _ in 0..<(try reader.readCount(minimumItemBytes: 8 + 4 + 4 + 40 + 8 + 8)) {
            let key = TimeBucketKey(
                quarter: try reader.readInt64(), series: try reader.readUInt32(), branch: try reader.readUInt32())
            guard Int(key.series) < seriesCount, Int(key.branch) < timeline.branchNames.count else {
                throw .invalid("a time bucket for series \(key.series), branch \(key.branch)")
            }
            var totals = BucketTotals()
            totals.tokens = try reader.readTokens()
            totals.costUSD = try reader.readDouble()
            totals.requests = try reader.readUInt64()
            timeline.buckets[key] = totals
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
        timeline.blocks = try BlockTracker.decode(from: &reader)
        let reset = try reader.readInt64()
        timeline.limitResetSeconds = reset == .min ? nil : reset
        return timeline
    }
}
