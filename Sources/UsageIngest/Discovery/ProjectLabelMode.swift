/// How the `project` label is written (`--label.project`), for privacy.
package enum ProjectLabelMode: String, CaseIterable, Sendable {
    /// The project folder's last path component, e.g. `app`.
    case name
    /// The full working directory, e.g. `/home/alice/src/app`.
    case path
    /// A stable anonymous 12-hex-digit hash of the path.
    case hash
    /// No project detail: every series has `project=""`.
    case none
}
