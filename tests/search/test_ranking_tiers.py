"""Ranking a one-word search from its title and name matches first, and
counting from the narrow match table, give the answers of ranking and
counting everything.

The documents go in through the Solr-client API, with the word placed at
random in the title, the name, the tags, the notes or an extra (weights A,
A, B, C and D), once or several times, and dates that would reorder any
ranking that only followed the tie-breaker.
"""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.common import config
from ckan.lib.search.common import make_connection

WORDS = ["mangrove", "ป่าชายเลน", "estuary"]
FILLER = ["survey", "บัญชี", "plots", "ข้อมูล", "annual", "records"]


def _doc(i: int, rng: random.Random) -> dict[str, Any]:
    title, notes, tags, extra = [rng.choice(FILLER)], [rng.choice(FILLER)], ["coast"], "none"
    name = f"doc-{i:03d}"
    for word in WORDS:
        place = rng.choice(["title", "name", "tags", "notes", "extra", "absent", "absent"])
        times = rng.choice([1, 1, 2, 3])
        if place == "title":
            title += [word] * times
        elif place == "name" and word.isascii():
            name += f"-{word}"
        elif place == "tags":
            tags.append(word)
        elif place == "notes":
            notes += [word] * times
        elif place == "extra":
            extra = " ".join([word] * times)
    private = i % 7 == 0
    dataset_id = str(uuid.UUID(int=rng.getrandbits(128)))
    modified = datetime(2026, 1, 1) + timedelta(hours=rng.randrange(5000))
    return {
        "index_id": uuid.uuid5(uuid.NAMESPACE_URL, dataset_id).hex, "id": dataset_id,
        "site_id": config["ckan.site_id"], "entity_type": "package",
        "dataset_type": "dataset", "state": "active", "name": name,
        "title": " ".join(title), "notes": " ".join(notes), "tags": tags,
        "extras_remark": extra, "capacity": "private" if private else "public",
        "permission_labels": ["member-org"] if private else ["public"],
        "metadata_modified": modified.isoformat() + "Z",
        "metadata_created": modified.isoformat() + "Z",
    }


def _contains(doc: dict[str, Any], word: str) -> bool:
    return any(word in str(doc[key]) for key in ("title", "name", "tags", "notes", "extras_remark"))


@pytest.fixture(scope="module", autouse=True)
def corpus(module_db) -> list[dict[str, Any]]:
    rng = random.Random(20261203)
    docs = [_doc(i, rng) for i in range(150)]
    connection = make_connection()
    connection.add(docs)
    connection.commit()
    return docs


def _search(q: str, **params: Any) -> Any:
    base = {"defType": "dismax", "qf": "name^4 title^4 tags^2 groups^2 text", "mm": "1",
            "fl": "name score", "sort": "score desc, metadata_modified desc",
            "fq": [f'+site_id:"{config["ckan.site_id"]}"', "+state:active",
                   "+permission_labels:(public OR member-org)"]}
    base.update(params)
    return make_connection().search(q, **base)


def _statements(run: Any) -> list[str]:
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)
    sa.event.listen(model.meta.engine, "before_cursor_execute", listen)
    try:
        run()
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", listen)
    return seen


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("start", [0, 3, 9])
def test_pages_from_the_top_tier_are_the_pages_of_the_whole_ranking(word, start):
    everything = _search(word, rows=1000)  # more than the title matches: all ranked
    assert everything.hits > 20
    expected = [(d["name"], d["score"]) for d in everything.docs][start:start + 4]
    page = None

    def run():
        nonlocal page
        page = _search(word, rows=4, start=start)
    statements = _statements(run)
    assert [(d["name"], d["score"]) for d in page.docs] == expected
    assert page.hits == everything.hits
    ranked = [s for s in statements if "OVER ()" in s]
    assert ranked and all("ts_filter(d.tsv, '{a}')" in s for s in ranked)  # the tier alone
    assert any("FROM gdcatalog_search_match d" in s for s in statements)  # counted there


def test_the_top_tier_goes_before_every_other_match():
    scores = [d["score"] for d in _search("mangrove", rows=1000).docs]
    in_title_or_name = [s for s in scores if s >= 0.6]
    assert in_title_or_name and scores[:len(in_title_or_name)] == in_title_or_name
    assert all(s <= 0.4 for s in scores[len(in_title_or_name):])


def test_too_few_title_matches_rank_everything():
    everything = _search("mangrove", rows=1000)
    title_matches = sum(1 for d in everything.docs if d["score"] >= 0.6)
    page = _search("mangrove", rows=title_matches + 5)
    assert [d["name"] for d in page.docs] == [d["name"] for d in everything.docs][
        :title_matches + 5]


def test_two_words_and_prefixes_are_ranked_whole():
    for q, params in [("mangrove estuary", {"mm": "2"}), ("mangro*", {"defType": "lucene"})]:
        page = None

        def run():
            nonlocal page
            page = _search(q, rows=3, **params)
        statements = _statements(run)
        assert not any("ts_filter(d.tsv, '{a}')" in s for s in statements)
        everything = _search(q, rows=1000, **params)
        assert [d["name"] for d in page.docs] == [d["name"] for d in everything.docs][:3]


def test_counts_from_either_table(corpus):
    site = f'+site_id:"{config["ckan.site_id"]}"'
    matching = [d for d in corpus if _contains(d, "mangrove")]
    # read from the match table: text and CKAN's filters
    assert _search("mangrove", rows=0).hits == len(matching)
    assert _search("mangrove", rows=0, fq=[site, "+capacity:public"]).hits == \
        sum(1 for d in matching if d["capacity"] == "public")
    # an extra is not in the match table: counted from the documents
    assert _search("mangrove", rows=0, fq=[site, "-extras_remark:none"]).hits == \
        sum(1 for d in matching if d["extras_remark"] != "none")


def test_the_match_table_follows_every_write():
    def match_rows() -> int:
        return model.Session.execute(sa.text(
            "SELECT count(*) FROM gdcatalog_search_match m "
            "JOIN gdcatalog_search_doc d USING (seq) "
            "WHERE m.tsv = d.tsv AND m.state IS NOT DISTINCT FROM d.state "
            "AND m.permission_labels = d.permission_labels")).scalar()

    total = model.Session.execute(sa.text("SELECT count(*) FROM gdcatalog_search_doc")).scalar()
    assert match_rows() == total
    connection = make_connection()
    doc = _doc(999, random.Random(1))
    doc["title"] = "mangrove only here"
    connection.add([doc])
    connection.commit()
    before = _search("mangrove", rows=0).hits
    doc.update(state="deleted")
    connection.add([doc])
    connection.commit()
    assert _search("mangrove", rows=0).hits == before - 1
    connection.delete(id=doc["index_id"], commit=True)
    assert match_rows() == total
    assert model.Session.execute(sa.text(
        "SELECT count(*) FROM gdcatalog_search_match")).scalar() == total


def test_a_nul_character_in_a_document_is_dropped_not_refused():
    doc = _doc(998, random.Random(2))
    doc.update(title="mangrove\x00 nul", notes="before\x00after \\u0000 kept as text",
               data_dict='{"notes": "x\\u0000y"}')
    connection = make_connection()
    connection.add([doc])
    connection.commit()
    found = _search("nul", rows=5, fl="name title notes data_dict").docs
    assert [d["name"] for d in found] == [doc["name"]]
    assert found[0]["title"] == "mangrove nul"
    assert found[0]["notes"] == "beforeafter \\u0000 kept as text"
    assert found[0]["data_dict"] == '{"notes": "x\\u0000y"}'
    connection.delete(id=doc["index_id"], commit=True)
