"""A memo that forgets everything when full, so that it stays small however large the corpus.

The streaming build and its views look the same things up again and again (an IRI's Turtle name,
an entity's labels in the store, a node's row), but a real archive keeps meeting new ones: kept
whole, the Turtle names alone held 3.7 kB an article (bench/RESULTS.md). Forgetting all at the bound
costs some look-ups again; unlike a least-recently-used cache it keeps no order, and a hit is a plain
dict look-up.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Remembered(dict, Generic[K, V]):
    """memo[key] is make(key), made at the first ask and kept until `limit` keys are held."""

    def __init__(self, make: Callable[[K], V], limit: int):
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        found = self[key] = self.make(key)
        return found
