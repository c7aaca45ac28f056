import sys

sys.stdout.buffer.write(b"\xff\xfe\x80 not utf-8 \xc3\x28\n")
