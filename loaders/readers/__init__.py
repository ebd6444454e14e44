"""Readers several document families share.

* :mod:`.headings` — heading structure as ``pk:PolicyItem``s, levels read from the numbering;
* :mod:`.dates` — dates, years, periods and money figures as printed;
* :mod:`.mentions` — laws, strategies, money, agencies, regions and industries a line names;
* :mod:`.agenda` — national agenda lists as SKOS schemes and links to their tasks;
* :mod:`.document_meta` — a document's title, issuer (date-aware) and date;
* :mod:`.similarity` — title similarity (difflib's ratio, fast).

The numeral glyphs and code patterns they use come from :mod:`policykg.model.numbering`.
"""
