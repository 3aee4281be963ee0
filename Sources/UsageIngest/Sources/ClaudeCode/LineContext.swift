/// The session and git branch a transcript line was written in. Lines refer to these by
/// index (``ClaudeCodeLine/context``): a file has few, and a string per line would cost a
/// retain and a release on every copy.
package struct LineContext: Equatable, Sendable {
    package var sessionID: String?
    package var gitBranch: String?

    package init(sessionID: String?, gitBranch: String?) {
        self.sessionID = sessionID
        self.gitBranch = gitBranch
    }
}
