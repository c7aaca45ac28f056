#!/usr/bin/env bash
# The main job on the embedded default (SQLite, no broker): import the bundled example
# problem and judge a correct and a wrong solution, printing their verdicts.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
py=.venv/bin/python
$py manage.py migrate --noinput -v 0
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
