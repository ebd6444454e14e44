"""Generations of an embedded store: which one is current, and pins that keep one from pruning.

A store directory holds generations (``gen-*``, each a RocksDB directory) and a ``current``
symlink naming one of them. A reader that opens a generation *pins* it: it holds a shared
``flock`` on the generation directory for as long as it keeps the generation open. A build prunes
an old generation only when it can take the exclusive lock, so a generation still open somewhere
(a running server, a script) is left for a later build to remove. The kernel drops a lock when its
process ends, so a crashed reader leaves nothing stale behind.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from policykg.model.errors import StoreError

CURRENT = "current"


def current(root: str | Path) -> Path:
    """The generation directory ``<root>/current`` names now (one readlink).

    A ``current`` that is a directory itself (a store copied with its link dereferenced) is its
    own, only, generation.
    """
    link = Path(root) / CURRENT
    try:
        return link.parent / os.readlink(link)
    except FileNotFoundError:
        raise StoreError(f"no store at {root}: run `policykg build` first") from None
    except OSError as exc:
        if link.is_dir():
            return link
        raise StoreError(f"cannot read {link}: {exc}") from exc


class Pin:
    """A shared lock on a generation directory, held until :meth:`release` or garbage collection."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        try:
            self._fd: int | None = os.open(generation, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise StoreError(f"cannot open store generation {generation}: {exc}") from exc
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    @property
    def removed(self) -> bool:
        """Whether a build deleted the directory before the lock was taken."""
        return self._fd is None or os.fstat(self._fd).st_nlink == 0

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.release()


def pin_current(root: str | Path, attempts: int = 5) -> Pin:
    """Pin the generation ``<root>/current`` names; open it only after this returns."""
    for _ in range(attempts):
        generation = current(root)
        try:
            pin = Pin(generation)
        except StoreError:
            if current(root) == generation:
                raise
            continue  # swapped and pruned between the readlink and the open: read the link again
        if not pin.removed:
            return pin
        pin.release()
    raise StoreError(f"cannot pin the current generation of {root}: builds keep replacing it")


def remove_unless_pinned(generation: Path) -> bool:
    """Delete a generation nobody has pinned; whether it was deleted."""
    try:
        fd = os.open(generation, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(generation, ignore_errors=True)
        return True
    finally:
        os.close(fd)
