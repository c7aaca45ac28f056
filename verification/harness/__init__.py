"""Harnesses for function-call and assert tests, and the trusted side that checks them.

See ``docs/threat-model.md`` for what they defend against.
"""

from pathlib import Path

# The harness program (one for every submission; see python_template.py).
TEMPLATE_PATH = Path(__file__).with_name("python_template.py")
