/// File names are bytes; Swift strings are Unicode. A name that is not UTF-8 (`inv\xffalid.jsonl`,
/// a Latin-1 folder) is kept as a string in which each byte that is not part of valid UTF-8
/// stands as one scalar of a private-use block (U+10FF80 to U+10FFFF for bytes 0x80 to 0xFF),
/// and turned back into the same bytes whenever a path goes to the system (every call in this
/// target passes paths through ``withCString(_:_:)``). Shown to people, in labels and logs,
/// those bytes read `\xff` (``display(_:)``).
package enum PathName {
    /// The scalar standing for raw byte `byte` (0x80...0xFF).
    private static let base: UInt32 = 0x10_FF00

    /// A name's bytes as a path string, lossless.
    package static func string(_ raw: UnsafeRawBufferPointer) -> String {
        if let valid = String(validating: raw, as: UTF8.self) { return valid }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < raw.count {
            let lead = raw[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            if length > 0, index + length <= raw.count,
                let valid = String(
                    validating: UnsafeRawBufferPointer(rebasing: raw[index..<(index + length)]), as: UTF8.self)
            {
                scalars.append(contentsOf: valid.unicodeScalars)
                index += length
            } else {
                scalars.append(Unicode.Scalar(base + UInt32(lead))!)
                index += 1
            }
        }
        return String(scalars)
    }

    /// A NUL-terminated C string from a system call, as a path string.
    package static func string(cString: UnsafePointer<CChar>) -> String {
        var length = 0
        while cString[length] != 0 { length += 1 }
        return string(UnsafeRawBufferPointer(start: cString, count: length))
    }

    /// False when no scalar of the path can be a raw byte: in UTF-8 those (plane 16) begin
    /// with 0xF4, so a byte search spares most paths the walk over their scalars.
    private static func mayHoldRawBytes(_ path: String) -> Bool {
        let plain = path.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.isEmpty || Memory.find(0xF4, in: bytes.baseAddress!, count: bytes.count) == nil
        }
        return plain != true && path.unicodeScalars.contains(where: isRawByte)
    }

    private static func isRawByte(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= base + 0x80 && scalar.value <= base + 0xFF
    }

    /// Calls `body` with the path's bytes as a C string: raw bytes restored.
    package static func withCString<Result>(
        _ path: String, _ body: (UnsafePointer<CChar>) throws -> Result
    ) rethrows
        -> Result
    {
        guard mayHoldRawBytes(path) else { return try path.withCString(body) }
        var bytes: [CChar] = []
        for scalar in path.unicodeScalars {
            if isRawByte(scalar) {
                bytes.append(CChar(bitPattern: UInt8(scalar.value - base)))
            } else {
                bytes.append(contentsOf: String(scalar).utf8.map { CChar(bitPattern: $0) })
            }
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The path as people read it: each raw byte written `\xNN`.
    package static func display(_ path: String) -> String {
        guard mayHoldRawBytes(path) else { return path }
        var out = ""
        for scalar in path.unicodeScalars {
            if isRawByte(scalar) {
                let value = scalar.value - base
                let digits = Array("0123456789abcdef")
                out += "\\x" + String(digits[Int(value >> 4)]) + String(digits[Int(value & 15)])
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
