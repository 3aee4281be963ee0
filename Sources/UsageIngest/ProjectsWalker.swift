import Glibc
import UsageModel

/// Lists every `*.jsonl` below a `projects/` folder, at any depth, with one `stat` each.
///
/// Symbolic links are followed; a folder reached twice (a link loop) is walked once and
/// reported. Problems are collected, never thrown: one unreadable folder must not hide the rest.
struct ProjectsWalker {
    var files: [DiscoveredFile] = []
    var problems: [WalkProblem] = []
    private var visited: Set<FileIdentity> = []

    static func walk(_ projectsDir: String) -> ProjectsWalker {
        var walker = ProjectsWalker()
        walker.walkDirectory(projectsDir, projectFolder: nil)
        return walker
    }

    private mutating func walkDirectory(_ path: String, projectFolder: String?) {
        let info: stat
        do {
            info = try SystemCall.status(path)
        } catch {
            record(error, path)
            return
        }
        let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        guard visited.insert(identity).inserted else {
            problems.append(
                WalkProblem(path: path, reason: .symlinkLoop, message: "folder already walked through another path"))
            return
        }
        guard let dir = opendir(path) else {
            record(SystemError(call: "opendir", path: path, errno: errno), path)
            return
        }
        defer { closedir(dir) }
        var subdirectories: [(String, String)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path.hasSuffix("/") ? path + name : path + "/" + name
            let type = entry.pointee.d_type
            let folder = projectFolder ?? name
            if type == UInt8(DT_DIR) {
                subdirectories.append((child, folder))
            } else if type == UInt8(DT_REG) || type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
                let isJSONL = name.hasSuffix(".jsonl")
                guard isJSONL || type != UInt8(DT_REG) else { continue }
                let childInfo: stat
                do {
                    childInfo = try SystemCall.status(child)
                } catch {
                    // A dangling link or a file deleted since readdir: nothing to read.
                    if !error.isNotFound { record(error, child) }
                    continue
                }
                if childInfo.st_mode & S_IFMT == S_IFDIR {
                    subdirectories.append((child, folder))
                } else if isJSONL, childInfo.st_mode & S_IFMT == S_IFREG {
                    files.append(
                        DiscoveredFile(
                            path: child, projectFolder: projectFolder ?? "",
                            identity: FileIdentity(device: UInt64(childInfo.st_dev), inode: UInt64(childInfo.st_ino)),
                            size: UInt64(childInfo.st_size)))
                }
            }
        }
        for (child, folder) in subdirectories.sorted(by: { $0.0 < $1.0 }) {
            walkDirectory(child, projectFolder: folder)
        }
    }

    private mutating func record(_ error: SystemError, _ path: String) {
        problems.append(
            WalkProblem(
                path: path, reason: error.isPermissionDenied ? .permissionDenied : .ioError, message: error.description)
        )
    }
}
