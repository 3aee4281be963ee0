/// Why a tracked file was read again from its start; the `reason` label of
/// `llm_usage_file_resets_total`. Deduplication absorbs what was already counted.
package enum FileResetReason: String, CaseIterable, Sendable {
    /// The file became shorter than the offset already read.
    case truncated
    /// A different file (new device or inode) now stands at the path.
    case replaced
}
