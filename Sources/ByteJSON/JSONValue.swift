/// A parsed JSON document, for small inputs off the hot path (price files, config).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order; a repeated key keeps every occurrence, lookups take the last.
    case object([(key: String, value: JSONValue)])

    /// Parses a whole document.
    public static func parse(_ bytes: [UInt8]) throws(JSONScanError) -> JSONValue {
        let result: Result<JSONValue, JSONScanError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do throws(JSONScanError) {
                let value = try scanner.parseValue(depth: 0)
                try scanner.finish()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The value of the last member named `key`, when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

extension JSONScanner {
    /// Parses the next value into a ``JSONValue``.
    public mutating func parseValue(depth: Int) throws(JSONScanError) -> JSONValue {
        guard let byte = peek() else { throw .malformed(offset: index) }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try strictString(scanString()))
        case UInt8(ascii: "{"):
            guard depth < JSONScanner.maxDepth else { throw .tooDeep(offset: index) }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            var first = true
            while let keySlice = try nextKey(first: &first) {
                members.append((try strictString(keySlice), try parseValue(depth: depth + 1)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            guard depth < JSONScanner.maxDepth else { throw .tooDeep(offset: index) }
            index += 1
            var elements: [JSONValue] = []
            try forEachElement { (scanner: inout JSONScanner) throws(JSONScanError) in
                elements.append(try scanner.parseValue(depth: depth + 1))
            }
            return .array(elements)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try scanBool()!)
        case UInt8(ascii: "n"):
            _ = try consumeNull()
            return .null
        default:
            let start = index
            guard let value = try scanDouble() else { throw .malformed(offset: start) }
            return .number(value)
        }
    }

    /// A string of a document, decoded strictly: raw control characters are not allowed.
    private func strictString(_ slice: JSONStringSlice) throws(JSONScanError) -> String {
        for offset in slice.start..<slice.end where base[offset] < 0x20 {
            throw .malformed(offset: offset)
        }
        guard let string = decodeString(slice) else { throw .invalidUTF8(offset: slice.start) }
        return string
    }
}
