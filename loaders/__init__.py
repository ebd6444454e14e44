"""Loaders: one parser per document family, and the readers they share (``parse(text, source)``,
pure: no file, network or clock).

* :mod:`.plan` — the ministries' performance plans (성과관리 시행계획), a package with its parts;
* :mod:`.work_report`, :mod:`.strategy`, :mod:`.regional_brief`, :mod:`.agenda_progress` — the
  smaller families, one module each;
* :mod:`.readers` — what several families read alike: headings, dates and money, mentions of
  laws, strategies, places and agencies, agenda links, document metadata, similarity;
* :mod:`.linkers` — checks across documents, run after every document is parsed.

Each family module exposes ``FAMILY`` (a :class:`policykg.model.families.LoaderFamily`),
registered in ``pyproject.toml`` under the ``policykg.loaders`` entry-point group; linkers under
``policykg.linkers``. Loaders import :mod:`policykg` (model and reference); nothing in
:mod:`policykg` imports them.
"""
