import Foundation
import TestSupport
import Testing
import UsageRuntime
import UsageServer
import UsageSystem

/// The exporter under attack, over real sockets: while hostile clients hold connections or
/// flood it with passwords, every scrape is answered, within a second.
@Suite(.serialized, .timeLimit(.minutes(2))) struct AttackTests {
    /// A running exporter over a tree of 300 projects (an exposition of a few hundred KB:
    /// large enough that a client that never reads stalls the response).
    private func start(_ tree: TempTree, users: [String: String] = [:]) throws -> RunningExporter {
        for project in 0..<300 {
            tree.write(
                "projects/-p\(project)/s.jsonl",
                assistantLine(id: "m\(project)", output: 100 + project, cwd: "/home/u/project-\(project)"))
        }
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.root]
        options.stateDir = ""
        if !users.isEmpty {
            tree.write(
                "web.yml", "basic_auth_users:\n" + users.map { "  \($0.key): \($0.value)\n" }.sorted().joined())
            options.webConfigFile = tree.path("web.yml")
        }
        let running = try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        let auth = users.isEmpty ? "" : "Authorization: \(BasicAuth.header("prometheus", "s3cret"))\r\n"
        for _ in 0..<200 {
            let client = TestClient(port: running.ports[0])
            client?.send("GET /-/ready HTTP/1.1\r\n\(auth)Connection: close\r\n\r\n")
            if client?.readResponse()?.status == 200 { break }
            usleep(20_000)
        }
        return running
    }

    /// Connections that pipeline `count` copies of `request` in one write (as much of it as
    /// the server takes within 50 ms) and never read, with a 1 KB receive buffer.
    private func hoarders(_ port: UInt16, _ number: Int, _ request: String, count: Int = 64) -> [TestClient] {
        (0..<number).compactMap { _ in
            let client = TestClient(port: port, receiveBuffer: 1024)
            var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
            if let client {
                setsockopt(client.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }
            client?.send(String(repeating: request, count: count))
            return client
        }
    }

    /// Scrapes `/metrics` for `seconds`, fresh connections and one kept alive in turn; the
    /// slowest answer in milliseconds and the statuses seen.
    private func scrape(
        _ port: UInt16, seconds: Double, auth: String = "", duringEach: () -> Void = {}
    ) -> (slowest: Int64, statuses: [Int], complete: Bool) {
        var slowest: Int64 = 0
        var statuses: [Int] = []
        var complete = true
        var kept = TestClient(port: port, receiveTimeoutMillis: 3000)
        let end = Clock.monotonicMillis() + Int64(seconds * 1000)
        var round = 0
        while Clock.monotonicMillis() < end {
            duringEach()
            let started = Clock.monotonicMillis()
            let response: (status: Int, headers: [String: String], body: [UInt8])?
            if round % 2 == 0 {
                let client = TestClient(port: port, receiveTimeoutMillis: 3000)
                client?.send("GET /metrics HTTP/1.1\r\n\(auth)Connection: close\r\n\r\n")
                response = client?.readResponse()
            } else {
                if kept == nil { kept = TestClient(port: port, receiveTimeoutMillis: 3000) }
                kept?.send("GET /metrics HTTP/1.1\r\n\(auth)\r\n")
                response = kept?.readResponse()
                if response == nil { kept = nil }
            }
            slowest = max(slowest, Clock.monotonicMillis() - started)
            statuses.append(response?.status ?? 0)
            if let body = response?.body, !String(decoding: body, as: UTF8.self).contains("process_start_time_seconds")
            {
                complete = false
            }
            round += 1
            usleep(100_000)
        }
        return (slowest, statuses, complete)
    }

    @Test func clientsThatNeverReadCannotLockScrapersOut() throws {
        let tree = TempTree()
        let running = try start(tree)
        defer { running.stop() }
        let port = running.ports[0]
        // Reproduction 1: 40 connections, each pipelining 64 scrapes, reading nothing; a
        // second wave of 40 arrives while the scrapes run.
        var held = hoarders(port, 40, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        var waves = 0
        let result = scrape(port, seconds: 4) {
            waves += 1
            if waves == 10 { held += hoarders(port, 40, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n") }
        }
        #expect(held.count == 80)
        #expect(result.statuses.allSatisfy { $0 == 200 }, "\(result.statuses)")
        #expect(result.slowest < 1000, "slowest scrape \(result.slowest) ms")
        #expect(result.complete)
    }

    @Test func unauthenticatedPipelinersCannotLockScrapersOut() throws {
        let tree = TempTree()
        let running = try start(tree, users: ["prometheus": BasicAuth.hash])
        defer { running.stop() }
        let port = running.ports[0]
        let held = hoarders(port, 40, "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n", count: 8192)
        let result = scrape(port, seconds: 3, auth: "Authorization: \(BasicAuth.header("prometheus", "s3cret"))\r\n")
        #expect(held.count == 40)
        #expect(result.statuses.allSatisfy { $0 == 200 }, "\(result.statuses)")
        #expect(result.slowest < 1000, "slowest scrape \(result.slowest) ms")
    }

    @Test func aFloodOfWrongPasswordsNeverDelaysAScrape() throws {
        let tree = TempTree()
        let running = try start(tree, users: ["prometheus": BasicAuth.hash, "alice": BasicAuth.hash])
        defer { running.stop() }
        let port = running.ports[0]
        // Reproduction 2: 242 pipelined wrong passwords in one write (known and unknown
        // users), here from 20 connections at once.
        var flood = ""
        for index in 0..<242 {
            let user = index % 2 == 0 ? "alice" : "mallory\(index)"
            flood += "GET /-/healthy HTTP/1.1\r\nAuthorization: \(BasicAuth.header(user, "guess\(index)"))\r\n\r\n"
        }
        let attackers = (0..<20).compactMap { _ in TestClient(port: port, receiveTimeoutMillis: 10_000) }
        for attacker in attackers { attacker.send(flood) }
        // The scraper's credentials were verified at start (the readiness poll): cached.
        let cached = scrape(port, seconds: 3, auth: "Authorization: \(BasicAuth.header("prometheus", "s3cret"))\r\n")
        #expect(cached.statuses.allSatisfy { $0 == 200 }, "\(cached.statuses)")
        #expect(cached.slowest < 1000, "slowest scrape \(cached.slowest) ms")
        // A first login from another address is checked on a worker while the flood goes on.
        let started = Clock.monotonicMillis()
        let other = TestClient(port: port, source: "127.0.0.2")
        other?.send("GET /-/healthy HTTP/1.1\r\nAuthorization: \(BasicAuth.header("alice", "s3cret"))\r\n\r\n")
        #expect(other?.readResponse()?.status == 200)
        #expect(Clock.monotonicMillis() - started < 1000)
        // The flood got refusals only, and past ten failures the address is held off (429).
        var statuses: [Int: Int] = [:]
        for attacker in attackers {
            while let response = attacker.readResponse() { statuses[response.status, default: 0] += 1 }
        }
        #expect(Set(statuses.keys).isSubset(of: [401, 429, 503]), "\(statuses)")
        #expect(statuses[429, default: 0] > 0, "\(statuses)")
        #expect(statuses[401, default: 0] <= BasicAuthenticator.failureLimit + 2 * 20, "\(statuses)")
    }
}
