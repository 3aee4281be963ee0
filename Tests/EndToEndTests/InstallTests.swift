import Foundation
import TestSupport
import Testing
import UsageSystem

/// Issue 19: installs and runs like the exporters people already run: the units pass
/// `systemd-analyze verify`, socket activation serves scrapes, `scripts/install` lays the
/// files out under `DESTDIR`, and the release binary needs no Swift.
@Suite(.serialized, .timeLimit(.minutes(10))) struct InstallTests {
    static let root = TestPaths.packageRoot

    private func tool(_ name: String) throws -> String {
        try #require(ProcessRunner.which(name), "\(name) is needed (apt-get install systemd)")
    }

    /// The unit files with ExecStart naming `binary` (verify checks that it exists).
    private func units(in tree: TempTree, binary: String) throws {
        for unit in [
            "llm-usage-exporter.service", "llm-usage-exporter.socket", "user/llm-usage-exporter.service",
        ] {
            let text = try String(contentsOfFile: Self.root + "/systemd/" + unit, encoding: .utf8)
            tree.write(unit, text.replacingOccurrences(of: "/usr/local/bin/llm-usage-exporter", with: binary))
        }
    }

    @Test func theUnitsPassSystemdAnalyzeVerify() throws {
        let analyze = try tool("systemd-analyze")
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        try units(in: tree, binary: binary)
        let system = try ProcessRunner.run(
            analyze, ["verify", tree.path("llm-usage-exporter.service"), tree.path("llm-usage-exporter.socket")])
        #expect(system.status == 0, "\(system.stdout)\(system.stderr)")
        #expect(system.stderr.isEmpty, "\(system.stderr)")
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = tree.path("")
        let user = try ProcessRunner.run(
            analyze, ["--user", "verify", tree.path("user/llm-usage-exporter.service")], environment: environment)
        #expect(user.status == 0, "\(user.stdout)\(user.stderr)")
        // The hardening the issue names.
        let service = try String(contentsOfFile: Self.root + "/systemd/llm-usage-exporter.service", encoding: .utf8)
        for setting in [
            "User=llm-usage", "StateDirectory=llm-usage-exporter", "ProtectSystem=strict", "NoNewPrivileges=yes",
            "ProtectHome=read-only", "ExecReload=/bin/kill -HUP $MAINPID",
        ] {
            #expect(service.contains(setting), "\(setting)")
        }
    }

    /// `--web.systemd-socket` serves the socket systemd passes in (here through
    /// systemd-socket-activate, which passes it as a .socket unit does) and refuses to start
    /// without one.
    @Test func socketActivationServesThePassedSocket() throws {
        let activate = try tool("systemd-socket-activate")
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        tree.write("projects/-p/s.jsonl", assistantLine(id: "m1", output: 6))
        // Without a passed socket: a clear error.
        let alone = try ProcessRunner.run(
            binary, ["--web.systemd-socket", "--no-source.codex", "--state.dir=", "--source.claude-code=\(tree.root)"])
        #expect(alone.status == 2)
        #expect(
            alone.stderr.contains("flag --web.systemd-socket: ")
                && alone.stderr.contains("LISTEN_PID is not this process"),
            "\(alone.stderr)")
        let port = try PrometheusServer.freePort()
        let process = try ProcessRunner.start(
            activate,
            [
                "-l", "127.0.0.1:\(port)", binary, "--web.systemd-socket", "--source.claude-code=\(tree.root)",
                "--no-source.codex", "--state.dir=",
            ], log: tree.path("log"))
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let served = EndToEndTests.waitUntil(seconds: 20) {
            httpGet(port: port, "/metrics")?.body.contains("token_type=\"output\"} 6\n") == true
        }
        #expect(served, "\((try? String(contentsOfFile: tree.path("log"), encoding: .utf8)) ?? "")")

    }

    @Test func installLaysOutTheBinaryUnitsAndCompletionsUnderDestdir() throws {
        let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
        let tree = TempTree()
        var environment = ProcessInfo.processInfo.environment
        environment["PREFIX"] = "/opt/llm"
        environment["DESTDIR"] = tree.path("root")
        let install = try ProcessRunner.run(
            "/bin/bash", [Self.root + "/scripts/install", binary], environment: environment)
        #expect(install.status == 0, "\(install.stderr)")
        for file in [
            "opt/llm/bin/llm-usage-exporter", "opt/llm/lib/systemd/system/llm-usage-exporter.service",
            "opt/llm/lib/systemd/system/llm-usage-exporter.socket",
            "opt/llm/lib/systemd/user/llm-usage-exporter.service",
            "opt/llm/lib/sysusers.d/llm-usage-exporter.conf", "etc/default/llm-usage-exporter",
            "opt/llm/share/bash-completion/completions/llm-usage-exporter",
            "opt/llm/share/zsh/site-functions/_llm-usage-exporter",
        ] {
            #expect(FileManager.default.fileExists(atPath: tree.path("root/" + file)), "\(file)")
        }
        let unit = tree.read("root/opt/llm/lib/systemd/system/llm-usage-exporter.service")
        #expect(unit.contains("ExecStart=/opt/llm/bin/llm-usage-exporter --web.listen-address=:10120"))
    }

    /// The release binary (scripts/build-release: the Swift runtime linked in, the revision
    /// stamped) runs from a root holding only the C libraries it needs, as an unprivileged
    /// user: scripts/check-container-binary. It needs root (chroot) and a release build.
    @Test func theReleaseBinaryRunsWithoutSwift() throws {
        guard getuid() == 0 else {
            Issue.record("needs root for chroot (CI runs as root)")
            return
        }
        let work = TempTree()
        let build = try ProcessRunner.run(
            "/usr/bin/nice", ["-n", "15", "/bin/bash", Self.root + "/scripts/build-release", work.path("build")])
        try #require(build.status == 0, "\(build.stderr.suffix(2000))")
        let binary = build.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ldd = try ProcessRunner.run("/usr/bin/ldd", [binary])
        #expect(!ldd.stdout.lowercased().contains("swift"), "\(ldd.stdout)")
        let version = try ProcessRunner.run(binary, ["--version"])
        #expect(!version.stdout.contains("revision: unknown"), "\(version.stdout)")
        #expect(!version.stdout.contains("build date:       unknown"), "\(version.stdout)")
        let check = try ProcessRunner.run("/bin/bash", [Self.root + "/scripts/check-container-binary", binary])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("OK: the binary runs"), "\(check.stdout)")
    }
}
