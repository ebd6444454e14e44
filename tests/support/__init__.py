"""Helpers of the test suite, imported by tests and benchmarks alike (``tests.support.…``)."""
