/// A state payload as tagged, length-prefixed sections (format 4): a count, then for each
/// section its tag and its bytes.
///
/// This is what lets one build read another's state: a reader takes the sections it knows
/// by tag, skips the ones it does not (a later build's), and starts from empty for the ones
/// missing (an earlier build's). A section's layout never changes once released: a new
/// field is a new section, and counters kept per reason are stored by the reason's name
/// (``StateWriter/write(named:)``), so that adding a reason changes nothing already saved.
package struct StateSections: Sendable {
    private var sections: [String: [UInt8]] = [:]
    /// The tags in the order written.
    package private(set) var tags: [String] = []

    package init() {}

    /// The sections of a payload; a tag written twice is an error.
    package init(reading payload: [UInt8]) throws(StateError) {
        var reader = StateReader(payload)
        let count = try reader.readCount(minimumItemBytes: 12)
        for _ in 0..<count {
            let tag = try reader.readString()
            let bytes = try reader.readBlob()
            guard sections.updateValue(bytes, forKey: tag) == nil else { throw .invalid("the section \(tag) twice") }
            tags.append(tag)
        }
        guard reader.isAtEnd else { throw .invalid("bytes after the last section, at byte \(reader.offset)") }
    }

    /// Adds a section written by `write`.
    package mutating func add(_ tag: String, _ write: (inout StateWriter) -> Void) {
        var writer = StateWriter()
        write(&writer)
        precondition(sections.updateValue(writer.bytes, forKey: tag) == nil, "state section \(tag) written twice")
        tags.append(tag)
    }

    /// A section's bytes, nil when the state has none of that tag.
    package func bytes(_ tag: String) -> [UInt8]? { sections[tag] }

    /// A reader over a section, nil when the state has none of that tag.
    package func reader(_ tag: String) -> StateReader? {
        sections[tag].map { StateReader($0) }
    }

    /// Reads a section with `read`, which must consume it whole; nothing when it is missing.
    package func read(_ tag: String, _ read: (inout StateReader) throws(StateError) -> Void) throws(StateError) {
        guard var reader = reader(tag) else { return }
        do {
            try read(&reader)
        } catch {
            throw .invalid("section \(tag): \(error)")
        }
        guard reader.isAtEnd else { throw .invalid("section \(tag) has bytes past its end, at byte \(reader.offset)") }
    }

    /// The payload: every section, in the order added.
    package var payload: [UInt8] {
        var writer = StateWriter()
        writer.write(tags.count)
        for tag in tags {
            writer.write(tag)
            writer.write(blob: sections[tag]!)
        }
        return writer.bytes
    }
}
