/// The state of one configured source path, for the landing page and logs.
package struct SourceStatus: Equatable, Sendable {
    package enum State: Equatable, Sendable {
        case ok
        /// The path does not exist (yet); it is picked up when it appears.
        case missing
        case error(String)
    }

    package var source: String
    package var path: String
    package var state: State
    package var files: Int

    package init(source: String, path: String, state: State, files: Int) {
        self.source = source
        self.path = path
        self.state = state
        self.files = files
    }
}
