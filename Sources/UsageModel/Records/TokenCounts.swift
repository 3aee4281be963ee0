/// Token counts of one request (or a sum of requests), split the way they are priced.
package struct TokenCounts: Equatable, Hashable, Sendable {
    package var input: UInt64
    package var output: UInt64
    /// Cache writes kept for 5 minutes (the default when a line has no split).
    package var cacheWrite5m: UInt64
    /// Cache writes kept for 1 hour, priced higher.
    package var cacheWrite1h: UInt64
    package var cacheRead: UInt64

    package init(
        input: UInt64 = 0, output: UInt64 = 0, cacheWrite5m: UInt64 = 0, cacheWrite1h: UInt64 = 0, cacheRead: UInt64 = 0
    ) {
        self.input = input
        self.output = output
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.cacheRead = cacheRead
    }

    package static let zero = TokenCounts()

    /// All cache writes, as `token_type="cache_creation"` reports them.
    package var cacheCreation: UInt64 { cacheWrite5m + cacheWrite1h }

    /// Tokens sent to the model: what the long-context rule compares with its threshold.
    package var promptSide: UInt64 { input + cacheWrite5m + cacheWrite1h + cacheRead }

    package var total: UInt64 { promptSide + output }

    /// The count of one reported token type.
    package subscript(type: TokenType) -> UInt64 {
        switch type {
        case .input: input
        case .output: output
        case .cacheCreation: cacheCreation
        case .cacheRead: cacheRead
        }
    }

    /// Component-wise maximum: a copy can only raise what was counted, never lower it.
    package func componentMax(_ other: TokenCounts) -> TokenCounts {
        TokenCounts(
            input: max(input, other.input),
            output: max(output, other.output),
            cacheWrite5m: max(cacheWrite5m, other.cacheWrite5m),
            cacheWrite1h: max(cacheWrite1h, other.cacheWrite1h),
            cacheRead: max(cacheRead, other.cacheRead)
        )
    }

    /// True when no component of `self` is below `other`'s.
    package func dominates(_ other: TokenCounts) -> Bool {
        input >= other.input && output >= other.output && cacheWrite5m >= other.cacheWrite5m
            && cacheWrite1h >= other.cacheWrite1h && cacheRead >= other.cacheRead
    }

    /// Component-wise difference; the caller guarantees `self` dominates `other`.
    package func subtracting(_ other: TokenCounts) -> TokenCounts {
        TokenCounts(
            input: input - other.input,
            output: output - other.output,
            cacheWrite5m: cacheWrite5m - other.cacheWrite5m,
            cacheWrite1h: cacheWrite1h - other.cacheWrite1h,
            cacheRead: cacheRead - other.cacheRead
        )
    }

    package static func += (lhs: inout TokenCounts, rhs: TokenCounts) {
        lhs.input &+= rhs.input
        lhs.output &+= rhs.output
        lhs.cacheWrite5m &+= rhs.cacheWrite5m
        lhs.cacheWrite1h &+= rhs.cacheWrite1h
        lhs.cacheRead &+= rhs.cacheRead
    }
}
