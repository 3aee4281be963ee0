/// The raw bytes of a JSON string between its quotes, as offsets into the scanned buffer.
public struct JSONStringSlice: Equatable, Sendable {
    /// Offset of the first byte after the opening quote.
    public var start: Int
    /// Offset of the closing quote.
    public var end: Int
    /// True when a backslash occurs inside: the raw bytes are then not the decoded value.
    public var hasEscapes: Bool

    @inlinable
    public init(start: Int, end: Int, hasEscapes: Bool) {
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }

    /// Number of raw bytes between the quotes.
    @inlinable
    public var count: Int { end - start }
}
