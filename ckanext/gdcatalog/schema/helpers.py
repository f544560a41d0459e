"""Template helpers that render the GD Catalog schema: vocabulary choices,
per-type field lists, sections and labels in the user's language."""
from __future__ import annotations

from typing import Any, Iterable, Optional

from ckanext.gdcatalog.language import current_language
from ckanext.gdcatalog.schema import vocabularies

DEFAULT_DATA_TYPE = "record"



def gdcatalog_vocabulary_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """scheming ``choices_helper``: the choices of the field's vocabulary."""
    return vocabularies.get(field["vocabulary"]).as_scheming_choices()


def gdcatalog_vocabulary_label(vocabulary: str, code: Any) -> str:
    """A code's label in the user's language (the code itself if unknown)."""
    if code in (None, ""):
        return ""
    return vocabularies.get(vocabulary).label_of(str(code), current_language())


def gdcatalog_data_type(data: Optional[dict[str, Any]], requested: Any = None) -> str:
    """The data type a form or page is about: the dataset's, else the one
    asked for (``?data_type=``, a code or a legacy label), else record."""
    vocabulary = vocabularies.get("data_type")
    for candidate in ((data or {}).get("data_type"), requested):
        code = vocabulary.normalise(candidate) if candidate else None
        if code:
            return code
    return DEFAULT_DATA_TYPE


def gdcatalog_dataset_of(id_or_name: Optional[str]) -> dict[str, Any]:
    """The dataset a resource form is for (the form snippet gets only its
    name); empty when it cannot be read."""
    import ckan.plugins.toolkit as tk
    if not id_or_name:
        return {}
    try:
        return tk.get_action("package_show")({"user": tk.g.user}, {"id": id_or_name})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return {}


def gdcatalog_data_types() -> list[dict[str, Any]]:
    """The five data types as value/label pairs in the user's language."""
    lang = current_language()
    return [{"value": c.value, "label": c.label_in(lang)}
            for c in vocabularies.get("data_type").choices]


def gdcatalog_field_applies(field: dict[str, Any], data_type: str) -> bool:
    types = field.get("data_types")
    return not types or data_type in types


def gdcatalog_sections(schema: dict[str, Any], fields: Iterable[dict[str, Any]],
                       data_type: str) -> list[dict[str, Any]]:
    """The fields of ``data_type`` grouped by the schema's sections, in
    section order; sections left with no field are dropped."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for field in fields:
        if gdcatalog_field_applies(field, data_type):
            grouped.setdefault(field.get("section", ""), []).append(field)
    sections = [dict(section, fields=grouped.pop(section["name"]))
                for section in schema.get("sections", []) if section["name"] in grouped]
    for name, fields_left in grouped.items():
        sections.append({"name": name, "label": "", "fields": fields_left})
    return sections


HELPERS = {
    "gdcatalog_vocabulary_choices": gdcatalog_vocabulary_choices,
    "gdcatalog_vocabulary_label": gdcatalog_vocabulary_label,
    "gdcatalog_data_type": gdcatalog_data_type,
    "gdcatalog_data_types": gdcatalog_data_types,
    "gdcatalog_dataset_of": gdcatalog_dataset_of,
    "gdcatalog_field_applies": gdcatalog_field_applies,
    "gdcatalog_sections": gdcatalog_sections,
}
