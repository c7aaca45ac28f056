"""Harnesses for function-call and assert tests, and the trusted side that checks them.

See ``docs/threat-model.md`` for what they defend against.
"""
