import ByteJSON
import UsageSystem

/// The distinct strings of one file's lines (models, working directories), which lines refer
/// to by index: a line stays a plain value, and each string is decoded once. A line's raw
/// bytes are compared with the previous line's first, then with the file's others, then with
/// the strings of the files before (``reset()`` keeps the most recent): a project's files
/// share their models and folders, and decoding one costs more than reading a short file.
package struct StringTable: Sendable {
    package static let none = UInt32.max
    /// Strings kept across files.
    static let recentCount = 16

    package private(set) var strings: [String] = []
    private var raw: [[UInt8]] = []
    private var last = 0
    private var recent: [(raw: [UInt8], string: String)] = []
    private var nextRecent = 0

    package init() {}

    package subscript(index: UInt32) -> String? {
        index == StringTable.none ? nil : strings[Int(index)]
    }

    /// Starts a file: no strings, the recent ones kept for the next lookups.
    mutating func reset() {
        strings = []
        raw = []
        last = 0
    }

    /// The index of the string `slice` holds; nil when it is not valid UTF-8.
    mutating func index(of slice: JSONStringSlice, _ scanner: JSONScanner) -> UInt32? {
        let bytes = scanner.base + slice.start
        if last < raw.count, StringTable.holds(raw[last], bytes, slice.count) { return UInt32(last) }
        for index in raw.indices where StringTable.holds(raw[index], bytes, slice.count) {
            last = index
            return UInt32(index)
        }
        if let known = recent.first(where: { StringTable.holds($0.raw, bytes, slice.count) }) {
            strings.append(known.string)
            raw.append(known.raw)
        } else {
            guard let decoded = scanner.decodeString(slice) else { return nil }
            let copy = Array(UnsafeBufferPointer(start: bytes, count: slice.count))
            strings.append(decoded)
            raw.append(copy)
            if recent.count < StringTable.recentCount {
                recent.append((copy, decoded))
            } else {
                recent[nextRecent] = (copy, decoded)
                nextRecent = (nextRecent + 1) % StringTable.recentCount
            }
        }
        last = raw.count - 1
        return UInt32(last)
    }

    @inline(__always)
    private static func holds(_ raw: [UInt8], _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard raw.count == count else { return false }
        return count == 0 || raw.withUnsafeBufferPointer { Memory.equal($0.baseAddress!, bytes, count: count) }
    }
}
