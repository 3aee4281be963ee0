import COpenSSL

/// OpenSSL's queue of errors (one per thread), read as text.
enum TLSErrors {
    /// The queued errors joined by "; ", and the queue emptied.
    static func drain() -> String {
        var texts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            texts.append(
                String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return texts.joined(separator: "; ")
    }

    /// Why a certificate was not trusted, from a verification result; nil when it was.
    static func verification(_ result: Int) -> String? {
        guard result != Int(X509_V_OK), let text = X509_verify_cert_error_string(result) else { return nil }
        return String(cString: text)
    }
}
