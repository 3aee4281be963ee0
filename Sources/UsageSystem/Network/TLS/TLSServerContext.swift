import COpenSSL
import Synchronization

/// The server's TLS: an OpenSSL context made from ``TLSServerSettings``, made again when the
/// certificate, key or CA files change (checked at most once a second, when a client
/// connects), as exporter-toolkit picks up renewed certificates without a restart. A change
/// that does not load keeps the previous context, and says why once.
package final class TLSServerContext: Sendable {
    package let settings: TLSServerSettings
    private let state: Mutex<State>

    private struct State {
        var context: OpaquePointer
        /// The bytes the context was made from, one entry per PEM source.
        var material: [[UInt8]]
        var checkedAt: Int64
        /// The material that failed to load last, so that it is reported once.
        var refused: [[UInt8]]?
    }

    /// Reads and loads everything: an error names the setting and file that failed.
    package init(settings: TLSServerSettings) throws(TLSSetupError) {
        self.settings = settings
        var material: [[UInt8]] = []
        for source in settings.sources { material.append(try source.read()) }
        let context = try Self.make(settings, material)
        state = Mutex(State(context: context, material: material, checkedAt: Clock.monotonicMillis(), refused: nil))
    }

    deinit {
        state.withLock { SSL_CTX_free($0.context) }
    }

    /// A session for an accepted connection (the files checked for changes first); nil when
    /// OpenSSL cannot make one. `log` hears of a reload or of a change that did not load.
    package func session(fd: Int32, log: (String) -> Void) -> TLSServerSession? {
        let (ssl, message) = state.withLock { state -> (OpaquePointer?, String?) in
            let message = refresh(&state)
            ERR_clear_error()
            guard let ssl = SSL_new(state.context) else { return (nil, message) }
            guard SSL_set_fd(ssl, fd) == 1 else {
                SSL_free(ssl)
                return (nil, message)
            }
            return (ssl, message)
        }
        if let message { log(message) }
        return ssl.map { TLSServerSession(ssl: $0, allowedNames: settings.allowedNames) }
    }

    private func refresh(_ state: inout State) -> String? {
        let now = Clock.monotonicMillis()
        guard now - state.checkedAt >= 1000 else { return nil }
        state.checkedAt = now
        var material: [[UInt8]] = []
        do throws(TLSSetupError) {
            for source in settings.sources { material.append(try source.read()) }
            guard material != state.material, material != state.refused else { return nil }
            let context = try Self.make(settings, material)
            SSL_CTX_free(state.context)
            state.context = context
            state.material = material
            state.refused = nil
            return "TLS certificate reloaded from \(settings.certificate)"
        } catch {
            guard material != state.refused else { return nil }
            state.refused = material
            return "TLS files changed but do not load, keeping the previous ones: \(error)"
        }
    }

    private static func make(
        _ settings: TLSServerSettings, _ material: [[UInt8]]
    ) throws(TLSSetupError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSSetupError("tls_server_config: cannot make a TLS context: \(TLSErrors.drain())")
        }
        func fail(_ what: String) -> TLSSetupError {
            SSL_CTX_free(context)
            let reason = TLSErrors.drain()
            return TLSSetupError(reason.isEmpty ? what : "\(what): \(reason)")
        }
        let versions = openssl_ctx_set_versions(
            context, settings.minVersion.protocolNumber, settings.maxVersion.protocolNumber)
        guard versions == 1 else {
            throw fail(
                "tls_server_config: cannot use \(settings.minVersion.rawValue) to \(settings.maxVersion.rawValue)")
        }
        openssl_ctx_set_write_modes(context)
        openssl_ctx_set_server_options(context, settings.preferServerCipherSuites ? 1 : 0)
        if !settings.cipherList.isEmpty, SSL_CTX_set_cipher_list(context, settings.cipherList) != 1 {
            throw fail("tls_server_config.cipher_suites: OpenSSL here offers none of them")
        }
        if !settings.groupList.isEmpty, openssl_ctx_set_groups(context, settings.groupList) != 1 {
            throw fail("tls_server_config.curve_preferences: OpenSSL here offers none of them")
        }
        let certificate = material[0].withUnsafeBytes {
            openssl_ctx_use_certificate_chain(context, $0.baseAddress, Int32(clamping: $0.count))
        }
        guard certificate == 1 else { throw fail("\(settings.certificate): not a PEM certificate") }
        let key = material[1].withUnsafeBytes {
            openssl_ctx_use_private_key(context, $0.baseAddress, Int32(clamping: $0.count))
        }
        guard key == 1 else {
            throw fail(
                "\(settings.key): not an unencrypted PEM private key for the certificate of \(settings.certificate)")
        }
        if let clientCAs = settings.clientCAs {
            let count = material[2].withUnsafeBytes {
                openssl_ctx_use_client_cas(context, $0.baseAddress, Int32(clamping: $0.count))
            }
            guard count > 0 else { throw fail("\(clientCAs): no PEM certificate in it") }
        } else if settings.clientAuth.verifies, SSL_CTX_set_default_verify_paths(context) != 1 {
            throw fail("tls_server_config: cannot load the system's CA certificates")
        }
        openssl_ctx_set_client_auth(
            context, settings.clientAuth.requests ? 1 : 0, settings.clientAuth.requires ? 1 : 0,
            settings.clientAuth.verifies ? 1 : 0)
        // Sessions resumed with a client certificate need an id context.
        let id = Array("llm-usage-exporter".utf8)
        _ = SSL_CTX_set_session_id_context(context, id, UInt32(id.count))
        return context
    }
}
