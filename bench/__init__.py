"""`make bench`: the API's numbers to hold (docs/BENCHMARKS.md), measured in one run.

Run with `python -m bench` (see bench/__main__.py). Nothing here is imported by the app.
"""
