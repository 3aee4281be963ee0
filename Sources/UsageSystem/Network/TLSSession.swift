import Glibc

/// A TLS client session over a connected socket: the server's certificate is verified against
/// the system's CA certificates (`SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured) and its name
/// against the host.
final class TLSSession {
    private let library: TLSLibrary
    private let context: OpaquePointer
    private let session: OpaquePointer

    /// Connects, handshakes and verifies; `waitFailed` tells whether a failed call was a timeout.
    init(fd: Int32, host: String, url: String) throws(ConnectionError) {
        guard let library = TLSLibrary.shared else {
            throw .tls(url: url, reason: "no TLS library: this needs libssl.so.3 (Debian: libssl3)")
        }
        _ = library.errors()
        guard let context = library.contextNew(library.clientMethod()) else {
            throw .tls(url: url, reason: "cannot make a TLS context: \(library.errors())")
        }
        guard library.contextDefaultPaths(context) == 1 else {
            library.contextFree(context)
            throw .tls(url: url, reason: "cannot load the system's CA certificates: \(library.errors())")
        }
        library.contextSetVerify(context, TLSLibrary.verifyPeer, nil)
        guard let session = library.new(context) else {
            library.contextFree(context)
            throw .tls(url: url, reason: "cannot make a TLS session: \(library.errors())")
        }
        self.library = library
        self.context = context
        self.session = session
        let named = host.withCString { name in
            library.setHost(session, name) == 1
                && library.control(
                    session, TLSLibrary.controlSetHostName, TLSLibrary.hostNameType,
                    UnsafeMutableRawPointer(mutating: name)
                ) == 1
        }
        guard named, library.setFD(session, fd) == 1 else {
            throw .tls(url: url, reason: "cannot set up the session for \(host): \(library.errors())")
        }
        let result = library.connect(session)
        guard result == 1 else {
            let verify = library.verifyResult(session)
            if verify != 0, let text = library.verifyText(verify) {
                throw .tls(url: url, reason: "the server's certificate is not trusted: \(String(cString: text))")
            }
            throw failure(result, url: url, doing: "handshake")
        }
    }

    /// Bytes read into `buffer`; 0 when the server closed the session.
    func read(into buffer: UnsafeMutableRawBufferPointer, url: String) throws(ConnectionError) -> Int {
        let count = library.read(session, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return Int(count) }
        let code = library.getError(session, count)
        // A server that closes the TCP connection without a close_notify still ends the body.
        if code == TLSLibrary.errorZeroReturn || (code == TLSLibrary.errorSyscall && errno == 0) { return 0 }
        throw failure(count, url: url, doing: "read")
    }

    func write(_ bytes: UnsafeRawBufferPointer, url: String) throws(ConnectionError) -> Int {
        let count = library.write(session, UnsafeMutableRawPointer(mutating: bytes.baseAddress), Int32(bytes.count))
        if count > 0 { return Int(count) }
        throw failure(count, url: url, doing: "write")
    }

    /// A failed call: a timeout when the socket's timer ran out, else OpenSSL's reason.
    private func failure(_ result: Int32, url: String, doing what: String) -> ConnectionError {
        let saved = errno
        let code = library.getError(session, result)
        if code == TLSLibrary.errorWantRead || code == TLSLibrary.errorWantWrite
            || (code == TLSLibrary.errorSyscall && (saved == EAGAIN || saved == EWOULDBLOCK))
        {
            return .timedOut(url: url, seconds: 0)
        }
        let queued = library.errors()
        let reason = queued.isEmpty ? (saved != 0 ? String(cString: strerror(saved)) : "error \(code)") : queued
        return .tls(url: url, reason: "\(what) failed: \(reason)")
    }

    deinit {
        _ = library.shutdown(session)
        library.free(session)
        library.contextFree(context)
    }
}
