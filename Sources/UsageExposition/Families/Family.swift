/// One metric family, declared once: its name, type and help. The renderer writes its header
/// and samples from this value, so a name is never typed twice.
package struct Family: Hashable, Sendable {
    package enum Kind: String, Sendable {
        case counter, gauge, histogram, untyped
    }

    package let name: String
    package let kind: Kind
    package let help: String

    package init(_ name: String, _ kind: Kind, help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }
}
