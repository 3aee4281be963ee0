/// A model id reduced to the name the price table is keyed by.
///
/// `us.anthropic.claude-sonnet-4-5-20250929-v1:0`, `vertex_ai/claude-sonnet-4-5@20250929` and
/// `claude-sonnet-4-5-20250929` all become `claude-sonnet-4-5`. Only prefixes and suffixes are
/// removed, never a version component, so `claude-sonnet-4` stays distinct from `claude-sonnet-4-5`.
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

    package init(_ id: String) {
        var name = Substring(id.lowercased())
        name = name.drop(while: { $0 == " " })
        while name.last == " " { name = name.dropLast() }
        var decoration = Decoration.none
        // Claude Code's context-window marker, e.g. `claude-sonnet-4-5[1m]`.
        if name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
            name = name[..<open]
        }
        if let slash = name.lastIndex(of: "/") {
            let prefix = name[..<slash]
            if prefix.split(separator: "/").contains(where: ModelName.isRegion) {
                decoration = .regional
            } else {
                decoration = (prefix == "anthropic" || prefix == "openai") ? .providerPrefix : .platformPrefix
            }
            name = name[name.index(after: slash)...]
        }
        if let range = ModelName.firstRange(of: "anthropic.", in: name) {
            let platform = name[..<range.lowerBound]
            let kind: Decoration =
                platform.isEmpty ? .providerPrefix : platform == "global." ? .platformPrefix : .regional
            decoration = min(decoration, kind)
            name = name[range.upperBound...]
        }
        var date = ""
        var suffixed = false
        if let at = name.firstIndex(of: "@") {
            let tail = name[name.index(after: at)...]
            if tail.count == 8, tail.allSatisfy(\.isNumber) { date = String(tail) }
            name = name[..<at]
            suffixed = true
        }
        // Bedrock's `-v1:0` / `-v2` version suffix.
        if let dash = name.lastIndex(of: "-") {
            let tail = name[name.index(after: dash)...]
            if tail.first == "v", tail.count > 1, tail.dropFirst().allSatisfy({ $0.isNumber || $0 == ":" }) {
                name = name[..<dash]
                suffixed = true
            }
        }
        if name.hasSuffix("-latest") {
            name = name.dropLast("-latest".count)
            suffixed = true
        }
        if let (stripped, found) = ModelName.stripDate(name) {
            name = stripped
            date = found
            suffixed = true
        }
        if suffixed, decoration == .none { decoration = .suffixOnly }
        self.base = String(name)
        self.date = date
        self.decoration = decoration
    }

    /// An AWS region as a path segment: `us-east-1`, `us-gov-west-1`, `ap-northeast-1`.
    private static func isRegion(_ segment: Substring) -> Bool {
        let parts = segment.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].count == 2, let last = parts.last, !last.isEmpty else { return false }
        return last.allSatisfy(\.isNumber) && parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isLetter) }
    }

    private static func firstRange(of needle: String, in text: Substring) -> Range<Substring.Index>? {
        var start = text.startIndex
        while start < text.endIndex {
            if text[start...].hasPrefix(needle) {
                return start..<text.index(start, offsetBy: needle.count)
            }
            start = text.index(after: start)
        }
        return nil
    }

    /// Removes a trailing `-YYYYMMDD` or `-YYYY-MM-DD`.
    private static func stripDate(_ name: Substring) -> (Substring, String)? {
        let compact = name.suffix(9)
        if compact.count == 9, compact.first == "-", compact.dropFirst().allSatisfy(\.isNumber) {
            return (name.dropLast(9), String(compact.dropFirst()))
        }
        let dashed = name.suffix(11)
        if dashed.count == 11, dashed.first == "-" {
            let parts = dashed.dropFirst().split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                parts.allSatisfy({ $0.allSatisfy(\.isNumber) })
            {
                return (name.dropLast(11), parts.joined())
            }
        }
        return nil
    }
}
