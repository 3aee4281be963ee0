internal import CSystem
import UsageModel

/// gzip for scrapes that accept it, built from parts compressed apart: the usage exposition
/// once per change, the time-derived gauges once per poll, the small fresh tail per scrape.
///
/// Each part is raw deflate flushed to a byte boundary and left open (`Z_SYNC_FLUSH`), so the
/// parts follow one another inside a single gzip member (as `pigz` joins its blocks): one
/// header, the parts, a final empty block, and a trailer whose CRC combines the parts' CRCs.
/// A single member, because some clients read only the first of several.
package enum Gzip {
    /// `bytes` deflated at the fastest level (a 1.3 MB exposition in about 3 ms, to about 3 %
    /// of its size); nil only if zlib cannot allocate its state.
    package static func deflate(_ bytes: [UInt8]) -> DeflatedBytes? {
        let crc = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard !bytes.isEmpty else { return DeflatedBytes(bytes: [], crc32: crc, count: 0) }
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, Z_BEST_SPEED, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        // The bound covers one deflate call over the whole input; the flush adds at most a few bytes.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 16)
        var produced = 0
        var status = Z_OK
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            output.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = CSystem.deflate(&stream, Z_SYNC_FLUSH)
                produced = out.count - Int(stream.avail_out)
            }
        }
        guard status == Z_OK, stream.avail_in == 0, stream.avail_out > 0 else { return nil }
        output.removeSubrange(produced...)
        return DeflatedBytes(bytes: output, crc32: crc, count: bytes.count)
    }

    /// The body parts of one gzip member holding `parts` in order.
    package static func body(_ parts: [DeflatedBytes]) -> [[UInt8]] {
        // ID1 ID2, deflate, no flags, no time, no extra flags, OS unknown.
        let header: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var crc: UInt = 0
        var length = 0
        for part in parts {
            crc = crc32_combine(crc, UInt(part.crc32), Int(part.count))
            length += part.count
        }
        // A final, empty block with fixed codes (BFINAL=1, BTYPE=01, end-of-block), then CRC-32
        // and length mod 2^32, both little-endian.
        var trailer: [UInt8] = [0x03, 0x00]
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: UInt32(crc) >> shift)) }
        for shift in stride(from: 0, to: 32, by: 8) {
            trailer.append(UInt8(truncatingIfNeeded: UInt32(truncatingIfNeeded: length) >> shift))
        }
        return [header] + parts.map(\.bytes) + [trailer]
    }
}
