"""One router per concern: :mod:`.sparql` (the SPARQL 1.1 endpoint), :mod:`.store` (the Graph
Store Protocol), :mod:`.graph` (the JSON graph API under ``/api``), :mod:`.explore` (the graph
page), :mod:`.pages` (the query page), :mod:`.answers` (answer pages and the question box),
:mod:`.quality` (the data-quality page and ``/api/findings``)."""
