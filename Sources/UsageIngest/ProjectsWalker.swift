import Glibc
import UsageModel

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
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            record(SystemError(call: "open", path: path, errno: errno), path)
            return
        }
        let info: stat
        do {
            info = try SystemCall.status(of: fd, path: path)
        } catch {
            close(fd)
            record(error, path)
            return
        }
        let identity = FileIdentity(info)
        guard visited.insert(identity).inserted else {
            close(fd)
            problems.append(
                WalkProblem(path: path, reason: .symlinkLoop, message: "folder already walked through another path"))
            return
        }
        // fdopendir owns fd from here; entries are stat-ed relative to it, not by full path.
        guard let dir = fdopendir(fd) else {
            close(fd)
            record(SystemError(call: "opendir", path: path, errno: errno), path)
            return
        }
        defer { closedir(dir) }
        var subdirectories: [(String, String)] = []
        var listed: [DiscoveredFile] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let isJSONL = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let name = raw.prefix(while: { $0 != 0 })
                return name.count > 6 && name.suffix(6).elementsEqual(".jsonl".utf8)
            }
            // Only folders, links and .jsonl files matter; skip the rest without making strings.
            guard type == UInt8(DT_DIR) || type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) || isJSONL else {
                continue
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            let folder = projectFolder ?? name
            if type == UInt8(DT_DIR) {
                subdirectories.append((child, folder))
                continue
            }
            var childInfo = stat()
            guard fstatat(dirfd(dir), name, &childInfo, 0) == 0 else {
                // A dangling link or a file deleted since readdir: nothing to read.
                let code = errno
                if code != ENOENT, code != ENOTDIR {
                    record(SystemError(call: "stat", path: child, errno: code), child)
                }
                continue
            }
            if childInfo.st_mode & S_IFMT == S_IFDIR {
                subdirectories.append((child, folder))
            } else if isJSONL, childInfo.st_mode & S_IFMT == S_IFREG {
                fileCount += 1
                listed.append(
                    DiscoveredFile(
                        path: child, projectFolder: projectFolder ?? "",
                        identity: FileIdentity(childInfo),
                        size: UInt64(childInfo.st_size),
                        mtime: FileIdentity.modificationNanos(childInfo)))
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
