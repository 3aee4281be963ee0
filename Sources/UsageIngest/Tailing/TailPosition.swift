/// How far a file has been consumed: the offset of the first byte not yet counted.
///
/// The offset is always at a line start, except while an overlong line is being skipped;
/// a partial last line is left unconsumed and read again once it is completed.
package struct TailPosition: Equatable, Sendable {
    package var offset: UInt64
    /// True while the bytes at `offset` continue a line already counted as `overlong`.
    package var skippingOverlong: Bool
    /// Complete lines consumed so far, for `file:line` in messages.
    package var lineNumber: UInt64

    package init(offset: UInt64 = 0, skippingOverlong: Bool = false, lineNumber: UInt64 = 0) {
        self.offset = offset
        self.skippingOverlong = skippingOverlong
        self.lineNumber = lineNumber
    }
}
