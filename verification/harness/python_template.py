# ScaleBox harness for function-call and assert tests (runs inside the sandbox).
#
# With arguments, it is the tester for a program in another language: the arguments are
# the command that runs the "solver", the submitted code compiled with a small solver
# stub of its language (verification/harness/calls). The tester sends the call's
# arguments on the solver's stdin as tokens (see _tokens), the solver's stdout goes to
# stderr, and the solver answers on file descriptor 3. The tester alone knows the nonce
# and writes the report, as below.
#
# Two processes. Stdin brings the submitted code first (a line with its length in
# bytes, then the code), then the tests. The parent (the "tester") reads exactly the
# code and forks the "solver" before it reads anything more. The solver closes stdin,
# points its stdout at stderr, and runs the submitted code; it then answers calls over a
# pipe, sending return values as type-tagged JSON. The tester reads the tests from
# stdin, runs them against proxies of the solver's functions, and alone writes to
# stdout. So the submitted code never sees the tests or expected values, cannot write
# the tester's output, cannot hand the tester an object of its own making, and cannot
# patch the tester's builtins. This file is the same for every submission, so a
# worker compiles it once.
import builtins as _builtins
import contextlib as _contextlib
import json as _json
import os as _os
import struct as _struct
import sys as _sys

_type = type
_isinstance = isinstance
_len = len
_repr = repr
_str = str
_int = int
_float = float
_list = list
_tuple = tuple
_dict = dict
_set = set
_frozenset = frozenset
_bool = bool
_bytes = bytes
_complex = complex
_NoneType = type(None)
_BaseException = BaseException
_MAX_DEPTH = 200
_BUILTIN_NAMES = _frozenset(dir(_builtins))


class _Unencodable(Exception):
    pass


def _encode(value, depth=0):
    if depth > _MAX_DEPTH:
        raise _Unencodable("a value nested too deeply")
    t = _type(value)
    if t is _NoneType:
        return {"t": "none"}
    if t is _bool:
        return {"t": "bool", "v": value}
    if t is _int:
        return {"t": "int", "v": _int.__repr__(value)}
    if t is _float:
        return {"t": "float", "v": _float.__repr__(value)}
    if t is _str:
        return {"t": "str", "v": _str.__str__(value)}
    if t is _complex:
        return {"t": "complex", "v": [_float.__repr__(value.real), _float.__repr__(value.imag)]}
    if t is _bytes:
        return {"t": "bytes", "v": _bytes.hex(value)}
    if t is _list or t is _tuple:
        items = _list.__iter__(value) if t is _list else _tuple.__iter__(value)
        return {"t": "list" if t is _list else "tuple", "v": [_encode(x, depth + 1) for x in items]}
    if t is _set or t is _frozenset:
        items = _set.__iter__(value) if t is _set else _frozenset.__iter__(value)
        return {"t": "set", "v": [_encode(x, depth + 1) for x in items]}
    if t is _dict:
        return {
            "t": "dict",
            "v": [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in _dict.items(value)],
        }
    raise _Unencodable(
        "a value of type " + t.__qualname__ + ", which is not a plain value the tests can read"
    )


def _decode(node):
    t = node["t"]
    v = node.get("v")
    if t == "none":
        return None
    if t == "bool":
        return _bool(v)
    if t == "int":
        return _int(v)
    if t == "float":
        return _float(v)
    if t == "str":
        return _str(v)
    if t == "complex":
        return _complex(_float(v[0]), _float(v[1]))
    if t == "bytes":
        return _bytes.fromhex(v)
    if t == "list":
        return [_decode(x) for x in v]
    if t == "tuple":
        return _tuple(_decode(x) for x in v)
    if t == "set":
        return _set(_decode(x) for x in v)
    if t == "dict":
        return {_decode(k): _decode(x) for k, x in v}
    raise ValueError("bad type tag " + _repr(t))


def _send(fd, obj):
    data = _json.dumps(obj).encode()
    _os.write(fd, _struct.pack(">I", _len(data)))
    view = memoryview(data)
    while view:
        n = _os.write(fd, view)
        view = view[n:]


def _recv(fd):
    head = _read_exact(fd, 4)
    if head is None:
        return None
    size = _struct.unpack(">I", head)[0]
    body = _read_exact(fd, size)
    if body is None:
        return None
    return _json.loads(body)


