"""Special-judge generation: classify a problem, propose a judge, validate it in the sandbox.

``rules`` (cheap statement and answer signals) and ``llm`` (an OpenAI-compatible chat
endpoint, replies checked by ``schemas``) classify; ``candidates`` turns a
classification or a model's reply into a judge; ``validation`` runs a candidate against
the problem's answers, its reference solutions' outputs and ``mutations`` of them;
``pipeline`` ties the steps together and records every attempt.
"""
