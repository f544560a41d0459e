"""The values of one facet field in memory (search/facet_memory.py): counts
stay right while rows are rewritten, dropped, and the arrays grow and are
compacted."""
from __future__ import annotations

import collections

import numpy as np
import pytest

from ckanext.gdcatalog.search import facet_memory

pytestmark = pytest.mark.without_plugins


def test_a_field_keeps_its_counts_through_growth_and_compaction():
    values = facet_memory._Field()
    for round_ in range(5):  # each row rewritten five times: compactions
        for seq in range(1, 600):
            values.put(seq, [f"v{(seq + round_) % 7}", "all"])
    for seq in range(1, 600, 2):
        values.drop(seq)
    counts = values.counts(facet_memory.mask(np.arange(1, 400)))
    expected = collections.Counter(f"v{(seq + 4) % 7}" for seq in range(2, 400, 2))
    expected["all"] = len(range(2, 400, 2))
    assert {values.vocabulary[c]: int(n) for c, n in enumerate(counts) if n} == expected
    assert values.used < 5 * 599 * 2  # dead occurrences were dropped


def test_a_field_read_whole_counts_as_one_built_row_by_row():
    groups = [("a", "3,1,2"), ("b", "2"), ("c", "5,5")]  # a value twice in row 5
    whole = facet_memory._Field.from_groups(groups)
    by_row = facet_memory._Field()
    for seq, values in {1: ["a"], 2: ["a", "b"], 3: ["a"], 5: ["c", "c"]}.items():
        by_row.put(seq, values)
    matched = facet_memory.mask(np.array([2, 3, 5]))
    for values in (whole, by_row):
        counts = values.counts(matched)
        assert {values.vocabulary[c]: int(n) for c, n in enumerate(counts) if n} == \
            {"a": 2, "b": 1, "c": 2}
    whole.put(2, ["c"])  # rewritten after the bulk read
    counts = whole.counts(matched)
    assert {whole.vocabulary[c]: int(n) for c, n in enumerate(counts) if n} == {"a": 1, "c": 3}
