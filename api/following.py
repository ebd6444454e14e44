"""The store as the server sees it: the generation ``current`` names now, followed across builds.

``policykg build`` writes a new generation and swaps the ``<store>/current`` link; a running
server follows it without a restart. Everything the server opens from the store is held in a
:class:`Following` (the query workers' stores, the graph API's :class:`~policykg.graph.PolicyGraph`
with its projection and search index): :meth:`Following.get` reads the link (one readlink) before
each request and, when it names another generation than the one open, opens that one instead, so
whatever was cached on the old generation goes with it. A request already running on the old
generation finishes there: it holds its own reference, and the old generation stays pinned (see
:mod:`policykg.store.generations`) until the last reference is gone, so a build does not prune
it under the request. A remote store (a URL) is opened once: what it serves is the SPARQL server's
concern.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from policykg.store.generations import CURRENT, current
from policykg.store.remote import is_remote

T = TypeVar("T")


def generation(location: Path | str) -> str:
    """What ``location`` serves now: the generation ``current`` names, or the server's URL."""
    if is_remote(location):
        return str(location)
    try:  # the common case in one readlink, without pathlib (this runs before every request)
        return os.path.join(location, os.readlink(os.path.join(location, CURRENT)))
    except OSError:
        return str(current(location))


class Following(Generic[T]):
    """What ``opener()`` opens from the store at ``location``, reopened after each build.

    ``opener`` opens the store's current generation itself; the generation is read before it
    runs, so when a build swaps in between, the next :meth:`get` reopens rather than keeping a
    stale value. Thread-safe: requests may share one ``Following``.
    """

    def __init__(self, location: Path | str, opener: Callable[[], T]) -> None:
        self.location = location
        self._opener = opener
        self._lock = threading.Lock()
        self._opened: tuple[str, T] | None = None

    def opened(self) -> T | None:
        """The value for the current generation if it is open already, else None; never waits
        (an event loop may call it: :meth:`get` may open a generation, which takes a while)."""
        opened = self._opened
        if opened is not None and opened[0] == generation(self.location):
            return opened[1]
        return None

    def get(self) -> T:
        """The value for the current generation (opened now if a build has swapped it in)."""
        now = generation(self.location)
        with self._lock:
            if self._opened is None or self._opened[0] != now:
                self._opened = (now, self._opener())
            return self._opened[1]
