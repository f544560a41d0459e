import pytest

from ckanext.gdcatalog.quality import formats

pytestmark = pytest.mark.without_plugins


@pytest.mark.parametrize("url, declared, detected", [
    ("http://x.go.th/a/data.csv?x=1", "XLSX", "CSV"),
    ("http://x.go.th/download", "xlsx", "XLSX"),
    ("http://x.go.th/a.ttl", "", "TTL"),
    ("http://x.go.th/a.weird", "JSON", "JSON"),
])
def test_detect_prefers_the_url_extension(url, declared, detected):
    assert formats.detect(url, declared) == detected


@pytest.mark.parametrize("fmt, stars", [("TTL", 5), ("csv", 3), ("XLSX", 2), ("PDF", 1),
                                         ("BINARY", 0), (None, 0)])
def test_openness(fmt, stars):
    assert formats.openness(fmt) == stars


@pytest.mark.parametrize("url, content_type, result", [
    ("http://x/a", "text/csv", 1), ("http://x/a", "application/octet-stream", 1),
    ("http://x/a", "application/vnd.ms-excel", 1), ("http://x/a", "text/html", 0),
    ("http://x/a.xlsx", "text/html", 1), ("http://x/page", None, 0),
])
def test_downloadable(url, content_type, result):
    assert formats.downloadable(url, content_type) == result
