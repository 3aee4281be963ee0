/// A random number generator that gives the same numbers for the same seed (xorshift64*): a
/// failing test fails again, the same way.
package struct SeededRandom: RandomNumberGenerator {
    package var state: UInt64

    package init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    package mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A number in `0..<bound` (0 when `bound` is 0).
    package mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
