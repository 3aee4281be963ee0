/// A prefilter looks for a key's raw bytes, but JSON may spell any letter as an escape
/// (`"us\u0061ge"` is `"usage"`): a line that may hide a key so is walked, not dismissed.
enum LetterEscapes {
    /// True when the line holds `\u004` to `\u007`, the escapes of `@`, the letters, `_` and
    /// a few more: no tool writes them, so the lines it lets through are the odd ones (control
    /// characters are `\u00` followed by `0` or `1`, an HTML-safe `<`, `>` or `&` by `2` or
    /// `3`, other scripts by a letter, and letters are written as themselves). Sixteen
    /// positions a step: vector compares find each `\u00`, and only those are checked for the
    /// digit after it.
    static func mayHide(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress, line.count >= 5 else { return false }
        let raw = UnsafeRawPointer(base)
        let backslash = SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
        let u = SIMD16<UInt8>(repeating: UInt8(ascii: "u"))
        let zero = SIMD16<UInt8>(repeating: UInt8(ascii: "0"))
        // `\u004` occupies `start ..< start + 5`; each step tests the sixteen starts from `start`.
        var start = 0
        while start &+ 20 <= line.count {
            let hits =
                raw.loadUnaligned(fromByteOffset: start, as: SIMD16<UInt8>.self) .== backslash
                .& raw.loadUnaligned(fromByteOffset: start &+ 1, as: SIMD16<UInt8>.self) .== u
                .& raw.loadUnaligned(fromByteOffset: start &+ 2, as: SIMD16<UInt8>.self) .== zero
                .& raw.loadUnaligned(fromByteOffset: start &+ 3, as: SIMD16<UInt8>.self) .== zero
            if MatchedLanes.any(hits, { isLetterDigit(base[start &+ $0 &+ 4]) }) { return true }
            start &+= 16
        }
        while start &+ 5 <= line.count {
            if isEscape(base, at: start, count: line.count) { return true }
            start &+= 1
        }
        return false
    }

    /// True when such an escape begins at `position` (any position of a `count`-byte line).
    @inline(__always)
    static func isEscape(_ base: UnsafePointer<UInt8>, at position: Int, count: Int) -> Bool {
        position &+ 5 <= count && base[position] == UInt8(ascii: "\\") && base[position &+ 1] == UInt8(ascii: "u")
            && base[position &+ 2] == UInt8(ascii: "0") && base[position &+ 3] == UInt8(ascii: "0")
            && isLetterDigit(base[position &+ 4])
    }

    @inline(__always)
    private static func isLetterDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "4") < 4
    }
}
