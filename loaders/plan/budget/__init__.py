"""The plan's "□ 관련 재정사업 내역" budget tables; the entry is :func:`.parse.parse_budgets`.

:mod:`.table` finds the tables and reads their rows, :mod:`.numbers` the amount cells,
:mod:`.columns` places cells in year columns, :mod:`.units` decides each table's unit from
evidence, :mod:`.checks` compares sums and whole-program amounts; :mod:`.parse` writes programs,
sub-projects, fundings and budgets with their lines and findings.
"""