def _read_exact(fd, n):
    chunks = []
    while n:
        chunk = _os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= _len(chunk)
    return b"".join(chunks)


def _traceback(exc):
    """The program's traceback on stderr, from its own frames (the harness's left out)."""
    try:
        import traceback

        tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
        traceback.print_exception(_type(exc), exc, tb, file=_sys.stderr)
        _sys.stderr.flush()
    except _BaseException:
        pass


def _flush():
    """What the program printed, out (to stderr) before the harness goes on."""
    for stream in (_sys.stdout, _sys.stderr):
        try:
            stream.flush()
        except _BaseException:
            continue


def _solver(code, requests, replies):
    _os.close(0)
    _os.dup2(2, 1)
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    try:
        compiled = compile(code, "solution.py", "exec")
    except (SyntaxError, ValueError) as exc:  # ValueError: a NUL character in the code
        import traceback

        _traceback(exc)
        _flush()
        text = "".join(traceback.format_exception_only(_type(exc), exc))
        _send(replies, {"ready": False, "uncompiled": True, "error": text[:4000]})
        _os._exit(1)
    try:
        del code
        exec(compiled, namespace)
    except _BaseException as exc:  # any failure of the program is reported
        _traceback(exc)
        _flush()
        _send(replies, {"ready": False, "error": _type(exc).__name__ + ": " + _str(exc)[:500]})
        _os._exit(1)
    _flush()
    names = [k for k, v in _dict.items(namespace) if callable(v) and not k.startswith("__")]
    _send(replies, {"ready": True, "names": names})
    while True:
        request = _recv(requests)
        if request is None:
            _os._exit(0)
        try:
            target = _resolve(namespace, request["fn"])
            args = [_decode(a) for a in request["args"]]
            result = target(*args)
        except _BaseException as exc:  # SystemExit too: it is a failure
            _traceback(exc)
            reply = {"ok": False, "error": _type(exc).__name__ + ": " + _str(exc)[:500]}
        else:
            try:
                reply = {"ok": True, "value": _encode(result)}
            except _Unencodable as exc:  # a wrong value, not an exception of the program's
                reply = {"ok": False, "unreadable": True, "error": "returned " + _str(exc)}
        _flush()
        _send(replies, reply)


def _resolve(namespace, name):
    if "Solution" in namespace and _isinstance(namespace["Solution"], _type):
        method = getattr(namespace["Solution"](), name, None)
        if method is not None:
            return method
    if name not in namespace:
        raise NameError("the program defines no function " + _repr(name))
    return namespace[name]


class _SolverGone(_BaseException):
    """The program died or failed to load (not an Exception: tests that catch every
    Exception do not hide it)."""


class _Unconfined(Exception):
    pass


class _ProgramRaised(RuntimeError):
    """A call of the program's function raised: the error as the solver reported it.
    (A RuntimeError, as before, for tests that catch one.)"""


class _NothingTested(Exception):
    """The tests ran to their end without one assertion."""


class _WrongValue(Exception):
    """A call returned a value the tests cannot read: the call's answer is wrong."""


class _Uncompiled(_SolverGone):
    """The code does not compile (its syntax); ``error`` as Python reports it."""

    def __init__(self, error):
        super().__init__("the program failed to load: " + error)
        self.error = error


class _Tester:
    def __init__(self, requests, replies):
        self.requests = requests
        self.replies = replies
        hello = _recv(replies)
        if hello is None:
            raise _SolverGone("the program exited before defining its functions")
        if hello.get("uncompiled"):
            raise _Uncompiled(hello.get("error", ""))
        if not hello.get("ready"):
            raise _SolverGone("the program failed to load: " + hello.get("error", ""))
        self.names = hello["names"]

    def call(self, name, args):
        _send(self.requests, {"fn": name, "args": [_encode(a) for a in args]})
        reply = _recv(self.replies)
        if reply is None:
            raise _SolverGone("the program exited during a call to " + name)
        return reply

    def proxy(self, name):
        def call(*args):
            reply = self.call(name, args)
            if reply["ok"]:
                return _decode(reply["value"])
            if reply.get("unreadable"):
                raise _WrongValue(name + " " + _str(reply["error"]))
            raise _ProgramRaised(reply["error"])

        call.__name__ = name
        return call


