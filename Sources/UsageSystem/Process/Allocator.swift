import CSystem

/// The C allocator's settings.
package enum Allocator {
    /// Large arrays (the dedup table's segments, a window's records) are mapped and unmapped
    /// whole. glibc would otherwise raise this threshold after the first such free and serve
    /// later ones from the heap, whose holes then count as resident memory: 78 B per request
    /// instead of 51 B over a 1 GB file.
    package static func mapLargeArraysWhole() {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    }
}
