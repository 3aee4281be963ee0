import ByteJSON
import UsageModel
import UsageSystem

/// The values of the fields a ``FieldSchema`` names, read from one JSON line in one pass.
///
/// Every other member is skipped without being decoded (a prompt's text is never turned into
/// a string). Values stay offsets into the line until a decoder asks for them, so the line's
/// buffer must outlive this value.
struct LineFields {
    enum Value {
        case string(JSONStringSlice)
        case number(Range<Int>)
        case bool(Bool)
        case null
        /// An object or array where a scalar was expected.
        case container
    }

    private let line: UnsafeBufferPointer<UInt8>
    private var values: [Value?]

    /// Reads `line`, which must be one JSON object.
    init(_ line: UnsafeBufferPointer<UInt8>, schema: FieldSchema) throws(RejectReason) {
        self.line = line
        self.values = Array(repeating: nil, count: schema.count)
        var scanner = JSONScanner(line)
        do throws(JSONScanError) {
            guard scanner.peek() == UInt8(ascii: "{") else { throw .malformed(offset: scanner.index) }
            try scanner.beginObject()
            try readObject(&scanner, schema: schema, node: 0, depth: 1)
            try scanner.finish()
        } catch {
            if case .invalidUTF8 = error { throw .invalidUTF8 }
            throw .malformedJSON
        }
    }

    private mutating func readObject(
        _ scanner: inout JSONScanner, schema: FieldSchema, node: Int, depth: Int
    ) throws(JSONScanError) {
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            guard let child = LineFields.child(of: schema.nodes[node], named: key, scanner) else {
                try scanner.skipUnread()
                continue
            }
            let next = schema.nodes[child]
            if !next.children.isEmpty, scanner.peek() == UInt8(ascii: "{") {
                guard depth < JSONScanner.maxDepth else { throw .tooDeep(offset: scanner.index) }
                try scanner.beginObject()
                try readObject(&scanner, schema: schema, node: child, depth: depth + 1)
            } else if let field = next.field {
                values[field] = try LineFields.readValue(&scanner)
            } else {
                try scanner.skipUnread()
            }
        }
    }

    private static func child(of node: FieldSchema.Node, named key: JSONStringSlice, _ scanner: JSONScanner) -> Int? {
        if key.hasEscapes {
            guard let bytes = scanner.decodeBytes(key) else { return nil }
            return node.children.first { $0.name == bytes }?.node
        }
        for (name, child) in node.children where name.count == key.count {
            let equal = name.withUnsafeBufferPointer {
                Memory.equal($0.baseAddress!, scanner.base + key.start, count: key.count)
            }
            if equal { return child }
        }
        return nil
    }

    private static func readValue(_ scanner: inout JSONScanner) throws(JSONScanError) -> Value {
        switch scanner.peek() {
        case UInt8(ascii: "\""):
            return .string(try scanner.scanString())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try scanner.skipContainer()
            return .container
        case UInt8(ascii: "n"):
            _ = try scanner.consumeNull()
            return .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try scanner.scanBool()!)
        default:
            return .number(try scanner.scanNumber())
        }
    }

    /// True when the field is in the line and not null.
    func has(_ field: Int) -> Bool {
        switch values[field] {
        case .none, .null?: false
        default: true
        }
    }

    /// A string field; nil when absent or null.
    func string(_ field: Int) throws(RejectReason) -> String? {
        switch values[field] {
        case .none, .null?: return nil
        case .string(let slice)?:
            let scanner = JSONScanner(line)
            guard let value = scanner.decodeString(slice) else { throw .invalidUTF8 }
            return value
        default: throw .badValue
        }
    }

    /// The first of these string fields that is present (a field with two spellings).
    func firstString(_ candidates: Int...) throws(RejectReason) -> String? {
        for field in candidates {
            if let value = try string(field) { return value }
        }
        return nil
    }

    /// A required string field.
    func requiredString(_ field: Int) throws(RejectReason) -> String {
        guard let value = try string(field) else { throw .missingField }
        return value
    }

    /// True when the field is the string `literal` (ASCII, no escapes).
    func equals(_ field: Int, _ literal: StaticString) -> Bool {
        guard case .string(let slice)? = values[field] else { return false }
        return JSONScanner(line).matches(slice, literal)
    }

    /// A token count: a non-negative integer the ledger can hold; nil when absent or null.
    func count(_ field: Int) throws(RejectReason) -> UInt64? {
        switch values[field] {
        case .none, .null?: return nil
        case .number(let range)?:
            var scanner = JSONScanner(line, from: range.lowerBound)
            do {
                guard let value = try scanner.scanUInt64(limit: ClaudeCodeDecoder.maxTokens) else {
                    throw RejectReason.badValue
                }
                return value
            } catch {
                throw .badValue
            }
        default: throw .badValue
        }
    }

    /// A required token count.
    func requiredCount(_ field: Int) throws(RejectReason) -> UInt64 {
        guard let value = try count(field) else { throw .missingField }
        return value
    }

    /// A finite number; nil when absent or null.
    func number(_ field: Int) throws(RejectReason) -> Double? {
        switch values[field] {
        case .none, .null?: return nil
        case .number(let range)?:
            var scanner = JSONScanner(line, from: range.lowerBound)
            guard let value = try? scanner.scanDouble(), value.isFinite else { throw .badValue }
            return value
        default: throw .badValue
        }
    }

    /// A boolean; nil when absent or null.
    func bool(_ field: Int) throws(RejectReason) -> Bool? {
        switch values[field] {
        case .none, .null?: return nil
        case .bool(let value)?: return value
        default: throw .badValue
        }
    }

    /// A timestamp in Unix milliseconds.
    func timestamp(_ field: Int) throws(RejectReason) -> Int64 {
        switch values[field] {
        case .none, .null?: throw .missingField
        case .string(let slice)?:
            guard !slice.hasEscapes,
                let millis = ISO8601Timestamp.parseMillis(
                    UnsafeBufferPointer(rebasing: line[slice.start..<slice.end]))
            else { throw .badTimestamp }
            return millis
        default: throw .badTimestamp
        }
    }
}
