"""A search that fails says what the caller can mend, never what the
database said, and never the statement CKAN sent, whose filters hold the
caller's permission labels (issue #23, finding 7). The details go to the
log."""
from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from ckan import model

from tests.security.conftest import database_text_in, headers


def _search(app, site, who="visitor", status=None, **params):
    response = app.post("/api/3/action/package_search", data=json.dumps(params),
                        headers={**headers(site, who), "Content-Type": "application/json"},
                        status=status)
    return response, json.loads(response.body)


# Each of these failed in PostgreSQL (or in the query compiler), and the
# database's words and the statement reached the caller.
@pytest.mark.parametrize("params, status, message", [
    ({"start": 10**20}, 400, "start must be at most 2147483647"),  # bigint out of range
    ({"sort": ", ".join(f"extras_x{i} asc" for i in range(1700))}, 400,
     "sort by at most 32 fields"),  # target lists can have at most 1664 entries
    ({"q": 'title:"' + " ".join(f"w{i}" for i in range(20000)) + '"'}, 400,
     "too many terms"),  # stack depth limit exceeded
    ({"q": "(" * 400 + "title:a" + ")" * 400}, 400, "nested too deeply"),  # RecursionError
    # Python's re accepts it, PostgreSQL's regular expressions do not
    # (invalid repetition count): refused by the database, told in words.
    ({"q": "name:/a{1000}/"}, 400, "a regular expression in the query is not valid"),
])
def test_what_the_database_refused_is_refused_first_in_words(app, site, params, status, message):
    response, body = _search(app, site, status=status, **params)
    assert body["error"]["__type"] == "Search Query Error"
    assert message in body["error"]["message"]
    assert not database_text_in(response.body)


@pytest.mark.parametrize("q", [
    "title:" + "a" * 3000, "a" * 3000, "title:" + "a" * 3000 + "*",
    '"rainfall ' + "a" * 3000 + '"',
])
def test_a_word_longer_than_the_index_keeps_matches_nothing(app, site, q):
    # (word is too long in tsquery) PostgreSQL indexes no such word.
    response, body = _search(app, site, q=q)
    assert response.status_code == 200, response.body[:300]
    assert body["result"]["count"] == 0


def test_a_syntax_error_names_the_problem_and_not_the_query_sent(app, site):
    response, body = _search(app, site, who="admin", status=400, q="title:(rainfall")
    message = body["error"]["message"]
    assert "unbalanced parentheses" in message
    # The filters CKAN added for this member of organization A.
    assert site["org"]["id"] not in message and "capacity" not in message
    assert not database_text_in(response.body)


@pytest.fixture
def client_log(caplog):
    """The search client's log records. The migrations the database reset
    runs configure logging from their alembic.ini, which disables the
    loggers that exist by then (a test's concern: web processes do not
    migrate)."""
    logger = logging.getLogger("ckanext.gdcatalog.search.client")
    disabled = logger.disabled
    logger.disabled = False
    with caplog.at_level(logging.ERROR, logger=logger.name):
        yield caplog
    logger.disabled = disabled


@pytest.mark.ckan_config("ckan.gdcatalog.search.statement_timeout", "200")
def test_a_search_that_times_out_says_so_and_logs_why(app, site, client_log):
    # The index table locked by another transaction: the search waits for
    # it until its statement timeout (a real timeout, not a simulated one).
    with model.meta.engine.connect() as other:
        with other.begin():
            other.execute(sa.text("LOCK TABLE gdcatalog_search_doc IN ACCESS EXCLUSIVE MODE"))
            response, body = _search(app, site, status=409, q="timeoutword")
    assert body["error"]["__type"] == "Search Error"
    assert "The search took too long" in body["error"]["message"]
    assert not database_text_in(response.body)
    assert "canceling statement due to statement timeout" in client_log.text


@pytest.mark.parametrize("path", ["/th/dataset/", "/th/catalog.ttl", "/th/dataset/export.csv"])
def test_the_problem_is_told_in_thai(app, site, path):
    response = app.get(f"{path}?q={quote('title:(rainfall', safe='')}", status=400)
    assert "คำค้นไม่ถูกต้อง" in response.body  # Invalid search query
    assert "วงเล็บเปิดและวงเล็บปิดไม่ครบคู่" in response.body  # unbalanced parentheses
    assert not database_text_in(response.body)
