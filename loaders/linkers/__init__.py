"""Checks across documents, run after every document is parsed (``policykg.linkers`` entry points).

* :mod:`.contradictory_dates` — the same law or strategy stated to have happened on dates that
  cannot be the same day.
"""
