"""Counting distinct rows in bounded memory.

Each row is reduced to a 64-bit digest (Python's hash of the row tuple, or
polars' row hash on the columnar path; either is stable within one
process). Digests are kept in a set up to ``max_in_memory``; beyond that
they are spilled into 256 temporary files by their top byte and counted one
file at a time, so memory stays bounded (about ``max_in_memory`` digests)
whatever the file's size. The count is exact except for 64-bit digest
collisions: for n rows the chance of any is about n² / 2⁶⁵ (under 10⁻⁵ for
10 million rows). Row numbers of duplicates are listed only while the
digests are in memory.
"""
from __future__ import annotations

import os
import tempfile
from array import array
from typing import Sequence

import numpy as np

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
        self._pending: list[np.ndarray] = []  # digests not yet counted nor spilled
        self._pending_count = 0

    def add(self, row: Sequence[object], row_number: int) -> None:
        self._add_digest(hash(tuple(row)) & _MASK, row_number)

    def _add_digest(self, digest: int, row_number: int) -> None:
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
        buffer.append(digest)
        if len(buffer) >= _BUFFER:
            self._flush(digest >> 56)

    def add_digests(self, digests: np.ndarray, row_numbers: np.ndarray) -> None:
        """Add many rows by their 64-bit digests (``numpy.uint64``): row by
        row while duplicates are listed, then as arrays (8 bytes a digest
        in memory instead of a set's 70 or so)."""
        if self._seen is not None and len(self.duplicate_rows) < self.max_duplicates_listed:
            for digest, number in zip(digests.tolist(), row_numbers.tolist()):
                self._add_digest(digest, number)
            return
        self.rows += len(digests)
        if self._seen is not None:
            self._pending.append(np.fromiter(self._seen, np.uint64, len(self._seen)))
            self._pending_count += len(self._seen)
            self._seen = None
        self._pending.append(digests)
        self._pending_count += len(digests)
        if self._pending_count > self.max_in_memory:
            if self._dir is None:
                self._spill()
            self._write_pending()

    def _write_pending(self) -> None:
        if not self._pending:
            return
        digests = np.concatenate(self._pending)
        self._pending, self._pending_count = [], 0
        partition = digests >> np.uint64(56)
        order = np.argsort(partition, kind="stable")
        bounds = np.searchsorted(partition[order], np.arange(_PARTITIONS + 1))
        for index in np.flatnonzero(np.diff(bounds)):
            with open(self._path(int(index)), "ab") as f:
                digests[order[bounds[index]:bounds[index + 1]]].tofile(f)

    def _path(self, index: int) -> str:
        assert self._dir is not None
        return os.path.join(self._dir.name, f"{index}.bin")

    def _spill(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gdcatalog-quality-")
        self._buffers = [array("Q") for _ in range(_PARTITIONS)]
        seen, self._seen = self._seen or set(), None
        for digest in seen:
            self._buffers[digest >> 56].append(digest)
        for index in range(_PARTITIONS):
            self._flush(index)

    def _flush(self, index: int) -> None:
        with open(self._path(index), "ab") as f:
            self._buffers[index].tofile(f)
        self._buffers[index] = array("Q")

    def distinct(self) -> int:
        """The number of distinct rows added (call once, at the end)."""
        if self._seen is not None:
            return len(self._seen)
        if self._dir is None:
            return int(np.unique(np.concatenate(self._pending)).size) if self._pending else 0
        total = 0
        try:
            self._write_pending()
            for index in range(_PARTITIONS):
                self._flush(index)
                digests = np.fromfile(self._path(index), dtype=np.uint64)
                total += int(np.unique(digests).size)
        finally:
            self.close()
        return total

    def close(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None
