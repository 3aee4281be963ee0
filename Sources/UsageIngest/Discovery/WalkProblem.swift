import UsageModel
import UsageSystem

/// A path the walk could not enter or read.
struct WalkProblem: Equatable {
    var path: String
    var reason: SourceErrorReason
    var message: String
}

extension WalkProblem {
    /// A failed system call, as a problem: permission apart from other failures.
    init(_ error: SystemError, path: String) {
        self.init(
            path: path, reason: error.isPermissionDenied ? .permissionDenied : .ioError, message: error.description)
    }
}
