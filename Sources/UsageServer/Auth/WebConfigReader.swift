/// Reads the nodes of one web configuration file, with errors that name the file and line.
struct WebConfigReader {
    let path: String

    func fail(_ node: YAMLValue, _ reason: String) -> WebConfigError {
        WebConfigError(path: path, line: node.line, reason: reason)
    }

    func entries(
        _ node: YAMLValue, _ what: String
    ) throws(WebConfigError) -> [(key: String, line: Int, value: YAMLValue)] {
        if node.isNull { return [] }
        guard case .mapping(let entries, _) = node else { throw fail(node, "\(what) must be a map") }
        return entries
    }

    func string(_ node: YAMLValue) -> String? {
        if case .scalar(let text, _) = node { return text }
        return nil
    }

    func string(_ node: YAMLValue, _ what: String) throws(WebConfigError) -> String {
        guard let text = string(node) else { throw fail(node, "\(what) must be a string") }
        return text
    }

    func boolean(_ node: YAMLValue, _ what: String) throws(WebConfigError) -> Bool {
        switch string(node) {
        case "true": return true
        case "false": return false
        default: throw fail(node, "\(what) must be true or false")
        }
    }

    func strings(_ node: YAMLValue, _ what: String) throws(WebConfigError) -> [String] {
        if node.isNull { return [] }
        guard case .sequence(let items, _) = node else { throw fail(node, "\(what) must be a list") }
        var texts: [String] = []
        for item in items { texts.append(try string(item, "each entry of \(what)")) }
        return texts
    }

    /// A file named in the configuration: relative to the configuration's folder, as
    /// exporter-toolkit reads it.
    func file(_ node: YAMLValue, _ what: String) throws(WebConfigError) -> String {
        let name = try string(node, what)
        guard !name.hasPrefix("/"), let slash = path.lastIndex(of: "/") else { return name }
        return String(path[...slash]) + name
    }
}
