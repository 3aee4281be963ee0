/// Version data for `llm_usage_exporter_build_info` and `--version`.
package enum ExporterVersion {
    package static let version = "0.1.0"
    /// The git revision, stamped by the release build (Dockerfile, scripts); `unknown` otherwise.
    package static let revision = "unknown"
}
