import UsageModel
import UsageSystem

/// Turns a Claude Code project folder into the `project` label value.
///
/// The folder name is the working directory with every character other than a letter or a
/// digit replaced by `-` (`/home/alice/src/my-app` -> `-home-alice-src-my-app`), which cannot
/// be decoded reliably. So the label is taken from a line's `cwd` when that path, or the
/// folder it is under (a session that changed directory), encodes to the folder name exactly,
/// else from the folder name with `-` read as `/`. It is decided once per folder, from the
/// first batch of usage lines read in it (the first of them whose `cwd` matches: lines copied
/// from another project carry that project's), so a series never changes its name.
package struct ProjectLabeler: Sendable {
    package let mode: ProjectLabelMode
    private var labels: [String: String] = [:]

    package init(mode: ProjectLabelMode) {
        self.mode = mode
    }

    /// Labels decided so far, by project folder (saved with the state, so a label never changes).
    package var known: [String: String] {
        get { labels }
        set { labels = newValue }
    }

    package mutating func label(folder: String, cwd: String?) -> String {
        label(folder: folder, cwds: cwd.map { [$0] } ?? [])
    }

    /// The label of `folder`, from the first of `cwds` that matches it.
    package mutating func label(folder: String, cwds: some Sequence<String>) -> String {
        if let known = labels[folder] { return known }
        let path =
            cwds.lazy.compactMap { ProjectLabeler.matchingPath(folder: folder, cwd: $0) }.first
            ?? ProjectLabeler.resolvePath(folder: folder, cwd: nil)
        // A folder name that is not UTF-8 is labelled with its raw bytes written \xNN.
        return remember(folder, PathName.display(ProjectLabeler.label(path: path, mode: mode)))
    }

    /// The label for a working directory in a mode (Codex sessions give the path itself).
    package static func label(path: String, mode: ProjectLabelMode) -> String {
        switch mode {
        case .name:
            return path.split(separator: "/").last.map(String.init) ?? path
        case .path:
            return path
        case .hash:
            var hash = StableHash()
            hash.combine(path)
            let hex = String(hash.finalized, radix: 16)
            return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
        case .none:
            return ""
        }
    }

    private mutating func remember(_ folder: String, _ label: String) -> String {
        labels[folder] = label
        return label
    }

    static func resolvePath(folder: String, cwd: String?) -> String {
        if let cwd, let path = matchingPath(folder: folder, cwd: cwd) { return path }
        return String(folder.map { $0 == "-" ? "/" : $0 })
    }

    /// `cwd`, or the longest folder above it, when it encodes to `folder`; nil when none does.
    static func matchingPath(folder: String, cwd: String) -> String? {
        var path = Substring(cwd)
        while !path.isEmpty {
            if path.count == folder.count, encode(String(path)) == folder { return String(path) }
            guard let slash = path.lastIndex(of: "/") else { return nil }
            path = path[..<slash]
        }
        return nil
    }

    /// Claude Code's folder name for a working directory.
    static func encode(_ path: String) -> String {
        String(
            path.unicodeScalars.map { scalar in
                (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar)
                    ? Character(scalar) : "-"
            })
    }
}
