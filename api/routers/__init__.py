"""One router per concern: the SPARQL endpoint, the Graph Store Protocol, the query page."""
