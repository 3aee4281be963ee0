/// A 64-bit hash that is the same in every process and on every run, unlike `Hasher`:
/// dedup keys are saved with the state and must mean the same thing after a restart.
package struct StableHash: Sendable {
    package private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    /// FNV-1a over the bytes.
    @inline(__always)
    package mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        var hash = state
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        state = hash
    }

    /// A separator byte, so that ("ab", "c") and ("a", "bc") hash differently.
    @inline(__always)
    package mutating func combineSeparator() {
        state = (state ^ 0xFF) &* 0x0000_0100_0000_01b3
    }

    package mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { combine($0) }
    }

    /// The hash with a final avalanche (murmur3's fmix64), so every input bit reaches every output bit.
    package var finalized: UInt64 {
        var h = state
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}
