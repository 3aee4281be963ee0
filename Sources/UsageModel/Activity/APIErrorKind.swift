/// The `kind` label of an API error line (`isApiErrorMessage`), from its text.
package enum APIErrorKind: UInt8, CaseIterable, Sendable {
    case rateLimit
    case overloaded
    case promptTooLong
    case other

    package var label: String {
        switch self {
        case .rateLimit: "rate_limit"
        case .overloaded: "overloaded"
        case .promptTooLong: "prompt_too_long"
        case .other: "other"
        }
    }
}
