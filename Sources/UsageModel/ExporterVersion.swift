/// Version data for `llm_usage_exporter_build_info` and `--version`.
public enum ExporterVersion {
    public static let version = "0.1.0"
    /// The git revision, stamped by the release build (Dockerfile, scripts); `unknown` otherwise.
    public static let revision = "unknown"
}
