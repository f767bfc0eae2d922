#!/usr/bin/env python3
"""memcached text-protocol client: N commands over one or a few TCP connections, each sent on its own and its reply
read before the next; hits and misses, errors. Bounded in count and time."""
import random, socket, sys, time
port = int(sys.argv[1]) if len(sys.argv) > 1 else 11211
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
deadline = time.time() + 60

def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s

def reply(s, multi):
    buf = b""
    while time.time() < deadline:
        buf += s.recv(65536) or b"!"
        if buf.endswith(b"!"):
            break
        if multi and (buf.endswith(b"END\r\n") or buf.startswith((b"ERROR", b"CLIENT_ERROR", b"SERVER_ERROR"))) and buf.endswith(b"\r\n"):
            break
        if not multi and buf.endswith(b"\r\n"):
            break
    return buf

keys = [f"user:{i}" for i in range(12)] + [f"sess:{i:04x}" for i in range(6)] + ["counter:a", "counter:b"]
def val():
    k = rnd.choice([3, 8, 20, 60, 200])
    return "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(k)).encode()

def command():
    r = rnd.random(); k = rnd.choice(keys); flags = rnd.choice([0, 0, 1, 42]); exp = rnd.choice([0, 0, 300, 3600])
    if r < 0.18:
        v = val(); return f"set {k} {flags} {exp} {len(v)}\r\n".encode() + v + b"\r\n", False
    if r < 0.36:
        return ("get " + " ".join(rnd.sample(keys, rnd.choice([1, 1, 1, 2, 3]))) + "\r\n").encode(), True
    if r < 0.42:
        return f"gets {k}\r\n".encode(), True
    if r < 0.48:
        v = val(); return f"add {k} {flags} {exp} {len(v)}\r\n".encode() + v + b"\r\n", False
    if r < 0.53:
        v = val(); return f"replace {k} {flags} {exp} {len(v)}\r\n".encode() + v + b"\r\n", False
    if r < 0.58:
        v = val()[:10]; return f"append {k} 0 0 {len(v)}\r\n".encode() + v + b"\r\n", False
    if r < 0.62:
        v = val()[:10]; return f"prepend {k} 0 0 {len(v)}\r\n".encode() + v + b"\r\n", False
    if r < 0.67:
        return f"cas {k} 0 0 2 {rnd.randrange(1, 40)}\r\nok\r\n".encode(), False
    if r < 0.73:
        return f"delete {k}\r\n".encode(), False
    if r < 0.80:
        c = rnd.choice(["counter:a", "counter:b", k]); return f"incr {c} {rnd.randrange(1, 100)}\r\n".encode(), False
    if r < 0.85:
        c = rnd.choice(["counter:a", "counter:b", k]); return f"decr {c} {rnd.randrange(1, 50)}\r\n".encode(), False
    if r < 0.90:
        return f"touch {k} {rnd.choice([10, 600])}\r\n".encode(), False
    if r < 0.93:
        return rnd.choice([b"stats\r\n", b"stats slabs\r\n", b"stats items\r\n", b"stats settings\r\n"]), True
    if r < 0.96:
        return b"version\r\n", False
    if r < 0.98:
        return rnd.choice([b"bogus command\r\n", b"get\r\n", b"incr\r\n"]), False
    return f"verbosity {rnd.randrange(2)}\r\n".encode(), False

s = connect()
s.sendall(b"set counter:a 0 0 1\r\n5\r\n"); reply(s, False)
s.sendall(b"set counter:b 0 0 3\r\n100\r\n"); reply(s, False)
sent = 2
for i in range(n):
    if time.time() > deadline:
        break
    if i and i % 120 == 0:          # a few connections
        s.sendall(b"quit\r\n"); s.close(); s = connect()
    cmd, multi = command()
    s.sendall(cmd); reply(s, multi); sent += 1
s.sendall(b"quit\r\n"); s.close()
print(f"memcache client: {sent} commands", file=sys.stderr)
