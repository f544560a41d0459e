"""Blank nodes labelled by what they say and where they stand, so that the
same dataset is always written as the same bytes.

rdflib labels blank nodes at random and its Turtle writer orders them by
label: the same dataset came out in a different order each time its
fragment was written again. (Its RDF/XML and JSON-LD writers follow the
store's order, which no labelling makes stable.) Harvesters that skip pages whose
bytes did not change (ours does: ``harvest/gather.py``) then read every
page of a catalog again once its fragments were renewed.

A blank node's label is a digest of its own statements (the labels of the
blank nodes it points to included) and of the statements that point to it;
blank nodes that are the same in both respects are numbered in turn. The
graph stays isomorphic to the one written by the profiles.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from rdflib import BNode, Graph


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()[:24]


def stable_blank_nodes(graph: Graph, salt: str = "") -> Graph:
    """A copy of ``graph`` whose blank nodes have stable labels.
    ``salt`` (the dataset's URI) keeps the labels of different fragments
    apart when a page puts them together."""
    outgoing: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
    incoming: dict[Any, list[tuple[Any, Any]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            outgoing[s].append((p, o))
        if isinstance(o, BNode):
            incoming[o].append((s, p))
    nodes = set(outgoing) | set(incoming)
    if not nodes:
        return graph

    content: dict[Any, str] = {}

    def what(node: Any, path: frozenset) -> str:
        """A digest of the node's statements, nested blank nodes included."""
        if node not in content:
            if node in path:  # a cycle of blank nodes: no order to find
                return "cycle"
            inner = path | {node}
            content[node] = _digest([
                f"{p.n3()} {what(o, inner) if isinstance(o, BNode) else o.n3()}"
                for p, o in outgoing[node]])
        return content[node]

    context: dict[Any, str] = {}

    def where(node: Any, path: frozenset) -> str:
        """A digest of the statements pointing to the node."""
        if node not in context:
            if node in path:
                return "cycle"
            inner = path | {node}
            context[node] = _digest([
                f"{where(s, inner) + what(s, inner) if isinstance(s, BNode) else s.n3()} "
                f"{p.n3()}" for s, p in incoming[node]])
        return context[node]

    same: dict[str, list[Any]] = defaultdict(list)
    for node in nodes:
        same[where(node, frozenset()) + what(node, frozenset())].append(node)
    labels = {}
    for key, group in same.items():
        for number, node in enumerate(group):  # indistinguishable: any order
            label = hashlib.sha256(f"{salt}\n{key}\n{number}".encode("utf-8")).hexdigest()
            labels[node] = BNode(f"b{label[:20]}")

    # A copy in rdflib's SimpleMemory store: adding to it costs a third of
    # the default store's context bookkeeping, and the writers read it alike.
    stable = Graph(store="SimpleMemory")
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in graph:
        stable.add((labels.get(s, s), p, labels.get(o, o)))
    return stable
