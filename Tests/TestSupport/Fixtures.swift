/// A Claude Code assistant line.
package func assistantLine(
    id: String, request: String? = "req", model: String = "claude-sonnet-4-5-20250929", input: Int = 10,
    output: Int = 100,
    cacheWrite: Int = 0, cacheRead: Int = 0, timestamp: String = "2025-10-01T12:00:00.000Z",
    cwd: String = "/home/alice/src/app",
    sidechain: Bool = false
) -> String {
    let requestPart = request.map { #""requestId":"\#($0)","# } ?? ""
    return
        #"{"parentUuid":"p","isSidechain":\#(sidechain),"cwd":"\#(cwd)","sessionId":"s","message":{"id":"\#(id)","type":"message","role":"assistant","model":"\#(model)","content":[{"type":"text","text":"..."}],"usage":{"input_tokens":\#(input),"cache_creation_input_tokens":\#(cacheWrite),"cache_read_input_tokens":\#(cacheRead),"output_tokens":\#(output)}},\#(requestPart)"type":"assistant","uuid":"u","timestamp":"\#(timestamp)"}"#
        + "\n"
}
