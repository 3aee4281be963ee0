import CSystem

/// Inflates a gzip stream with zlib; nil unless it is exactly one member ending at the last byte.
package func gunzipSingleMember(_ compressed: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        return nil
    }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var status = Z_OK
    var input = compressed
    input.withUnsafeMutableBufferPointer { inBuffer in
        stream.next_in = inBuffer.baseAddress
        stream.avail_in = uInt(inBuffer.count)
        while status == Z_OK {
            chunk.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = inflate(&stream, Z_NO_FLUSH)
                output += out[0..<(out.count - Int(stream.avail_out))]
            }
        }
    }
    return status == Z_STREAM_END && stream.avail_in == 0 ? output : nil
}
