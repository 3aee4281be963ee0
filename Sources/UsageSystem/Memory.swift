public import Glibc

/// The C library's byte routines, for the scanner and the decoders' hot paths: inlinable, so
/// a call costs what calling `memchr` itself costs, and a `memcmp` of a known length becomes a
/// compare. Public, not package: Swift 6.3 inlines `@inlinable` code into other modules only
/// when it is public (measured: a package one stays a call, and the cold scan took 16 % more
/// instructions), so this and ByteJSON's scanner are the package's two public APIs.
public enum Memory {
    /// The offset of the first `byte` in `count` bytes at `base`, or nil.
    @inlinable
    public static func find(_ byte: UInt8, in base: UnsafeRawPointer, count: Int) -> Int? {
        guard count > 0, let hit = memchr(base, Int32(byte), count) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// Whether `count` bytes at `a` and `b` are equal.
    @inlinable
    public static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(a, b, count) == 0
    }

    /// Copies `count` bytes from `source` to `destination`; the two may overlap.
    @inlinable
    public static func move(_ destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        memmove(destination, source, count)
    }
}
