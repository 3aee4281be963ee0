/// The lanes a sixteen-byte vector compare matched, for the prefilters' searches.
enum MatchedLanes {
    /// Calls `found` with the offset of each matching lane of `hits` (a lane is all ones where
    /// it matched), lowest first, until it returns true; true when one did.
    @inline(__always)
    static func any(_ hits: SIMDMask<SIMD16<Int8>>, _ found: (Int) -> Bool) -> Bool {
        let words = unsafeBitCast(hits, to: SIMD2<UInt64>.self)
        guard words[0] | words[1] != 0 else { return false }
        for half in 0..<2 {
            var bits = UInt64(littleEndian: words[half])
            while bits != 0 {
                let shift = bits.trailingZeroBitCount & ~7
                if found(half &* 8 &+ shift / 8) { return true }
                bits &= ~(0xFF &<< UInt64(shift))
            }
        }
        return false
    }
}
