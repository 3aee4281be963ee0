/// One agent session: the labels of `llm_usage_session_cost_usd`.
package struct SessionKey: Hashable, Comparable, Sendable {
    package var source: String
    package var project: String
    package var sessionID: String
    package var gitBranch: String

    package init(source: String, project: String, sessionID: String, gitBranch: String) {
        self.source = source
        self.project = project
        self.sessionID = sessionID
        self.gitBranch = gitBranch
    }

    /// The session id alone: it tells sessions apart, and hashing the other three strings too
    /// cost more than the lookup it served (equality still compares all four).
    package func hash(into hasher: inout Hasher) {
        hasher.combine(sessionID)
    }

    package static func < (lhs: SessionKey, rhs: SessionKey) -> Bool {
        (lhs.source, lhs.project, lhs.sessionID, lhs.gitBranch) < (
            rhs.source, rhs.project, rhs.sessionID, rhs.gitBranch
        )
    }
}

/// An interned ``SessionKey``.
package typealias SessionID = UInt32
