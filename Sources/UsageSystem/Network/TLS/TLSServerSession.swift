import COpenSSL
import Glibc

/// One accepted connection's TLS, on a non-blocking socket: each call does what it can now
/// and says which way the socket must become ready (``want``) before it can go on.
package final class TLSServerSession {
    package enum Want { case read, write }

    package enum Handshake {
        case done
        case pending
        /// The client spoke plain HTTP: it may be told so in plain HTTP before the close.
        case plainHTTP
        case failed(String)
    }

    private let ssl: OpaquePointer
    private let allowedNames: [String]?
    /// What the last call waited for; nil when it did not wait.
    package private(set) var want: Want?

    init(ssl: OpaquePointer, allowedNames: [String]?) {
        self.ssl = ssl
        self.allowedNames = allowedNames
    }

    deinit { SSL_free(ssl) }

    package func handshake() -> Handshake {
        ERR_clear_error()
        let result = SSL_accept(ssl)
        if result == 1 {
            want = nil
            if let allowedNames, !Self.peerHasName(ssl, allowedNames) {
                return .failed("the client certificate names none of client_allowed_sans")
            }
            return .done
        }
        let code = SSL_get_error(ssl, result)
        if let wait = wait(code) {
            want = wait
            return .pending
        }
        if let reason = TLSErrors.verification(SSL_get_verify_result(ssl)) {
            _ = TLSErrors.drain()
            return .failed("the client certificate is not trusted: \(reason)")
        }
        if ERR_GET_REASON(ERR_peek_error()) == SSL_R_HTTP_REQUEST {
            ERR_clear_error()
            return .plainHTTP
        }
        let queued = TLSErrors.drain()
        return .failed(queued.isEmpty ? "the client closed the connection" : queued)
    }

    /// Decrypted bytes into `buffer`, as `Socket.receive` reports them.
    package func read(into buffer: UnsafeMutableRawBufferPointer) -> Socket.IOResult {
        ERR_clear_error()
        let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return outcome(count)
    }

    package func write(_ bytes: UnsafeRawBufferPointer) -> Socket.IOResult {
        guard !bytes.isEmpty else { return .bytes(0) }
        ERR_clear_error()
        let count = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        return outcome(count)
    }

    /// Decrypted bytes, or a record not yet decrypted, held by OpenSSL: `poll()` cannot see them.
    package var hasPending: Bool { SSL_has_pending(ssl) == 1 }

    /// A close_notify, best effort, before the socket is closed.
    package func shutdown() {
        ERR_clear_error()
        if SSL_is_init_finished(ssl) == 1 { _ = SSL_shutdown(ssl) }
        ERR_clear_error()
    }

    private func outcome(_ count: Int32) -> Socket.IOResult {
        if count > 0 {
            want = nil
            return .bytes(Int(count))
        }
        if let wait = wait(SSL_get_error(ssl, count)) {
            want = wait
            return .wouldBlock
        }
        ERR_clear_error()
        return .closed
    }

    private func wait(_ code: Int32) -> Want? {
        switch code {
        case SSL_ERROR_WANT_READ: .read
        case SSL_ERROR_WANT_WRITE: .write
        case SSL_ERROR_SYSCALL where errno == EAGAIN || errno == EWOULDBLOCK: .read
        default: nil
        }
    }

    private static func peerHasName(_ ssl: OpaquePointer, _ names: [String]) -> Bool {
        var pointers = names.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
                openssl_peer_has_allowed_name(ssl, $0.baseAddress, Int32($0.count)) == 1
            }
        }
    }
}
