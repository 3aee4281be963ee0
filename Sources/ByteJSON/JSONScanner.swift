public import UsageSystem

/// A forward-only, validating JSON scanner over a byte buffer.
///
/// Callers walk the structure they care about (`nextKey`, `scanString`, `scanUInt64`) and
/// `skipValue` everything else; nothing is allocated unless a string is decoded. Skipped
/// strings are found with `memchr`, so long text fields cost little more than reading them.
/// The buffer must outlive the scanner: it stores a pointer, not a copy.
public struct JSONScanner {
    /// Deepest nesting accepted; deeper input is rejected instead of recursing further.
    public static let maxDepth = 128

    public let base: UnsafePointer<UInt8>
    public let count: Int
    public var index: Int

    public init(_ buffer: UnsafeBufferPointer<UInt8>, from index: Int = 0) {
        // An empty buffer may have a nil base. Every read is guarded by `index < count`, so
        // with count 0 this placeholder address is never dereferenced.
        self.base = buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<UInt64>.alignment)!
        self.count = buffer.count
        self.index = index
    }

    // MARK: - Structure

    @inline(__always)
    @inlinable
    public mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, without consuming it; nil at the end of the buffer.
    @inline(__always)
    @inlinable
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < count ? base[index] : nil
    }

    /// Consumes `byte` after optional whitespace, or throws.
    @inline(__always)
    @inlinable
    public mutating func expect(_ byte: UInt8) throws(JSONScanError) {
        skipWhitespace()
        guard index < count, base[index] == byte else { throw .malformed(offset: index) }
        index += 1
    }

    /// Consumes `{`; pair with ``nextKey(first:)``.
    @inline(__always)
    @inlinable
    public mutating func beginObject() throws(JSONScanError) {
        if index < count, base[index] == UInt8(ascii: "{") {
            index &+= 1
            return
        }
        try expect(UInt8(ascii: "{"))
    }

    /// The next member's key with its `:` consumed, or nil once the closing `}` is consumed.
    ///
    /// `first` starts true and tells whether a `,` must precede the key. Compact JSON is read
    /// inline, in the caller's loop: `,"key":` (or `"key":` for the first member) and then a
    /// value right away. Anything else, whitespace or escapes included, takes the general path.
    @inline(__always)
    @inlinable
    public mutating func nextKey(first: inout Bool) throws(JSONScanError) -> JSONStringSlice? {
        if first || index < count && base[index] == UInt8(ascii: ","),
            let key = plainKey(at: first ? index : index &+ 1, spaced: false)
        {
            first = false
            return key
        }
        if index < count, base[index] == UInt8(ascii: "}") {
            index &+= 1
            return nil
        }
        return try nextKeySpaced(first: &first)
    }

    /// A key without escapes whose opening quote is at `quote`, then `:` and (one space
    /// allowed when `spaced`) a value: consumed up to the value. Nil, consuming nothing, for
    /// anything else.
    @inline(__always)
    @inlinable
    mutating func plainKey(at quote: Int, spaced: Bool) -> JSONStringSlice? {
        guard quote < count, base[quote] == UInt8(ascii: "\"") else { return nil }
        let end = quoteOrBackslash(from: quote &+ 1, limit: count)
        guard end &+ 2 < count, base[end] == UInt8(ascii: "\""), base[end &+ 1] == UInt8(ascii: ":") else {
            return nil
        }
        var value = end &+ 2
        if spaced, base[value] == 0x20 { value &+= 1 }
        guard value < count, base[value] > 0x20 else { return nil }
        index = value
        return JSONStringSlice(start: quote &+ 1, end: end, hasEscapes: false)
    }

    /// ``nextKey(first:)`` for anything but compact JSON. One space after the `,` and the `:`
    /// (Python's default separators) is read without the general path's loops.
    @inline(never)
    @usableFromInline
    mutating func nextKeySpaced(first: inout Bool) throws(JSONScanError) -> JSONStringSlice? {
        if first || index < count && base[index] == UInt8(ascii: ",") {
            var quote = first ? index : index &+ 1
            if quote < count, base[quote] == 0x20 { quote &+= 1 }
            if let key = plainKey(at: quote, spaced: true) {
                first = false
                return key
            }
        }
        skipWhitespace()
        guard index < count else { throw .malformed(offset: index) }
        if base[index] == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if first {
            first = false
        } else {
            guard base[index] == UInt8(ascii: ",") else { throw .malformed(offset: index) }
            index += 1
            skipWhitespace()
        }
        let key = try scanKey()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// A key: short and plain in practice, so scanned inline; the general path takes over at a backslash.
    @inline(__always)
    @inlinable
    mutating func scanKey() throws(JSONScanError) -> JSONStringSlice {
        guard index < count, base[index] == UInt8(ascii: "\"") else { throw .malformed(offset: index) }
        let start = index + 1
        let cursor = quoteOrBackslash(from: start, limit: count)
        guard cursor < count else { throw .malformed(offset: count) }
        if base[cursor] == UInt8(ascii: "\\") { return try scanString() }
        index = cursor + 1
        return JSONStringSlice(start: start, end: cursor, hasEscapes: false)
    }

    /// The offset of the first `"` or `\\` in `start..<limit`, or `limit`: sixteen bytes a
    /// step with vector compares, then eight with the has-zero-byte trick, then one.
    @inline(__always)
    @inlinable
    func quoteOrBackslash(from start: Int, limit: Int) -> Int {
        var cursor = start
        let raw = UnsafeRawPointer(base)
        let quoteLanes = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        let backslashLanes = SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
        while cursor &+ 16 <= limit {
            let bytes = raw.loadUnaligned(fromByteOffset: cursor, as: SIMD16<UInt8>.self)
            // A matching lane is all ones; the two 64-bit halves, read little-endian, give its offset.
            let words = unsafeBitCast((bytes .== quoteLanes) .| (bytes .== backslashLanes), to: SIMD2<UInt64>.self)
            let low = UInt64(littleEndian: words[0])
            if low != 0 { return cursor &+ low.trailingZeroBitCount / 8 }
            let high = UInt64(littleEndian: words[1])
            if high != 0 { return cursor &+ 8 &+ high.trailingZeroBitCount / 8 }
            cursor &+= 16
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* UInt64(UInt8(ascii: "\""))
        let backslashes = ones &* UInt64(UInt8(ascii: "\\"))
        while cursor &+ 8 <= limit {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
            let q = word ^ quotes
            let b = word ^ backslashes
            // The lowest set bit marks the first matching byte (borrows only disturb bytes above it).
            let found = ((q &- ones) & ~q | (b &- ones) & ~b) & highs
            if found != 0 { return cursor &+ found.trailingZeroBitCount / 8 }
            cursor &+= 8
        }
        while cursor < limit {
            let byte = base[cursor]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return cursor }
            cursor &+= 1
        }
        return limit
    }

    /// Why `bytes` are not one JSON value and nothing else (whitespace aside; blank is fine),
    /// nil when they are. For `check`, off the hot path.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONScanError? {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.index < scanner.count else { return nil }
        do throws(JSONScanError) {
            try scanner.skipValue()
            try scanner.finish()
            return nil
        } catch {
            return error
        }
    }

    /// Consumes trailing whitespace and fails unless the buffer ends there.
    @inlinable
    public mutating func finish() throws(JSONScanError) {
        skipWhitespace()
        guard index == count else { throw .malformed(offset: index) }
    }

    // MARK: - Values

    /// Consumes any JSON value, validating its structure.
    @inlinable
    public mutating func skipValue(depth: Int = 0) throws(JSONScanError) {
        skipWhitespace()
        guard index < count else { throw .malformed(offset: index) }
        switch base[index] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            guard depth < JSONScanner.maxDepth else { throw .tooDeep(offset: index) }
            index += 1
            var first = true
            while try nextKey(first: &first) != nil {
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            guard depth < JSONScanner.maxDepth else { throw .tooDeep(offset: index) }
            index += 1
            try forEachElement { (scanner: inout JSONScanner) throws(JSONScanError) in
                try scanner.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        default:
            _ = try scanNumber()
        }
    }

    /// Consumes a value the caller does not read: containers by bracket balance
    /// (``skipContainer()``), scalars by the full grammar.
    @inlinable
    public mutating func skipUnread() throws(JSONScanError) {
        switch peek() {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipContainer()
        default: try skipValue()
        }
    }

    /// ``skipUnread()`` with its commonest case in the caller's loop: a short string with no
    /// backslash (a type, a role, a version, an id), consumed without a call.
    @inline(__always)
    @inlinable
    public mutating func skipUnreadInline() throws(JSONScanError) {
        if scanShortString() != nil { return }
        try skipUnread()
    }

    /// Calls `body` once per element of an array whose `[` was just consumed, then consumes `]`.
    @inlinable
    public mutating func forEachElement(
        _ body: (inout JSONScanner) throws(JSONScanError) -> Void
    ) throws(JSONScanError) {
        skipWhitespace()
        if index < count, base[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            guard index < count else { throw .malformed(offset: index) }
            let byte = base[index]
            index += 1
            if byte == UInt8(ascii: "]") { return }
            guard byte == UInt8(ascii: ",") else { throw .malformed(offset: index - 1) }
        }
    }

    /// Consumes `null` if it comes next and says so.
    @inlinable
    public mutating func consumeNull() throws(JSONScanError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    /// Consumes `true` or `false`; nil (consuming nothing) for any other value. Either one
    /// right at the scanner is read in the caller, with one load.
    @inline(__always)
    @inlinable
    public mutating func scanBool() throws(JSONScanError) -> Bool? {
        if index &+ 5 <= count {
            let word = UInt32(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self))
            if word == 0x6575_7274 {  // "true"
                index &+= 4
                return true
            }
            if word == 0x736c_6166, base[index &+ 4] == UInt8(ascii: "e") {  // "fals" "e"
                index &+= 5
                return false
            }
        }
        return try scanBoolGenerally()
    }

    /// ``scanBool()`` after whitespace, or at the end of the buffer.
    @inlinable
    mutating func scanBoolGenerally() throws(JSONScanError) -> Bool? {
        switch peek() {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            return nil
        }
    }

    @inlinable
    mutating func expectLiteral(_ literal: StaticString) throws(JSONScanError) {
        let length = literal.utf8CodeUnitCount
        guard count - index >= length, Memory.equal(base + index, literal.utf8Start, count: length) else {
            throw .malformed(offset: index)
        }
        index += length
    }

    // MARK: - Strings

    /// Consumes a string and returns its raw slice. Escapes are checked when the string is
    /// decoded (``decodeString(_:)``), not here: most strings are only compared or skipped.
    @inlinable
    public mutating func scanString() throws(JSONScanError) -> JSONStringSlice {
        var slice = try scanStringLazily()
        if slice.hasEscapes {
            slice.hasEscapes =
                slice.count > 0 && Memory.find(UInt8(ascii: "\\"), in: base + slice.start, count: slice.count) != nil
        }
        return slice
    }

    /// The string that comes next (no whitespace before it) when it closes within 32 bytes
    /// with no backslash, consumed; nil, consuming nothing, otherwise. Inline, for the
    /// callers' loops: ids, names and times are such strings.
    @inline(__always)
    @inlinable
    public mutating func scanShortString() -> JSONStringSlice? {
        guard index < count, base[index] == UInt8(ascii: "\""), let end = shortStringEnd() else { return nil }
        let start = index &+ 1
        index = end &+ 1
        return JSONStringSlice(start: start, end: end, hasEscapes: false)
    }

    /// Consumes a string as ``scanString()`` does, without the second pass that tells whether
    /// a long one holds a backslash: past 32 bytes ``JSONStringSlice/hasEscapes`` is true
    /// (decoding such a slice is still exact). For text only looked at (a prefix, a search).
    @inlinable
    public mutating func scanStringLazily() throws(JSONScanError) -> JSONStringSlice {
        guard index < count, base[index] == UInt8(ascii: "\"") else { throw .malformed(offset: index) }
        let start = index + 1
        if let end = shortStringEnd() {
            index = end + 1
            return JSONStringSlice(start: start, end: end, hasEscapes: false)
        }
        try skipLongString()
        return JSONStringSlice(start: start, end: index - 1, hasEscapes: true)
    }

    /// Consumes a string without looking at its content: `memchr` to each quote, then a
    /// count of the backslashes before it decides whether it closes the string.
    @inlinable
    public mutating func skipString() throws(JSONScanError) {
        guard index < count, base[index] == UInt8(ascii: "\"") else { throw .malformed(offset: index) }
        if let end = shortStringEnd() {
            index = end + 1
            return
        }
        try skipLongString()
    }

    /// The closing quote of the string whose opening quote is at `index`, when it comes within
    /// 32 bytes with no backslash before it (ids, types, names: most strings); nil otherwise.
    @inline(__always)
    @inlinable
    func shortStringEnd() -> Int? {
        let near = quoteOrBackslash(from: index + 1, limit: min(count, index + 33))
        return near < count && base[near] == UInt8(ascii: "\"") ? near : nil
    }

    /// The general path of ``skipString()`` from the opening quote at `index`.
    @inlinable
    mutating func skipLongString() throws(JSONScanError) {
        var cursor = index + 1
        while cursor < count {
            guard let found = Memory.find(UInt8(ascii: "\""), in: base + cursor, count: count - cursor) else { break }
            let quote = cursor + found
            var backslashes = 0
            while quote - backslashes - 1 > index, base[quote - backslashes - 1] == UInt8(ascii: "\\") {
                backslashes += 1
            }
            if backslashes % 2 == 0 {
                index = quote + 1
                return
            }
            cursor = quote + 1
        }
        throw .malformed(offset: count)
    }

    /// Consumes an object or array whose opening bracket is next, checking only that brackets
    /// balance and strings close: values nobody reads are not worth a full grammar check.
    @inlinable
    public mutating func skipContainer() throws(JSONScanError) {
        var depth = 0
        while index < count {
            switch base[index] {
            case UInt8(ascii: "\""):
                try skipString()
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= JSONScanner.maxDepth else { throw .tooDeep(offset: index) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    index += 1
                    return
                }
            default:
                break
            }
            index += 1
        }
        throw .malformed(offset: count)
    }

    /// True when the slice's decoded value equals `literal` (an ASCII key or value).
    @inline(__always)
    @inlinable
    public func matches(_ slice: JSONStringSlice, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        if !slice.hasEscapes {
            return slice.count == length && Memory.equal(base + slice.start, literal.utf8Start, count: length)
        }
        guard let decoded = decodeBytes(slice) else { return false }
        return decoded.count == length && Memory.equal(decoded, literal.utf8Start, count: length)
    }

    /// How many bytes a key decodes to, for a walk that dispatches on it before it compares:
    /// its raw length unless it has escapes (then decoded, off the inline path; -1 when it
    /// does not decode), so `"input\u005ftokens"` is dispatched as `"input_tokens"` is.
    @inline(__always)
    @inlinable
    public func decodedCount(_ slice: JSONStringSlice) -> Int {
        slice.hasEscapes ? decodedCountGenerally(slice) : slice.count
    }

    @inline(never)
    @usableFromInline
    func decodedCountGenerally(_ slice: JSONStringSlice) -> Int {
        decodeBytes(slice)?.count ?? -1
    }

    /// The decoded byte at `offset` of a string, 0 past its end or when it does not decode.
    @inline(__always)
    @inlinable
    public func decodedByte(_ slice: JSONStringSlice, at offset: Int) -> UInt8 {
        guard slice.hasEscapes else { return offset < slice.count ? base[slice.start &+ offset] : 0 }
        return decodedByteGenerally(slice, at: offset)
    }

    @inline(never)
    @usableFromInline
    func decodedByteGenerally(_ slice: JSONStringSlice, at offset: Int) -> UInt8 {
        guard let bytes = decodeBytes(slice), offset < bytes.count else { return 0 }
        return bytes[offset]
    }

    /// The decoded string, or nil when it is not valid UTF-8 or has a bad escape.
    public func decodeString(_ slice: JSONStringSlice) -> String? {
        if !slice.hasEscapes {
            let raw = UnsafeBufferPointer(start: base + slice.start, count: slice.count)
            return String(validating: raw, as: UTF8.self)
        }
        guard let bytes = decodeBytes(slice) else { return nil }
        return bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
    }

    /// The decoded bytes of a string with escapes; nil for a malformed escape or lone surrogate.
    public func decodeBytes(_ slice: JSONStringSlice) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var cursor = slice.start
        while cursor < slice.end {
            let byte = base[cursor]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                cursor += 1
                continue
            }
            guard cursor + 1 < slice.end else { return nil }
            let escape = base[cursor + 1]
            cursor += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(at: cursor, end: slice.end) else { return nil }
                cursor += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard cursor + 6 <= slice.end, base[cursor] == UInt8(ascii: "\\"),
                        base[cursor + 1] == UInt8(ascii: "u"),
                        let low = hex4(at: cursor + 2, end: slice.end), (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    cursor += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default:
                return nil
            }
        }
        return out
    }

    private func hex4(at offset: Int, end: Int) -> UInt32? {
        guard offset + 4 <= end else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 {
            let byte = base[offset + i]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    // MARK: - Numbers

    /// Consumes a number per the JSON grammar and returns its byte range.
    @inlinable
    public mutating func scanNumber() throws(JSONScanError) -> Range<Int> {
        skipWhitespace()
        let start = index
        if index < count, base[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count, isDigit(base[index]) else { throw .malformed(offset: index) }
        if base[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < count, isDigit(base[index]) { index += 1 }
        }
        if index < count, base[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count, isDigit(base[index]) else { throw .malformed(offset: index) }
            while index < count, isDigit(base[index]) { index += 1 }
        }
        if index < count, base[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard index < count, isDigit(base[index]) else { throw .malformed(offset: index) }
            while index < count, isDigit(base[index]) { index += 1 }
        }
        return start..<index
    }

    /// Consumes a number and returns it when it is a non-negative integer no larger than
    /// `limit`; nil (the number still consumed) for fractions, exponents, negatives or overflow.
    ///
    /// A plain integer right at `index` (compact JSON) is read inline, in the caller.
    @inline(__always)
    @inlinable
    public mutating func scanUInt64(limit: UInt64 = .max) throws(JSONScanError) -> UInt64? {
        var cursor = index
        var value: UInt64 = 0
        if cursor < count, base[cursor] &- UInt8(ascii: "1") < 9 {
            // Up to eighteen digits cannot overflow; a longer number takes the general path.
            let end = Swift.min(count, cursor &+ 18)
            repeat {
                value = value &* 10 &+ UInt64(base[cursor] &- UInt8(ascii: "0"))
                cursor &+= 1
            } while cursor < end && base[cursor] &- UInt8(ascii: "0") < 10
            if cursor == count || !isNumberContinuation(base[cursor]) {
                index = cursor
                return value > limit ? nil : value
            }
        } else if cursor &+ 1 < count, base[cursor] == UInt8(ascii: "0"), !isNumberContinuation(base[cursor &+ 1]) {
            index = cursor &+ 1
            return 0
        }
        return try scanUInt64Generally(limit: limit)
    }

    /// ``scanUInt64(limit:)`` for anything but a plain integer of up to eighteen digits.
    @inline(never)
    @usableFromInline
    mutating func scanUInt64Generally(limit: UInt64) throws(JSONScanError) -> UInt64? {
        skipWhitespace()
        let start = index
        var value: UInt64 = 0
        while index < count {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ UInt64(digit)
            index &+= 1
        }
        // Nineteen digits always fit in 64 bits; more are checked the slow way.
        var overflow = false
        if index - start > 19 {
            value = 0
            for offset in start..<index {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(UInt64(base[offset] &- UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                value = sum
            }
        }
        let plain = index > start && (index - start == 1 || base[start] != UInt8(ascii: "0"))
        if plain, index == count || !isNumberContinuation(base[index]) {
            return overflow || value > limit ? nil : value
        }
        // A sign, a fraction, an exponent or a leading zero: check it as a number, but it is no count.
        index = start
        _ = try scanNumber()
        return nil
    }

    @inline(__always)
    @inlinable
    func isNumberContinuation(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") || byte &- UInt8(ascii: "0") < 10
    }

    /// Consumes a number and returns it as a `Double` (nil if not finite).
    public mutating func scanDouble() throws(JSONScanError) -> Double? {
        let range = try scanNumber()
        let text = String(
            decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    @inline(__always)
    @inlinable
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
