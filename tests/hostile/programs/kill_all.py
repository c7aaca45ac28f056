import os
import signal

print("killing everything", flush=True)
os.kill(-1, signal.SIGKILL)
