package import UsageModel
package import UsageSystem

/// The durable state's file: `state.bin` in `--state.dir`, written atomically.
///
/// Layout: the magic `LLMUSAGE`, a format version, the payload length, the payload, and a
/// checksum of the payload. The payload of format 4 is tagged sections (``StateSections``);
/// format 3's (read, never written) was one positional record. A save writes a temporary
/// file, fsyncs it, renames it over the old one and fsyncs the folder, so a crash leaves
/// either the old state or the new, whole.
package struct StateStore: Sendable {
    package let directory: String
    package static let version = StateError.currentFormat
    static let magic = Array("LLMUSAGE".utf8)

    package init(directory: String) {
        self.directory = directory
    }

    package var path: String { directory + "/state.bin" }

    /// The saved payload, nil when there is none yet.
    package func load() throws(SystemError) -> [UInt8]? {
        do {
            return try FileBytes.read(path, limit: 8 << 30)
        } catch {
            if error.isNoSuchFile { return nil }
            throw error
        }
    }

    /// The format version of a state file's bytes: ``StateError/newerFormat(_:)`` for one a
    /// later build wrote (checked before anything else, so that it is never moved aside).
    package static func version(of bytes: [UInt8]) throws(StateError) -> UInt32 {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { throw .foreign }
        var reader = StateReader(bytes, offset: magic.count)
        let version = try reader.readUInt32()
        if version > StateError.currentFormat { throw .newerFormat(version) }
        guard version >= StateError.oldestFormat else { throw .unsupportedVersion(version) }
        return version
    }

    /// The format version and the payload inside a state file's bytes.
    package static func unwrap(_ bytes: [UInt8]) throws(StateError) -> (version: UInt32, payload: [UInt8]) {
        let version = try StateStore.version(of: bytes)
        var reader = StateReader(bytes, offset: magic.count + 4)
        let length = try reader.readUInt64()
        let start = reader.offset
        guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) == 8 else {
            throw .truncated(offset: bytes.count)
        }
        let payload = Array(bytes[start..<(start + Int(length))])
        var checksum = StateReader(bytes, offset: start + Int(length))
        guard try checksum.readUInt64() == StateStore.checksum(payload) else { throw .checksumMismatch }
        return (version, payload)
    }

    /// A state file's bytes for a payload, in format `version` (tests write format 3 and
    /// later ones this way).
    package static func wrap(_ payload: [UInt8], version: UInt32 = StateStore.version) -> [UInt8] {
        var writer = StateWriter()
        writer.write(version)
        writer.write(UInt64(payload.count))
        var bytes = magic + writer.bytes + payload
        var trailer = StateWriter()
        trailer.write(checksum(payload))
        bytes += trailer.bytes
        return bytes
    }

    static func checksum(_ payload: [UInt8]) -> UInt64 {
        var hash = StableHash()
        payload.withUnsafeBufferPointer { hash.combine($0) }
        return hash.finalized
    }

    /// Writes the state atomically (``FileBytes/write(_:atomicallyTo:mode:)``).
    package func save(_ payload: [UInt8]) throws(SystemError) {
        try FileBytes.write(StateStore.wrap(payload), atomicallyTo: path)
    }

    /// Moves an unusable state file aside (kept for inspection) and returns its new path.
    package func moveAside(now: Int64) -> String {
        let aside = path + ".unusable-\(now)"
        try? FileSystem.rename(path, to: aside)
        return aside
    }
}
