#!/usr/bin/env python3
"""A loopback HTTP(S) server for the `pricing update` tests: what a price file's server can do.

usage: price-server.py PORT_FILE PRICE_FILE [CERT KEY]
Binds 127.0.0.1 on a free port, writes the port to PORT_FILE, and serves:
  /prices.json    PRICE_FILE with its Content-Length      /chunked.json  the same, chunked
  /truncated.json half of it, then the connection closes  /missing.json  404
  /hang.json      the head is never sent                  /redirect      302 to /prices.json
  /stub.json      a valid file that prices one model      /broken.json   200 with cut-off JSON
With CERT and KEY it speaks TLS.
"""
import http.server
import ssl
import sys
import time


def main(port_file, price_file, cert=None, key=None):
    with open(price_file, "rb") as handle:
        prices = handle.read()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body, headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/prices.json":
                self.send(200, prices, [("Content-Type", "application/json")])
            elif self.path == "/chunked.json":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                for start in range(0, len(prices), 100_000):
                    part = prices[start:start + 100_000]
                    self.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            elif self.path == "/truncated.json":
                self.send_response(200)
                self.send_header("Content-Length", str(len(prices)))
                self.end_headers()
                self.wfile.write(prices[: len(prices) // 2])
                self.wfile.flush()
                self.close_connection = True
            elif self.path == "/missing.json":
                self.send(404, b"not here\n")
            elif self.path == "/hang.json":
                time.sleep(60)
            elif self.path == "/redirect":
                self.send(302, b"", [("Location", "/prices.json")])
            elif self.path == "/stub.json":
                self.send(200, b'{"my-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}')
            elif self.path == "/broken.json":
                self.send(200, prices[:1000])
            else:
                self.send(404, b"")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_address[1]))
    import os
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
