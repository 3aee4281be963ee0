/// The usage and health families, rendered once per change of the counters.
extension Family {
    package static let bytesRead = Family(
        "llm_usage_bytes_read_total", .counter, help: "Bytes of log files consumed, by source.")
    package static let cacheLookups = Family(
        "llm_usage_cache_lookups_total", .counter,
        help: "Lookups in an application's own response cache; a hit is no request and costs nothing.")
    package static let captureFailures = Family(
        "llm_usage_capture_failures_total", .counter,
        help:
            "Agent sessions whose usage a team usage hook could not capture, by reason (timeout, not_found, error, other)."
    )
    package static let cost = Family(
        "llm_usage_cost_usd_total", .counter,
        help:
            "Cost of deduplicated requests in USD, by cost mode (see --cost.mode). Models without a price are counted in llm_usage_unpriced_requests_total instead."
    )
    package static let dedupMemory = Family(
        "llm_usage_dedup_memory_bytes", .gauge,
        help:
            "Bytes held by the table that remembers counted requests (it grows with distinct requests, not with history)."
    )
    package static let dedupRequests = Family(
        "llm_usage_dedup_requests", .gauge, help: "Distinct requests remembered for deduplication.")
    package static let duplicateLines = Family(
        "llm_usage_duplicate_lines_total", .counter,
        help:
            "Lines that repeated a request already counted (content-block copies, streaming partials, resumed sessions)."
    )
    package static let estimatedTokens = Family(
        "llm_usage_estimated_tokens_total", .counter,
        help: "Tokens prompt audits estimated, for audits with an actual count (bias = this / actual).")
    package static let estimationActualTokens = Family(
        "llm_usage_estimation_actual_tokens_total", .counter,
        help: "Actual tokens of the audited prompts, from the audit or its session's usage record.")
    package static let estimationError = Family(
        "llm_usage_estimation_error_ratio", .histogram,
        help: "Prompt audits' token estimation error, |estimated - actual| / actual.")
    package static let estimationUnmatched = Family(
        "llm_usage_estimation_unmatched", .gauge,
        help: "Prompt audits without an actual count waiting for their session's usage record.")
    package static let estimationUnmatchedDropped = Family(
        "llm_usage_estimation_unmatched_dropped_total", .counter,
        help: "Waiting prompt audits dropped, oldest first, from a full buffer (10,000 audits).")
    package static let buildInfo = Family(
        "llm_usage_exporter_build_info", .gauge,
        help:
            "A metric with a constant '1' value labeled by version, revision, branch, and swiftversion from which llm-usage-exporter was built."
    )
    package static let ready = Family(
        "llm_usage_exporter_ready", .gauge,
        help: "1 once the first catch-up over every source has finished (as /-/ready), else 0.")
    package static let fileResets = Family(
        "llm_usage_file_resets_total", .counter,
        help:
            "Files read again from their start because they were truncated or replaced; deduplication absorbs what was already counted."
    )
    package static let filesForgotten = Family(
        "llm_usage_files_forgotten_total", .counter,
        help: "Tracked files no longer found (deleted, moved away, a folder replaced); what they counted is kept.")
    package static let filesWatched = Family(
        "llm_usage_files_watched", .gauge, help: "Log files currently tailed, by source.")
    package static let lastEvent = Family(
        "llm_usage_last_event_timestamp_seconds", .gauge, help: "Time of the newest usage record read, by source.")
    package static let linesRead = Family(
        "llm_usage_lines_read_total", .counter, help: "Complete lines read from log files, by source.")
    package static let linesRejected = Family(
        "llm_usage_lines_rejected_total", .counter, help: "Lines that could not be counted, by source and reason.")
    package static let pricesLoaded = Family(
        "llm_usage_prices_last_reload_successful", .gauge,
        help:
            "1 when the price files (--pricing.file, the one `pricing update` writes) last loaded; 0 while a change to one cannot be read and the old prices stay."
    )
    package static let requestCost = Family(
        "llm_usage_request_cost_usd", .histogram, help: "Cost per request in USD (priced requests).")
    package static let requestTokens = Family(
        "llm_usage_request_tokens", .histogram, help: "Tokens per request, all types.")
    package static let requests = Family("llm_usage_requests_total", .counter, help: "Deduplicated API requests.")
    package static let sourceErrors = Family(
        "llm_usage_source_errors_total", .counter,
        help: "Source files or folders that could not be read, by source and reason.")
    package static let fileEventsLost = Family(
        "llm_usage_file_events_lost_total", .counter,
        help:
            "Times file events were lost and every file was read again, by reason (overflow: the kernel's queue; watch_limit: fs.inotify.max_user_watches, then polling)."
    )
    package static let stateLastSave = Family(
        "llm_usage_state_last_save_timestamp_seconds", .gauge,
        help:
            "Time of the last successful save of the state (--state.dir); the start, before the first. Counted usage since then is lost if the process ends."
    )
    package static let stateSaveFailures = Family(
        "llm_usage_state_save_failures_total", .counter,
        help:
            "Saves of the state that failed, by reason; what was counted stays in memory and the next save tries again."
    )
    package static let tokens = Family(
        "llm_usage_tokens_total", .counter, help: "Tokens of deduplicated requests, by token type.")
    package static let unpriced = Family(
        "llm_usage_unpriced_requests_total", .counter,
        help: "Requests whose model has no price in the price table (add one with --pricing.file).")
}
