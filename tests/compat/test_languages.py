"""The peers' language names and fence tags, resolved through the executors' declarations."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from verification.compat.extraction import code_extract
from verification.compat.languages import language_resolve
from verification.errors import LanguageUnavailable


@pytest.mark.parametrize(
    ("name", "ours"),
    [
        ("python", "python"),
        ("python3", "python"),
        ("Python3", "python"),
        ("py", "python"),
        ("nodejs", "javascript"),
        ("node", "javascript"),
        ("js", "javascript"),
        ("cpp", "cpp"),
        ("c++", "cpp"),
        ("sh", "bash"),
        ("ts", "typescript"),
        ("rs", "rust"),
        ("kt", "kotlin"),
        ("hs", "haskell"),
        (" go ", "go"),
        ("csharp", "csharp"),
        ("C#", "csharp"),
        ("D_ut", "d"),
        ("R", "r"),
        ("racket", "racket"),
        ("scala", "scala"),
        ("verilog", "verilog"),
        ("kotlin_script", "kotlin_script"),
    ],
)
def test_language_resolve(name: str, ours: str) -> None:
    assert language_resolve(name) == ours


def test_unknown_language_names_the_supported_ones() -> None:
    with pytest.raises(LanguageUnavailable) as caught:
        language_resolve("cobol")
    message = str(caught.value)
    assert "'cobol'" in message
    assert "nodejs" in message and "python" in message


@pytest.mark.parametrize("name", ["swift", "julia", "Swift"])
def test_a_language_without_a_runtime_here_is_refused_by_name(name: str) -> None:
    with pytest.raises(LanguageUnavailable) as caught:
        language_resolve(name)
    assert f"language {name.lower()!r} has no runtime here" in str(caught.value)
    assert caught.value.field == "language"


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("py", "python"),
        ("python3", "python"),
        ("node", "javascript"),
        ("c++", "cpp"),
        ("sh", "bash"),
    ],
)
def test_block_tagged_with_an_alias_wins(tag: str, language: str) -> None:
    completion = f"```text\nfirst\n```\n```{tag}\nchosen\n```"
    assert code_extract(completion, language).code == "chosen"


# Programs that read a count and that many numbers and print their sum. The wrong one of
# each multiplies them instead (INIT and OP below), which the cases tell apart.
SUM_PROGRAMS = {
    "csharp": (
        "cs",
        "using System;\nusing System.Linq;\n\nclass Program {\n"
        "    static void Main() {\n"
        "        int n = int.Parse(Console.ReadLine().Trim());\n"
        "        var xs = Console.ReadLine().Split(new[] { ' ' }, "
        "StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Take(n);\n"
        "        Console.WriteLine(xs.Aggregate(INITL, (a, b) => a OP b));\n    }\n}\n",
    ),
    "D_ut": (
        "d",
        "import std.stdio, std.algorithm, std.array, std.conv, std.string;\n\n"
        "long total(long[] xs) { return xs.fold!((a, b) => a OP b)(INITL); }\n\n"
        "unittest { assert(total([]) == INIT); }\n\n"
        "void main() {\n    auto n = readln.strip.to!int;\n"
        "    auto xs = readln.split.map!(to!long).array;\n    writeln(total(xs[0 .. n]));\n}\n",
    ),
    "R": (
        "r",
        'values <- scan(file("stdin"), quiet = TRUE)\n'
        "xs <- values[2:(values[1] + 1)]\n"
        "result <- INIT\nfor (x in xs) result <- result OP x\n"
        'cat(format(result, scientific = FALSE), "\\n", sep = "")\n',
    ),
    "racket": (
        "racket",
        "#lang racket\n(define n (read))\n"
        "(displayln (for/fold ([result INIT]) ([i n]) (OP result (read))))\n",
    ),
    "scala": (
        "scala",
        "object Sum extends App {\n"
        "  val n = scala.io.StdIn.readLine().trim.toInt\n"
        '  val xs = scala.io.StdIn.readLine().trim.split("\\\\s+").map(_.toLong).take(n)\n'
        "  println(xs.foldLeft(INITL)(_ OP _))\n}\n",
    ),
    "verilog": (
        "verilog",
        "module main;\n  integer n, i, x, result, count;\n  initial begin\n"
        "    result = INIT;\n"
        '    count = $fscanf(32\'h8000_0000, "%d", n);\n'
        "    for (i = 0; i < n; i = i + 1) begin\n"
        '      count = $fscanf(32\'h8000_0000, "%d", x);\n'
        "      result = result OP x;\n    end\n"
        '    $display("%0d", result);\n    $finish;\n  end\nendmodule\n',
    ),
    "kotlin_script": (
        "kotlin",
        "val n = readLine()!!.trim().toInt()\n"
        'val xs = readLine()!!.trim().split(" ").map { it.toLong() }.take(n)\n'
        "println(xs.fold(INITL) { a, b -> a OP b })\n",
    ),
}
SUMS = {"type": "stdin_stdout", "input": ["3\n1 2 4", "2\n10 -4"], "output": ["7", "6"]}


def _sum_program(language: str, *, right: bool) -> str:
    tag, template = SUM_PROGRAMS[language]
    init, op = ("0", "+") if right else ("1", "*")
    return f"```{tag}\n{template.replace('INIT', init).replace('OP', op)}```"


def _evaluate(client: APIClient, language: str, completion: str) -> Any:
    payload = {
        "completion": completion,
        "config": {
            "language": language,
            "compile_timeout": 60,
            "run_timeout": 10,
            "provided_data": {"test_cases": SUMS},
            "extra": {"run_all_cases": True},
        },
    }
    response = client.post("/common_evaluate_batch", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", sorted(SUM_PROGRAMS))
def test_a_right_program_is_accepted_and_a_wrong_one_is_a_wrong_answer(
    client: APIClient, language: str
) -> None:
    right = _evaluate(client, language, _sum_program(language, right=True))
    assert right["accepted"] is True, right
    assert [t["verdict"] for t in right["tests"]] == ["AC", "AC"]
    assert right["tests"][0]["exec_info"]["run_result"]["stdout"] == "7\n"
    wrong = _evaluate(client, language, _sum_program(language, right=False))
    assert wrong["accepted"] is False
    assert [t["verdict"] for t in wrong["tests"]] == ["WA", "WA"], wrong
    assert wrong["tests"][0]["exec_info"]["run_result"]["stdout"] == "8\n"
