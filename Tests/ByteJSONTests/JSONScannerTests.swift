import ByteJSON
import Testing

@Suite struct JSONScannerTests {
    private func skip(_ text: String) -> Result<Int, JSONScanError> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do throws(JSONScanError) {
                try scanner.skipValue()
                try scanner.finish()
                return .success(scanner.index)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test(arguments: [
        "{}", "[]", "0", "-0", "12.5e-3", "1E+2", "true", "false", "null", "\"\"",
        #"{"a":[1,2,{"b":null}],"c":"x\"y\\"}"#, " { \"a\" : 1 , \"b\" : [ ] } ", #""\u00e9\ud83d\ude00""#,
        #"["\\\\", "\\\"", "a\\"]"#,
    ])
    func acceptsValidJSON(_ text: String) {
        #expect(skip(text) == .success(text.utf8.count))
    }

    @Test(arguments: [
        "", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "tru", "nul", "\"abc",
        #""abc\""#, "[1 2]", "{\"a\":1}x", "1e", "{\"a\":}", "[", "\"\\\"",
    ])
    func rejectsMalformedJSON(_ text: String) {
        guard case .failure(let error) = skip(text) else {
            Issue.record("accepted \(text)")
            return
        }
        guard case .malformed = error else {
            Issue.record("wrong error \(error) for \(text)")
            return
        }
    }

    @Test func refusesDeepNestingInsteadOfRecursing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(skip(deep) == .failure(.tooDeep(offset: JSONScanner.maxDepth)))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(skip(fine) == .success(200))
    }

