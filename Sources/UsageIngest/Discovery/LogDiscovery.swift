import UsageModel
import UsageSystem

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
                do {
                    _ = try FileSystem.status(folder)
                } catch {
                    if !error.isNotFound {
                        problems.append(WalkProblem(error, path: folder))
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
        let paths: [String]
        var failure: SystemError?
        switch FileSystem.glob(pattern) {
        case .noMatch: return nil
        case .matched(let matched): paths = matched
        case .failed(let matched, let error):
            paths = matched
            failure = error
        }
        var files: [DiscoveredFile] = []
        for path in paths {
            let status: FileStatus
            do {
                status = try FileSystem.status(path)
            } catch {
                if !error.isNoSuchFile { problems.append(WalkProblem(error, path: path)) }
                continue
            }
            guard status.kind == .regular else { continue }
            files.append(
                DiscoveredFile(
                    path: path, projectFolder: "", identity: status.identity, size: status.size,
                    mtime: status.modifiedNanos))
        }
        if let failure { problems.append(WalkProblem(failure, path: pattern)) }
        return files
    }
}
