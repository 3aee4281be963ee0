/// Version data for `llm_usage_exporter_build_info` and `--version`, as Go exporters give it.
package enum ExporterVersion {
    package static let version = "0.2.0"
    /// The git revision, branch, build user and date: stamped by `scripts/build-release`
    /// (and the Dockerfile), `unknown` in a development build.
    package static let revision = BuildStamp.revision
    package static let branch = BuildStamp.branch
    package static let buildUser = BuildStamp.user
    package static let buildDate = BuildStamp.date

    /// The Swift compiler that built the binary (its major and minor version).
    package static let swiftVersion: String = {
        #if compiler(>=6.5)
            return "6.5"
        #elseif compiler(>=6.4)
            return "6.4"
        #elseif compiler(>=6.3)
            return "6.3"
        #elseif compiler(>=6.2)
            return "6.2"
        #else
            return "6.1"
        #endif
    }()

    /// `linux/amd64`, as Go names a platform.
    package static let platform: String = {
        #if os(Linux)
            let system = "linux"
        #elseif os(macOS)
            let system = "darwin"
        #else
            let system = "unknown"
        #endif
        #if arch(x86_64)
            return system + "/amd64"
        #elseif arch(arm64)
            return system + "/arm64"
        #else
            return system + "/unknown"
        #endif
    }()

    /// What `--version` prints, in the layout of Prometheus' own binaries.
    package static var text: String {
        """
        llm-usage-exporter, version \(version) (branch: \(branch), revision: \(revision))
          build user:       \(buildUser)
          build date:       \(buildDate)
          swift version:    \(swiftVersion)
          platform:         \(platform)

        """
    }
}
