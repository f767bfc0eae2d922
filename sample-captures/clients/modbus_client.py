#!/usr/bin/env python3
"""pymodbus TCP client: N requests of many function codes (some out of range -> exceptions), bounded in count and time."""
import sys, random, time
from pymodbus.client import ModbusTcpClient
port = int(sys.argv[1]) if len(sys.argv) > 1 else 502
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
c = ModbusTcpClient("127.0.0.1", port=port, timeout=2, retries=0)
assert c.connect()
deadline = time.time() + 60
ops = [
    lambda a, k: c.read_coils(a, count=k),
    lambda a, k: c.read_discrete_inputs(a, count=k),
    lambda a, k: c.read_holding_registers(a, count=k),
    lambda a, k: c.read_input_registers(a, count=k),
    lambda a, k: c.write_coil(a, bool(k % 2)),
    lambda a, k: c.write_register(a, rnd.randrange(65536)),
    lambda a, k: c.write_coils(a, [bool(rnd.getrandbits(1)) for _ in range(k)]),
    lambda a, k: c.write_registers(a, [rnd.randrange(65536) for _ in range(k)]),
    lambda a, k: c.readwrite_registers(read_address=a, read_count=k, write_address=a, values=[rnd.randrange(65536) for _ in range(max(1, k // 2))]),
    lambda a, k: c.mask_write_register(address=a, and_mask=0xF0F0, or_mask=0x0101),
    lambda a, k: c.read_exception_status(),
]
errs = 0
for i in range(n):
    if time.time() > deadline:
        break
    op = rnd.randrange(len(ops))
    a = rnd.randrange(100, 140) if rnd.random() < 0.12 else rnd.randrange(90)   # ~15% may be out of range
    k = rnd.randrange(1, 11)
    try:
        r = ops[op](a, k)
        errs += r.isError()
    except Exception as e:
        errs += 1
print(f"modbus client: {n} requests, {errs} errors", file=sys.stderr)
c.close()
