import Glibc
import UsageModel

/// Where a source's files are: `*.jsonl` below folders, or shell globs.
package enum LogDiscovery: Sendable {
    /// Every `*.jsonl` at any depth below each root's `subfolders` (Codex: `sessions`,
    /// `archived_sessions`).
    case folders(roots: [String], subfolders: [String])
    /// The regular files each pattern matches (`*`, `?`, `[...]`, `{a,b}`, a leading `~`).
    case globs([String])

    /// The configured paths, one status each.
    var configured: [String] {
        switch self {
        case .folders(let roots, _): roots
        case .globs(let patterns): patterns
        }
    }

    /// The files of the configured path at `index`; nil when it does not exist (yet).
    func find(_ index: Int, problems: inout [WalkProblem]) -> [DiscoveredFile]? {
        switch self {
        case .folders(let roots, let subfolders):
            let root =
                roots[index].hasSuffix("/") && roots[index].count > 1 ? String(roots[index].dropLast()) : roots[index]
            var files: [DiscoveredFile]?
            for subfolder in subfolders {
                let folder = root + "/" + subfolder
                var info = stat()
                guard stat(folder, &info) == 0 else {
                    let code = errno
                    if code != ENOENT, code != ENOTDIR {
                        problems.append(WalkProblem(SystemError(call: "stat", path: folder, errno: code), path: folder))
                        files = files ?? []
                    }
                    continue
                }
                let walk = ProjectsWalker.walk(folder)
                problems += walk.problems
                files = (files ?? []) + walk.files
            }
            return files
        case .globs(let patterns):
            return LogDiscovery.glob(patterns[index], problems: &problems)
        }
    }

    private static func glob(_ pattern: String, problems: inout [WalkProblem]) -> [DiscoveredFile]? {
        var result = glob_t()
        defer { globfree(&result) }
        var failedPath: String?
        var failedErrno: Int32 = 0
        let status = Glibc.glob(pattern, GLOB_TILDE | GLOB_BRACE, nil, &result)
        if status == GLOB_NOMATCH { return nil }
        if status != 0 {
            failedPath = pattern
            failedErrno = status == GLOB_NOSPACE ? ENOMEM : EIO
        }
        var files: [DiscoveredFile] = []
        for index in 0..<Int(result.gl_pathc) {
            guard let cPath = result.gl_pathv[index] else { continue }
            let path = String(cString: cPath)
            var info = stat()
            guard stat(path, &info) == 0 else {
                let code = errno
                if code != ENOENT {
                    problems.append(WalkProblem(SystemError(call: "stat", path: path, errno: code), path: path))
                }
                continue
            }
            guard info.st_mode & S_IFMT == S_IFREG else { continue }
            files.append(
                DiscoveredFile(
                    path: path, projectFolder: "", identity: FileIdentity(info), size: UInt64(info.st_size),
                    mtime: FileIdentity.modificationNanos(info)))
        }
        if let failedPath {
            problems.append(
                WalkProblem(SystemError(call: "glob", path: failedPath, errno: failedErrno), path: failedPath))
        }
        return files
    }
}
