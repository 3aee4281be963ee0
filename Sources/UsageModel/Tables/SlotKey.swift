/// A key of a ``SegmentedTable``.
package protocol SlotKey: Equatable, Sendable {
    /// The key no entry has: it marks an empty slot.
    static var vacant: Self { get }
    /// 64 well-mixed bits: the top four choose the segment, the rest the slot.
    var mixedHash: UInt64 { get }
}

extension UInt64: SlotKey {
    /// 0: a table keyed by hashes stores the one hash that is really 0 as another value.
    package static var vacant: UInt64 { 0 }
    /// The key itself: already a mixed hash (``StableHash/finalized``).
    @inline(__always)
    package var mixedHash: UInt64 { self }
}
