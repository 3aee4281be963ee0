/// Lines of the other sources' formats, as `../shared/reference` shows them.
package enum SourceFixtures {
    /// A Codex `session_meta` line, with instructions that mention the words the decoder looks for.
    package static func codexMeta(cwd: String, timestamp: String = "2025-09-14T10:00:00.000Z") -> String {
        #"{"timestamp":"\#(timestamp)","type":"session_meta","payload":{"id":"s-\#(timestamp)","timestamp":"\#(timestamp)","cwd":"\#(cwd)","originator":"codex_cli_rs","instructions":"never print token_count or turn_context"}}"#
            + "\n"
    }

    package static func codexTurn(model: String, cwd: String, timestamp: String = "2025-09-14T10:00:01.000Z") -> String
    {
        #"{"timestamp":"\#(timestamp)","type":"turn_context","payload":{"cwd":"\#(cwd)","approval_policy":"on-request","model":"\#(model)","effort":"medium","summary":"auto"}}"#
            + "\n"
    }

    /// A `token_count` event; each usage is (input, cached, output, reasoning, total).
    package static func codexCount(
        last: [Int]?, total: [Int]?, timestamp: String = "2025-09-14T10:00:02.000Z"
    ) -> String {
        func usage(_ values: [Int]) -> String {
            #"{"input_tokens":\#(values[0]),"cached_input_tokens":\#(values[1]),"output_tokens":\#(values[2]),"reasoning_output_tokens":\#(values[3]),"total_tokens":\#(values[4])}"#
        }
        var info: [String] = []
        if let total { info.append(#""total_token_usage":\#(usage(total))"#) }
        if let last { info.append(#""last_token_usage":\#(usage(last))"#) }
        info.append(#""model_context_window":272000"#)
        return
            #"{"timestamp":"\#(timestamp)","type":"event_msg","payload":{"type":"token_count","info":{\#(info.joined(separator: ","))},"rate_limits":{"primary":{"used_percent":12.0,"window_minutes":300}}}}"#
            + "\n"
    }

    /// A rate-limit update: a token count without usage.
    package static func codexRateLimits(timestamp: String = "2025-09-14T10:00:03.000Z") -> String {
        #"{"timestamp":"\#(timestamp)","type":"event_msg","payload":{"type":"token_count","info":null,"rate_limits":{"primary":{"used_percent":13.0}}}}"#
            + "\n"
    }

    /// A response item whose text mentions token_count.
    package static func codexResponse(
        text: String = "the token_count event", timestamp: String = "2025-09-14T10:00:02.500Z"
    )
        -> String
    {
        #"{"timestamp":"\#(timestamp)","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"\#(text)"}]}}"#
            + "\n"
    }

    /// A `usage_captured` team usage record.
    package static func teamUsage(
        session: String, model: String = "claude-3-5-sonnet", user: String = "developer", phase: String = "build",
        input: Int, output: Int, total: Int? = nil, cost: Double? = nil, timestamp: String = "2025-07-18T10:00:00Z"
    ) -> String {
        let totalPart = total.map { #","total":\#($0)"# } ?? ""
        let costPart = cost.map { #","cost_usd":{"input":0,"output":0,"total":\#($0)}"# } ?? ""
        return
            #"{"timestamp":"\#(timestamp)","session_id":"\#(session)","model":"\#(model)","phase":"\#(phase)","user":"\#(user)","tokens":{"input":\#(input),"output":\#(output)\#(totalPart)}\#(costPart),"type":"usage_captured"}"#
            + "\n"
    }

    package static func captureFailure(
        session: String, reason: String?, timestamp: String = "2025-07-18T11:00:00Z"
    )
        -> String
    {
        let reasonPart = reason.map { #","reason":"\#($0)""# } ?? ""
        return #"{"timestamp":"\#(timestamp)","session_id":"\#(session)","type":"capture_failure"\#(reasonPart)}"#
            + "\n"
    }

    /// A prompt audit; `actual` nil writes `"actual_tokens":null`.
    package static func promptAudit(
        session: String, estimated: Int, actual: Int?, prompt: String = "Build the LLVM toolchain",
        timestamp: String = "2025-07-18T09:59:00Z"
    ) -> String {
        let actualText = actual.map(String.init) ?? "null"
        return
            #"{"timestamp":"\#(timestamp)","prompt":"\#(prompt)","session_id":"\#(session)","metadata":{"prompt_metrics":{"estimated_tokens":\#(estimated),"actual_tokens":\#(actualText)}}}"#
            + "\n"
    }

    /// An application usage event.
    package static func appEvent(
        provider: String = "anthropic", service: String = "conversation-memory", operation: String = "compression",
        model: String = "claude-3-5-haiku-20241022", tenant: String = "hotel-42", input: Int, output: Int? = nil,
        cacheHit: Bool? = nil, cost: Double? = nil, timestamp: String = "2025-10-03T12:00:00Z"
    ) -> String {
        var parts = [
            #""timestamp":"\#(timestamp)""#, #""provider":"\#(provider)""#, #""service":"\#(service)""#,
            #""operation":"\#(operation)""#, #""model":"\#(model)""#, #""tenant":"\#(tenant)""#, #""session_id":"s-9""#,
            #""input_tokens":\#(input)"#,
        ]
        if let output { parts.append(#""output_tokens":\#(output)"#) }
        if let cacheHit { parts.append(#""cache_hit":\#(cacheHit)"#) }
        if let cost { parts.append(#""cost_usd":\#(cost)"#) }
        return "{" + parts.joined(separator: ",") + "}\n"
    }
}
