/// The state of one configured source path, for the landing page and logs.
public struct SourceStatus: Equatable, Sendable {
    public enum State: Equatable, Sendable {
        case ok
        /// The path does not exist (yet); it is picked up when it appears.
        case missing
        case error(String)
    }

    public var source: String
    public var path: String
    public var state: State
    public var files: Int

    public init(source: String, path: String, state: State, files: Int) {
        self.source = source
        self.path = path
        self.state = state
        self.files = files
    }
}
