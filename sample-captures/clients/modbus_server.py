#!/usr/bin/env python3
"""pymodbus TCP server on 127.0.0.1:PORT; 100 of each table, so higher addresses give exception 2. Stops after TIMEOUT s."""
import sys, threading, os
from pymodbus.server import StartTcpServer, ServerStop
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusDeviceContext, ModbusServerContext
port = int(sys.argv[1]) if len(sys.argv) > 1 else 502
timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 120
dev = ModbusDeviceContext(di=ModbusSequentialDataBlock(1, [i % 2 for i in range(100)]),
                          co=ModbusSequentialDataBlock(1, [i % 3 == 0 for i in range(100)]),
                          hr=ModbusSequentialDataBlock(1, [i * 7 for i in range(100)]),
                          ir=ModbusSequentialDataBlock(1, [1000 + i for i in range(100)]))
ctx = ModbusServerContext(devices=dev, single=True)
threading.Timer(timeout, lambda: os._exit(0)).start()
StartTcpServer(context=ctx, address=("127.0.0.1", port))
