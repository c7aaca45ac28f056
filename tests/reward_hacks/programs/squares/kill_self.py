import os
import signal

print(1)
os.kill(os.getpid(), signal.SIGKILL)
