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
        ("gnat", "ada"),
        ("clj", "clojure"),
        ("lisp", "commonlisp"),
        ("sbcl", "commonlisp"),
        ("cl", "commonlisp"),
        ("cr", "crystal"),
        ("exs", "elixir"),
        ("erl", "erlang"),
        ("gfortran", "fortran"),
        ("ml", "ocaml"),
        ("fpc", "pascal"),
        ("swipl", "prolog"),
        ("guile", "scheme"),
        ("tclsh", "tcl"),
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


# --- a program in each language, end to end ---------------------------------------------

# language: (fence tag, a program that reads a count and that many lines of two integers
# and prints each line's sum, a program that prints a wrong answer). The Erlang programs
# are a module of another name and an escript; the Prolog ones start by a directive and
# by main/0.
PROGRAMS: dict[str, tuple[str, str, str]] = {
    "ada": (
        "ada",
        """\
with Ada.Text_IO; use Ada.Text_IO;
with Ada.Long_Long_Integer_Text_IO; use Ada.Long_Long_Integer_Text_IO;
procedure Sums is
   N, A, B : Long_Long_Integer;
begin
   Get (N);
   for I in 1 .. N loop
      Get (A);
      Get (B);
      Put (A + B, Width => 0);
      New_Line;
   end loop;
end Sums;
""",
        'with Ada.Text_IO;\nprocedure Main is\nbegin\n   Ada.Text_IO.Put_Line ("0");\nend Main;\n',
    ),
    "clojure": (
        "clojure",
        """\
(let [n (Long/parseLong (read-line))]
  (dotimes [_ n]
    (let [[a b] (map parse-long (clojure.string/split (read-line) #" "))]
      (println (+ a b)))))
""",
        "(println 0)\n",
    ),
    "commonlisp": (
        "lisp",
        """\
(defun main ()
  (dotimes (i (read))
    (format t "~d~%" (+ (read) (read)))))
(main)
""",
        '(format t "0~%")\n',
    ),
    "crystal": (
        "crystal",
        """\
n = read_line.to_i
n.times do
  a, b = read_line.split.map(&.to_i64)
  puts a + b
end
""",
        "puts 0\n",
    ),
    "elixir": (
        "elixir",
        """\
[n | lines] = IO.read(:stdio, :eof) |> String.split("\\n", trim: true)
lines
|> Enum.take(String.to_integer(n))
|> Enum.each(fn line ->
  [a, b] = line |> String.split() |> Enum.map(&String.to_integer/1)
  IO.puts(a + b)
end)
""",
        "IO.puts(0)\n",
    ),
    "erlang": (
        "erlang",
        """\
-module(sums).
-export([main/0]).

main() ->
    {ok, [N]} = io:fread("", "~d"),
    lists:foreach(fun(_) ->
        {ok, [A, B]} = io:fread("", "~d ~d"),
        io:format("~b~n", [A + B])
    end, lists:seq(1, N)).
""",
        '#!/usr/bin/env escript\nmain(_) -> io:format("0~n").\n',
    ),
    "fortran": (
        "fortran",
        """\
program sums
  implicit none
  integer :: n, i
  integer(8) :: a, b
  read (*, *) n
  do i = 1, n
    read (*, *) a, b
    print '(I0)', a + b
  end do
end program sums
""",
        "print '(I0)', 0\nend\n",
    ),
    "nim": (
        "nim",
        """\
import strutils
let n = parseInt(stdin.readLine.strip)
for i in 1 .. n:
  let parts = stdin.readLine.splitWhitespace
  echo parseBiggestInt(parts[0]) + parseBiggestInt(parts[1])
""",
        "echo 0\n",
    ),
    "ocaml": (
        "ocaml",
        """\
let () =
  let n = Scanf.scanf " %d" (fun n -> n) in
  for _ = 1 to n do
    Scanf.scanf " %d %d" (fun a b -> Printf.printf "%d\\n" (a + b))
  done
""",
        'let () = print_endline "0"\n',
    ),
    "pascal": (
        "pascal",
        """\
program Sums;
var n, i: Integer;
    a, b: Int64;
begin
  readln(n);
  for i := 1 to n do
  begin
    readln(a, b);
    writeln(a + b);
  end;
end.
""",
        "begin\n  writeln(0);\nend.\n",
    ),
    "prolog": (
        "prolog",
        """\
:- initialization(main, main).

main :-
    read_line_to_string(user_input, First),
    number_string(N, First),
    forall(between(1, N, _),
           ( read_line_to_string(user_input, Line),
             split_string(Line, " ", " ", [A, B]),
             number_string(X, A), number_string(Y, B),
             Z is X + Y,
             format("~d~n", [Z]) )).
""",
        "main :- writeln(0).\n",
    ),
    "scheme": (
        "scheme",
        """\
(use-modules (ice-9 rdelim))
(define n (string->number (read-line)))
(do ((i 0 (+ i 1))) ((= i n))
  (let ((a (read)) (b (read)))
    (display (+ a b))
    (newline)))
""",
        "(display 0)\n(newline)\n",
    ),
    "tcl": (
        "tcl",
        """\
gets stdin n
for {set i 0} {$i < $n} {incr i} {
    gets stdin line
    lassign $line a b
    puts [expr {$a + $b}]
}
""",
        "puts 0\n",
    ),
}
PAIR_SUMS = {
    "type": "stdin_stdout",
    "input": ["3\n1 2\n3 4\n10 -5\n", "1\n-7 9\n"],
    "output": ["3\n7\n5\n", "2\n"],
}


def _judge(client: APIClient, language: str, tag: str, code: str) -> Any:
    # Crystal's release build alone takes 10-20 s.
    config = {"language": language, "compile_timeout": 120, "run_timeout": 10}
    payload = {
        "completion": f"```{tag}\n{code}```",
        "config": {
            **config,
            "provided_data": {"test_cases": PAIR_SUMS},
            "extra": {"run_all_cases": True},
        },
    }
    response = client.post("/common_evaluate_batch", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", sorted(PROGRAMS))
def test_a_program_in_each_language_is_judged(client: APIClient, language: str) -> None:
    tag, accepted, wrong = PROGRAMS[language]
    body = _judge(client, language, tag, accepted)
    assert [t["verdict"] for t in body["tests"]] == ["AC", "AC"], body["tests"]
    assert body["accepted"] is True
    body = _judge(client, language, tag, wrong)
    assert [t["verdict"] for t in body["tests"]] == ["WA", "WA"], body["tests"]
    assert body["accepted"] is False
    assert body["tests"][0]["exec_info"]["run_result"]["stdout"] == "0\n"
