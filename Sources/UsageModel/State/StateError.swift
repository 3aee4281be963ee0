/// Why a saved state could not be used; the exporter then moves the file aside and rebuilds.
package enum StateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The format this build writes, and the oldest it reads.
    package static let currentFormat: UInt32 = 4
    package static let oldestFormat: UInt32 = 3

    case truncated(offset: Int)
    case invalid(String)
    case foreign
    case unsupportedVersion(UInt32)
    case checksumMismatch
    /// Written by a later build, in a format this one does not know: refused and left as it
    /// is (an older build must never overwrite it).
    case newerFormat(UInt32)

    /// A later build's state (left as it is).
    package var isNewerFormat: Bool {
        if case .newerFormat = self { return true }
        return false
    }

    package var description: String {
        switch self {
        case .truncated(let offset): "the state ends early, at byte \(offset)"
        case .invalid(let what): "the state holds \(what)"
        case .foreign: "not an llm-usage-exporter state file"
        case .unsupportedVersion(let version): "state format version \(version) is not one this build reads"
        case .checksumMismatch: "the state's checksum does not match its content"
        case .newerFormat(let version):
            "the state is in format \(version), written by a later llm-usage-exporter; this build reads formats \(StateError.oldestFormat) to \(StateError.currentFormat)"
        }
    }
}
