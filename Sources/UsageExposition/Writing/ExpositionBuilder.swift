/// Families written in any order and joined sorted by name: the exposition's canonical order
/// holds by construction, not by the order the code happens to write them in.
package struct ExpositionBuilder {
    private var blocks: [(name: String, writer: ExpositionWriter)] = []
    package let format: ExpositionFormat
    private let births: SeriesBirths?

    package init(format: ExpositionFormat = .text, births: SeriesBirths? = nil) {
        self.format = format
        self.births = births
    }

    /// A family: its header, then what `samples` writes.
    package mutating func add(_ family: Family, capacity: Int = 256, _ samples: (inout ExpositionWriter) -> Void) {
        var writer = ExpositionWriter(capacity: capacity, format: format, births: births)
        writer.header(family)
        samples(&writer)
        blocks.append((family.name, writer))
    }

    /// The families, sorted by name.
    package var bytes: [UInt8] {
        var out = ExpositionWriter(capacity: blocks.reduce(0) { $0 + $1.writer.bytes.count }, format: format)
        for block in blocks.sorted(by: { $0.name < $1.name }) { out.append(contentsOf: block.writer) }
        return out.bytes
    }
}
