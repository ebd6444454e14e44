"""The plan's performance indicators; the entry is :func:`.parse.parse_indicators`.

:mod:`.tables` reads the detail tables (names, weights, yearly values), :mod:`.system` the system
tables of each strategic goal (names under each goal and task), :mod:`.appendix` the appendix
"붙임1-1 성과지표 현황"; :mod:`.parse` pairs owners with tables and writes the indicators.
"""
