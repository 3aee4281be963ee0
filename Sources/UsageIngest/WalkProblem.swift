import UsageModel

/// A path the walk could not enter or read.
struct WalkProblem: Equatable {
    var path: String
    var reason: SourceErrorReason
    var message: String
}
