import Dispatch
import Glibc

/// Process signals: the ones that end the exporter, and the one a socket must not raise.
package enum Signals {
    /// Blocks until SIGINT or SIGTERM arrives (their default action is replaced for good),
    /// calling `hangup` for each SIGHUP meanwhile (which then never ends the process).
    package static func waitForTermination(hangup: @escaping @Sendable () -> Void = {}) {
        let done = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        // A parent may have left them blocked (systemd-socket-activate does): they would stay
        // pending, never seen.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        let hangups = DispatchQueue(label: "llm-usage-exporter.sighup")
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: number == SIGHUP ? hangups : .global())
            source.setEventHandler(handler: number == SIGHUP ? hangup : { done.signal() })
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
    }

    /// A write to a socket the peer closed fails with `EPIPE` instead of ending the process.
    package static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
