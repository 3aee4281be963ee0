/// Why a JSON text was rejected, and at which byte offset of the scanned buffer.
public enum JSONScanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not follow the JSON grammar.
    case malformed(offset: Int)
    /// Nesting deeper than ``JSONScanner/maxDepth``: refused rather than risking the stack.
    case tooDeep(offset: Int)
    /// A string holds bytes that are not UTF-8, or an escape that is not a Unicode scalar.
    case invalidUTF8(offset: Int)

    public var description: String {
        switch self {
        case .malformed(let offset): "malformed JSON at byte \(offset)"
        case .tooDeep(let offset): "JSON nested deeper than \(JSONScanner.maxDepth) levels at byte \(offset)"
        case .invalidUTF8(let offset): "invalid UTF-8 in a JSON string at byte \(offset)"
        }
    }
}
