/// Why a save of the durable state failed; the `reason` label of
/// `llm_usage_state_save_failures_total`. What was counted stays in memory and the next save
/// tries again.
package enum StateSaveFailureReason: String, CaseIterable, Sendable {
    /// The disk or the quota is full (`ENOSPC`, `EDQUOT`).
    case noSpace = "no_space"
    /// The folder or file cannot be written (`EACCES`, `EPERM`).
    case permissionDenied = "permission_denied"
    /// The file system is mounted read-only (`EROFS`).
    case readOnly = "read_only"
    /// The folder was deleted or replaced and another exporter now holds the new one.
    case lockLost = "lock_lost"
    /// The folder holds a state a later build wrote: it is left as it is.
    case newerFormat = "newer_format"
    /// Any other failure of the write, sync or rename.
    case ioError = "io_error"
}
