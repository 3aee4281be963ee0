/// Why `--web.config.file` was refused.
package struct WebConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    package var path: String
    package var line: Int
    package var reason: String

    package init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    package var description: String { line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)" }
}
