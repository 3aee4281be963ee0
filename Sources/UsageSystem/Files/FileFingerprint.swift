/// A version of a file, as `stat` tells it: a rewrite, a replacement or an append changes it.
package struct FileFingerprint: Hashable, Sendable {
    package var identity: FileIdentity
    package var size: Int64
    package var modifiedNanos: Int64
}
