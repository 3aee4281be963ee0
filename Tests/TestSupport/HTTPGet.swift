/// A GET over a raw socket: status and body, or nil when the server is not answering.
package func httpGet(port: UInt16, _ target: String) -> (status: Int, headers: [String: String], body: String)? {
    guard let client = TestClient(port: port) else { return nil }
    client.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    return client.readResponse().map { ($0.status, $0.headers, String(decoding: $0.body, as: UTF8.self)) }
}
