#!/usr/bin/python3
"""A deliberately misbehaving HTTP server for Gatehouse's network fault tests (standard library only).

  GET  /ok                 {"ok": true}
  GET  /slow?s=N           answers after N seconds
  GET  /malformed          200 with a broken JSON body
  GET  /big?mb=N           N MB (default 10) of JSON-ish bytes without Content-Length (ends at close)
  GET  /big-announced      10 MB announced by Content-Length
  GET  /html500            500 with an HTML body
  GET  /redirect?to=URL    302 to URL
  GET  /die                starts an answer, then the process exits (a server killed mid-request)
  ANY  /record...          remembers the request's headers; GET /recorded lists them as JSON
  GET  /status?code=N      N with {"message": "status N"} (Retry-After: 7 for 429)
Prints "PORT <n>" once listening (port 0 = a free one).
"""
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import serve_util

recorded = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args):
        pass

    def send_json(self, status, obj, extra=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        length = int(self.headers.get("Content-Length", "0") or "0")
        if length:
            self.rfile.read(length)
        if url.path == "/recorded":
            with lock:
                return self.send_json(200, {"requests": recorded})
        if url.path.startswith("/record"):
            with lock:
                recorded.append({"method": self.command, "path": self.path,
                                 "headers": {k: v for k, v in self.headers.items()}})
            return self.send_json(200, {"recorded": True})
        if url.path == "/ok":
            return self.send_json(200, {"ok": True})
        if url.path == "/slow":
            time.sleep(float(q.get("s", ["5"])[0]))
            return self.send_json(200, {"slow": True})
        if url.path == "/malformed":
            data = b'{"access_token": "abc", '
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if url.path == "/big":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"[" + b"0," * 32767 + b"0]"
            try:
                for _ in range(int(q.get("mb", ["10"])[0]) * 16):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if url.path == "/big-announced":
            size = 10 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                self.wfile.write(b" " * size)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if url.path == "/html500":
            data = b"<!doctype html><html><body><h1>Internal Server Error</h1></body></html>"
            self.send_response(500)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", q["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if url.path == "/status":
            code = int(q.get("code", ["500"])[0])
            return self.send_json(code, {"message": f"status {code}"}, {"Retry-After": "7"} if code == 429 else None)
        if url.path == "/die":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"par")
            self.wfile.flush()
            os._exit(3)
        return self.send_json(404, {"message": "Not found"})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


if __name__ == "__main__":
    args = serve_util.parser("Gatehouse fault server").parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
