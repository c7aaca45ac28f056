import sys

line = b"x" * 65535 + b"\n"
while True:
    sys.stdout.buffer.write(line)
