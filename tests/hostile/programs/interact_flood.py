# Never reads its question: writes to the interactor without end, and no newline.
import sys

chunk = b"x" * 65536
while True:
    sys.stdout.buffer.write(chunk)
