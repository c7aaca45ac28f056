#!/usr/bin/env bash
# The main job on the embedded default (SQLite, no broker, offline): evaluate HumanEval's
# canonical solutions (pass@1 must be 100.0), then a bundled file of deliberately wrong
# completions (pass@1 must be 0.0). Then, as a second step, import the bundled example
# problem package and judge a correct and a wrong solution.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
py=.venv/bin/python
$py manage.py migrate --noinput -v 0

pass_at_1() {  # the pass@1 line `evaluate` prints
    grep '^pass@1 = ' | sed 's/^pass@1 = //'
}
echo "== HumanEval (164 problems), canonical solutions"
right=$($py manage.py evaluate eval_suites/configs/humaneval.yaml --output var/eval/demo-canonical)
echo "$right"
echo "== HumanEval, deliberately wrong completions (eval_suites/data/humaneval_wrong.jsonl)"
wrong=$($py manage.py evaluate eval_suites/configs/humaneval.yaml \
    --samples eval_suites/data/humaneval_wrong.jsonl --output var/eval/demo-wrong)
echo "$wrong"
got_right=$(echo "$right" | pass_at_1)
got_wrong=$(echo "$wrong" | pass_at_1)
echo "pass@1 canonical = $got_right, wrong = $got_wrong"
if [ "$got_right" != "100.0" ] || [ "$got_wrong" != "0.0" ]; then
    echo "demo FAILED: expected 100.0 and 0.0" >&2
    exit 1
fi

echo "== Problem package: import and judge"
slug=$($py manage.py import_problem examples/aplusb --slug aplusb)
echo "imported problem: $slug"
for f in examples/aplusb/submissions/accepted/sum.py \
         examples/aplusb/submissions/accepted/sum.cpp \
         examples/aplusb/submissions/wrong_answer/float_sum.py; do
    case "$f" in *.py) lang=python ;; *.cpp) lang=cpp ;; esac
    result=$($py manage.py judge --problem "$slug" --language "$lang" "$f")
    echo "$result" | $py -c '
import json, sys
r = json.loads(sys.stdin.read())
counts = {}
for c in r["cases"]:
    counts[c["verdict"]] = counts.get(c["verdict"], 0) + 1
mix = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
verdict = r["verdict"]
print(f"{sys.argv[1]:<55} {verdict:<4} ({mix})")
' "$f ($lang)"
done
