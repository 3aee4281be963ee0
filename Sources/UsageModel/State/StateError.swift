/// Why a saved state could not be used; the exporter then moves the file aside and rebuilds.
package enum StateError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(offset: Int)
    case invalid(String)
    case foreign
    case unsupportedVersion(UInt32)
    case checksumMismatch

    package var description: String {
        switch self {
        case .truncated(let offset): "the state ends early, at byte \(offset)"
        case .invalid(let what): "the state holds \(what)"
        case .foreign: "not an llm-usage-exporter state file"
        case .unsupportedVersion(let version): "state format version \(version) is not one this build reads"
        case .checksumMismatch: "the state's checksum does not match its content"
        }
    }
}
