/// Where PEM text comes from: a file (re-read when it changes) or the web configuration itself.
package struct PEMSource: Equatable, Sendable, CustomStringConvertible {
    /// The web configuration's key (`cert_file`, `cert`, ...), for messages.
    package let setting: String
    package let path: String?
    package let text: String?

    package static func file(_ path: String, setting: String) -> PEMSource {
        PEMSource(setting: setting, path: path, text: nil)
    }

    package static func inline(_ text: String, setting: String) -> PEMSource {
        PEMSource(setting: setting, path: nil, text: text)
    }

    package var description: String { path.map { "\(setting) \($0)" } ?? setting }

    func read() throws(TLSSetupError) -> [UInt8] {
        guard let path else { return Array((text ?? "").utf8) }
        do {
            return try FileBytes.read(path, limit: 1 << 20)
        } catch {
            throw TLSSetupError("\(self): \(error)")
        }
    }
}