def _count_asserts(tree, counter_name):
    """After every assert statement, count it: ``counter_name[0] += 1``."""
    import ast

    def bump(at):
        target = ast.Subscript(
            value=ast.Name(id=counter_name, ctx=ast.Load()),
            slice=ast.Constant(value=0),
            ctx=ast.Store(),
        )
        statement = ast.AugAssign(target=target, op=ast.Add(), value=ast.Constant(value=1))
        for node in ast.walk(statement):
            ast.copy_location(node, at)
        return statement

    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(parent, field, None)
            if _type(statements) is not _list:
                continue
            if not any(_isinstance(s, ast.Assert) for s in statements):
                continue
            counted = []
            for statement in statements:
                counted.append(statement)
                if _isinstance(statement, ast.Assert):
                    counted.append(bump(statement))
            setattr(parent, field, counted)
    return tree


def _reply_report(reply):
    """A call's report fields: what it returned, or how it failed. "exception" marks an
    exception of the program's own (run-time error) apart from a value the tests cannot
    read (a wrong answer)."""
    if reply["ok"]:
        return {"status": "returned", "value": reply["value"]}
    if reply.get("unreadable"):
        return {"status": "unreadable", "error": "the call " + _str(reply["error"])[:1000]}
    return {"status": "raised", "error": _str(reply["error"])[:1000], "exception": True}


def _run_function_call(tester, payload):
    return _reply_report(tester.call(payload["fn_name"], payload["args"]))


def _assertion_text(exc, payload):
    """A failed assertion in words: which one (by count), and its message if it has one."""
    counter = payload.get("_asserts_held")
    text = "an assertion failed"
    if _type(counter) is _list:
        held = counter[0]
        text = f"assertion {held + 1} failed ({held} held before it)"
    message = _str(exc)
    return (text + ": " + message[:1000]) if message else text


def _run_asserts(tester, payload):
    import ast

    counter = [0]
    payload["_asserts_held"] = counter
    namespace = {"__name__": "__scalebox_tests__", "__scalebox_count__": counter}
    for name in tester.names:
        # A function named like a builtin (abs, len, all, sorted, ...) would replace the
        # builtin the tests call; the entry point still reaches check() as an argument.
        if (
            _type(name) is _str
            and name.isidentifier()
            and not name.startswith("_")
            and name not in _BUILTIN_NAMES
        ):
            namespace[name] = tester.proxy(name)
    tree = _count_asserts(ast.parse(payload["test"], "tests.py"), "__scalebox_count__")
    exec(compile(tree, "tests.py", "exec"), namespace)
    entry = payload.get("entry_point")
    if entry:
        check = namespace.get("check")
        if callable(check):
            check(tester.proxy(entry))
        elif counter[0] == 0:
            raise _NothingTested("the tests define no check() and ran no assertion")
    if counter[0] == 0:
        raise _NothingTested("no assertion ran")
    return {"status": "passed", "asserts": counter[0]}


# -- the tester of a solver in another language ---------------------------------------
#
# Tokens, one a line: "n" (null), "b 0"/"b 1", "i <decimal>", "f <float>", "s <hex of the
# UTF-8 bytes>", "l <count>" then the items, "m <count>" then key and value of each entry.
# The solver's answer is a line "ok" and the returned value, or "raised <hex message>".

_MAX_TOKENS = 50_000_000


def _tokens(value, out, depth=0):
    if depth > _MAX_DEPTH:
        raise ValueError("value nested too deeply")
    t = _type(value)
    if value is None:
        out.append("n")
    elif t is _bool:
        out.append("b 1" if value else "b 0")
    elif t is _int:
        out.append("i " + _int.__repr__(value))
    elif t is _float:
        out.append("f " + _float.__repr__(value))
    elif t is _str:
        out.append("s " + value.encode("utf-8", "surrogatepass").hex())
    elif t is _list:
        out.append(f"l {_len(value)}")
        for item in value:
            _tokens(item, out, depth + 1)
    elif t is _dict:
        out.append(f"m {_len(value)}")
        for key, item in value.items():
            _tokens(key, out, depth + 1)
            _tokens(item, out, depth + 1)
    else:
        raise ValueError("cannot send a " + t.__name__)


