import COpenSSL
import Glibc

/// A TLS client session over a connected socket: the server's certificate is verified against
/// the system's CA certificates (`SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured) and its name
/// against the host.
final class TLSSession {
    private let context: OpaquePointer
    private let session: OpaquePointer

    /// Connects, handshakes and verifies; a call that runs out of the socket's time is a timeout.
    init(fd: Int32, host: String, url: String) throws(ConnectionError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .tls(url: url, reason: "cannot make a TLS context: \(TLSErrors.drain())")
        }
        guard SSL_CTX_set_default_verify_paths(context) == 1 else {
            SSL_CTX_free(context)
            throw .tls(url: url, reason: "cannot load the system's CA certificates: \(TLSErrors.drain())")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard let session = SSL_new(context) else {
            SSL_CTX_free(context)
            throw .tls(url: url, reason: "cannot make a TLS session: \(TLSErrors.drain())")
        }
        self.context = context
        self.session = session
        let named = host.withCString { SSL_set1_host(session, $0) == 1 && openssl_set_server_name(session, $0) == 1 }
        guard named, SSL_set_fd(session, fd) == 1 else {
            throw .tls(url: url, reason: "cannot set up the session for \(host): \(TLSErrors.drain())")
        }
        let result = SSL_connect(session)
        guard result == 1 else {
            if let reason = TLSErrors.verification(SSL_get_verify_result(session)) {
                throw .tls(url: url, reason: "the server's certificate is not trusted: \(reason)")
            }
            throw failure(result, url: url, doing: "handshake")
        }
    }

    /// Bytes read into `buffer`; 0 when the server closed the session.
    func read(into buffer: UnsafeMutableRawBufferPointer, url: String) throws(ConnectionError) -> Int {
        let count = SSL_read(session, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return Int(count) }
        let code = SSL_get_error(session, count)
        // A server that closes the TCP connection without a close_notify still ends the body.
        if code == SSL_ERROR_ZERO_RETURN || (code == SSL_ERROR_SYSCALL && errno == 0) { return 0 }
        throw failure(count, url: url, doing: "read")
    }

    func write(_ bytes: UnsafeRawBufferPointer, url: String) throws(ConnectionError) -> Int {
        let count = SSL_write(session, bytes.baseAddress, Int32(clamping: bytes.count))
        if count > 0 { return Int(count) }
        throw failure(count, url: url, doing: "write")
    }

    /// A failed call: a timeout when the socket's timer ran out, else OpenSSL's reason.
    private func failure(_ result: Int32, url: String, doing what: String) -> ConnectionError {
        let saved = errno
        let code = SSL_get_error(session, result)
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE
            || (code == SSL_ERROR_SYSCALL && (saved == EAGAIN || saved == EWOULDBLOCK))
        {
            return .timedOut(url: url, seconds: 0)
        }
        let queued = TLSErrors.drain()
        let reason = queued.isEmpty ? (saved != 0 ? String(cString: strerror(saved)) : "error \(code)") : queued
        return .tls(url: url, reason: "\(what) failed: \(reason)")
    }

    deinit {
        _ = SSL_shutdown(session)
        SSL_free(session)
        SSL_CTX_free(context)
    }
}
