/// The dotted field paths (`tokens.input`) a decoder reads from each line, as a tree whose
/// keys are matched byte by byte while the line is scanned.
struct FieldSchema: Sendable {
    struct Node: Sendable {
        var children: [(name: [UInt8], node: Int)] = []
        /// The index of the path that ends here.
        var field: Int?
    }

    private(set) var nodes = [Node()]
    let count: Int

    init(_ paths: [String]) {
        for (index, path) in paths.enumerated() {
            var node = 0
            for part in path.split(separator: ".") {
                let name = Array(part.utf8)
                if let child = nodes[node].children.first(where: { $0.name == name }) {
                    node = child.node
                } else {
                    nodes.append(Node())
                    nodes[node].children.append((name, nodes.count - 1))
                    node = nodes.count - 1
                }
            }
            nodes[node].field = index
        }
        count = paths.count
    }
}
