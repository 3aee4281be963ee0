import CSystem
import Dispatch
import Glibc
import Synchronization

/// Linux's file events: one inotify watch per folder, added for every folder of a tree and
/// for each folder that appears, read on a thread of its own.
package final class InotifyWatcher: FileEventSource {
    private static let folderEvents = UInt32(
        IN_CREATE | IN_MOVED_TO | IN_MODIFY | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR | IN_EXCL_UNLINK)

    private let fd: Int32
    private let stopPipe: (read: Int32, write: Int32)
    private let changed: @Sendable () -> Void
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var folders: [Int32: String] = [:]
        var watched: Set<String> = []
        var changes = FileChanges()
        var stopped = false
    }

    /// Starts the event thread; throws when the system gives no inotify instance.
    package init(changed: @escaping @Sendable () -> Void) throws(SystemError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SystemError(call: "inotify_init1", path: "", errno: errno) }
        var pipe: [Int32] = [-1, -1]
        guard csystem_pipe2(&pipe, O_CLOEXEC | O_NONBLOCK) == 0 else {
            let code = errno
            close(fd)
            throw SystemError(call: "pipe2", path: "", errno: code)
        }
        self.fd = fd
        self.stopPipe = (pipe[0], pipe[1])
        self.changed = changed
        DispatchQueue(label: "llm-usage-exporter.file-events").async { [self] in
            run()
            finished.signal()
        }
    }

    package func watch(trees: [String]) -> [Bool] {
        trees.map { tree in
            let trimmed = tree.count > 1 && tree.hasSuffix("/") ? String(tree.dropLast()) : tree
            guard !state.withLock({ $0.watched.contains(trimmed) }) else { return true }
            var changes = FileChanges()
            add(trimmed, reportingFiles: false, into: &changes)
            if changes.watchLimitReached { state.withLock { $0.changes.watchLimitReached = true } }
            return !changes.watchLimitReached && state.withLock { $0.watched.contains(trimmed) }
        }
    }

    package func take() -> FileChanges {
        state.withLock { state in
            let taken = state.changes
            state.changes = FileChanges()
            return taken
        }
    }

    package func stop() {
        let first = state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(stopPipe.write, &byte, 1)
        finished.wait()
        close(fd)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    deinit { stop() }

    /// Watches `folder` and the folders below it; with `reportingFiles`, the files found are
    /// changes (a folder moved in, or written to before its watch was added).
    private func add(_ folder: String, reportingFiles: Bool, into changes: inout FileChanges) {
        var pending = [folder]
        while let path = pending.popLast() {
            let descriptor = inotify_add_watch(fd, path, Self.folderEvents)
            if descriptor < 0 {
                // ENOSPC: fs.inotify.max_user_watches is reached; ENOENT, ENOTDIR: gone or not a folder.
                if errno == ENOSPC { changes.watchLimitReached = true }
                continue
            }
            let isNew = state.withLock { state in
                state.folders[descriptor] = path
                return state.watched.insert(path).inserted
            }
            guard isNew || path == folder else { continue }
            guard let directory = try? DirectoryStream(path) else { continue }
            directory.forEach { raw, kind in
                let name = PathName.string(raw)
                let child = path + "/" + name
                switch kind {
                case .directory, .symbolicLink, nil:
                    if kind != .directory, (try? directory.status(of: name, path: child))?.kind != .directory {
                        if reportingFiles { changes.paths.insert(child) }
                        return
                    }
                    pending.append(child)
                default:
                    if reportingFiles { changes.paths.insert(child) }
                }
            }
        }
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            if Glibc.poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            var changes = FileChanges()
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= count {
                    let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameBytes = UnsafeRawBufferPointer(
                        rebasing: bytes[(offset + header)..<(offset + header + Int(event.len))])
                    offset += header + Int(event.len)
                    handle(event, name: nameBytes, into: &changes)
                }
            }
            guard !changes.isEmpty else { continue }
            // Told once until taken: a burst of writes wakes the loop once.
            let first = state.withLock { state in
                defer { state.changes.merge(changes) }
                return state.changes.isEmpty
            }
            if first { changed() }
        }
    }

    private func handle(_ event: inotify_event, name raw: UnsafeRawBufferPointer, into changes: inout FileChanges) {
        if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
            changes.overflowed = true
            return
        }
        if event.mask & UInt32(IN_IGNORED) != 0 {
            state.withLock { state in
                if let path = state.folders.removeValue(forKey: event.wd) { state.watched.remove(path) }
            }
            return
        }
        guard let folder = state.withLock({ $0.folders[event.wd] }) else { return }
        let length = raw.firstIndex(of: 0) ?? raw.count
        guard length > 0 else { return }
        let path = folder + "/" + PathName.string(UnsafeRawBufferPointer(rebasing: raw[..<length]))
        if event.mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
            changes.removed = true
            return
        }
        if event.mask & UInt32(IN_ISDIR) != 0 {
            if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { add(path, reportingFiles: true, into: &changes) }
            return
        }
        changes.paths.insert(path)
    }
}
