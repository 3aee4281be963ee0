/// A model id reduced to the name the price table is keyed by.
///
/// `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `vertex_ai/claude-sonnet-4-5@20250929` and
/// `claude-sonnet-4-5-20250929` all become `claude-sonnet-4-5`. Only prefixes and suffixes are
/// removed, never a version component, so `claude-sonnet-4` stays distinct from `claude-sonnet-4-5`.
/// Read on the lower-cased id's UTF-8 bytes: every delimiter is ASCII, and a price file's
/// hundreds of keys are normalised at every start.
package struct ModelName: Equatable, Sendable {
    /// The normalised name.
    package var base: String
    /// The date the id carried (`20250929`, or `2024-08-06` as `20240806`), empty when none.
    package var date: String
    /// How the id was decorated, used to rank price-file keys that map to the same name.
    package var decoration: Decoration

    package enum Decoration: Int, Comparable, Sendable {
        /// A region's own id (`us-gov.anthropic.`, `bedrock/us-gov-east-1/`), often at a regional price.
        case regional = 0
        /// A platform prefix other than the provider's own (`bedrock/`, `global.anthropic.`).
        case platformPrefix = 1
        /// The provider's own prefix (`anthropic/`, `anthropic.`, `openai/`).
        case providerPrefix = 2
        /// A date or version suffix only.
        case suffixOnly = 3
        /// Already the normalised name.
        case none = 4

        package static func < (lhs: Decoration, rhs: Decoration) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private typealias Bytes = ArraySlice<UInt8>

    package init(_ id: String) {
        let lowered = Array(id.lowercased().utf8)
        var name = lowered[...]
        while name.first == UInt8(ascii: " ") { name = name.dropFirst() }
        while name.last == UInt8(ascii: " ") { name = name.dropLast() }
        var decoration = Decoration.none
        // Claude Code's context-window marker, e.g. `claude-sonnet-4-5[1m]`.
        if name.last == UInt8(ascii: "]"), let open = name.lastIndex(of: UInt8(ascii: "[")) {
            name = name[..<open]
        }
        if let slash = name.lastIndex(of: UInt8(ascii: "/")) {
            let prefix = name[..<slash]
            if prefix.split(separator: UInt8(ascii: "/")).contains(where: ModelName.isRegion) {
                decoration = .regional
            } else {
                decoration =
                    ModelName.equals(prefix, "anthropic") || ModelName.equals(prefix, "openai")
                    ? .providerPrefix : .platformPrefix
            }
            name = name[(slash + 1)...]
        }
        if let start = ModelName.firstIndex(of: "anthropic.", in: name) {
            let platform = name[..<start]
            let kind: Decoration =
                platform.isEmpty ? .providerPrefix : ModelName.equals(platform, "global.") ? .platformPrefix : .regional
            decoration = min(decoration, kind)
            name = name[(start + "anthropic.".utf8.count)...]
        }
        var date = ""
        var suffixed = false
        if let at = name.firstIndex(of: UInt8(ascii: "@")) {
            let tail = name[(at + 1)...]
            if tail.count == 8, tail.allSatisfy(ModelName.isDigit) { date = String(decoding: tail, as: UTF8.self) }
            name = name[..<at]
            suffixed = true
        }
        // Bedrock's `-v1:0` / `-v2` version suffix.
        if let dash = name.lastIndex(of: UInt8(ascii: "-")) {
            let tail = name[(dash + 1)...]
            if tail.first == UInt8(ascii: "v"), tail.count > 1,
                tail.dropFirst().allSatisfy({ ModelName.isDigit($0) || $0 == UInt8(ascii: ":") })
            {
                name = name[..<dash]
                suffixed = true
            }
        }
        if ModelName.hasSuffix(name, "-latest") {
            name = name.dropLast("-latest".utf8.count)
            suffixed = true
        }
        if let (stripped, found) = ModelName.stripDate(name) {
            name = stripped
            date = found
            suffixed = true
        }
        if suffixed, decoration == .none { decoration = .suffixOnly }
        self.base = String(decoding: name, as: UTF8.self)
        self.date = date
        self.decoration = decoration
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

    private static func equals(_ bytes: Bytes, _ text: StaticString) -> Bool {
        bytes.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func hasSuffix(_ bytes: Bytes, _ text: StaticString) -> Bool {
        bytes.count >= text.utf8CodeUnitCount && equals(bytes.suffix(text.utf8CodeUnitCount), text)
    }

    /// An AWS region as a path segment: `us-east-1`, `us-gov-west-1`, `ap-northeast-1`.
    private static func isRegion(_ segment: Bytes) -> Bool {
        let parts = segment.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].count == 2, let last = parts.last, !last.isEmpty else { return false }
        return last.allSatisfy(isDigit) && parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy(isLetter) }
    }

    /// Where `needle` first starts in `text`.
    private static func firstIndex(of needle: StaticString, in text: Bytes) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard text.count >= count else { return nil }
        return (text.startIndex...(text.endIndex - count)).first { equals(text[$0..<($0 + count)], needle) }
    }

    /// True when `text` holds `needle` (an ASCII word).
    package static func contains(_ text: String, _ needle: StaticString) -> Bool {
        firstIndex(of: needle, in: Array(text.utf8)[...]) != nil
    }

    /// Removes a trailing `-YYYYMMDD` or `-YYYY-MM-DD`.
    private static func stripDate(_ name: Bytes) -> (Bytes, String)? {
        let compact = name.suffix(9)
        if compact.count == 9, compact.first == UInt8(ascii: "-"), compact.dropFirst().allSatisfy(isDigit) {
            return (name.dropLast(9), String(decoding: compact.dropFirst(), as: UTF8.self))
        }
        let dashed = name.suffix(11)
        if dashed.count == 11, dashed.first == UInt8(ascii: "-") {
            let parts = dashed.dropFirst().split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                parts.allSatisfy({ $0.allSatisfy(isDigit) })
            {
                return (name.dropLast(11), String(decoding: parts.joined(), as: UTF8.self))
            }
        }
        return nil
    }
}
