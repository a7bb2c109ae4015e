"""A fault-injecting HTTP proxy in front of the real LRS: it forwards requests, and for the
next requests in its script it resets the connection, answers 500, stalls (5 s, or "hang":
until the proxy closes, as a link that died mid-answer), or forwards the request and then
loses the response (the LRS stored the batch; the kiosk never hears so)."""

from __future__ import annotations

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

FAULTS = ("reset", "500", "stall", "hang", "lose")
HANG_S = 120


class FaultProxy:
    def __init__(self, upstream_port: int, tls: ssl.SSLContext | None = None) -> None:
        self.upstream = f"http://127.0.0.1:{upstream_port}"
        self.script: list[str] = []  # faults for the next POSTs, in order; then pass through
        self.posts = 0
        self.on_post = None  # called with the POST's number before it is forwarded
        self.lock = threading.Lock()
        self.closing = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                self._forward("GET", None)

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with proxy.lock:
                    proxy.posts += 1
                    fault = proxy.script.pop(0) if proxy.script else ""
                    number = proxy.posts
                if proxy.on_post is not None:
                    proxy.on_post(number)
                if fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    return
                if fault == "500":
                    self._reply(500, b'{"detail": "injected"}')
                    return
                if fault in ("stall", "hang"):
                    proxy.closing.wait(5 if fault == "stall" else HANG_S)
                    self.connection.close()
                    return
                status, data = self._upstream("POST", body)
                if fault == "lose":
                    self.connection.close()  # stored upstream, the answer never arrives
                    return
                self._reply(status, data)

            def _forward(self, method: str, body: bytes | None) -> None:
                status, data = self._upstream(method, body)
                self._reply(status, data)

            def _upstream(self, method: str, body: bytes | None) -> tuple[int, bytes]:
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() in ("authorization", "content-type",
                                            "x-experience-api-version")}
                response = httpx.request(method, proxy.upstream + self.path, content=body,
                                         headers=headers, timeout=30)
                return response.status_code, response.content

            def _reply(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.scheme = "http"
        if tls is not None:  # terminates TLS in front of the LRS, as a county's proxy does
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/xAPI/"

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()
