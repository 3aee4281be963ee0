/// Why a price file could not be used.
package enum PriceFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformedJSON(path: String, line: Int, column: Int, reason: String)
    case notAnObject(path: String)
    case invalidField(path: String, model: String, field: String, reason: String)

    package var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read price file \(path): \(reason)"
        case .malformedJSON(let path, let line, let column, let reason):
            "price file \(path):\(line):\(column): \(reason)"
        case .notAnObject(let path):
            "price file \(path): expected a JSON object of model names to prices (LiteLLM's model_prices_and_context_window format)"
        case .invalidField(let path, let model, let field, let reason):
            "price file \(path): model \"\(model)\", field \"\(field)\": \(reason)"
        }
    }
}