    @Test(arguments: [
        (#""plain""#, "plain"), (#""a\"b""#, "a\"b"), (#""back\\slash""#, "back\\slash"),
        (#""line\nfeed\ttab""#, "line\nfeed\ttab"),
        (#""\u00e9""#, "é"), (#""\ud83d\ude00""#, "😀"), (#""\/""#, "/"), ("\"caf\u{e9}\"", "café"),
    ])
    func decodesStrings(_ json: String, _ expected: String) throws {
        let bytes = Array(json.utf8)
        let decoded = bytes.withUnsafeBufferPointer { buffer -> String? in
            var scanner = JSONScanner(buffer)
            guard let slice = try? scanner.scanString() else { return nil }
            return scanner.decodeString(slice)
        }
        #expect(decoded == expected)
    }

    @Test(arguments: [#""\ud83d""#, #""\ude00x""#, #""\x""#, #""\u12""#])
    func refusesBadEscapesAndLoneSurrogates(_ json: String) {
        let bytes = Array(json.utf8)
        let decoded = bytes.withUnsafeBufferPointer { buffer -> String? in
            var scanner = JSONScanner(buffer)
            guard let slice = try? scanner.scanString() else { return nil }
            return scanner.decodeString(slice)
        }
        #expect(decoded == nil)
    }

    @Test func refusesInvalidUTF8WhenDecoding() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0xFE, 0x22]
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            let slice = try? scanner.scanString()
            #expect(slice != nil)
            #expect(slice.flatMap { scanner.decodeString($0) } == nil)
        }
    }

    @Test(arguments: [
        ("0", UInt64(0)), ("0,", 0), ("42", 42), ("42}", 42), ("123456789012345678", 123_456_789_012_345_678),
        ("1234567890123456789", 1_234_567_890_123_456_789), ("9999999999999999999", 9_999_999_999_999_999_999),
        ("18446744073709551615", UInt64.max),
    ])
    func scansIntegers(_ text: String, _ expected: UInt64) {
        let bytes = Array(text.utf8)
        let value = bytes.withUnsafeBufferPointer { buffer -> UInt64? in
            var scanner = JSONScanner(buffer)
            return try? scanner.scanUInt64()
        }
        #expect(value == expected)
    }

    @Test(arguments: [
        "-1", "1.5", "1e3", "0.5", "0e1", "18446744073709551616", "99999999999999999999",
        "1000000000000000000000000",
    ])
    func integerScanRefusesNonIntegers(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            let value = try? scanner.scanUInt64()
            #expect(value == .some(nil))
            #expect(scanner.index == bytes.count)
        }
    }

    @Test func parsesDocumentsIntoValues() throws {
        let value = try JSONValue.parse(Array(#"{"a": [1, 2.5, "x", true, null], "a": {"b": -3}}"#.utf8))
        #expect(value["a"] == .object([("b", .number(-3))]))
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.count == 2)
        #expect(members[0].value == .array([.number(1), .number(2.5), .string("x"), .bool(true), .null]))
    }
}

@Suite struct StringBoundaryTests {
    /// Every string length and escape position around the 8-byte steps and the 32-byte inline
    /// window, against a plain reading of the grammar.
    @Test func stringsEndAtTheirClosingQuoteWhateverTheirLength() {
        for length in 0..<80 {
            for escapeAt in [-1, 0, 1, 6, 7, 8, 9, 15, 16, 31, 32, 33, 40] where escapeAt < length {
                var content = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if escapeAt >= 0 {
                    content[escapeAt] = UInt8(ascii: "\\")
                    if escapeAt + 1 < length {
                        content[escapeAt + 1] = UInt8(ascii: "\"")
                    } else {
                        content.append(UInt8(ascii: "n"))
                    }
                }
                let json: [UInt8] = [UInt8(ascii: "\"")] + content + Array("\",\"k\":1".utf8)
                let expectedEnd = content.count + 2
                json.withUnsafeBufferPointer { buffer in
                    var skipping = JSONScanner(buffer)
                    #expect((try? skipping.skipString()) != nil)
                    #expect(skipping.index == expectedEnd, "skip: length \(length), escape at \(escapeAt)")
                    var scanning = JSONScanner(buffer)
                    let slice = try? scanning.scanString()
                    #expect(slice == JSONStringSlice(start: 1, end: content.count + 1, hasEscapes: escapeAt >= 0))
                }
            }
        }
    }

    /// Compact members take a fast path; every other spelling of the same object must give the
    /// same keys and values, and a missing value or colon must still be refused.
    @Test func keysAreReadTheSameInEverySpacing() throws {
        let spellings = [
            #"{"a":1,"bb":"x","ccc":{"d":[1]},"e\"f":null}"#,
            #"{ "a" : 1 , "bb" : "x" , "ccc" : { "d" : [ 1 ] } , "e\"f" : null }"#,
            "{\n\t\"a\":\n1,\r\n\"bb\":\t\"x\",\"ccc\" :{\"d\":[1]},\"e\\\"f\": null}",
            #"{"a": 1,"bb" :"x", "ccc":{"d":[1]} ,"e\"f":null}"#,
            // Python's default separators, and a space after the brace.
            #"{"a": 1, "bb": "x", "ccc": {"d": [1]}, "e\"f": null}"#,
            #"{ "a": 1,  "bb":  "x", "ccc": { "d": [1]}, "e\"f": null}"#,
        ]
        for text in spellings {
            var seen: [String] = []
            try Array(text.utf8).withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer)
                try scanner.beginObject()
                var first = true
                while let key = try scanner.nextKey(first: &first) {
                    seen.append(scanner.decodeString(key) ?? "?")
                    try scanner.skipValue()
                }
                try scanner.finish()
            }
            #expect(seen == ["a", "bb", "ccc", "e\"f"], "\(text)")
        }
        for text in [
            #"{"a":}"#, #"{"a": }"#, #"{"a": 1, }"#, #"{"a"1}"#, #"{"a":1,}"#, #"{"a":1"b":2}"#, #"{,"a":1}"#,
            #"{"a":1,,"b":2}"#,
        ] {
            let refused = Array(text.utf8).withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer)
                do throws(JSONScanError) {
                    try scanner.skipValue()
                    try scanner.finish()
                    return false
                } catch {
                    return true
                }
            }
            #expect(refused, "\(text)")
        }
    }

    @Test func keysWithEscapesAndLongKeysAreMatched() throws {
        let line = Array(#"{"a_rather_long_key_name_over_thirty_two_bytes":1,"us\u0061ge":2}"#.utf8)
        var seen: [String] = []
        try line.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            try scanner.beginObject()
            var first = true
            while let key = try scanner.nextKey(first: &first) {
                seen.append(scanner.decodeString(key) ?? "?")
                #expect(scanner.matches(key, "usage") == (seen.last == "usage"))
                try scanner.skipValue()
            }
        }
        #expect(seen == ["a_rather_long_key_name_over_thirty_two_bytes", "usage"])
    }

    /// The inline paths (a literal read with one load, a short string read or skipped in the
    /// caller) give what the general ones give, at the end of the buffer and after spaces too.
    @Test(arguments: [
        "true", "false", "true,", "false}", " true", " false ", "tru", "fals", "falsy", "trux", "null", "\"t\"", "1",
        "\"short\"", "\"short\",", "\"a\\\"b\"", " \"x\"", "\"0123456789012345678901234567890\"",
        "\"01234567890123456789012345678901\"", "\"012345678901234567890123456789012\"", "\"open", "[1]", "{}",
    ])
    func inlinePathsAgreeWithTheGeneralOnes(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var fast = JSONScanner(buffer)
            var general = JSONScanner(buffer)
            let bool = Result { () throws(JSONScanError) in try fast.scanBool() }
            let expected = Result { () throws(JSONScanError) -> Bool? in
                switch general.peek() {
                case UInt8(ascii: "t"), UInt8(ascii: "f"):
                    let literal: StaticString = general.peek() == UInt8(ascii: "t") ? "true" : "false"
                    let length = literal.utf8CodeUnitCount
                    guard general.count - general.index >= length,
                        Array(UnsafeBufferPointer(start: general.base + general.index, count: length))
                            == Array(UnsafeBufferPointer(start: literal.utf8Start, count: length))
                    else { throw .malformed(offset: general.index) }
                    general.index += length
                    return literal.utf8CodeUnitCount == 4
                default:
                    return nil
                }
            }
            #expect(String(describing: bool) == String(describing: expected), "scanBool \(text)")
            #expect(fast.index == general.index, "scanBool \(text)")

            var short = JSONScanner(buffer)
            var lazy = JSONScanner(buffer)
            if let slice = short.scanShortString() {
                #expect(slice == (try? lazy.scanString()), "scanShortString \(text)")
                #expect(!slice.hasEscapes && slice.count <= 32)
                #expect(short.index == lazy.index)
            } else {
                #expect(short.index == 0)
            }

            var inline = JSONScanner(buffer)
            var outOfLine = JSONScanner(buffer)
            let skipped = Result { () throws(JSONScanError) in try inline.skipUnreadInline() }
            let skippedGenerally = Result { () throws(JSONScanError) in try outOfLine.skipUnread() }
            #expect(String(describing: skipped) == String(describing: skippedGenerally), "skip \(text)")
            #expect(inline.index == outOfLine.index, "skip \(text)")
        }
    }
}
