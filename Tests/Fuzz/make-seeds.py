#!/usr/bin/env python3
"""Writes a small seed corpus for one capture reader: make-seeds.py pcap|pcapng|hex DIR.

Seeds are built here so fuzzing needs no outside captures: Ethernet/VLAN/SLL/raw frames carrying UDP, TCP (with
out-of-order and retransmitted segments) and IPv4 fragments, wrapped as pcap or pcapng, and hex dumps in the three
text styles."""
import os
import struct
import sys


def ipv4(proto, payload, src=b"\x0a\x00\x00\x01", dst=b"\x0a\x00\x00\x02", ident=1, frag=0):
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0, src, dst) + payload


def udp(sport, dport, data):
    return struct.pack(">HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport, dport, seq, flags, data):
    return struct.pack(">HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags, 65535, 0, 0) + data


def ipv6(nh, payload):
    return struct.pack(">IHBB16s16s", 6 << 28, len(payload), nh, 64, b"\x20\x01" + b"\x00" * 13 + b"\x01",
                       b"\x20\x01" + b"\x00" * 13 + b"\x02") + payload


def eth(ethertype, body):
    return b"\x02" * 6 + b"\x04" * 6 + struct.pack(">H", ethertype) + body


def frames():
    out = [eth(0x0800, ipv4(17, udp(40000, 53, b"\x12\x34\x01\x00\x00\x01query"))),
           eth(0x0800, ipv4(17, udp(53, 40000, b"\x12\x34\x81\x80answer"), src=b"\x0a\x00\x00\x02", dst=b"\x0a\x00\x00\x01")),
           eth(0x8100, b"\x00\x05\x08\x00" + ipv4(17, udp(1000, 2000, b"vlan"))),
           eth(0x86DD, ipv6(17, udp(5000, 6000, b"six"))),
           eth(0x0800, ipv4(6, tcp(50000, 80, 100, 0x02, b""))),
           eth(0x0800, ipv4(6, tcp(50000, 80, 101, 0x18, b"GET / HTTP/1.0\r\n"))),
           eth(0x0800, ipv4(6, tcp(50000, 80, 125, 0x18, b"late"))),
           eth(0x0800, ipv4(6, tcp(50000, 80, 117, 0x18, b"Host: x\r\n"))),
           eth(0x0800, ipv4(6, tcp(50000, 80, 101, 0x18, b"GET / HTTP/1.0\r\n"))),
           eth(0x0800, ipv4(6, tcp(50000, 80, 129, 0x11, b""))),
           eth(0x0800, ipv4(17, udp(7, 7, b"A" * 16)[:16], ident=9, frag=0x2000)),
           eth(0x0800, ipv4(17, b"B" * 8, ident=9, frag=2))]
    return out


def pcap(link=1, fr=None):
    fr = frames() if fr is None else fr
    b = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link)
    for i, f in enumerate(fr):
        b += struct.pack("<IIII", 1700000000 + i, i, len(f), len(f)) + f
    return b


def block(t, body):
    pad = body + b"\x00" * ((4 - len(body) % 4) % 4)
    n = 12 + len(pad)
    return struct.pack("<II", t, n) + pad + struct.pack("<I", n)


def pcapng(link=1, tsresol=6, spb=False):
    b = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    opts = struct.pack("<HHB3x", 9, 1, tsresol) + struct.pack("<HH", 0, 0)
    b += block(1, struct.pack("<HHI", link, 0, 0) + opts)
    for i, f in enumerate(frames()):
        if spb:
            b += block(3, struct.pack("<I", len(f)) + f)
        else:
            ts = (1700000000 + i) * 1000000 + i
            b += block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(f), len(f)) + f)
    b += block(4, struct.pack("<HH", 0, 0))  # name resolution block, skipped
    return b


def main():
    reader, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seeds = {}
    if reader == "pcap":
        seeds["eth.pcap"] = pcap()
        seeds["raw.pcap"] = pcap(101, [f[14:] for f in frames()])
        seeds["sll.pcap"] = pcap(113, [b"\x00\x00\x00\x01\x00\x06" + b"\x02" * 8 + f[12:] for f in frames()])
        seeds["loop.pcap"] = pcap(0, [struct.pack("<I", 2) + f[14:] for f in frames() if f[12:14] == b"\x08\x00"])
    elif reader == "pcapng":
        seeds["epb.pcapng"] = pcapng()
        seeds["ns.pcapng"] = pcapng(tsresol=9)
        seeds["pow2.pcapng"] = pcapng(tsresol=0x8A)
        seeds["spb.pcapng"] = pcapng(spb=True)
        seeds["raw.pcapng"] = pcapng(link=101)
    else:
        data = b"Hello world, this is a test\x00\x01\x02" * 3
        hexs = data.hex()
        xxd = "".join("%08x: %s  %s\n" % (o, " ".join(hexs[2 * o + 4 * g:2 * o + 4 * g + 4] for g in range(8)),
                                             "." * 16) for o in range(0, len(data), 16))
        hd = "".join("%08x  %s  |%s|\n" % (o, " ".join(hexs[2 * i:2 * i + 2] for i in range(o, min(o + 16, len(data)))),
                                              "." * 16) for o in range(0, len(data), 16)) + "%08x\n" % len(data)
        seeds["xxd.txt"] = xxd.encode()
        seeds["hexdump.txt"] = hd.encode()
        seeds["repeat.txt"] = b"00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000040\n"
        seeds["plain.txt"] = b"# two messages\n0102 0304 ff\ndeadbeef\n\n00 11 22\n"
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
