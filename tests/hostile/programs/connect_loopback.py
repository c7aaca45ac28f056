# Tries to reach a port the worker host listens on, and the outside world.
import socket
import sys

port = int(sys.stdin.read().strip())
for host, p in [("127.0.0.1", port), ("127.0.0.1", 5432), ("127.0.0.1", 6379), ("1.1.1.1", 53)]:
    try:
        with socket.create_connection((host, p), timeout=0.5):
            print("LEAK connected", host, p)
    except OSError as exc:
        print("denied", host, p, type(exc).__name__)
