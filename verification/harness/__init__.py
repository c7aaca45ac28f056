"""Harnesses for function-call and assert tests, and the trusted side of their protocol:
the stored test (``tests_json``), each run's stdin (``runner``), reading the report
(``protocol``) and comparing a returned value (``typed``). The checkers
``function_call`` and ``assert`` in ``judges.checkers`` judge with these. Beside them,
the preludes a benchmark's grader puts before every Python program (``preludes``).

See ``docs/threat-model.md`` for what they defend against.
"""

from pathlib import Path

# The harness program (one for every submission; see python_template.py).
TEMPLATE_PATH = Path(__file__).with_name("python_template.py")
