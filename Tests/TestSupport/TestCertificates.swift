import Foundation

/// Certificates made by the `openssl` command for TLS tests: two CAs, a server certificate
/// for `localhost` and 127.0.0.1, and client certificates from each CA. Files in a temporary
/// folder, by name: `ca.crt`, `server.crt`/`server.key`, `client.crt`/`client.key` (SAN
/// `prometheus.example`), and `other-ca.crt`, `other-server.*`, `other-client.*` from the second CA.
package final class TestCertificates {
    package let tree = TempTree()

    package init() throws {
        guard let openssl = ProcessRunner.which("openssl") else {
            throw Failure("openssl is needed (apt-get install openssl)")
        }
        func run(_ arguments: [String]) throws {
            let result = try ProcessRunner.run(openssl, arguments)
            guard result.status == 0 else {
                throw Failure("openssl \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        for ca in ["ca", "other-ca"] {
            try run(
                ["req", "-x509"] + key + [
                    "-keyout", path("\(ca).key"), "-out", path("\(ca).crt"), "-subj", "/CN=\(ca)", "-days", "30",
                ])
        }
        let leaves = [
            ("server", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
            ("client", "ca", "subjectAltName=DNS:prometheus.example\nextendedKeyUsage=clientAuth\n"),
            ("other-server", "other-ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
            ("other-client", "other-ca", "subjectAltName=DNS:prometheus.example\nextendedKeyUsage=clientAuth\n"),
        ]
        for (name, ca, extensions) in leaves {
            tree.write("\(name).ext", extensions)
            try run(
                ["req"] + key + ["-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(name)"])
            try run([
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).crt"), "-CAkey", path("\(ca).key"),
                "-CAcreateserial", "-out", path("\(name).crt"), "-days", "30", "-extfile", path("\(name).ext"),
            ])
        }
    }

    package func path(_ name: String) -> String { tree.path(name) }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
        init(_ description: String) { self.description = description }
    }
}
