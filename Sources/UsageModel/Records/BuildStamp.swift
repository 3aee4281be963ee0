/// What the release build stamps in (`scripts/build-release` rewrites this file for the build
/// and puts it back after); a development build says `unknown`.
enum BuildStamp {
    static let revision = "unknown"
    static let branch = "unknown"
    static let user = "unknown"
    static let date = "unknown"
}
