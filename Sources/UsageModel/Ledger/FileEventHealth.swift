/// How file events are going (`--source.watch=events`): each time they were lost and every
/// file was read again, by reason, for `llm_usage_file_events_lost_total`. This process's,
/// not saved.
package struct FileEventHealth: Equatable, Sendable {
    /// The kernel's event queue overflowed.
    package var overflows: UInt64 = 0
    /// A folder could not be watched (`fs.inotify.max_user_watches`): the exporter polls
    /// every `--source.poll-interval` from then on.
    package var watchLimits: UInt64 = 0

    package init() {}
}
