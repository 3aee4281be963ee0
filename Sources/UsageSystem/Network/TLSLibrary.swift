import Glibc

/// The system's OpenSSL, loaded when a download first needs TLS (`dlopen`, as libcrypt is for
/// basic auth): the exporter links no TLS library and starts without one; `pricing update`
/// over https needs `libssl.so.3` (Debian: libssl3) and the system's CA certificates.
struct TLSLibrary: Sendable {
    typealias Method = @convention(c) () -> OpaquePointer?
    typealias ContextNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ContextCall = @convention(c) (OpaquePointer?) -> Int32
    typealias ContextVerify = @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias SetFD = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias Control = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias SetHost = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias Transfer = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias GetError = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias VerifyResult = @convention(c) (OpaquePointer?) -> Int
    typealias VerifyText = @convention(c) (Int) -> UnsafePointer<CChar>?
    typealias ErrorPop = @convention(c) () -> UInt
    typealias ErrorText = @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void

    let clientMethod: Method
    let contextNew: ContextNew
    let contextFree: Free
    let contextDefaultPaths: ContextCall
    let contextSetVerify: ContextVerify
    let new: ContextNew
    let free: Free
    let setFD: SetFD
    let control: Control
    let setHost: SetHost
    let connect: ContextCall
    let read: Transfer
    let write: Transfer
    let shutdown: ContextCall
    let getError: GetError
    let verifyResult: VerifyResult
    let verifyText: VerifyText
    let errorPop: ErrorPop
    let errorText: ErrorText

    static let verifyPeer: Int32 = 1
    static let controlSetHostName: Int32 = 55
    static let hostNameType = 0
    static let errorWantRead: Int32 = 2
    static let errorWantWrite: Int32 = 3
    static let errorSyscall: Int32 = 5
    static let errorZeroReturn: Int32 = 6

    /// Loaded once; nil when the system has no OpenSSL 3 or 1.1.
    static let shared: TLSLibrary? = {
        let names = ["libssl.so.3", "libssl.so.1.1", "libssl.so"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first else { return nil }
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
        }
        guard let clientMethod = symbol("TLS_client_method", Method.self),
            let contextNew = symbol("SSL_CTX_new", ContextNew.self),
            let contextFree = symbol("SSL_CTX_free", Free.self),
            let contextDefaultPaths = symbol("SSL_CTX_set_default_verify_paths", ContextCall.self),
            let contextSetVerify = symbol("SSL_CTX_set_verify", ContextVerify.self),
            let new = symbol("SSL_new", ContextNew.self), let free = symbol("SSL_free", Free.self),
            let setFD = symbol("SSL_set_fd", SetFD.self), let control = symbol("SSL_ctrl", Control.self),
            let setHost = symbol("SSL_set1_host", SetHost.self), let connect = symbol("SSL_connect", ContextCall.self),
            let read = symbol("SSL_read", Transfer.self), let write = symbol("SSL_write", Transfer.self),
            let shutdown = symbol("SSL_shutdown", ContextCall.self),
            let getError = symbol("SSL_get_error", GetError.self),
            let verifyResult = symbol("SSL_get_verify_result", VerifyResult.self),
            let verifyText = symbol("X509_verify_cert_error_string", VerifyText.self),
            let errorPop = symbol("ERR_get_error", ErrorPop.self),
            let errorText = symbol("ERR_error_string_n", ErrorText.self)
        else { return nil }
        return TLSLibrary(
            clientMethod: clientMethod, contextNew: contextNew, contextFree: contextFree,
            contextDefaultPaths: contextDefaultPaths, contextSetVerify: contextSetVerify, new: new, free: free,
            setFD: setFD, control: control, setHost: setHost, connect: connect, read: read, write: write,
            shutdown: shutdown, getError: getError, verifyResult: verifyResult, verifyText: verifyText,
            errorPop: errorPop, errorText: errorText)
    }()

    /// The queued OpenSSL errors as text (and the queue emptied).
    func errors() -> String {
        var texts: [String] = []
        while true {
            let code = errorPop()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            errorText(code, &buffer, buffer.count)
            texts.append(
                String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return texts.joined(separator: "; ")
    }
}
