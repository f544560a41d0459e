"""Counting distinct rows in bounded memory.

Each row is reduced to a 64-bit digest (Python's hash of the row tuple,
stable within one process). Digests are kept in a set up to
``max_in_memory``; beyond that they are spilled into 256 temporary files by
their top byte and counted one file at a time, so memory stays bounded
(about ``max_in_memory`` digests) whatever the file's size. The count is
exact except for 64-bit digest collisions: for n rows the chance of any is
about n² / 2⁶⁵ (under 10⁻⁵ for 10 million rows). Row numbers of duplicates
are listed only while the digests are in memory.
"""
from __future__ import annotations

import os
import tempfile
from array import array
from typing import Sequence

_PARTITIONS = 256
_BUFFER = 4096
_MASK = (1 << 64) - 1


class DistinctCounter:
    def __init__(self, max_in_memory: int = 1_000_000, max_duplicates_listed: int = 100) -> None:
        self.max_in_memory = max_in_memory
        self.max_duplicates_listed = max_duplicates_listed
        self.rows = 0
        self.duplicate_rows: list[int] = []
        self._seen: set[int] | None = set()
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._buffers: list[array[int]] = []

    def add(self, row: Sequence[object], row_number: int) -> None:
        digest = hash(tuple(row)) & _MASK
        self.rows += 1
        seen = self._seen
        if seen is not None:
            if digest in seen:
                if len(self.duplicate_rows) < self.max_duplicates_listed:
                    self.duplicate_rows.append(row_number)
            else:
                seen.add(digest)
                if len(seen) > self.max_in_memory:
                    self._spill()
            return
        buffer = self._buffers[digest >> 56]
        buffer.append(digest - (1 << 63))  # array('q') is signed
        if len(buffer) >= _BUFFER:
            self._flush(digest >> 56)

    def _spill(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gdcatalog-quality-")
        self._buffers = [array("q") for _ in range(_PARTITIONS)]
        seen, self._seen = self._seen or set(), None
        for digest in seen:
            self._buffers[digest >> 56].append(digest - (1 << 63))
        for index in range(_PARTITIONS):
            self._flush(index)

    def _flush(self, index: int) -> None:
        assert self._dir is not None
        with open(os.path.join(self._dir.name, f"{index}.bin"), "ab") as f:
            self._buffers[index].tofile(f)
        self._buffers[index] = array("q")

    def distinct(self) -> int:
        """The number of distinct rows added (call once, at the end)."""
        if self._seen is not None:
            return len(self._seen)
        assert self._dir is not None
        total = 0
        try:
            for index in range(_PARTITIONS):
                self._flush(index)
                path = os.path.join(self._dir.name, f"{index}.bin")
                digests = array("q")
                with open(path, "rb") as f:
                    digests.frombytes(f.read())
                total += len(set(digests))
        finally:
            self.close()
        return total

    def close(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None