class _BadAnswer(Exception):
    pass


def _parse_value(lines, pos, depth=0):
    """The tagged value whose tokens start at lines[pos], and the position after it."""
    if depth > _MAX_DEPTH:
        raise _BadAnswer("value nested too deeply")
    if pos >= _len(lines):
        raise _BadAnswer("the answer ends inside a value")
    kind, _, text = lines[pos].partition(" ")
    pos += 1
    try:
        if kind == "n":
            return {"t": "none"}, pos
        if kind == "b" and text in ("0", "1"):
            return {"t": "bool", "v": text == "1"}, pos
        if kind == "i":
            return {"t": "int", "v": _int.__repr__(_int(text))}, pos
        if kind == "f":
            return {"t": "float", "v": _float.__repr__(_float(text))}, pos
        if kind == "s":
            return {"t": "str", "v": _bytes.fromhex(text).decode("utf-8", "replace")}, pos
        if kind in ("l", "m"):
            count = _int(text)
            if count < 0 or count > _len(lines):
                raise _BadAnswer("bad count " + _repr(text))
            items = []
            for _ in range(count):
                item, pos = _parse_value(lines, pos, depth + 1)
                if kind == "m":
                    value, pos = _parse_value(lines, pos, depth + 1)
                    item = [item, value]
                items.append(item)
            return {"t": "list" if kind == "l" else "dict", "v": items}, pos
    except ValueError:
        pass
    raise _BadAnswer("unreadable token " + _repr(lines[pos - 1][:80]))


def _writer(fd, data):
    try:
        view = memoryview(data)
        while view:
            view = view[_os.write(fd, view) :]
    except OSError:
        pass  # the solver stopped reading: its answer tells
    finally:
        _os.close(fd)


def _exit_text(status):
    if _os.WIFSIGNALED(status):
        return f"the program was killed by signal {_os.WTERMSIG(status)}"
    return f"the program exited with code {_os.WEXITSTATUS(status)}"


