/// Why a file or folder of a source could not be read; the `reason` label of
/// `llm_usage_source_errors_total`.
package enum SourceErrorReason: String, CaseIterable, Sendable {
    case permissionDenied = "permission_denied"
    /// Any other failure of open, read, stat or readdir.
    case ioError = "io_error"
    /// A folder reached twice through symbolic links: not walked again.
    case symlinkLoop = "symlink_loop"
}
