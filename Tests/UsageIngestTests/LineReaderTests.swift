import Foundation
import TestSupport
import Testing

@testable import UsageIngest

@Suite struct LineReaderTests {
    /// Reads `path` from `position` with the given bounds; returns the lines seen and overlong line numbers.
    private func read(
        _ path: String, _ position: inout TailPosition, maxLine: Int, chunk: Int = 4096
    ) throws
        -> (lines: [String], overlong: [UInt64], totals: LineReader.Totals)
    {
        let reader = LineReader(maxLineBytes: maxLine, chunkBytes: chunk)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var lines: [String] = []
        var overlong: [UInt64] = []
        let totals = try reader.read(
            fd: fd, path: path, from: &position,
            line: { bytes, _ in lines.append(String(decoding: bytes, as: UTF8.self)) },
            overlong: { overlong.append($0) })
        return (lines, overlong, totals)
    }

    @Test func stripsCRLFAndBOMAndHoldsThePartialTail() throws {
        let tree = TempTree()
        tree.write("f.jsonl", [0xEF, 0xBB, 0xBF] + Array("one\r\n\ntwo\nthr".utf8))
        var position = TailPosition()
        let first = try read(tree.path("f.jsonl"), &position, maxLine: 100)
        #expect(first.lines == ["one", "", "two"])
        #expect(position == TailPosition(offset: 13, skippingOverlong: false, lineNumber: 3))
        #expect(first.totals == LineReader.Totals(lines: 3, bytes: 13, overlong: 0))
        tree.append("f.jsonl", "ee\n")
        let second = try read(tree.path("f.jsonl"), &position, maxLine: 100)
        #expect(second.lines == ["three"])
        #expect(position.offset == 19)
    }

    @Test func skipsOverlongLinesWithoutBufferingThem() throws {
        let tree = TempTree()
        let long = String(repeating: "x", count: 20_000)
        tree.write("f.jsonl", "a\n\(long)\nb\n\(long)")
        var position = TailPosition()
        let first = try read(tree.path("f.jsonl"), &position, maxLine: 5000, chunk: 4096)
        #expect(first.lines == ["a", "b"])
        #expect(first.overlong == [2, 4])
        #expect(position.skippingOverlong)
        // The rest of the overlong line arrives, then a good one: counted once, not twice.
        tree.append("f.jsonl", "yyyy\nc\n")
        let second = try read(tree.path("f.jsonl"), &position, maxLine: 5000, chunk: 4096)
        #expect(second.lines == ["c"])
        #expect(second.overlong == [])
        #expect(!position.skippingOverlong)
        #expect(position.lineNumber == 5)
        let expected: UInt64 = 2 + 20_001 + 2 + 20_004 + 1 + 2
        #expect(first.totals.bytes + second.totals.bytes == expected)
    }

    @Test func linesSpanningChunksAreReassembled() throws {
        let tree = TempTree()
        let lines = (0..<500).map { "line-\($0)-" + String(repeating: "z", count: $0 * 7 % 300) }
        tree.write("f.jsonl", lines.joined(separator: "\n") + "\n")
        var position = TailPosition()
        let result = try read(tree.path("f.jsonl"), &position, maxLine: 1000, chunk: 4096)
        #expect(result.lines == lines)
        #expect(result.overlong.isEmpty)
    }
}