def _run_native(argv, payload):
    """Run the solver on the call's arguments: the report's fields, or _SolverGone."""
    out = [f"l {_len(payload['args'])}"]
    for arg in payload["args"]:
        _tokens(arg, out)
    request = ("\n".join(out) + "\n").encode()
    requests_r, requests_w = _os.pipe()
    replies_r, replies_w = _os.pipe()
    pid = _os.fork()
    if pid == 0:
        try:
            _os.dup2(requests_r, 0)
            _os.dup2(2, 1)
            _os.dup2(replies_w, 3)
            for fd in (requests_r, requests_w, replies_r, replies_w):
                if fd > 3:
                    _os.close(fd)
            _os.execv(argv[0], argv)
        finally:
            _os._exit(127)
    _os.close(requests_r)
    _os.close(replies_w)
    import threading

    feeder = threading.Thread(target=_writer, args=(requests_w, request), daemon=True)
    feeder.start()
    chunks = []
    while True:
        chunk = _os.read(replies_r, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    _os.close(replies_r)
    _, status = _os.waitpid(pid, 0)
    answer = b"".join(chunks).decode("utf-8", "replace").split("\n")
    head, _, message = answer[0].partition(" ")
    if head == "raised":
        text = _bytes.fromhex(message.strip()).decode("utf-8", "replace")
        return {"status": "raised", "error": text[:1000]}
    if head != "ok":
        raise _SolverGone(_exit_text(status) + " before the call returned")
    try:
        value, _ = _parse_value(answer, 1)
    except _BadAnswer as exc:
        raise _SolverGone("the program's answer is unreadable: " + _str(exc)) from None
    return {"status": "returned", "value": value}


# -- many calls in one run --------------------------------------------------------------
#
# Mode "function_call_batch": the cases of one submission, each with its own nonce, called
# in turn on the one solver (code that does not compile gets one line, with the batch's
# own nonce, status "uncompiled" and Python's error). After each call the tester writes
# that case's report line (with the solver's CPU and wall time for the call) and flushes
# it; it stops at the first call that outlives "call_cpu_s" or that the solver does not
# survive. Before each call it writes a mark with the case's nonce on stderr, so what the
# program printed during a call can be told apart. The trusted side takes the lines it
# can use and runs every other case alone.


class _CallTimeout(_BaseException):
    pass


def _cpu_ticks(pid):
    """The process's user + system CPU time in clock ticks, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return _int(fields[11]) + _int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


def _run_batch(requests, replies, payload, solver):
    import signal
    import time

    limit = _float(payload["call_cpu_s"])
    tick = _float(_os.sysconf("SC_CLK_TCK"))

    def expire(signum, frame):
        raise _CallTimeout()

    signal.signal(signal.SIGALRM, expire)
    try:
        # Loading the program counts against the first call's time, as in a run alone.
        signal.setitimer(signal.ITIMER_REAL, limit + 0.05)
        try:
            tester = _Tester(requests, replies)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Uncompiled as exc:
        report = {"nonce": payload["nonce"], "status": "uncompiled", "error": exc.error}
        _sys.stdout.write(_json.dumps(report) + "\n")
        return
    except (_CallTimeout, _SolverGone, OSError):
        return
    for case in payload["cases"]:
        nonce = _str(case["nonce"])
        _os.write(2, b"\n\x00scalebox-case " + nonce.encode() + b"\n")
        before = _cpu_ticks(solver)
        started = time.monotonic()
        try:
            signal.setitimer(signal.ITIMER_REAL, limit + 0.05)
            try:
                reply = tester.call(case["fn_name"], case["args"])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except (_CallTimeout, _SolverGone, OSError):
            return
        wall = time.monotonic() - started
        after = _cpu_ticks(solver)
        line = {"nonce": nonce, **_reply_report(reply)}
        line["wall_s"] = wall
        if before is not None and after is not None:
            line["cpu_s"] = (after - before) / tick
        _sys.stdout.write(_json.dumps(line) + "\n")
        _sys.stdout.flush()


# -- many stdin/stdout cases in one run --------------------------------------------------
#
# Mode "stdin_stdout_batch" (the code's length line starts with "S"): the cases of one
# Python stdin/stdout submission, each run in a fresh fork of one "runner" process that
# compiled the code once. The runner is forked before the tester reads anything after
# the code, so neither it nor any case ever holds a nonce; it points its stdout at
# stderr, so no case can reach the tester's output. For each case the tester sends the
# runner the case's input; the runner forks the case's process, with memory files for
# its stdin, stdout and stderr and a CPU limit of its own, waits for it up to the case's
# wall time, kills whatever the case left behind (the runner is the subreaper of every
# process a case starts), empties /box again, and answers with how the case ended: exit
# code or signal, CPU of every process of the case, wall time, peak memory, and its
# stdout and (the head of) its stderr. The tester writes each answer as a frame on
# stdout: a JSON line with the case's nonce and the two lengths, then the stdout bytes,
# then the stderr bytes. It stops after a case that ran out of time, left /box or its
# processes unsettled, or a runner that does not answer in time, and (with "slow_s")
# after a case whose wall time reached it. Code that does not
# compile gets no frame at all (a run of the first case alone reports it). The trusted
# side (harness/batch.py) judges only cases that ended cleanly within every limit, and
# runs every other case alone.

_STDERR_KEEP = 1 << 16
_PR_SET_CHILD_SUBREAPER = 36


def _case_child(compiled, streams, cpu_s):
    """A case's process: the case's streams and CPU limit, the state a fresh interpreter
    starts a program with (as the zygote gives a case run alone), then the program."""
    import resource
    import signal

    try:
        for target, fd in _builtins.enumerate(streams):
            _os.dup2(fd, target)
        _os.closerange(3, 1 << 16)
        limit = _int(cpu_s) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit))
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        _sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        _sys.stderr = open(  # noqa: SIM115
            2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1
        )
        for name in ("stdin", "stdout", "stderr"):
            setattr(_sys, "__" + name + "__", getattr(_sys, name))
        _sys.argv = ["/prog/main.py"]
        _os.chdir("/box")
    except _BaseException:
        _os._exit(125)
    code = 0
    interrupted = False
    try:
        exec(
            compiled,
            {"__name__": "__main__", "__file__": "/prog/main.py", "__builtins__": _builtins},
        )
    except SystemExit as stop:
        if stop.code is None:
            code = 0
        elif isinstance(stop.code, int):
            code = stop.code & 0xFF
        else:
            print(stop.code, file=_sys.stderr)
            code = 1
    except _BaseException as exc:
        import traceback

        if exc.__traceback__ is not None and exc.__traceback__.tb_next is not None:
            exc.__traceback__ = exc.__traceback__.tb_next
        traceback.print_exception(exc)
        code = 1
        interrupted = _isinstance(exc, KeyboardInterrupt)
    try:
        _sys.stdout.flush()
    except _BaseException:
        code = code or 120
    with _contextlib.suppress(_BaseException):
        _sys.stderr.flush()
    if interrupted:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _os.kill(_os.getpid(), signal.SIGINT)
    _os._exit(code)


def _children_of(me):
    """The pids of this process's children, from /proc (a case's orphans come here)."""
    found = []
    for name in _os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/" + name + "/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if _len(fields) > 1 and fields[1] == _str(me).encode():
            found.append(_int(name))
    return found


def _kill_leftovers():
    """Kill and reap every process the case left: (whether there was any, whether all
    are gone)."""
    try:
        _os.waitpid(-1, _os.WNOHANG)  # none at all is the rule: nothing left
    except ChildProcessError:
        return False, True
    me = _os.getpid()
    for _ in range(1000):
        pids = _children_of(me)
        if not pids:
            return True, True
        for pid in pids:
            with _contextlib.suppress(OSError):
                _os.kill(pid, 9)
        for pid in pids:
            with _contextlib.suppress(ChildProcessError):
                _os.waitpid(pid, 0)
    return True, False


def _clear_box(kept):
    """Remove what a case left in /box; whether /box is as the batch found it."""
    import shutil

    try:
        for name in _os.listdir("/box"):
            if name in kept:
                continue
            path = "/box/" + name
            if _os.path.isdir(path) and not _os.path.islink(path):
                shutil.rmtree(path)
            else:
                _os.unlink(path)
        return _set(_os.listdir("/box")) <= kept
    except (OSError, RecursionError):
        return False


def _read_only_input(data):
    """The case's stdin as a run alone gets it: a memory file it can read, not write."""
    fd = _os.memfd_create("stdin", 0)
    try:
        view = memoryview(data)
        while view:
            view = view[_os.write(fd, view) :]
        return _os.open("/proc/self/fd/" + _str(fd), _os.O_RDONLY)
    finally:
        _os.close(fd)


