# Raises the signal whose number it reads: it must die of it (SIGINT: KeyboardInterrupt), as
# under a freshly started interpreter, whatever the worker ignores or blocks.
import os

number = int(input())
os.kill(os.getpid(), number)
print("LEAK survived signal", number)
