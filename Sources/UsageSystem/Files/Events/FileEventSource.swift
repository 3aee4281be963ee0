/// File events for folder trees, from the platform: what a port adds for its own kind of
/// events (inotify here; FSEvents or kqueue on macOS). Changes are collected on the source's
/// own thread and taken by the ingest loop; `changed` is called when there are some.
package protocol FileEventSource: AnyObject, Sendable {
    /// Watches each tree (the folder and every folder below it) not watched yet; says for
    /// each whether it is watched (one that does not exist yet, or past the watch limit, is
    /// not; it is tried again at the next call).
    func watch(trees: [String]) -> [Bool]
    /// The changes since the last call, and none kept.
    func take() -> FileChanges
    /// Ends the event thread and releases the watches.
    func stop()
}