class _Collected:
    """What a case writes on one pipe: the first ``keep`` bytes; ``over`` once it wrote
    more than ``keep``."""

    def __init__(self, fd, keep):
        self.fd = fd
        self.keep = keep
        self.chunks = []
        self.size = 0
        self.over = False

    def read(self):
        """Take what the pipe holds now; False at its end."""
        chunk = _os.read(self.fd, 1 << 16)
        if not chunk:
            _os.close(self.fd)
            return False
        if self.size < self.keep:
            self.chunks.append(chunk[: self.keep - self.size])
        self.size += _len(chunk)
        self.over = self.over or self.size > self.keep
        return True

    def data(self):
        return b"".join(self.chunks)


def _stdio_case(compiled, data, limits, kept):
    """Run one case in a fork of the runner, its stdout and stderr pipes read as it
    writes them (as a run alone is read): (its answer's header, stdout, stderr)."""
    import resource
    import select
    import time

    out_r, out_w = _os.pipe()
    err_r, err_w = _os.pipe()
    streams = (_read_only_input(data), out_w, err_w)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    pid = _os.fork()
    if pid == 0:
        _os.close(out_r)
        _os.close(err_r)
        _case_child(compiled, streams, limits["cpu_s"])
    for fd in streams:
        _os.close(fd)
    out = _Collected(out_r, _int(limits["output_bytes"]))
    err = _Collected(err_r, _STDERR_KEEP)
    pipes = {out_r: out, err_r: err}
    pidfd = _os.pidfd_open(pid)
    deadline = started + _float(limits["wall_s"])
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([pidfd, *pipes], [], [], left)
            if pidfd in ready:
                break
            for fd in ready:
                if not pipes[fd].read():
                    del pipes[fd]
            if out.over:
                break  # over its output limit: a run alone ends there too
    finally:
        _os.close(pidfd)
    if timed_out or out.over:
        _os.kill(pid, 9)
    _, status, usage = _os.wait4(pid, 0)
    wall = time.monotonic() - started
    leftovers, settled = _kill_leftovers()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    for pipe in _list(pipes.values()):  # every writer is gone: read to the end
        while pipe.read():
            pass
    header = {
        "code": _os.WEXITSTATUS(status) if _os.WIFEXITED(status) else None,
        "signal": _os.WTERMSIG(status) if _os.WIFSIGNALED(status) else None,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "wall_s": wall,
        "memory_kb": usage.ru_maxrss,
        "timed_out": timed_out,
        "leftovers": leftovers,
        "settled": settled and _clear_box(kept),
        "over": out.over,
    }
    return header, out.data(), err.data()


