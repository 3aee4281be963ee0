/// Joins prompt audits without an actual count to the team usage record of the same session,
/// whichever of the two is read first.
///
/// Both sides are bounded: audits wait in a buffer of at most `maxPending` (the oldest is
/// dropped and counted when it is full), and the actual counts of at most `maxSessions`
/// recent sessions are remembered for audits that come later.
struct EstimationJoin: Equatable, Sendable {
    static let maxPending = 10_000
    static let maxSessions = 100_000

    /// Waiting audits by arrival number: (session, estimated tokens).
    private var waiting: [UInt64: Waiting] = [:]
    /// Arrival numbers of the waiting audits, by session.
    private var waitingBySession: [String: [UInt64]] = [:]
    private var nextArrival: UInt64 = 0
    /// No waiting audit arrived before this number.
    private var oldestArrival: UInt64 = 0
    /// Actual token counts of recent sessions' usage records, and their arrival order.
    private var actuals: [String: UInt64] = [:]
    private var actualsOrder: [String] = []
    private var actualsHead = 0

    private struct Waiting: Equatable, Sendable {
        var session: String
        var estimated: UInt64
    }

    var pendingCount: Int { waiting.count }

    /// An audit without an actual count: the actual if the session's record was already read,
    /// else nil and the audit waits. `dropped` tells whether the oldest waiting audit made room.
    mutating func audit(session: String, estimated: UInt64) -> (actual: UInt64?, dropped: Bool) {
        if let actual = actuals[session] { return (actual, false) }
        var dropped = false
        if waiting.count >= EstimationJoin.maxPending {
            while waiting[oldestArrival] == nil { oldestArrival += 1 }
            let oldest = waiting.removeValue(forKey: oldestArrival)!
            waitingBySession[oldest.session]?.removeFirst()
            if waitingBySession[oldest.session]?.isEmpty == true { waitingBySession[oldest.session] = nil }
            dropped = true
        }
        waiting[nextArrival] = Waiting(session: session, estimated: estimated)
        waitingBySession[session, default: []].append(nextArrival)
        nextArrival += 1
        return (nil, dropped)
    }

    /// A usage record's actual count: returns the estimates that were waiting for it, oldest first.
    mutating func record(session: String, actual: UInt64) -> [UInt64] {
        if actuals.updateValue(actual, forKey: session) == nil {
            actualsOrder.append(session)
            if actualsOrder.count - actualsHead > EstimationJoin.maxSessions {
                actuals[actualsOrder[actualsHead]] = nil
                actualsHead += 1
                if actualsHead > 4096, actualsHead * 2 > actualsOrder.count {
                    actualsOrder.removeFirst(actualsHead)
                    actualsHead = 0
                }
            }
        }
        guard let arrivals = waitingBySession.removeValue(forKey: session) else { return [] }
        return arrivals.map { waiting.removeValue(forKey: $0)!.estimated }
    }

    // MARK: state

    /// Waiting audits in arrival order, for the state file.
    var savedPending: [(session: String, estimated: UInt64)] {
        waiting.keys.sorted().map { (waiting[$0]!.session, waiting[$0]!.estimated) }
    }

    /// Remembered sessions, oldest first.
    var savedActuals: [(session: String, actual: UInt64)] {
        actualsOrder[actualsHead...].map { ($0, actuals[$0]!) }
    }

    static func restored(pending: [(String, UInt64)], actuals: [(String, UInt64)]) -> EstimationJoin {
        var join = EstimationJoin()
        for (session, actual) in actuals { _ = join.record(session: session, actual: actual) }
        for (session, estimated) in pending { _ = join.audit(session: session, estimated: estimated) }
        return join
    }
}
