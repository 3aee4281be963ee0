/// What file events said changed since they were last taken.
package struct FileChanges: Equatable, Sendable {
    /// Files written, created or moved in below the watched folders, and every file of a
    /// folder that appeared (it may have been filled before its watch was added).
    package var paths: Set<String> = []
    /// A file or folder was deleted or moved away: a full look forgets what is gone.
    package var removed = false
    /// Events were dropped (the kernel's queue overflowed): every file must be looked at.
    package var overflowed = false
    /// A folder could not be watched (the system's watch limit): events miss its changes.
    package var watchLimitReached = false

    package init() {}

    package var isEmpty: Bool { paths.isEmpty && !removed && !overflowed && !watchLimitReached }

    mutating func merge(_ other: FileChanges) {
        paths.formUnion(other.paths)
        removed = removed || other.removed
        overflowed = overflowed || other.overflowed
        watchLimitReached = watchLimitReached || other.watchLimitReached
    }
}
