/// `~` and `~/...` in a configured path, as a shell would expand them.
package enum HomePath {
    package static func expand(_ path: String, home: String) -> String {
        if path == "~" { return home }
        return path.hasPrefix("~/") ? home + path.dropFirst() : path
    }
}
