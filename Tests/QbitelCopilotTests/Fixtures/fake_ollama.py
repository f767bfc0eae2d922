#!/usr/bin/env python3
"""A loopback server speaking Ollama's native API (and a sliver of Anthropic's SSE API) for the copilot tests.

Binds 127.0.0.1 on the port given (0 = any free port), prints the port on the first stdout line, and exits when
stdin closes (so it never outlives the test process). Behaviour is chosen by the model name:

  tiny            normal streamed answer "Hello from tiny." (3 chunks) + done line with metrics
  json            answers the field-naming JSON document of the tests
  stall           one chunk, then silence until the client leaves
  drop            two chunks, then the connection is closed without finishing the chunked body
  garbage         one chunk, then a line that is not JSON
  midstream       two chunks, then {"error": ...} with status 200
  slowfirst       waits SLOW_FIRST seconds (default 1.5) before sending anything, then answers like tiny
  nofirst         waits 30 s before sending anything
  boom            HTTP 500 {"error": ...}
  busy            HTTP 503 {"error": "server busy"}
  anything else   HTTP 404 {"error": "model 'NAME' not found"}

GET /_log returns the bodies of all POSTs received (for assertions on the request). POST /v1/messages answers as
Anthropic's Messages API with SSE (requires an x-api-key header).

With TLS_CERT and TLS_KEY (PEM files) in the environment it serves HTTPS with that certificate instead.
"""
import json
import os
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = []
LOG_LOCK = threading.Lock()
MODELS = ["tiny:latest", "json:latest", "stall:latest", "drop:latest", "garbage:latest", "midstream:latest",
          "slowfirst:latest", "boom:latest", "busy:latest", "nofirst:latest"]
SLOW_FIRST = float(os.environ.get("SLOW_FIRST", "1.5"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/api/version":
            self.send_json(200, {"version": "0.5.1-test"})
        elif self.path == "/api/tags":
            self.send_json(200, {"models": [{"name": m, "model": m, "size": 1000, "digest": "0" * 64,
                                             "details": {"parameter_size": "1M", "quantization_level": "Q4_0"}}
                                            for m in MODELS]})
        elif self.path == "/_log":
            with LOG_LOCK:
                self.send_json(200, {"requests": list(LOG)})
        elif self.path == "/":
            body = b"Ollama is running"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.plain_404()

    def plain_404(self):
        body = b"404 page not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def chunk(self, data: bytes):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def line(self, obj):
        self.chunk((json.dumps(obj) + "\n").encode())

    def start_stream(self, content_type="application/x-ndjson"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with LOG_LOCK:
            LOG.append({"path": self.path, "body": raw.decode("utf-8", "replace"),
                        "api_key": self.headers.get("x-api-key")})
        if self.path == "/v1/messages":
            return self.anthropic(raw)
        if self.path != "/api/chat":
            return self.plain_404()
        try:
            req = json.loads(raw)
        except ValueError as e:
            return self.send_json(400, {"error": "invalid character in request: %s" % e})
        model = req.get("model")
        if not model:
            return self.send_json(400, {"error": "model is required"})
        name = model.split(":")[0]
        stream = req.get("stream", True)
        if name == "boom":
            return self.send_json(500, {"error": "boom: the runner crashed"})
        if name == "busy":
            return self.send_json(503, {"error": "server busy, please try again.  maximum pending requests exceeded"})
        full = model if ":" in model else model + ":latest"
        if full not in MODELS:
            return self.send_json(404, {"error": "model '%s' not found" % model})
        if name == "slowfirst":
            time.sleep(SLOW_FIRST)
        if name == "nofirst":
            time.sleep(30)
            return
        if name == "json":
            pieces = ['{"fields":[', '{"offset":0,"length":1,"name":"msg_type","reason":"small set"},',
                      '{"offset":1,"length":2,"name":"body_length","reason":"matches length"}]}']
        else:
            pieces = ["Hello", " from", " %s." % name]
        done = {"model": full, "created_at": "2026-11-23T12:00:00Z", "message": {"role": "assistant", "content": ""},
                "done": True, "done_reason": "stop", "total_duration": 5000000, "load_duration": 1000,
                "prompt_eval_count": 42, "prompt_eval_duration": 2000000, "eval_count": len(pieces),
                "eval_duration": 3000000}
        if not stream:
            done["message"]["content"] = "".join(pieces)
            return self.send_json(200, done)
        self.start_stream()

        def piece(i):
            self.line({"model": full, "created_at": "2026-11-23T12:00:00.%06dZ" % i,
                       "message": {"role": "assistant", "content": pieces[i]}, "done": False})

        if name == "stall":
            piece(0)
            try:
                for _ in range(300):
                    time.sleep(0.1)
                    self.wfile.write(b"")
                    if self.client_gone():
                        return
            finally:
                return
        if name == "drop":
            piece(0)
            piece(1)
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if name == "garbage":
            piece(0)
            self.chunk(b"<html>proxy error</html>\n")
            self.end_stream()
            return
        if name == "midstream":
            piece(0)
            piece(1)
            self.line({"error": "an error was encountered while running the model: out of memory"})
            self.end_stream()
            return
        for i in range(len(pieces)):
            piece(i)
        # the done line arrives split across two chunks, as a line may span reads
        text = json.dumps(done) + "\n"
        self.chunk(text[:10].encode())
        time.sleep(0.01)
        self.chunk(text[10:].encode())
        self.end_stream()

    def client_gone(self):
        try:
            self.connection.setblocking(False)
            data = self.connection.recv(1, socket.MSG_PEEK)
            return data == b""
        except BlockingIOError:
            return False
        except OSError:
            return True
        finally:
            self.connection.setblocking(True)

    def anthropic(self, raw):
        if not self.headers.get("x-api-key"):
            return self.send_json(401, {"type": "error", "error": {"type": "authentication_error", "message": "x-api-key header is required"}})
        self.start_stream("text/event-stream")

        def ev(name, obj):
            self.chunk(("event: %s\ndata: %s\n\n" % (name, json.dumps(obj))).encode())

        ev("message_start", {"type": "message_start", "message": {"usage": {"input_tokens": 17, "output_tokens": 1}}})
        ev("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
        ev("ping", {"type": "ping"})
        for t in ["Cloud", " says", " hi."]:
            ev("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}})
        ev("content_block_stop", {"type": "content_block_stop", "index": 0})
        ev("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 3}})
        ev("message_stop", {"type": "message_stop"})
        self.end_stream()


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    if os.environ.get("TLS_CERT"):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.environ["TLS_CERT"], os.environ.get("TLS_KEY"))
        # The handshake runs on the handler's thread, so a client that rejects the certificate stalls nobody.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sys.stdin.read()
    finally:
        os._exit(0)


if __name__ == "__main__":
    main()