def _send_frame(fd, header, *blobs):
    _send(fd, header)
    for blob in blobs:
        view = memoryview(blob)
        while view:
            view = view[_os.write(fd, view) :]


def _stdio_runner(code, requests, replies):
    import ctypes

    _os.close(0)
    _os.dup2(2, 1)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        compiled = compile(code, "/prog/main.py", "exec")
        kept = _set(_os.listdir("/box"))
    except _BaseException:  # a syntax error among them: a case run alone reports it
        _send(replies, {"ready": False})
        _os._exit(1)
    del code
    _send(replies, {"ready": True})
    while True:
        request = _recv(requests)
        if request is None:
            _os._exit(0)
        data = _read_exact(requests, request["size"])
        if data is None:
            _os._exit(0)
        header, out, err = _stdio_case(compiled, data, request, kept)
        header["stdout"] = _len(out)
        header["stderr"] = _len(err)
        _send_frame(replies, header, out, err)


def _fork_serving(serve, code):
    """Fork the process that holds the submitted code and serves requests with
    ``serve(code, requests, replies)``: (its pid, the requests' write end, the replies'
    read end). Called before anything after the code is read."""
    requests_r, requests_w = _os.pipe()
    replies_r, replies_w = _os.pipe()
    pid = _os.fork()
    if pid == 0:
        _os.close(requests_w)
        _os.close(replies_r)
        serve(code, requests_r, replies_w)
        _os._exit(0)
    _os.close(requests_r)
    _os.close(replies_w)
    return pid, requests_w, replies_r


def _stdio_main(code):
    import signal

    _confine()
    pid, requests_w, replies_r = _fork_serving(_stdio_runner, code)
    del code
    head, _, inputs = _sys.stdin.buffer.read().partition(b"\n")
    payload = _json.loads(head)
    limits = {k: payload[k] for k in ("cpu_s", "wall_s", "output_bytes")}

    def expire(signum, frame):
        raise _CallTimeout()

    signal.signal(signal.SIGALRM, expire)
    out = _sys.stdout.buffer
    try:
        signal.setitimer(signal.ITIMER_REAL, _float(payload["wall_s"]) + 2.0)
        try:
            hello = _recv(replies_r)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        offset = 0
        slow = payload.get("slow_s")
        for case in payload["cases"] if hello and hello.get("ready") else ():
            size = _int(case["size"])
            data = inputs[offset : offset + size]
            offset += size
            signal.setitimer(signal.ITIMER_REAL, _float(payload["wall_s"]) + 2.0)
            try:
                _send_frame(requests_w, {**limits, "size": size}, data)
                header = _recv(replies_r)
                blobs = [_read_exact(replies_r, header[k]) for k in ("stdout", "stderr")]
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if None in blobs:
                break
            header["nonce"] = _str(case["nonce"])
            out.write(_json.dumps(header).encode() + b"\n")
            for blob in blobs:
                out.write(blob)
            out.flush()
            if header["timed_out"] or not header["settled"]:
                break
            if slow is not None and _float(header["wall_s"]) >= _float(slow):
                break
    except (_CallTimeout, OSError, ValueError, KeyError, TypeError):
        pass
    with _contextlib.suppress(OSError):
        out.flush()
    if _os.waitpid(pid, _os.WNOHANG) == (0, 0):
        _os.kill(pid, 9)
    _os._exit(0)


