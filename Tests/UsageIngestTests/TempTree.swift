import Foundation

/// A temporary folder tree for tests, removed on deinit.
final class TempTree {
    let root: String

    init() {
        let template = NSTemporaryDirectory() + "llm-usage-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = mkdtemp(&bytes)!
        root = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) {
        write(relative, Array(text.utf8))
    }

    func write(_ relative: String, _ bytes: [UInt8]) {
        let full = path(relative)
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    }

    /// Truncates the file in place and writes new content (same inode), as a rewrite by `>` does.
    func overwrite(_ relative: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path(relative))!
        handle.truncateFile(atOffset: 0)
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    func append(_ relative: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path(relative))!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    func remove(_ relative: String) {
        try! FileManager.default.removeItem(atPath: path(relative))
    }

    func rename(_ from: String, _ to: String) {
        Foundation.rename(path(from), path(to))
    }
}

/// A Claude Code assistant line.
func assistantLine(
    id: String, request: String? = "req", model: String = "claude-sonnet-4-5-20250929", input: Int = 10, output: Int = 100,
    cacheWrite: Int = 0, cacheRead: Int = 0, timestamp: String = "2025-10-01T12:00:00.000Z", cwd: String = "/home/alice/src/app",
    sidechain: Bool = false
) -> String {
    let requestPart = request.map { #""requestId":"\#($0)","# } ?? ""
    return #"{"parentUuid":"p","isSidechain":\#(sidechain),"cwd":"\#(cwd)","sessionId":"s","message":{"id":"\#(id)","type":"message","role":"assistant","model":"\#(model)","content":[{"type":"text","text":"..."}],"usage":{"input_tokens":\#(input),"cache_creation_input_tokens":\#(cacheWrite),"cache_read_input_tokens":\#(cacheRead),"output_tokens":\#(output)}},\#(requestPart)"type":"assistant","uuid":"u","timestamp":"\#(timestamp)"}"#
        + "\n"
}
