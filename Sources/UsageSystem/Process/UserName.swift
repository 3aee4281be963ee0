import Glibc

/// The name of the user the process runs as.
package enum UserName {
    /// The account name of the effective user (the password database), else `$USER`, else "".
    package static var current: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return getenv("USER").map { String(cString: $0) } ?? ""
    }
}
