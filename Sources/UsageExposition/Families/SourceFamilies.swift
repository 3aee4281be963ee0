/// The families configured sources bring, by family: a source's registry entry declares them,
/// and they are exported (at zero) from the moment the source is configured.
package struct SourceFamilies: Equatable, Sendable {
    private var owners: [Family: [String]] = [:]

    package init() {}

    /// `source` is configured and brings `families`.
    package mutating func add(_ families: [Family], from source: String) {
        for family in families { owners[family, default: []].append(source) }
    }

    package func isShown(_ family: Family) -> Bool { owners[family] != nil }

    /// The configured sources that bring `family`.
    package func sources(bringing family: Family) -> Set<String> { Set(owners[family] ?? []) }
}
