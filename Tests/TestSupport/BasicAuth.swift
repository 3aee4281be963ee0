/// Test credentials for basic auth.
package enum BasicAuth {
    /// Made with Python's crypt module (libxcrypt), not by this code: password "s3cret".
    package static let hash = "$2b$10$rtCak.s71nVLXaOo7s1ofe3wlpEg2lNdumciWp1ovU3HmOG.XCUAW"

    /// The `Authorization` header for `user:password`.
    package static func header(_ user: String, _ password: String) -> String {
        "Basic " + base64(Array("\(user):\(password)".utf8))
    }

    package static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)]) + [0, 0]
            let n = UInt32(chunk[0]) << 16 | UInt32(chunk[1]) << 8 | UInt32(chunk[2])
            let count = min(3, bytes.count - index)
            for position in 0..<4 {
                out.append(position <= count ? alphabet[Int(n >> (18 - 6 * UInt32(position)) & 63)] : "=")
            }
            index += 3
        }
        return out
    }
}