def _confine():
    """Enter a Landlock domain (inherited by the solver); False when the kernel cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        # PR_SET_DUMPABLE 0: neither process's /proc entries are open to the other.
        libc.prctl(4, 0, 0, 0, 0)
        libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS, needed for landlock_restrict_self
        abi = libc.syscall(444, None, 0, 1)  # landlock_create_ruleset: ABI version
        if abi < 1:
            return False
        # Handle one file-system right nobody needs (making block devices): file access
        # is unchanged, but the domain's ptrace scoping now applies. From ABI 6 on, also
        # scope signals and abstract unix sockets to the domain.
        make_block = 1 << 11
        if abi >= 6:
            attr = _struct.pack("=QQQ", make_block, 0, 3)
        elif abi >= 4:
            attr = _struct.pack("=QQ", make_block, 0)
        else:
            attr = _struct.pack("=Q", make_block)
        buf = ctypes.create_string_buffer(attr, _len(attr))
        fd = libc.syscall(444, buf, _len(attr), 0)
        if fd < 0:
            return False
        try:
            return libc.syscall(446, _int(fd), 0) == 0  # landlock_restrict_self
        finally:
            _os.close(fd)
    except Exception:
        return False


def _read_code():
    """The submitted code at the head of stdin, read unbuffered: nothing after it; and
    whether its length line asks for a batch of stdin/stdout cases (it starts "S")."""
    digits = b""
    while _len(digits) < 13:
        ch = _os.read(0, 1)
        if ch in (b"\n", b""):
            break
        digits += ch
    stdio = digits[:1] == b"S"
    size = _int(digits[1:] if stdio else digits)
    return (_read_exact(0, size).decode("utf-8") if size else ""), stdio


def _main():
    code, stdio = _read_code()
    if stdio:
        _stdio_main(code)
    confined = _confine()
    native = _sys.argv[1:]
    if not native:
        pid, requests_w, replies_r = _fork_serving(_solver, code)
    del code
    payload = _json.loads(_sys.stdin.buffer.read())
    if not native and payload["mode"] == "function_call_batch":
        # Nothing is reported for a program that cannot be confined or does not load:
        # each case then runs alone, and its own report says why.
        if confined:
            _run_batch(requests_w, replies_r, payload, pid)
        _sys.stdout.flush()
        if _os.waitpid(pid, _os.WNOHANG) == (0, 0):
            _os.kill(pid, 9)
        _os._exit(0)
    out = {"nonce": payload["nonce"]}
    gone = ""
    try:
        if not confined:
            raise _Unconfined(
                "the kernel offers no Landlock: the tests cannot be kept out of the program's reach"
            )
        if native:
            if payload["mode"] != "function_call":
                raise ValueError("only function-call tests run in this language")
            out.update(_run_native(native, payload))
        else:
            tester = _Tester(requests_w, replies_r)
            if payload["mode"] == "function_call":
                out.update(_run_function_call(tester, payload))
            else:
                out.update(_run_asserts(tester, payload))
    except _Unconfined as exc:
        out.update({"status": "unconfined", "error": _str(exc)})
    except _Uncompiled as exc:  # the trusted side's compile error (CE), not the case's
        out.update({"status": "uncompiled", "error": exc.error})
    except _SolverGone as exc:  # the program failed to load or died: a run-time error
        gone = _str(exc)
        out.update({"status": "failed", "error": gone[:1000]})
    except _ProgramRaised as exc:  # the program's exception ended the tests
        out.update({"status": "raised", "error": _str(exc)[:1000], "exception": True})
    except (_WrongValue, _NothingTested) as exc:
        out.update({"status": "failed", "error": _str(exc)[:1000]})
    except AssertionError as exc:
        out.update({"status": "failed", "error": _assertion_text(exc, payload)})
    except _BaseException as exc:  # reported as a failed test
        out.update({"status": "failed", "error": _type(exc).__name__ + ": " + _str(exc)[:1000]})
    _sys.stdout.write(_json.dumps(out) + "\n")
    _sys.stdout.flush()
    if not native and _os.waitpid(pid, _os.WNOHANG) == (0, 0):
        _os.kill(pid, 9)
    if gone:
        _sys.stderr.write(gone + "\n")
        _sys.stderr.flush()
        _os._exit(1)
    _os._exit(0)


_main()
