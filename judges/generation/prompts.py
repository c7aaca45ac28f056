"""The chat messages sent to the model. Each names the problem by slug on its first line."""

from __future__ import annotations

from collections.abc import Sequence

SAMPLE_CHARS = 1500
STATEMENT_CHARS = 12_000

CLASSIFY_SYSTEM = """\
You classify competitive-programming problems for an online judge. Decide whether \
comparing a program's output with the single expected answer token by token would \
reject correct outputs, and why. Kinds:
- float_tolerance: real numbers are accepted within an absolute or relative error;
- unordered_output: the items of the output may come in any order;
- multiple_answers: several different outputs are correct ("print any of them");
- case_insensitive: letters may be printed in any case;
- interactive: the program talks to an interactor.
Reply with exactly one JSON object and nothing else:
{"needs_special_judge": true|false, "kinds": [...], "float_tolerance": number|null, \
"reason": "one sentence"}
"kinds" is empty when needs_special_judge is false; float_tolerance is the stated \
tolerance (e.g. 1e-6) or null."""

GENERATE_SYSTEM = """\
You write special judges (checkers) for an online judge. A checker decides whether a \
contestant's output is a correct answer to one test. Prefer a native Python checker:
a module defining check(input: bytes, output: bytes, answer: bytes) that returns \
(accepted, message) where accepted is True or False. input is the test input, answer the \
jury's answer (one correct output), output the contestant's output: untrusted, possibly \
empty, truncated, malformed or huge. Use only the standard library; do not read files, \
the network or the environment. Check everything the statement requires: parse the \
output strictly, reject missing or extra tokens, verify the output's claims against the \
input (not just against the jury's answer when several answers are correct), and use \
the stated tolerance for real numbers. Never raise: malformed output is a wrong answer.
Alternatively, a C++17 Kattis output validator (language "cpp"): argv[1] input file, \
argv[2] answer file, argv[3] feedback directory, the output on standard input; exit 42 \
to accept, 43 to reject.
Reply with exactly one JSON object and nothing else:
{"language": "python"|"cpp", "source": "the whole checker", "explanation": "short"}"""


def _sample_block(samples: Sequence[tuple[str, bytes, bytes]]) -> str:
    parts = []
    for name, given, answer in samples:
        parts.append(f"--- test {name} input ---\n{_text(given)}")
        parts.append(f"--- test {name} answer ---\n{_text(answer)}")
    return "\n".join(parts)


def _text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if len(text) > SAMPLE_CHARS:
        return text[:SAMPLE_CHARS] + f"\n... ({len(text) - SAMPLE_CHARS} more characters)"
    return text


def _problem_block(
    slug: str, title: str, statement: str, samples: Sequence[tuple[str, bytes, bytes]]
) -> str:
    return (
        f"Problem slug: {slug}\nTitle: {title}\n\nStatement:\n{statement[:STATEMENT_CHARS]}\n\n"
        f"Tests:\n{_sample_block(samples)}"
    )


def classify_messages(
    *,
    slug: str,
    title: str,
    statement: str,
    samples: Sequence[tuple[str, bytes, bytes]],
    signals: Sequence[str],
) -> list[dict[str, str]]:
    hints = "\n".join(f"- {s}" for s in signals) or "- none"
    user = f"{_problem_block(slug, title, statement, samples)}\n\nRule-based signals:\n{hints}"
    return [{"role": "system", "content": CLASSIFY_SYSTEM}, {"role": "user", "content": user}]


def generate_messages(
    *,
    slug: str,
    title: str,
    statement: str,
    samples: Sequence[tuple[str, bytes, bytes]],
    kinds: Sequence[str],
    float_tolerance: float | None,
) -> list[dict[str, str]]:
    tolerance = f"{float_tolerance:g}" if float_tolerance is not None else "none stated"
    user = (
        f"{_problem_block(slug, title, statement, samples)}\n\n"
        f"This problem needs a special judge of kinds: {', '.join(kinds)}; "
        f"float tolerance: {tolerance}. Write its checker."
    )
    return [{"role": "system", "content": GENERATE_SYSTEM}, {"role": "user", "content": user}]


def feedback_message(*, slug: str, failures: Sequence[str]) -> dict[str, str]:
    listed = "\n".join(f"- {failure}" for failure in failures)
    return {
        "role": "user",
        "content": (
            f"Problem slug: {slug}\nYour checker failed validation in the sandbox:\n{listed}\n"
            "Fix it and reply with the whole corrected checker as the same JSON object."
        ),
    }
