"""The columnar path (polars) gives the results of the row-by-row path,
and hands over to it the files it cannot read alike."""
import csv
import os
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.gdcatalog.quality import columnar, readers
from ckanext.gdcatalog.quality.engine import assess_file

pytestmark = pytest.mark.without_plugins

CELLS = st.sampled_from([
    "", " ", "-", "NULL", "n/a", " NaN ", "ไม่มีข้อมูล", "0", "42", "-1.5e3", "1,234.50", "๑๒๓",
    "12%", "2024-01-31", "31/12/2567", "15 มีนาคม 2567", "มี.ค. 67", "10:30", "1-2345-67890-12-1",
    "1101700207030", "1101700207031", "๑๑๐๑๗๐๐๒๐๗๐๓๐", "เชียงใหม่", "a,b", 'say "hi"', "two\nlines",
    "x", "X ", "\u00a0", "\x1c", " n/a\x1f", "\u3000๑๒\u3000", "\u2028"])
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=5), min_size=0, max_size=30)


def _csv(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _both(path, fmt="CSV", **kwargs):
    fast = assess_file(path, fmt, columnar=True, **kwargs)
    slow = assess_file(path, fmt, columnar=False, **kwargs)
    fast.pop("seconds")
    slow.pop("seconds")
    return fast, slow


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(CELLS, min_size=1, max_size=5), rows=ROWS)
def test_the_two_paths_agree_on_generated_tables(tmp_path_factory, header, rows):
    path = tmp_path_factory.mktemp("t") / "t.csv"
    path.write_bytes(_csv([header] + rows))
    fast, slow = _both(str(path))
    assert fast == slow


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(["id", "ชื่อ", "", "วันที่", "a b"]), min_size=1,
                       max_size=5).filter(lambda h: any(h)), rows=ROWS)
def test_tables_no_wider_than_their_header_take_the_columnar_path(tmp_path_factory, header,
                                                                    rows):
    path = tmp_path_factory.mktemp("t") / "t.csv"
    path.write_bytes(_csv([header] + [row[:len(header)] for row in rows]))
    assert _measure(path) is not None
    fast, slow = _both(str(path))
    assert fast == slow


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(alphabet='ab1,"\n\r -\x1c', max_size=120))
def test_the_two_paths_agree_on_raw_text(tmp_path_factory, body):
    # Stray quotes, bare CRs, uneven rows: whatever either parser makes of it.
    path = tmp_path_factory.mktemp("t") / "t.csv"
    path.write_bytes(("h1,h2\n" + body).encode("utf-8"))
    fast, slow = _both(str(path))
    assert fast == slow


def test_a_bare_cr_past_the_first_block_hands_over(tmp_path, monkeypatch):
    monkeypatch.setattr(columnar, "CHUNK_BYTES", 64)
    path = tmp_path / "cr.csv"
    path.write_bytes(b"a,b\r\n" + b"1,2\r\n" * 40 + b"3,4\r5,6\r\n")
    assert _measure(path) is None
    fast, slow = _both(str(path))
    assert fast == slow
    assert fast["rows"] == 42


def test_crlf_lines_cut_by_blocks_stay_columnar(tmp_path, monkeypatch):
    monkeypatch.setattr(columnar, "CHUNK_BYTES", 7)  # blocks end between CR and LF too
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"a,b\r\n" + b"".join(b"%d,x\r\n" % i for i in range(50)))
    assert _measure(path) is not None
    fast, slow = _both(str(path))
    assert fast == slow


def test_records_across_blocks(tmp_path, monkeypatch):
    # Quoted line breaks and quotes on both sides of every block boundary.
    monkeypatch.setattr(columnar, "CHUNK_BYTES", 64)
    rows = [["id", "note"]] + [[str(i), f'line {i}\n"quoted"\n' * (i % 4)] for i in range(300)]
    path = tmp_path / "b.csv"
    path.write_bytes(_csv(rows))
    assert _measure(path) is not None
    fast, slow = _both(str(path))
    assert fast == slow
    assert fast["rows"] == 300


def _measure(path, delimiter=None):
    return columnar.measure_delimited(str(path), readers.ReadInfo(), delimiter,
                                      1024 * 1024, 1_000_000)


def test_a_plain_utf8_csv_takes_the_columnar_path(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffid,ชื่อ\r\n1,ก\r\n2,ข\r\n2,ข\r\n".encode("utf-8"))
    result = _measure(path)
    assert result is not None
    assert (result["rows"], result["uniqueness"]) == (3, 66.6667)
    assert result["details"]["header"] == ["id", "ชื่อ"]
    assert result["details"]["duplicate_rows"] == [4]


@pytest.mark.parametrize("data", [
    "a,b\n1,2\n".encode("cp874") + "ก,ข\n".encode("cp874"),  # not UTF-8
    b"a,b\n1,2,3\n",  # a row longer than the first record
    b"\n,,\na,b\n1,2\n",  # blank records before the header
    b"a,b\r1,2\r",  # lines ended by a bare CR
    b'a,b\n"q"r,2\n',  # malformed quoting
    b"a,b\n1,2\n\xff\xfe,3\n" + b"x,y\n" * 70000,  # bad UTF-8 past the sample
])
def test_files_the_columnar_path_hands_over(tmp_path, data):
    path = tmp_path / "h.csv"
    path.write_bytes(data)
    assert _measure(path) is None
    fast, slow = _both(str(path))
    assert fast == slow


def test_a_cell_over_the_limit_is_refused_as_before(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n1," + b"x" * 5000 + b"\n")
    assert columnar.measure_delimited(str(path), readers.ReadInfo(), None, 1000, 10) is None
    fast, slow = _both(str(path), max_cell_bytes=1000)
    assert fast["error"] == "malformed"
    assert fast == slow


def test_distinct_rows_past_memory_are_counted_alike(tmp_path):
    # 3,000 rows, every third repeated, with digests spilled to disk after 100.
    rows = [["id", "v"]] + [[str(i // 3 * 3 if i % 3 == 2 else i), "x"] for i in range(3000)]
    path = tmp_path / "s.csv"
    path.write_bytes(_csv(rows))
    fast, slow = _both(str(path), max_in_memory=100)
    assert fast == slow
    assert fast["details"]["distinct_rows"] == 2000


def test_tsv_and_semicolons(tmp_path):
    rows = [["a", "b"], ["1", "2024-01-01"], ["2", "ไม่มีข้อมูล"], ["2", "ไม่มีข้อมูล"]]
    tsv = tmp_path / "t.tsv"
    tsv.write_bytes(_csv(rows, "\t"))
    semi = tmp_path / "s.csv"
    semi.write_bytes(_csv(rows, ";"))
    assert _measure(tsv, "\t") is not None and _measure(semi) is not None
    for path, fmt in ((tsv, "TSV"), (semi, "CSV")):
        fast, slow = _both(str(path), fmt)
        assert fast == slow
        assert (fast["rows"], fast["completeness"], fast["uniqueness"]) == (3, 66.6667, 66.6667)


def test_a_process_forked_after_polars_ran_reads_row_by_row(tmp_path):
    # polars' threads do not survive fork(): the child must not use it.
    path = tmp_path / "f.csv"
    path.write_bytes(_csv([["a", "b"], ["1", "2"], ["1", "2"]]))
    assert _measure(path) is not None  # polars has run in this process
    pid = os.fork()
    if pid == 0:  # the child: exit 0 when it was handed to the row reader
        try:
            took_rows = _measure(path) is None
            result = assess_file(str(path), "CSV")
            os._exit(0 if took_rows and result["uniqueness"] == 50.0 else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
