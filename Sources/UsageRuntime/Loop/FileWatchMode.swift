/// How the ingest loop learns of new lines (`--source.watch`).
package enum FileWatchMode: String, CaseIterable, Sendable {
    /// File events (inotify): a change is read when it happens; every file is looked at
    /// anyway every `--source.rescan-interval`, for file systems without events.
    case events
    /// Every file is looked at every `--source.poll-interval`.
    case poll
}
