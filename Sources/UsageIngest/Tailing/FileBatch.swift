import UsageModel
import UsageSystem

/// What a worker read from one file: the file's new state and the decoded lines, applied to
/// the ledger by the ingest thread in file order.
struct FileBatch: Sendable {
    var file: TrackedFile
    var totals = LineReader.Totals()
    var records: [(line: ClaudeCodeLine, number: UInt64)] = []
    var rejections: [(reason: RejectReason, number: UInt64)] = []
    /// The models the records refer to.
    var models: [String] = []
    /// The sessions and branches the records refer to.
    var contexts: [LineContext] = []
    /// The file's head changed: it was rewritten in place and read again from its start.
    var rewritten = false
    /// The path now holds another file (replaced between the walk and the open): nothing read.
    var identityChanged = false
    var error: SystemError?

    init(file: TrackedFile) {
        self.file = file
    }
}
