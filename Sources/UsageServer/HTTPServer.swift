import Dispatch
import Glibc
import Synchronization

/// A small HTTP/1.1 server: one thread, non-blocking sockets and `poll()`.
///
/// A handful of scrapers is the expected load, so one loop serves them all and a slow or
/// hostile client can hold at most a bounded buffer and one of `maxConnections` slots until
/// its deadline. Handlers run on the loop thread and must be quick (rendering a snapshot is).
package final class HTTPServer: Sendable {
    package typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    package let configuration: Configuration
    private let handler: Handler
    private let log: @Sendable (String) -> Void
    private let state = Mutex<LoopState>(LoopState())
    private let finished = DispatchSemaphore(value: 0)

    private struct LoopState {
        var listeners: [Int32] = []
        var wakeWrite: Int32 = -1
        var running = false
    }

    package init(
        configuration: Configuration, log: @escaping @Sendable (String) -> Void = { _ in }, handler: @escaping Handler
    ) {
        self.configuration = configuration
        self.handler = handler
        self.log = log
    }

    /// Binds every address and starts the loop; returns the ports bound (useful with port 0).
    package func start() throws(ServerError) -> [UInt16] {
        signal(SIGPIPE, SIG_IGN)
        var listeners: [Int32] = []
        var ports: [UInt16] = []
        for address in configuration.addresses {
            do {
                let (fd, port) = try Socket.listen(address)
                listeners.append(fd)
                ports.append(port)
            } catch {
                listeners.forEach { close($0) }
                throw error
            }
        }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            listeners.forEach { close($0) }
            throw ServerError(address: "wake pipe", reason: Socket.errorText(errno))
        }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        state.withLock { $0 = LoopState(listeners: listeners, wakeWrite: pipeFDs[1], running: true) }
        let wakeRead = pipeFDs[0]
        let loop = EventLoop(
            configuration: configuration, listeners: listeners, wakeRead: wakeRead, handler: handler, log: log)
        DispatchQueue(label: "llm-usage-exporter.http").async {
            var owned = loop
            owned.run()
            self.finished.signal()
        }
        return ports
    }

    /// Stops accepting, closes every connection and waits for the loop to end.
    package func stop() {
        let wake = state.withLock { state -> Int32? in
            guard state.running else { return nil }
            state.running = false
            return state.wakeWrite
        }
        guard let wake else { return }
        var byte: UInt8 = 1
        _ = write(wake, &byte, 1)
        finished.wait()
        close(wake)
    }
}
