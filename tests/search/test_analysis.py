"""Text analysis: Thai segmentation and compound splitting, English
stemming, folding. Index and query share it, so each case is checked both
as terms and, where it matters, as a match in package_search."""
from __future__ import annotations

import pytest

from ckan.tests import factories

from ckanext.gdcatalog.search import analysis

from tests.factories import Dataset

from .conftest import names


def terms(text):
    return [t.term for t in analysis.tokenize(text)]


@pytest.mark.parametrize("text, expected", [
    ("populations", ["popul"]),
    ("Population", ["popul"]),
    ("Monthly rainfall in millimetres", ["month", "rainfal", "in", "millimetr"]),
    ("Café naïve", ["cafe", "naiv"]),
    ("straße", ["strass"]),
    ("Ｆｕｌｌ ﬁnance", ["full", "financ"]),
    ("data-set e_mail", ["data", "set", "e", "mail"]),
    ("COVID-19", ["covid", "19"]),
    ("covid19", ["covid", "19"]),
    ("ค่าPM2.5", ["ค่า", "pm", "2", "5"]),
    ("GDP รายจังหวัด 2566", ["gdp", "ราย", "จังหวัด", "2566"]),
    ("GDPรายจังหวัด", ["gdp", "ราย", "จังหวัด"]),
    ("๒๕๖๖", ["2566"]),
    ("จำนวนประชากรจำแนกตามจังหวัด", ["จำนวน", "ประชากร", "จำแนก", "ตาม", "จังหวัด"]),
    ("ข้อมูลปริมาณน้ำฝน", ["ข้อมูล", "ปริมาณน้ำฝน"]),
    ("เเผนที่", ["แผนที่"]),  # two sara e typed for sara ae
    ("แผนที่", ["แผนที่"]),
    ("น้ํา", ["น้ำ"]),  # nikhahit + sara aa typed for sara am
    ("ก่่อน", ["ก่อน"]),  # doubled tone mark
    ("ประ\u200bชากร", ["ประชากร"]),  # zero-width space inside a word
    ("ประชากร\u200bจังหวัด", ["ประชากร", "จังหวัด"]),
    ("!!! ... ---", []),
    ("", []),
])
def test_terms(text, expected):
    assert terms(text) == expected


def test_positions_are_consecutive():
    tokens = analysis.tokenize("ข้อมูล ประชากร world", start=5)
    assert [t.position for t in tokens] == [5, 6, 7]


@pytest.mark.parametrize("word, parts", [
    ("ปริมาณน้ำฝน", {"ปริมาณ", "น้ำฝน", "น้ำ", "ฝน"}),
    ("ประชากร", {"ประชา"}),
    ("กรุงเทพมหานคร", {"กรุงเทพ", "มหานคร"}),
])
def test_compound_parts_are_indexed_at_the_compound_position(word, parts):
    [token] = analysis.tokenize(word)
    assert token.term == word
    assert parts <= set(token.subterms)


@pytest.mark.parametrize("word", ["ข้อ", "น้ำ", "population", "abc"])
def test_no_parts_for_short_or_latin_words(word):
    assert analysis.split_compound(word) == ()


def test_query_terms_leave_out_compound_parts():
    assert analysis.query_terms("ข้อมูลปริมาณน้ำฝน") == ["ข้อมูล", "ปริมาณน้ำฝน"]


def test_prefix_is_folded_not_stemmed():
    assert analysis.normalise_prefix("Populations") == "populations"
    assert analysis.normalise_prefix("ประชา") == "ประชา"
    assert analysis.normalise_prefix("Café") == "cafe"


def test_values_of_a_multivalued_field_are_far_apart():
    first, second = analysis.analysed_values(["air quality", "water"])
    assert [t.position for t in first] == [1, 2]
    assert second[0].position >= 100


# -- the same cases, end to end -----------------------------------------

@pytest.fixture(scope="module")
def corpus(module_db):
    org = factories.Organization()
    for name, title in [("cafe", "Café naïve"), ("map", "แผนที่ภาษีเงินได้"),
                        ("water", "คุณภาพน้ํา"), ("covid", "COVID-19 cases"),
                        ("pm", "ค่าPM2.5 รายวัน"), ("zwsp", "สถิติประ\u200bชากร")]:
        Dataset(name=name, title=title, owner_org=org["id"])


@pytest.mark.parametrize("q, expected", [
    ("cafe", {"cafe"}),
    ("Café", {"cafe"}),
    ("NAIVE", {"cafe"}),
    ("เเผนที่", {"map"}),
    ("แผนที่", {"map"}),
    ("เงินได้", {"map"}),
    ("ภาษี", {"map"}),
    ("น้ำ", {"water"}),
    ("คุณภาพน้ำ", {"water"}),
    ("covid19", {"covid"}),
    ("COVID-19", {"covid"}),
    ("PM2.5", {"pm"}),
    ("pm2.5", {"pm"}),
    ("ประชากร", {"zwsp"}),
    ("ประ\u200bชากร", {"zwsp"}),
])
def test_end_to_end(corpus, q, expected):
    assert names(q=q) == expected
