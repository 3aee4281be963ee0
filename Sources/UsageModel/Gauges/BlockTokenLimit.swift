/// The token limit the active block is compared with (`llm_usage_block_limit_tokens`).
package enum BlockTokenLimit: Equatable, Sendable {
    case none
    /// The largest block that has ended, as ccusage's `--token-limit max`.
    case largestFinished
    case tokens(UInt64)
}
