"""Entity mentions in a policy document, each tied to the policy item and line it appears on.

One module per kind of entity, all writing through :class:`~.writer.MentionWriter`:

* :mod:`.laws` — laws (「」, ｢｣ and plain names, curated aliases) and dated statements about them;
* :mod:`.strategies` — strategies and plans, dated ones as announcement events;
* :mod:`.money` — money figures with value, unit, won amount and year or period;
* :mod:`.gazetteers` — regions and industries from the curated gazetteers;
* agencies through the date-aware registry (:mod:`policykg.reference.agencies`).

The entry is :func:`.extract.extract_mentions`, which reads every line for the kinds asked.
"""
