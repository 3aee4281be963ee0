/// The `change` label of the lines of code edits wrote.
package enum CodeChange: UInt8, CaseIterable, Sendable {
    case added
    case removed

    package var label: String {
        switch self {
        case .added: "added"
        case .removed: "removed"
        }
    }
}
