import Synchronization
import UsageSystem

/// Checks `Authorization: Basic` headers against bcrypt hashes, through the system's
/// `crypt(3)` (``Crypt``).
///
/// Unknown users are checked against a dummy hash of the configured hashes' cost, and hashes
/// are compared in constant time, so the answer's timing does not tell which users exist.
/// Headers already verified are remembered (bcrypt costs tens of milliseconds: not on every
/// scrape); a bcrypt check is work for a worker (``verdict(for:from:)``), never for the
/// server's loop, and an address that fails too often is refused without one.
package final class BasicAuthenticator: Sendable {
    private let users: [String: String]
    private let verified = Mutex<[String]>([])
    /// A hash no password matches, at the cost most configured hashes have.
    private let dummyHash: String
    private let failures = Mutex<[String: (count: Int, since: Int64)]>([:])
    /// Failed logins an address may make in ``failureWindowMillis`` before it is refused.
    package static let failureLimit = 10
    package static let failureWindowMillis: Int64 = 60_000

    package init(users: [String: String]) throws(WebConfigError) {
        guard Crypt.isAvailable else {
            throw WebConfigError(
                path: "libcrypt.so.1", line: 0,
                reason: "basic_auth_users needs the system's libcrypt (Debian: libcrypt1)")
        }
        self.users = users
        dummyHash = BasicAuthenticator.dummy(matching: Array(users.values))
    }

    /// What to do with a request's header before it is served.
    package enum Verdict: Sendable {
        /// Credentials verified before: serve.
        case allowed
        /// No credentials, or not Basic ones: 401 at once (no hash to compute).
        case refused
        /// Too many failed logins from this address lately: 429 at once.
        case limited
        /// A bcrypt check to run off the loop; true when the credentials are right.
        case check(@Sendable () -> Bool)
    }

    /// The verdict for `header` from `client` (an address; "" when unknown).
    package func verdict(for header: String?, from client: String) -> Verdict {
        guard let header, header.count < 4096 else { return .refused }
        if verified.withLock({ cache in cache.contains { constantTimeEqual($0, header) } }) { return .allowed }
        guard BasicAuthenticator.credentials(header) != nil else { return .refused }
        let now = Clock.monotonicMillis()
        let limited = failures.withLock { failures in
            guard let entry = failures[client] else { return false }
            return now - entry.since < BasicAuthenticator.failureWindowMillis
                && entry.count >= BasicAuthenticator.failureLimit
        }
        if limited { return .limited }
        return .check { [self] in
            let allowed = authorize(header)
            if !allowed { noteFailure(client, at: Clock.monotonicMillis()) }
            return allowed
        }
    }

    private func noteFailure(_ client: String, at now: Int64) {
        failures.withLock { failures in
            // Bounded: a flood of addresses cannot grow the table without end.
            if failures.count > 4096 {
                failures = failures.filter { now - $0.value.since < BasicAuthenticator.failureWindowMillis }
            }
            if let entry = failures[client], now - entry.since < BasicAuthenticator.failureWindowMillis {
                failures[client] = (entry.count + 1, entry.since)
            } else {
                failures[client] = (1, now)
            }
        }
    }

    /// True when the header carries a known user and the right password (the bcrypt check).
    package func authorize(_ header: String?) -> Bool {
        guard let header, header.count < 4096 else { return false }
        if verified.withLock({ cache in cache.contains { constantTimeEqual($0, header) } }) { return true }
        guard let (user, password) = BasicAuthenticator.credentials(header) else { return false }
        let hash = users[user]
        let matches = check(password, against: hash ?? dummyHash) && hash != nil
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

    /// A bcrypt hash of a random password at the cost most of `hashes` have (10 when none says).
    static func dummy(matching hashes: [String]) -> String {
        var costs: [String: Int] = [:]
        for hash in hashes {
            let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
            if parts.count >= 2, parts[1].count == 2, Int(parts[1]) != nil { costs[String(parts[1]), default: 0] += 1 }
        }
        let cost = costs.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? "10"
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let salt = String((0..<22).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        let password = String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return Crypt.hash(password, setting: "$2y$\(cost)$" + salt) ?? "$2y$\(cost)$" + salt
            + String(repeating: ".", count: 31)
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
