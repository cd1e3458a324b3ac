"""Labelled examples for the extraction step: blocks in, the records a person would expect out.

Each case in `cases/` is one JSON file; `evaluate` loads them, turns them into `ReadFile`
objects, runs `toolkit.extract.extract` and scores the result. Shared by the tests and the
accuracy bench.
"""
