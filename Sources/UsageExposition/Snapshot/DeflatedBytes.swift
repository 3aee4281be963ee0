/// Bytes compressed once as raw deflate blocks that end on a byte boundary and are not final,
/// with the CRC-32 and length of what they hold: parts deflated apart join into one gzip
/// stream without being compressed again (see `Gzip` in UsageExposition).
package struct DeflatedBytes: Equatable, Sendable {
    package var bytes: [UInt8]
    /// CRC-32 (the gzip one) of the uncompressed bytes.
    package var crc32: UInt32
    /// Length of the uncompressed bytes.
    package var count: Int

    package init(bytes: [UInt8], crc32: UInt32, count: Int) {
        self.bytes = bytes
        self.crc32 = crc32
        self.count = count
    }
}
