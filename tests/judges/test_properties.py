"""Properties every checker must keep, checked on generated outputs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from judges.checkers import run_checker

WHITESPACE_RUNS = st.lists(
    st.sampled_from([" ", "\t", "\n", "\r\n", "  ", "\x0b", "\x0c"]), min_size=1, max_size=3
).map("".join)
WORDS = st.text(alphabet="abcXYZ019.-+e_", min_size=1, max_size=6)
INTEGERS = st.integers(min_value=-(2**80), max_value=2**80)
FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64)
FLAG_SETS = st.sampled_from(
    [
        (),
        ("case_sensitive",),
        ("space_change_sensitive",),
        ("float_tolerance", "1e-6"),
        ("case_sensitive", "float_absolute_tolerance", "0"),
        ("space_change_sensitive", "float_relative_tolerance", "1e-9"),
    ]
)


def lay_out(tokens: list[str], separators: list[str], final: str = "\n") -> bytes:
    text = "".join(token + separator for token, separator in zip(tokens, separators, strict=False))
    return (text.rstrip() + final).encode()


@st.composite
def token_outputs(draw, tokens=WORDS):
    words = draw(st.lists(tokens, min_size=1, max_size=12))
    separators = draw(st.lists(WHITESPACE_RUNS, min_size=len(words), max_size=len(words)))
    return words, separators


@given(token_outputs(), FLAG_SETS)
def test_default_accepts_the_answer_itself(sample, flags):
    words, separators = sample
    answer = lay_out(words, separators)
    assert run_checker("default", b"", answer, answer, flags).verdict == "AC"


@given(token_outputs(), FLAG_SETS, st.data())
def test_default_rejects_every_strict_prefix_missing_a_token(sample, flags, data):
    words, separators = sample
    answer = lay_out(words, separators)
    kept = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    prefix = lay_out(words[:kept], separators[:kept], final=data.draw(st.sampled_from(["", "\n"])))
    assert run_checker("default", b"", prefix, answer, flags).verdict == "WA"


@given(token_outputs(), token_outputs(), FLAG_SETS)
def test_default_rejects_extra_tokens(sample, extra, flags):
    words, separators = sample
    answer = lay_out(words, separators)
    output = lay_out(words + extra[0], separators + extra[1])
    assert run_checker("default", b"", output, answer, flags).verdict == "WA"


@given(token_outputs(), st.lists(WHITESPACE_RUNS, min_size=12, max_size=12), st.booleans())
def test_default_ignores_whitespace_and_case_unless_told(sample, other_separators, crlf):
    words, separators = sample
    answer = lay_out(words, separators)
    output = lay_out([word.swapcase() for word in words], other_separators)
    if crlf:
        output = output.replace(b"\n", b"\r\n")
    assert run_checker("default", b"", output, answer).verdict == "AC"
    case_sensitive = run_checker("default", b"", output, answer, ["case_sensitive"]).verdict
    assert case_sensitive == ("WA" if any(word.swapcase() != word for word in words) else "AC")


@given(st.lists(FLOATS, min_size=1, max_size=8), st.sampled_from(["{:.17g}", "{:.17e}", "{!r}"]))
def test_float_tolerance_accepts_any_exact_formatting(values, form):
    answer = " ".join(repr(value) for value in values).encode()
    output = " ".join(form.format(value) for value in values).encode()
    assert run_checker("default", b"", output, answer, ["float_tolerance", "0"]).verdict == "AC"
    assert run_checker("floats", b"", output, answer, ["0"]).verdict == "AC"


@given(st.lists(INTEGERS, min_size=1, max_size=8), st.data())
def test_integers_differing_by_one_are_wrong_without_tolerance(values, data):
    index = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    changed = list(values)
    changed[index] += data.draw(st.sampled_from([1, -1]))
    answer = " ".join(map(str, values)).encode() + b"\n"
    output = " ".join(map(str, changed)).encode() + b"\n"
    for name, args in [
        ("default", ()),
        ("default", ("case_sensitive",)),
        ("tokens", ()),
        ("lines", ()),
        ("bytes", ()),
        ("integers", ()),
    ]:
        assert run_checker(name, b"", output, answer, args).verdict == "WA", name
        assert run_checker(name, b"", answer, answer, args).verdict == "AC", name


@given(st.lists(WORDS, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_unordered_checkers_accept_permutations_and_reject_a_drop(words, random):
    shuffled = list(words)
    random.shuffle(shuffled)
    answer = " ".join(words).encode()
    output = " ".join(shuffled).encode()
    assert run_checker("unordered_tokens", b"", output, answer).verdict == "AC"
    assert run_checker("unordered_tokens", b"", output.rpartition(b" ")[0], answer).verdict == "WA"
    answer_lines = "\n".join(words).encode()
    output_lines = "\n".join(shuffled).encode()
    assert run_checker("unordered_lines", b"", output_lines, answer_lines).verdict == "AC"
    dropped = "\n".join(shuffled[1:]).encode()
    assert run_checker("unordered_lines", b"", dropped, answer_lines).verdict == "WA"


@settings(max_examples=50)
@given(
    st.binary(max_size=60), st.binary(max_size=60), st.sampled_from(["tokens", "lines", "bytes"])
)
def test_exact_checkers_never_accept_what_differs_after_normalizing(answer, output, name):
    verdict = run_checker(name, b"", output, answer).verdict
    if name == "bytes":
        assert (verdict == "AC") == (answer == output)
    elif name == "tokens":
        assert (verdict == "AC") == (answer.split() == output.split())
    else:
        normalize = lambda data: [line.rstrip() for line in data.rstrip().split(b"\n")]  # noqa: E731
        assert (verdict == "AC") == (normalize(answer) == normalize(output))


@given(st.binary(max_size=40), st.binary(max_size=40), FLAG_SETS)
def test_default_always_answers_ac_or_wa(answer, output, flags):
    assert run_checker("default", b"", output, answer, flags).verdict in ("AC", "WA")
