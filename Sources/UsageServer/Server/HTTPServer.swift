import Dispatch
import Synchronization
package import UsageSystem

/// A small HTTP/1.1 server: one thread, non-blocking sockets and `poll()`.
///
/// A handful of scrapers is the expected load, so one loop serves them all and a slow or
/// hostile client can hold at most a bounded buffer and one of `maxConnections` slots, which
/// a new client reclaims when it is idle or stalled. Handlers run on the loop thread and must
/// be quick (rendering a snapshot is); slow work is a deferred response
/// (``HTTPResponse/later(_:)``), run by a small pool of workers with a bounded queue.
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
        Signals.ignoreBrokenPipe()
        var listeners: [Int32] = []
        var ports: [UInt16] = []
        for fd in configuration.inheritedListeners {
            listeners.append(fd)
            ports.append(Socket.boundPort(fd))
        }
        for address in configuration.inheritedListeners.isEmpty ? configuration.addresses : [] {
            do throws(ServerError) {
                let (fd, port) = try Socket.listen(address)
                listeners.append(fd)
                ports.append(port)
            } catch {
                listeners.forEach { Socket.close($0) }
                throw error
            }
        }
        let wake: (read: Int32, write: Int32)
        let completionPipe: (read: Int32, write: Int32)
        do throws(ServerError) {
            wake = try Socket.wakePipe()
            do throws(ServerError) {
                completionPipe = try Socket.wakePipe()
            } catch {
                Socket.close(wake.read)
                Socket.close(wake.write)
                throw error
            }
        } catch {
            listeners.forEach { Socket.close($0) }
            throw error
        }
        state.withLock { $0 = LoopState(listeners: listeners, wakeWrite: wake.write, running: true) }
        let wakeRead = wake.read
        let (configuration, handler, log, bound) = (configuration, handler, log, listeners)
        DispatchQueue(label: "llm-usage-exporter.http").async {
            // Made on its thread: its connections never leave it.
            var loop = EventLoop(
                configuration: configuration, listeners: bound, wakeRead: wakeRead,
                completionPipe: completionPipe, handler: handler, log: log)
            loop.run()
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
        Socket.wake(wake)
        finished.wait()
        Socket.close(wake)
    }
}
