import CSystem
import Glibc

/// The C allocator: its settings, and blocks that can grow without being faulted in again.
package enum Allocator {
    /// Large arrays (the dedup table's segments, a window's records) are mapped and unmapped
    /// whole. glibc would otherwise raise this threshold after the first such free and serve
    /// later ones from the heap, whose holes then count as resident memory: 78 B per request
    /// instead of 51 B over a 1 GB file.
    package static func mapLargeArraysWhole() {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    }

    /// A block of `bytes` (16-byte aligned, uninitialised) made from `block` when given:
    /// `realloc`, which moves a mapped block's pages (`mremap`) instead of copying them, so the
    /// pages already touched are not faulted in again. Stops the process when memory is out.
    package static func resize(_ block: UnsafeMutableRawPointer?, bytes: Int) -> UnsafeMutableRawPointer {
        guard let resized = realloc(block, max(bytes, 16)) else {
            fatalError("out of memory: \(bytes) bytes")
        }
        return resized
    }

    /// Gives back a block from ``resize(_:bytes:)``.
    package static func release(_ block: UnsafeMutableRawPointer) {
        free(block)
    }
}
