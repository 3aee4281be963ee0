/// What a path is, as `stat` or a directory entry says.
package enum FileKind: Equatable, Sendable {
    case regular
    case directory
    case symbolicLink
    case other
}
