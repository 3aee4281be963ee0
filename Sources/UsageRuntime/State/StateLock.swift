import Synchronization
package import UsageSystem

/// The exclusive hold of one exporter on a state folder, so that two never write one state.
///
/// The lock is taken on the folder itself (`flock` on its descriptor), which deleting a file
/// inside cannot undo, and on its `lock` file too (what builds before this one lock). Before
/// every save ``ensureHeld()`` checks that the folder at the path is still the one locked:
/// a folder deleted (or replaced) is created again and locked afresh, and when another
/// exporter has taken the new one, the save is refused instead of writing over its state.
package final class StateLock: Sendable {
    package let directory: String
    private let held = Mutex<Held?>(nil)

    private struct Held {
        var folder: Int32
        var folderIdentity: FileIdentity
        var file: Int32
        var fileIdentity: FileIdentity
    }

    /// Creates the folder (and its parents) and locks it; ``SystemError/isLocked`` when another
    /// exporter holds it.
    package init(directory: String) throws(SystemError) {
        self.directory = directory
        let taken = try StateLock.take(directory)
        held.withLock { $0 = taken }
    }

    private static func take(_ directory: String) throws(SystemError) -> Held {
        try FileBytes.makeDirectories(directory)
        let folder = try FileSystem.lockDirectory(directory)
        do throws(SystemError) {
            let folderIdentity = try FileSystem.status(of: folder, path: directory).identity
            let file = try FileSystem.lock(directory + "/lock")
            do throws(SystemError) {
                let fileIdentity = try FileSystem.status(of: file, path: directory + "/lock").identity
                return Held(folder: folder, folderIdentity: folderIdentity, file: file, fileIdentity: fileIdentity)
            } catch {
                FileSystem.close(file)
                throw error
            }
        } catch {
            FileSystem.close(folder)
            throw error
        }
    }

    /// Makes sure the folder at the path is the one locked, taking it again if it was deleted
    /// or replaced (and the lock file too, if only it was deleted).
    package func ensureHeld() throws(SystemError) {
        try held.withLock { (held: inout Held?) throws(SystemError) in
            let folderNow = try? FileSystem.status(directory).identity
            if let current = held, folderNow == current.folderIdentity {
                let fileNow = try? FileSystem.status(directory + "/lock").identity
                if fileNow == current.fileIdentity { return }
                // Only the lock file went: the folder lock still holds; take a new file for
                // older builds.
                let file = try FileSystem.lock(directory + "/lock")
                FileSystem.close(current.file)
                held?.file = file
                held?.fileIdentity = try FileSystem.status(of: file, path: directory + "/lock").identity
                return
            }
            if let current = held {
                FileSystem.close(current.folder)
                FileSystem.close(current.file)
                held = nil
            }
            held = try StateLock.take(directory)
        }
    }

    /// Releases the lock (closing its descriptors).
    package func release() {
        held.withLock { held in
            if let current = held {
                FileSystem.close(current.folder)
                FileSystem.close(current.file)
            }
            held = nil
        }
    }
}
