/// Why a request head was refused, with the status it is answered with.
enum HTTPParseError: Error, Equatable {
    case badRequest(String)
    case headersTooLarge
    case uriTooLong
    case versionNotSupported
    case bodyNotAccepted

    var status: Int {
        switch self {
        case .badRequest: 400
        case .headersTooLarge: 431
        case .uriTooLong: 414
        case .versionNotSupported: 505
        case .bodyNotAccepted: 413
        }
    }

    var message: String {
        switch self {
        case .badRequest(let why): "bad request: \(why)\n"
        case .headersTooLarge: "request headers too large\n"
        case .uriTooLong: "request target too long\n"
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are served\n"
        case .bodyNotAccepted: "request bodies are not accepted\n"
        }
    }
}
