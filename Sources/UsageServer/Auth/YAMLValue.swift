/// A YAML node as configuration files use them: a scalar, a sequence or a mapping, with the
/// line it starts on (for errors that name it).
package indirect enum YAMLValue: Equatable, Sendable {
    case scalar(String, line: Int)
    case sequence([YAMLValue], line: Int)
    /// Each entry with the line its key is on.
    case mapping([(key: String, line: Int, value: YAMLValue)], line: Int)

    package static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a, _), .scalar(let b, _)): a == b
        case (.sequence(let a, _), .sequence(let b, _)): a == b
        case (.mapping(let a, _), .mapping(let b, _)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    package var line: Int {
        switch self {
        case .scalar(_, let line), .sequence(_, let line), .mapping(_, let line): line
        }
    }

    /// An empty value (`key:` with nothing, `~`, `null`) reads as an empty mapping or sequence.
    package var isNull: Bool {
        if case .scalar(let text, _) = self { return text.isEmpty || text == "~" || text == "null" }
        return false
    }
}
