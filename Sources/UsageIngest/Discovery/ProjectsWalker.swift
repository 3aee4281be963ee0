import UsageModel
import UsageSystem

/// Lists every `*.jsonl` below a `projects/` folder, at any depth, with one `stat` each.
///
/// Symbolic links are followed; a folder reached twice (a link loop) is walked once and
/// reported. Problems are collected, never thrown: one unreadable folder must not hide the rest.
struct ProjectsWalker {
    var files: [DiscoveredFile] = []
    var problems: [WalkProblem] = []
    /// Files found, whether kept in ``files`` or handed over.
    private(set) var fileCount = 0
    private var visited: Set<FileIdentity> = []

    static func walk(_ projectsDir: String) -> ProjectsWalker {
        var all: [DiscoveredFile] = []
        var walker = walk(projectsDir) { all += $0 }
        walker.files = all
        return walker
    }

    /// Walks, handing over each folder's files as soon as that folder is listed (in walk
    /// order; ``files`` stays empty), so reading can start before the walk ends.
    static func walk(_ projectsDir: String, found: ([DiscoveredFile]) -> Void) -> ProjectsWalker {
        var walker = ProjectsWalker()
        walker.walkDirectory(projectsDir, projectFolder: nil, found: found)
        return walker
    }

    private mutating func walkDirectory(_ path: String, projectFolder: String?, found: ([DiscoveredFile]) -> Void) {
        let directory: DirectoryStream
        do {
            directory = try DirectoryStream(path)
        } catch {
            record(error, path)
            return
        }
        guard visited.insert(directory.identity).inserted else {
            problems.append(
                WalkProblem(path: path, reason: .symlinkLoop, message: "folder already walked through another path"))
            return
        }
        var subdirectories: [(String, String)] = []
        var listed: [DiscoveredFile] = []
        directory.forEach { raw, kind in
            let isJSONL = raw.count > 6 && raw.suffix(6).elementsEqual(".jsonl".utf8)
            // Only folders, links and .jsonl files matter; skip the rest without making strings.
            guard kind == .directory || kind == .symbolicLink || kind == nil || isJSONL else { return }
            let name = PathName.string(raw)
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            let folder = projectFolder ?? name
            if kind == .directory {
                subdirectories.append((child, folder))
                return
            }
            let status: FileStatus
            do throws(SystemError) {
                status = try directory.status(of: name, path: child)
            } catch {
                // A dangling link or a file deleted since readdir: nothing to read.
                if !error.isNotFound { record(error, child) }
                return
            }
            if status.kind == .directory {
                subdirectories.append((child, folder))
            } else if isJSONL, status.kind == .regular {
                fileCount += 1
                listed.append(
                    DiscoveredFile(
                        path: child, projectFolder: projectFolder ?? "", identity: status.identity,
                        size: status.size, mtime: status.modifiedNanos))
            }
        }
        if !listed.isEmpty { found(listed) }
        for (child, folder) in subdirectories.sorted(by: { $0.0 < $1.0 }) {
            walkDirectory(child, projectFolder: folder, found: found)
        }
    }

    private mutating func record(_ error: SystemError, _ path: String) {
        problems.append(WalkProblem(error, path: path))
    }
}
