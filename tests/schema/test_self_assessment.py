"""The steward's data-quality self-assessment: one score per Thai dimension
on the guideline's 1-4 scale, with date, assessor and notes; refused with a
clear message in Thai and English; the overall mean shown on the dataset
page and indexed for search and sorting."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from ckanext.gdcatalog.schema import self_assessment
from tests.factories import mandatory_fields
from tests.schema.test_forms import FORM_BASE

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

ASSESSED = {
    "self_assessment_accuracy": "3", "self_assessment_consistency": "2.5",
    "self_assessment_relevancy": "4", "self_assessment_timeliness": "3.5",
    "self_assessment_date": "2567-06-30", "self_assessment_assessor": "กลุ่มงานบริหารข้อมูล",
    "self_assessment_notes": "ยังไม่มีการสำรวจความพึงพอใจ",
}


def _create(editor: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return helpers.call_action("package_create", {"user": editor["user"]["name"]},
                               **mandatory_fields(owner_org=editor["org"]["id"], **fields))


def test_scores_are_stored_and_the_overall_mean_derived(editor):
    dataset = _create(editor, title="ประเมินแล้ว", **ASSESSED)
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["self_assessment_consistency"] == "2.5"
    assert shown["self_assessment_date"] == "2024-06-30"
    assert "self_assessment_availability" not in shown or not shown["self_assessment_availability"]
    # (3 + 2.5 + 4 + 3.5) / 4 dimensions scored; availability is not.
    assert str(self_assessment.overall(shown)) == "3.25"


def test_thai_digits_and_a_decimal_comma_are_scores(editor):
    dataset = _create(editor, title="เลขไทย", **dict(
        ASSESSED, self_assessment_accuracy="๓,๗๕", self_assessment_consistency="๒"))
    assert dataset["self_assessment_accuracy"] == "3.75"
    assert dataset["self_assessment_consistency"] == "2"


@pytest.mark.parametrize("fields, key, english", [
    ({"self_assessment_accuracy": "5"}, "self_assessment_accuracy", "is not a score from 1"),
    ({"self_assessment_accuracy": "0.5"}, "self_assessment_accuracy", "is not a score from 1"),
    ({"self_assessment_accuracy": "ดี"}, "self_assessment_accuracy", "is not a score from 1"),
    ({"self_assessment_accuracy": "2.666"}, "self_assessment_accuracy", "more than two decimals"),
    ({"self_assessment_date": ""}, "self_assessment_date", "Give the date"),
    ({"self_assessment_assessor": " "}, "self_assessment_assessor", "Give who made"),
])
def test_bad_scores_and_missing_attribution_are_refused_in_english(editor, fields, key, english):
    with pytest.raises(helpers.logic.ValidationError) as raised:
        _create(editor, title="ผิด", **dict(ASSESSED, **fields))
    assert any(english in message for message in raised.value.error_dict[key]), \
        raised.value.error_dict


def test_notes_without_any_score_are_refused(editor):
    with pytest.raises(helpers.logic.ValidationError) as raised:
        _create(editor, title="ไม่มีคะแนน", self_assessment_notes="ยังไม่ได้ประเมิน")
    errors = raised.value.error_dict
    assert "at least one dimension" in " ".join(errors["self_assessment_accuracy"])
    assert errors["self_assessment_date"] and errors["self_assessment_assessor"]


def test_a_dataset_without_self_assessment_needs_none(editor):
    dataset = _create(editor, title="ไม่ประเมิน")
    assert self_assessment.overall(dataset) is None


@pytest.mark.parametrize("fields, thai", [
    ({"self_assessment_accuracy": "5"}, "ไม่ใช่คะแนนตั้งแต่ 1 (ต่ำ) ถึง 4 (ดีมาก)"),
    ({"self_assessment_timeliness": "3.125"}, "มีทศนิยมเกินสองตำแหน่ง"),
    ({"self_assessment_date": ""}, "ระบุวันที่ประเมิน"),
    ({"self_assessment_assessor": ""}, "ระบุผู้ประเมิน"),
    ({"self_assessment_date": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
     "เป็นวันในอนาคต"),
])
def test_the_thai_form_explains_each_rule_and_saves_nothing(app, editor, fields, thai):
    form = dict(FORM_BASE, data_type="record", title="ประเมินผิด",
                owner_org=editor["org"]["id"], **dict(ASSESSED, **fields))
    response = app.post("/th/dataset/new", data=form, headers=editor["headers"])
    assert response.status_code == 200
    errors = BeautifulSoup(response.body, "html.parser").select(".error-explanation, .error-block")
    assert thai in " ".join(e.get_text(" ", strip=True) for e in errors)
    assert helpers.call_action("package_search", q='title:"ประเมินผิด"',
                               include_private=True, include_drafts=True)["count"] == 0


def test_the_form_has_the_section_and_the_page_shows_scores_and_mean(app, editor):
    page = app.get("/th/dataset/new?data_type=statistical", headers=editor["headers"])
    soup = BeautifulSoup(page.body, "html.parser")
    section = soup.select_one("fieldset.gdc-section-self_assessment")
    assert section is not None
    assert "การประเมินคุณภาพข้อมูลด้วยตนเอง" in section.get_text(" ", strip=True)
    names = {tag["name"] for tag in section.select("input[name], textarea[name]")}
    assert names == set(self_assessment.FIELDS)
    score = section.select_one("input[name=self_assessment_accuracy]")
    assert (score["type"], score["min"], score["max"]) == ("number", "1", "4")

    dataset = _create(editor, title="หน้าชุดข้อมูล", **ASSESSED)
    thai = BeautifulSoup(app.get(f"/th/dataset/{dataset['name']}").body, "html.parser")
    text = thai.get_text(" ", strip=True)
    assert "การประเมินคุณภาพข้อมูลด้วยตนเอง" in [
        th.get_text(strip=True) for th in thai.select("tr.gdc-section-heading th")]
    assert "2.5 (ดี)" in text and "4 (ดีมาก)" in text
    overall = thai.select_one("tr.gdc-self-assessment-overall").get_text(" ", strip=True)
    assert "3.25 / 4.00 (ดี)" in overall and "ค่าเฉลี่ยจาก 4 มิติ จากทั้งหมด 5 มิติ" in overall
    english = BeautifulSoup(app.get(f"/en/dataset/{dataset['name']}").body, "html.parser")
    overall = english.select_one("tr.gdc-self-assessment-overall").get_text(" ", strip=True)
    assert "3.25 / 4.00 (Good)" in overall and "mean of 4 of 5 dimensions" in overall


def test_the_overall_score_is_searchable_and_sortable(editor):
    low = _create(editor, title="ต่ำ", **dict(
        ASSESSED, self_assessment_accuracy="1", self_assessment_consistency="1",
        self_assessment_relevancy="2", self_assessment_timeliness="1"))      # 1.25
    high = _create(editor, title="สูง", **ASSESSED)                              # 3.25
    _create(editor, title="ไม่ประเมิน")
    ordered = helpers.call_action("package_search", q="self_assessment_score:[1.00 TO 4.00]",
                                  sort="self_assessment_score desc")["results"]
    assert [d["id"] for d in ordered] == [high["id"], low["id"]]
    good = helpers.call_action("package_search", fq="self_assessment_score:[3.00 TO 4.00]")
    assert [d["id"] for d in good["results"]] == [high["id"]]
