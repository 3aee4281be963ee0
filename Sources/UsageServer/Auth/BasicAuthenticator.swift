import Synchronization
import UsageSystem

/// Checks `Authorization: Basic` headers against bcrypt hashes, through the system's
/// `crypt(3)` (``Crypt``).
///
/// Unknown users are checked against a dummy hash of the same cost, and hashes are compared
/// in constant time, so the answer's timing does not tell which users exist. Headers already
/// verified are remembered (bcrypt costs tens of milliseconds: not on every scrape).
package final class BasicAuthenticator: Sendable {
    private let users: [String: String]
    private let verified = Mutex<[String]>([])
    private static let dummyHash = "$2y$10$8nfd0RKKLJLMaLkh8g5sceKke8vH.a4gmjUCG7O45kWPtlocDUiUG"

    package init(users: [String: String]) throws(WebConfigError) {
        guard Crypt.isAvailable else {
            throw WebConfigError(
                path: "libcrypt.so.1", line: 0,
                reason: "basic_auth_users needs the system's libcrypt (Debian: libcrypt1)")
        }
        self.users = users
    }

    /// True when the header carries a known user and the right password.
    package func authorize(_ header: String?) -> Bool {
        guard let header, header.count < 4096 else { return false }
        if verified.withLock({ cache in cache.contains { constantTimeEqual($0, header) } }) { return true }
        guard let (user, password) = BasicAuthenticator.credentials(header) else { return false }
        let hash = users[user]
        let matches = check(password, against: hash ?? BasicAuthenticator.dummyHash) && hash != nil
        if matches {
            verified.withLock { cache in
                if cache.count >= 64 { cache.removeFirst() }
                cache.append(header)
            }
        }
        return matches
    }

    private func check(_ password: String, against hash: String) -> Bool {
        guard let computed = Crypt.hash(password, setting: hash) else { return false }
        return constantTimeEqual(computed, hash)
    }

    /// User and password from `Basic <base64(user:password)>`.
    static func credentials(_ header: String) -> (String, String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let decoded = base64Decode(String(parts[1])),
            let text = String(validating: decoded, as: UTF8.self), let colon = text.firstIndex(of: ":"),
            // crypt(3) reads a C string: `s3cret\0anything` would pass for `s3cret`.
            !decoded.contains(0)
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func base64Decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            case UInt8(ascii: "="): padding += 1
            default: return nil
            }
            if byte != UInt8(ascii: "="), padding > 0 { return nil }
        }
        guard (values.count + padding) % 4 == 0, padding <= 2 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index + 1 < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            let a = chunk[chunk.startIndex], b = chunk[chunk.startIndex + 1]
            out.append(a << 2 | b >> 4)
            if chunk.count > 2 {
                let c = chunk[chunk.startIndex + 2]
                out.append((b & 0x0F) << 4 | c >> 2)
                if chunk.count > 3 { out.append((c & 0x03) << 6 | chunk[chunk.startIndex + 3]) }
            }
            index += 4
        }
        return out
    }
}

/// Compares without stopping at the first difference.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
    for index in 0..<max(x.count, y.count) {
        difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
    }
    return difference == 0
}
