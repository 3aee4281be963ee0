/// The raw bytes of a JSON string between its quotes, as offsets into the scanned buffer.
package struct JSONStringSlice: Equatable, Sendable {
    /// Offset of the first byte after the opening quote.
    package var start: Int
    /// Offset of the closing quote.
    package var end: Int
    /// True when a backslash occurs inside: the raw bytes are then not the decoded value.
    package var hasEscapes: Bool

    @inlinable
    package init(start: Int, end: Int, hasEscapes: Bool) {
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }

    /// Number of raw bytes between the quotes.
    @inlinable
    package var count: Int { end - start }
}
