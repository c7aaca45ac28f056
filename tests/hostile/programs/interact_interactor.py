# A trusted interactor for the hostile interactive programs (Kattis protocol: input
# answer feedback_dir; exit 42 accepted, 43 rejected). It asks for the sum of the two
# numbers of its input file and reports in its judge message what reached it:
# "LEAK" when a secret of its input or answer file came back over the pipe,
# "TAMPERED" when its own files changed under it, "BROKEN PIPE" when its question
# could not be written.
import os
import sys

CAP = 1 << 20  # the most it reads from the submission

feedback_dir = sys.argv[3]
with open(sys.argv[1], "rb") as f:
    input_bytes = f.read()
with open(sys.argv[2], "rb") as f:
    answer_bytes = f.read()
input_token, numbers = input_bytes.split(b"\n", 1)
answer_token, wanted = answer_bytes.split(b"\n", 1)
a, b = map(int, numbers.split())
wanted = wanted.strip()
notes = []


def finish(accepted):
    with open(sys.argv[1], "rb") as f:
        if f.read() != input_bytes:
            notes.append("TAMPERED input")
    with open(sys.argv[2], "rb") as f:
        if f.read() != answer_bytes:
            notes.append("TAMPERED answer")
    extra = sorted(set(os.listdir(feedback_dir)) - {".keep"})
    if extra:
        notes.append(f"TAMPERED feedback {extra}")
    if any(n.startswith(("LEAK", "TAMPERED")) for n in notes):
        accepted = False
    with open(os.path.join(feedback_dir, "judgemessage.txt"), "w") as out:
        out.write("; ".join(notes) + "\n")
    sys.exit(42 if accepted else 43)


try:
    sys.stdout.buffer.write(b"%d %d\n" % (a, b))
    sys.stdout.buffer.flush()
except BrokenPipeError:
    notes.append("BROKEN PIPE")
    finish(False)

received = 0
lines = 0
while True:
    line = sys.stdin.buffer.readline(65536)
    if not line:
        notes.append(f"no answer after {lines} lines")
        finish(False)
    received += len(line)
    lines += 1
    for name, token in (("input", input_token), ("answer", answer_token)):
        if token in line:
            notes.append(f"LEAK of the {name} file: {line[:200]!r}")
    if received > CAP:
        notes.append(f"too much output: {received} bytes")
        finish(False)
    if line.strip() == wanted:
        notes.append(f"answered after {lines} lines")
        finish(True)
    if line.strip().lstrip(b"-").isdigit():
        notes.append(f"wrong answer {line.strip()!r}")
        finish(False)
