# Tries to read host secrets through the file system.
import os

for path in ["/etc/shadow", "/etc/gshadow", "/etc/passwd", "/root/.bash_history", "/root/.ssh/id_rsa",
             "/proc/1/root/etc/shadow", "/proc/self/root/etc/shadow", "/work/main/scalebox_site/settings.py",
             "/var/lib/postgresql", "/etc/hostname"]:
    try:
        if os.path.isdir(path):
            print("LEAK dir", path, os.listdir(path)[:5])
        else:
            with open(path, "rb") as handle:
                print("LEAK", path, handle.read(80))
    except OSError as exc:
        print("denied", path, type(exc).__name__)
