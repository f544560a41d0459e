"""The controlled vocabularies in ``schemas/vocabularies/`` as plain data.

Read with PyYAML only: no CKAN app, no database. The Thai labels are the
values that catalogs running the GD Catalog standard store today, so they are
compared letter for letter with the standard (§1.1–1.13, §5).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

VOCABULARY_DIR = Path(__file__).resolve().parents[2] / "schemas" / "vocabularies"

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Thai label of every choice, in form order, as the standard writes them.
THAI_LABELS: dict[str, list[str]] = {
    # The directory's own (organizations, not datasets): schemas/organization.yaml.
    "agency_type": [
        "ส่วนราชการส่วนกลาง",
        "สำนักงานส่วนภูมิภาค",
        "องค์กรปกครองส่วนท้องถิ่น",
        "รัฐวิสาหกิจ",
        "องค์การมหาชน",
        "อื่นๆ",
    ],
    "data_type": [
        "ข้อมูลระเบียน",
        "ข้อมูลสถิติ",
        "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
        "ข้อมูลหลากหลายประเภท",
        "ข้อมูลประเภทอื่นๆ",
    ],
    "objective": [
        "ยุทธศาสตร์ชาติ",
        "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
        "แผนความมั่นคงแห่งชาติ",
        "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "แผนปฏิรูปประเทศ",
        "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
        "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี",
        "มติคณะรัฐมนตรี",
        "เพื่อการให้บริการประชาชน",
        "กฎหมายที่เกี่ยวข้อง",
        "พันธกิจหน่วยงาน",
        "ดัชนี/ตัวชี้วัดระดับนานาชาติ",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "update_frequency_unit": [
        "ไม่ทราบ",
        "ปี",
        "ครึ่งปี",
        "ไตรมาส",
        "เดือน",
        "สัปดาห์",
        "วัน",
        "วันทำการ",
        "ชั่วโมง",
        "นาที",
        "ตามเวลาจริง",
        "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล",
        "อื่นๆ",
    ],
    "geo_coverage": [
        "ไม่มี",
        "โลก",
        "ทวีป/กลุ่มประเทศในทวีป",
        "กลุ่มประเทศทางเศรษฐกิจ",
        "ประเทศ",
        "ภาค",
        "จังหวัด",
        "อำเภอ",
        "ตำบล",
        "หมู่บ้าน",
        "เทศบาล/อบต.",
        "พิกัด",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "data_format": [
        "Database",
        "CSV",
        "XML",
        "Image",
        "Video",
        "Audio",
        "Text",
        "JSON",
        "HTML",
        "DOC/DOCX",
        "XLS/XLSX",
        "PDF",
        "RDF",
        "NoSQL",
        "Arc/Info Coverage",
        "Shapefile",
        "GeoTiff",
        "GML",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "data_category": [
        "ข้อมูลสาธารณะ",
        "ข้อมูลส่วนบุคคล",
        "ข้อมูลความมั่นคง",
        "ข้อมูลความลับทางราชการ",
    ],
    "data_support": [
        "ไม่มี",
        "หน่วยงานของรัฐ",
        "หน่วยงานเอกชน",
        "หน่วยงาน/องค์กรระหว่างประเทศ",
        "มูลนิธิ/สมาคม",
        "สถาบันการศึกษา",
        "อื่นๆ",
    ],
    "data_collect": [
        "ไม่มี",
        "บุคคล",
        "ครัวเรือน/ครอบครัว",
        "บ้าน/ที่อยู่อาศัย",
        "บริษัท/ห้างร้าน/สถานประกอบการ",
        "อาคาร/สิ่งปลูกสร้าง",
        "พื้นที่การเกษตร ประมง ป่าไม้",
        "สัตว์และพันธุ์พืช",
        "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
        "แหล่งน้ำ เช่น แม่น้ำ อ่างเก็บน้ำ",
        "เส้นทางการเดินทาง เช่น ถนน ทางรถไฟ",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "data_language": [
        "ไทย",
        "อังกฤษ",
        "จีน",
        "มลายู",
        "พม่า",
        "ลาว",
        "เขมร",
        "ญี่ปุ่น",
        "เกาหลี",
        "ฝรั่งเศส",
        "เยอรมัน",
        "อารบิก",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "disaggregate": [
        "ไม่มี",
        "เพศ",
        "อายุ/กลุ่มอายุ",
        "สถานภาพสมรส",
        "ศาสนา",
        "ระดับการศึกษา",
        "อาชีพ",
        "สถานภาพการทำงาน",
        "อุตสาหกรรม/ประเภทกิจการ",
        "รายได้",
        "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
        "ผลิตภัณฑ์",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    "unit_of_multiplier": [
        "หน่วย",
        "สิบ",
        "ร้อย",
        "พัน",
        "หมื่น",
        "แสน",
        "ล้าน",
        "สิบล้าน",
        "ร้อยล้าน",
        "พันล้าน",
        "หมื่นล้าน",
        "แสนล้าน",
        "ล้านล้าน",
        "ไม่ทราบ",
        "อื่นๆ",
    ],
    # Wording kept as published, "ชุมนุม" and "ภาพวาด" included.
    "geographic_data_set": [
        "ชั้นข้อมูลแปลงที่ดิน",
        "ชั้นข้อมูลขอบเขตการปกครอง",
        "ชั้นข้อมูลเส้นทางคมนาคม",
        "ชั้นข้อมูลชุมนุม/อาคาร",
        "ชั้นข้อมูลป่าไม้",
        "ชั้นข้อมูลการใช้ประโยชน์ที่ดิน",
        "ชั้นข้อมูลแหล่งน้ำ",
        "ชั้นข้อมูลอุทกศาสตร์",
        "ชั้นข้อมูลหมุดหลักฐานแผนที่",
        "ชั้นข้อมูลความสูงภูมิประเทศเชิงตัวเลข",
        "ชั้นข้อมูลภาพแผนที่ภูมิประเทศ",
        "ชั้นข้อมูลแผนที่ภาพถ่ายทางอากาศ",
        "ชั้นข้อมูลภาพวาดดาวเทียมดัดแก้",
    ],
    "equivalent_scale": [
        "1:4,000",
        "1:10,000",
        "1:25,000",
        "1:50,000",
        "1:250,000",
        "อื่นๆ",
    ],
}

# Values that catalogs store today where they are not the Thai label, with
# the code each must resolve to.
LEGACY_VALUES: dict[str, dict[str, str]] = {
    "data_type": {
        "record": "record",
        "stat": "statistical",
        "gis": "geospatial",
        "multi": "multiple",
        "other": "other",
        "statistical": "statistical",
        "geospatial": "geospatial",
        "multiple": "multiple",
    },
    "data_format": {
        "Database": "database",
        "CSV": "csv",
        "XML": "xml",
        "Image": "image",
        "Video": "video",
        "Audio": "audio",
        "Text": "text",
        "JSON": "json",
        "HTML": "html",
        "DOC/DOCX": "doc",
        "DOCX": "doc",
        "XLS": "xls",
        "XLS/XLSX": "xls",
        "XLSX": "xls",
        "PDF": "pdf",
        "RDF": "rdf",
        "NoSQL": "nosql",
        "Arc/Info Coverage": "arc_info_coverage",
        "Shapefile": "shapefile",
        "GeoTiff": "geotiff",
        "GML": "gml",
    },
    "license": {
        "License not specified": "notspecified",
        "Creative Commons Attributions": "cc-by",
        "Creative Commons Attribution": "cc-by",
        "Creative Commons Attribution Share-Alike": "cc-by-sa",
        "Creative Commons Non-Commercial (Any)": "cc-nc",
        "Open Data Common": "odc-by",
        "GNU Free Documentation License": "gfdl",
        "DGA Open Government License": "dga-ogl",
        "อื่นๆ": "other",
    },
    "equivalent_scale": {
        "1:4000": "1_4000",
        "1:10000": "1_10000",
        "1:25000": "1_25000",
        "1:50000": "1_50000",
        "1:250000": "1_250000",
    },
}

VOCABULARIES = sorted([*THAI_LABELS, "license"])
# Vocabularies of organizations, which the dataset standard does not define.
DIRECTORY_VOCABULARIES = {"agency_type"}

# The Thai words for "unknown", "none" and "other" always get these codes.
COMMON_CODES = {"ไม่ทราบ": "unknown", "ไม่มี": "none", "อื่นๆ": "other"}

pytestmark = pytest.mark.without_plugins

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    with (VOCABULARY_DIR / f"{name}.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def key(spelling: str) -> str:
    """Matching key: case and whitespace do not count."""
    return re.sub(r"\s+", "", spelling).casefold()


def spellings(choice: dict[str, Any]) -> list[str]:
    return [choice["value"], *choice["label"].values(), *(choice.get("aliases") or [])]


def resolve(name: str, value: str) -> str | None:
    found = {
        choice["value"]
        for choice in load(name)["choices"]
        if key(value) in {key(s) for s in spellings(choice)}
    }
    assert len(found) <= 1, (value, found)
    return found.pop() if found else None


def test_exactly_the_expected_files():
    assert {p.stem for p in VOCABULARY_DIR.glob("*.yaml")} == set(VOCABULARIES)
    assert not list(VOCABULARY_DIR.glob("*.yml"))


@pytest.mark.parametrize("name", VOCABULARIES)
class TestVocabularyFile:
    def test_header(self, name):
        path = VOCABULARY_DIR / f"{name}.yaml"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ")
        assert "GD Catalog metadata standard §" in first or name in DIRECTORY_VOCABULARIES
        raw = load(name)
        assert raw["name"] == name
        assert isinstance(raw["label"]["th"], str) and raw["label"]["th"].strip()
        assert isinstance(raw["label"]["en"], str) and raw["label"]["en"].strip()
        assert isinstance(raw["choices"], list) and raw["choices"]

    def test_codes(self, name):
        codes = [choice["value"] for choice in load(name)["choices"]]
        for code in codes:
            # A bare 1_4000 is read by YAML as the integer 14000.
            assert isinstance(code, str), f"{code!r} is not a string: quote it"
            assert code.isascii() and CODE.match(code), code
        duplicates = {c for c in codes if codes.count(c) > 1}
        assert not duplicates

    def test_labels(self, name):
        for choice in load(name)["choices"]:
            for lang in ("th", "en"):
                text = choice["label"].get(lang)
                assert isinstance(text, str) and text.strip(), (choice["value"], lang)
                assert text == text.strip(), (choice["value"], lang)

    def test_spellings_do_not_collide(self, name):
        owner: dict[str, str] = {}
        for choice in load(name)["choices"]:
            aliases = choice.get("aliases")
            if aliases is not None:
                assert isinstance(aliases, list) and aliases, choice["value"]
                assert all(isinstance(a, str) and a.strip() for a in aliases)
            for spelling in spellings(choice):
                other = owner.setdefault(key(spelling), choice["value"])
                assert other == choice["value"], (
                    f"{spelling!r} names both {other!r} and {choice['value']!r}"
                )

    def test_common_codes(self, name):
        for choice in load(name)["choices"]:
            expected = COMMON_CODES.get(choice["label"]["th"])
            if expected:
                assert choice["value"] == expected

    def test_uris(self, name):
        uris = [c["uri"] for c in load(name)["choices"] if "uri" in c]
        assert len(uris) == len(set(uris))
        for uri in uris:
            assert isinstance(uri, str) and uri.startswith(EU_AUTHORITY), uri
            assert " " not in uri

    def test_thai_labels_match_the_standard(self, name):
        if name == "license":
            pytest.skip("licence Thai labels are this catalog's own")
        assert [c["label"]["th"] for c in load(name)["choices"]] == THAI_LABELS[name]


@pytest.mark.parametrize(
    "name, value, code",
    [(n, v, c) for n, values in LEGACY_VALUES.items() for v, c in values.items()],
)
def test_legacy_values_resolve(name, value, code):
    assert resolve(name, value) == code


def test_data_type_codes():
    codes = [c["value"] for c in load("data_type")["choices"]]
    assert codes == ["record", "statistical", "geospatial", "multiple", "other"]


def test_data_category_restricted():
    raw = load("data_category")
    codes = [c["value"] for c in raw["choices"]]
    restricted = raw["restricted"]
    assert isinstance(restricted, list) and restricted
    assert set(restricted) <= set(codes)
    assert set(restricted) == {"personal", "security", "secret"}
    assert "public" not in restricted


def test_unit_of_multiplier_powers_of_ten():
    choices = load("unit_of_multiplier")["choices"]
    numeric = [c for c in choices if c["value"] not in ("unknown", "other")]
    assert [c["multiplier"] for c in numeric] == list(range(13))
    assert all(type(c["multiplier"]) is int for c in numeric)
    assert all("multiplier" not in c for c in choices if c not in numeric)


def test_license_codes_and_urls():
    choices = load("license")["choices"]
    assert [c["value"] for c in choices] == [
        "notspecified", "cc-by", "cc-by-sa", "cc-nc", "odc-by", "gfdl", "dga-ogl", "other",
    ]
    for choice in choices:
        if "url" in choice:
            assert choice["url"].startswith("https://"), choice["value"]
