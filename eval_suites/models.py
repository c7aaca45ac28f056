"""Evaluation runs (see eval_suites issue); models arrive with the suite runner."""
