/// Tokens and cost counted for one agent series.
package struct AgentUsage: Equatable, Sendable {
    package var tokens = TokenCounts.zero
    package var costUSD = 0.0

    package init(tokens: TokenCounts = .zero, costUSD: Double = 0) {
        self.tokens = tokens
        self.costUSD = costUSD
    }

    package mutating func add(_ other: AgentUsage) {
        tokens += other.tokens
        costUSD += other.costUSD
    }
}
