/// One agent session: the labels of `llm_usage_session_cost_usd`.
public struct SessionKey: Hashable, Comparable, Sendable {
    public var source: String
    public var project: String
    public var sessionID: String
    public var gitBranch: String

    public init(source: String, project: String, sessionID: String, gitBranch: String) {
        self.source = source
        self.project = project
        self.sessionID = sessionID
        self.gitBranch = gitBranch
    }

    public static func < (lhs: SessionKey, rhs: SessionKey) -> Bool {
        (lhs.source, lhs.project, lhs.sessionID, lhs.gitBranch) < (
            rhs.source, rhs.project, rhs.sessionID, rhs.gitBranch
        )
    }
}

/// An interned ``SessionKey``.
public typealias SessionID = UInt32
