import ByteJSON
import UsageSystem

/// The distinct strings of one file's lines (models, working directories), which lines refer
/// to by index: a line stays a plain value, and each string is decoded once per file. A
/// line's raw bytes are compared with the previous line's first, then with the others'.
package struct StringTable: Equatable, Sendable {
    package static let none = UInt32.max

    package private(set) var strings: [String] = []
    private var raw: [[UInt8]] = []
    private var last = 0

    package init() {}

    package subscript(index: UInt32) -> String? {
        index == StringTable.none ? nil : strings[Int(index)]
    }

    /// The index of the string `slice` holds; nil when it is not valid UTF-8.
    mutating func index(of slice: JSONStringSlice, _ scanner: JSONScanner) -> UInt32? {
        func same(_ index: Int) -> Bool {
            raw[index].count == slice.count && Memory.equal(scanner.base + slice.start, raw[index], count: slice.count)
        }
        if last < raw.count, same(last) { return UInt32(last) }
        if let index = raw.indices.first(where: same) {
            last = index
            return UInt32(index)
        }
        guard let decoded = scanner.decodeString(slice) else { return nil }
        strings.append(decoded)
        raw.append(Array(UnsafeBufferPointer(start: scanner.base + slice.start, count: slice.count)))
        last = raw.count - 1
        return UInt32(last)
    }
}
