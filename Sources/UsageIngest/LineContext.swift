/// The session and git branch a transcript line was written in. Lines refer to these by
/// index (``ClaudeCodeLine/context``): a file has few, and a string per line would cost a
/// retain and a release on every copy.
public struct LineContext: Equatable, Sendable {
    public var sessionID: String?
    public var gitBranch: String?

    public init(sessionID: String?, gitBranch: String?) {
        self.sessionID = sessionID
        self.gitBranch = gitBranch
    }
}
