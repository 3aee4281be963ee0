import Foundation

/// A temporary folder tree for tests, removed on deinit.
package final class TempTree {
    package let root: String

    package init() {
        let template = NSTemporaryDirectory() + "llm-usage-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = mkdtemp(&bytes)!
        root = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    package func path(_ relative: String) -> String { root + "/" + relative }

    package func write(_ relative: String, _ text: String) {
        write(relative, Array(text.utf8))
    }

    package func write(_ relative: String, _ bytes: [UInt8]) {
        let full = path(relative)
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    }

    /// Truncates the file in place and writes new content (same inode), as a rewrite by `>` does.
    package func overwrite(_ relative: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path(relative))!
        handle.truncateFile(atOffset: 0)
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    package func append(_ relative: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path(relative))!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// A file's text; empty when it cannot be read.
    package func read(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }

    package func remove(_ relative: String) {
        try! FileManager.default.removeItem(atPath: path(relative))
    }

    package func rename(_ from: String, _ to: String) {
        Foundation.rename(path(from), path(to))
    }
}
