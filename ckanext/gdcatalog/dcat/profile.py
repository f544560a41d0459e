"""The ``gdc`` RDF profile: DCAT-AP 3 plus every field of the GD Catalog
schema, serialised and parsed back without loss.

Fields map to DCAT-AP 3 / DCTERMS / DQV / schema.org / vCard properties where
one fits and to the ``gdc:`` namespace otherwise (docs/dcat.md has the table).
Controlled values are concepts of the schemes the site serves
(:mod:`ckanext.gdcatalog.dcat.concepts`); EU vocabularies are used where the
standard's value has an equivalent. Parsing accepts our own output, the
output of the stock DCAT-AP 2/3 profiles, and the Thai labels and "True"
strings that older catalogs store, always giving back codes.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Iterable, Optional

import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from ckanext.dcat.profiles import EuropeanDCATAP3Profile
from ckanext.dcat.profiles.base import (
    DCAT, DCT, FOAF, GSP, RDF, RDFS, SCHEMA, VCARD, XSD, CleanedURIRef,
)
from ckanext.dcat.utils import catalog_uri, resource_uri

from ckanext.gdcatalog.dcat import concepts, quality
from ckanext.gdcatalog.dcat.concepts import text_literal
from ckanext.gdcatalog.dcat.namespace import DQV, GDC
from ckanext.gdcatalog.reference import schema_file
from ckanext.gdcatalog.schema import vocabularies

EU = "http://publications.europa.eu/resource/authority/"
ACCESS_RIGHT = Namespace(EU + "access-right/")
FREQUENCY = Namespace(EU + "frequency/")
FILE_TYPE = Namespace(EU + "file-type/")

# Value kinds of the fields mapped one to one
CONCEPT, CONCEPTS, TEXT, STRING, BOOLEAN, DATE, INTEGER = (
    "concept", "concepts", "text", "string", "boolean", "date", "integer")

# Field (dataset field, or resource field without "resource_") → property
# and kind, for the fields with a single property of their own. The fields
# of SPECIAL are written and read by the code below.
GENERIC: dict[str, tuple[URIRef, str]] = {
    "data_type": (GDC.dataType, CONCEPT),
    "data_type_other": (GDC.dataTypeOther, TEXT),
    "name": (GDC.name, STRING),
    "allow_harvest": (GDC.allowHarvest, BOOLEAN),
    "objective": (GDC.objective, CONCEPTS),
    "objective_other": (GDC.objectiveOther, TEXT),
    "update_frequency_unit": (GDC.updateFrequencyUnit, CONCEPT),
    "update_frequency_unit_other": (GDC.updateFrequencyUnitOther, TEXT),
    "update_frequency_interval": (GDC.updateFrequencyInterval, INTEGER),
    "geo_coverage": (GDC.geoCoverage, CONCEPT),
    "geo_coverage_other": (GDC.geoCoverageOther, TEXT),
    "data_format": (GDC.dataFormat, CONCEPTS),
    "data_format_other": (GDC.dataFormatOther, TEXT),
    "data_category": (GDC.dataCategory, CONCEPT),
    "license_id_other": (GDC.licenseOther, TEXT),
    "data_support": (GDC.dataSupport, CONCEPT),
    "data_support_other": (GDC.dataSupportOther, TEXT),
    "data_collect": (GDC.dataCollect, CONCEPT),
    "data_collect_other": (GDC.dataCollectOther, TEXT),
    "data_language_other": (GDC.dataLanguageOther, TEXT),
    "high_value_dataset": (GDC.highValueDataset, BOOLEAN),
    "reference_data": (GDC.referenceData, BOOLEAN),
    "created_date": (DCT.created, DATE),
    "last_updated_date": (GDC.lastUpdatedDate, DATE),
    "data_release_calendar": (GDC.dataReleaseCalendar, DATE),
    "data_release_date": (GDC.dataReleaseDate, DATE),
    "disaggregate": (GDC.disaggregation, CONCEPTS),
    "disaggregate_other": (GDC.disaggregationOther, TEXT),
    "unit_of_measure": (GDC.unitOfMeasure, TEXT),
    "unit_of_multiplier": (GDC.unitMultiplier, CONCEPT),
    "unit_of_multiplier_other": (GDC.unitMultiplierOther, TEXT),
    "calculation_method": (GDC.calculationMethod, TEXT),
    "official_statistics": (GDC.officialStatistics, BOOLEAN),
    "geographic_data_set": (GDC.geographicDataSet, CONCEPT),
    "equivalent_scale": (GDC.equivalentScale, CONCEPT),
    "equivalent_scale_other": (GDC.equivalentScaleOther, TEXT),
    "reference_period": (GDC.referencePeriod, TEXT),
    "private": (GDC.private, BOOLEAN),  # resource_private
    "self_assessment_date": (GDC.selfAssessmentDate, DATE),
    "self_assessment_assessor": (GDC.selfAssessor, TEXT),
    "self_assessment_notes": (GDC.selfAssessmentNotes, TEXT),
}
# The steward's self-assessment scores: dqv:QualityMeasurement of these
# metrics (xsd:decimal values, 1 to 4).
SELF_ASSESSMENT_METRICS: dict[str, URIRef] = {
    "self_assessment_accuracy": GDC.selfAssessedAccuracyAndCompleteness,
    "self_assessment_consistency": GDC.selfAssessedConsistency,
    "self_assessment_relevancy": GDC.selfAssessedRelevancy,
    "self_assessment_timeliness": GDC.selfAssessedTimeliness,
    "self_assessment_availability": GDC.selfAssessedAvailability,
}
SPECIAL_DATASET = frozenset({
    "title", "owner_org", "reference_url_catalog", "notes", "tag_string", "maintainer",
    "maintainer_email", "data_source", "license_id", "accessible_condition", "url",
    "data_language", "first_year_of_data", "last_year_of_data", "standard",
    "west_bound_longitude", "east_bound_longitude", "north_bound_longitude",
    "south_bound_longitude", "positional_accuracy", *SELF_ASSESSMENT_METRICS,
})
SPECIAL_RESOURCE = frozenset({"url", "name", "description", "format",
                              "resource_accessible_condition", "resource_first_year_of_data",
                              "resource_last_year_of_data", "resource_positional_accuracy"})

BBOX = ("west_bound_longitude", "east_bound_longitude",
        "north_bound_longitude", "south_bound_longitude")
BBOX_TERMS = dict(zip(BBOX, (GDC.westBoundLongitude, GDC.eastBoundLongitude,
                             GDC.northBoundLatitude, GDC.southBoundLatitude)))

# update_frequency_unit × interval (updates per unit) → EU frequency, beyond
# the interval-1 equivalents the vocabulary file gives.
FREQUENCIES: dict[tuple[str, int], str] = {
    ("year", 2): "ANNUAL_2", ("year", 3): "ANNUAL_3",
    ("month", 2): "MONTHLY_2", ("month", 3): "MONTHLY_3",
    ("week", 2): "WEEKLY_2", ("week", 3): "WEEKLY_3",
    ("day", 2): "DAILY_2",
}

# CKAN resource format → EU file type (others stay a literal dct:format).
FILE_TYPES: dict[str, str] = {
    "CSV": "CSV", "TSV": "TSV", "XLS": "XLS", "XLSX": "XLSX", "ODS": "ODS", "DOC": "DOC",
    "DOCX": "DOCX", "ODT": "ODT", "PDF": "PDF", "TXT": "TXT", "JSON": "JSON", "XML": "XML",
    "HTML": "HTML", "RDF": "RDF", "ZIP": "ZIP", "GeoJSON": "GEOJSON", "KML": "KML",
    "KMZ": "KMZ", "SHP": "SHP", "GML": "GML", "TIFF": "TIFF", "PNG": "PNG", "JPEG": "JPEG",
    "GIF": "GIF", "MP4": "MP4", "MP3": "MP3", "PPT": "PPT", "PPTX": "PPTX",
    "WMS": "WMS_SRVC", "WFS": "WFS_SRVC",
}
FORMAT_OF_FILE_TYPE = {code: name for name, code in FILE_TYPES.items()}

# Extras the stock parsers add for properties this profile reads into fields.
CONSUMED_EXTRAS = frozenset({
    "issued", "modified", "dcat_issued", "dcat_modified", "frequency", "language",
    "provenance", "conforms_to", "source", "access_rights", "temporal_start",
    "temporal_end", "spatial_bbox", "dcat_type", "homepage",
    "contact_uri", "contact_name", "contact_email", "contact_identifier", "contact_url",
})
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _schema() -> dict[str, Any]:
    import yaml
    return yaml.safe_load(schema_file("dataset.yaml").read_text(encoding="utf-8"))


_FIELDS = _schema()
DATASET_FIELDS = {f["field_name"]: f for f in _FIELDS["dataset_fields"]}
RESOURCE_FIELDS = {f["field_name"]: f for f in _FIELDS["resource_fields"]}


def base_name(resource_field: str) -> str:
    return resource_field[len("resource_"):] if resource_field.startswith("resource_") \
        else resource_field


def applies(field: dict[str, Any], data_type: Optional[str]) -> bool:
    """Whether a field belongs to datasets of ``data_type``; for an unknown
    type only the fields of every type do."""
    types = field.get("data_types")
    return not types or (data_type is not None and data_type in types)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _as_list(value: Any) -> list[Any]:
    from ckanext.gdcatalog.schema.validators import split_multiple
    try:
        return [v for v in split_multiple(value) if not _empty(v)]
    except Exception:  # an unexpected type: write what there is
        return [value]


def _decimal_text(value: Any) -> Optional[str]:
    """A coordinate as the schema stores it: plain decimal text (None for
    what the schema would refuse, 1e-999999999 included)."""
    from ckanext.gdcatalog.schema.validators import parse_number
    try:
        return format(parse_number(value), "f")
    except tk.Invalid:
        return None


def _year_text(value: Any) -> Optional[int]:
    from ckanext.gdcatalog.schema.dates import DateError, parse_year
    match = re.match(r"\s*(\d{4})", str(value))
    if not match:
        return None
    try:
        return parse_year(match.group(1))
    except DateError:
        return None


class GdcatalogProfile(EuropeanDCATAP3Profile):
    """DCAT-AP 3 with the GD Catalog metadata standard (profile ``gdc``)."""

    # Serialising --------------------------------------------------------------

    def graph_from_catalog(self, catalog_dict: Optional[dict[str, Any]],
                           catalog_ref: Node) -> None:
        """The stock catalog record, completed as DCAT-AP 3 requires: a
        description, a publisher, languages as EU URIs and a typed homepage."""
        super().graph_from_catalog(catalog_dict, catalog_ref)
        g = self.g
        title = str(tk.config.get("ckan.site_title") or "")
        self._retag(catalog_ref, (DCT.title, DCT.description))
        if (catalog_ref, DCT.description, None) not in g and title:
            g.add((catalog_ref, DCT.description, text_literal(title)))
        if (catalog_ref, DCT.publisher, None) not in g:
            publisher = URIRef(str(catalog_ref).rstrip("/") + "/#publisher")
            g.add((catalog_ref, DCT.publisher, publisher))
            g.add((publisher, RDF.type, FOAF.Agent))
            g.add((publisher, FOAF.name, text_literal(title or str(catalog_ref))))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        languages = vocabularies.get("data_language")
        offered = str(tk.config.get("ckan.locales_offered") or "").split()
        default = str(tk.config.get("ckan.locale_default") or "en")
        self._remove(catalog_ref, DCT.language)
        for locale in dict.fromkeys([default, *offered]):
            choice = languages.choice(locale.split("_")[0])
            if choice is not None and choice.uri:
                g.add((catalog_ref, DCT.language, URIRef(choice.uri)))
                g.add((URIRef(choice.uri), RDF.type, DCT.LinguisticSystem))

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> None:
        super().graph_from_dataset(dataset_dict, dataset_ref)
        self.g.bind("gdc", GDC)
        self.g.bind("dqv", DQV)
        self.g.bind("schema", SCHEMA, replace=True)
        self._retag(dataset_ref, (DCT.title, DCT.description, DCAT.keyword))
        license_ref = self._dataset_graph(dataset_dict, dataset_ref)
        distributions = {}
        for position, resource in enumerate(dataset_dict.get("resources") or []):
            distribution = CleanedURIRef(resource_uri(resource))
            self._resource_graph(resource, distribution, position, license_ref)
            if resource.get("id"):
                distributions[resource["id"]] = distribution
        quality.add_measurements(self.g, dataset_dict, dataset_ref, distributions)

    def _retag(self, subject: Node, predicates: Iterable[URIRef]) -> None:
        # The stock profile writes plain literals; ours carry @th / @en.
        for predicate in predicates:
            for value in list(self.g.objects(subject, predicate)):
                if isinstance(value, Literal) and not value.language and not value.datatype:
                    self.g.remove((subject, predicate, value))
                    self.g.add((subject, predicate, text_literal(str(value))))

    def _remove(self, subject: Node, predicate: URIRef, nodes: bool = False) -> None:
        for value in list(self.g.objects(subject, predicate)):
            self.g.remove((subject, predicate, value))
            if nodes and isinstance(value, BNode):
                self.g.remove((value, None, None))

    def _generic(self, data: dict[str, Any], subject: Node, fields: dict[str, dict[str, Any]],
                 resource: bool) -> None:
        for name, field in fields.items():
            key = base_name(name) if resource else name
            if resource and not name.startswith("resource_"):
                continue
            if key not in GENERIC or _empty(data.get(name)):
                continue
            predicate, kind = GENERIC[key]
            self._add_value(subject, predicate, kind, field.get("vocabulary"), data[name])

    def _add_value(self, subject: Node, predicate: URIRef, kind: str,
                   vocabulary: Optional[str], value: Any) -> None:
        g = self.g
        if kind in (CONCEPT, CONCEPTS):
            for code in (_as_list(value) if kind == CONCEPTS else [value]):
                g.add((subject, predicate, self._concept(vocabulary, str(code))))
        elif kind == BOOLEAN:
            from ckanext.gdcatalog.schema.validators import parse_boolean
            try:
                g.add((subject, predicate, Literal(parse_boolean(value), datatype=XSD.boolean)))
            except Exception:
                g.add((subject, predicate, Literal(str(value))))
        elif kind == DATE:
            g.add((subject, predicate, Literal(str(value), datatype=XSD.date)))
        elif kind == INTEGER:
            try:
                g.add((subject, predicate, Literal(int(value), datatype=XSD.positiveInteger)))
            except (TypeError, ValueError):
                g.add((subject, predicate, Literal(str(value))))
        elif kind == STRING:
            g.add((subject, predicate, Literal(str(value))))
        else:
            g.add((subject, predicate, text_literal(str(value))))

    @staticmethod
    def _concept(vocabulary: Optional[str], code: str) -> Node:
        vocab = vocabularies.get(vocabulary) if vocabulary else None
        if vocab is None or vocab.choice(code) is None:
            return text_literal(code)  # not a code (unvalidated legacy value): keep the text
        return URIRef(concepts.concept_uri(vocab.name, code))

    def _statement(self, subject: Node, predicate: URIRef, cls: URIRef, text: Any,
                   label: URIRef = RDFS.label) -> None:
        if _empty(text):
            return
        node = BNode()
        self.g.add((subject, predicate, node))
        self.g.add((node, RDF.type, cls))
        self.g.add((node, label, text_literal(str(text))))

    def _years(self, subject: Node, first: Any, last: Any) -> None:
        if _empty(first) and _empty(last):
            return
        period = BNode()
        self.g.add((subject, DCT.temporal, period))
        self.g.add((period, RDF.type, DCT.PeriodOfTime))
        for predicate, year in ((DCAT.startDate, first), (DCAT.endDate, last)):
            if not _empty(year):
                self.g.add((period, predicate, Literal(f"{int(year):04d}", datatype=XSD.gYear)))

    def _accuracy(self, subject: Node, text: Any) -> None:
        if _empty(text):
            return
        node = BNode()
        self.g.add((subject, DQV.hasQualityMeasurement, node))
        self.g.add((node, RDF.type, DQV.QualityMeasurement))
        self.g.add((node, DQV.isMeasurementOf, GDC.positionalAccuracy))
        self.g.add((node, DQV.value, text_literal(str(text))))

    def _measurement(self, subject: Node, metric: URIRef, value: Literal) -> Node:
        node = BNode()
        self.g.add((subject, DQV.hasQualityMeasurement, node))
        self.g.add((node, RDF.type, DQV.QualityMeasurement))
        self.g.add((node, DQV.isMeasurementOf, metric))
        self.g.add((node, DQV.value, value))
        return node

    def _self_assessment(self, ref: Node, d: dict[str, Any]) -> None:
        for name, metric in SELF_ASSESSMENT_METRICS.items():
            value = _decimal_text(d[name]) if not _empty(d.get(name)) else None
            if value is not None:
                node = self._measurement(ref, metric, quality.decimal_literal(value))
                self.g.add((node, DQV.computedOn, ref))

    def _date(self, subject: Node, predicate: URIRef, *candidates: Any) -> None:
        self._remove(subject, predicate)
        value = next((c for c in candidates if not _empty(c)), None)
        if value:
            self._add_date_triple(subject, predicate, value)

    def _dataset_graph(self, d: dict[str, Any], ref: Node) -> Optional[URIRef]:
        g = self.g
        self._generic(d, ref, DATASET_FIELDS, resource=False)
        data_type = vocabularies.get("data_type").choice(str(d.get("data_type") or ""))
        if data_type is not None:
            # DCAT-AP 3 wants dct:type to be a skos:Concept with a label.
            concept = URIRef(concepts.concept_uri("data_type", data_type.value))
            g.add((ref, DCT.type, concept))
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.inScheme, URIRef(concepts.scheme_uri("data_type"))))
            for lang, label in data_type.label.items():
                g.add((concept, SKOS.prefLabel, Literal(label, lang=lang)))

        # Contact point and publisher, replacing the stock ones (plain literals).
        self._remove(ref, DCAT.contactPoint, nodes=True)
        if d.get("maintainer") or d.get("maintainer_email"):
            contact = BNode()
            g.add((ref, DCAT.contactPoint, contact))
            g.add((contact, RDF.type, VCARD.Kind))
            if d.get("maintainer"):
                g.add((contact, VCARD.fn, text_literal(d["maintainer"])))
            if d.get("maintainer_email"):
                g.add((contact, VCARD.hasEmail, URIRef(self._add_mailto(d["maintainer_email"]))))
        for publisher in list(g.objects(ref, DCT.publisher)):
            for name in list(g.objects(publisher, FOAF.name)):
                if not name.language:
                    g.remove((publisher, FOAF.name, name))
                    g.add((publisher, FOAF.name, text_literal(str(name))))

        if d.get("reference_url_catalog"):
            # A page of another catalog, not a dcat:Dataset as DCAT-AP 3
            # requires of dct:source.
            g.add((ref, GDC.referenceUrlCatalog, CleanedURIRef(d["reference_url_catalog"])))
        self._remove(ref, DCT.provenance, nodes=True)
        self._statement(ref, DCT.provenance, DCT.ProvenanceStatement, d.get("data_source"))
        self._statement(ref, DCT.rights, DCT.RightsStatement, d.get("accessible_condition"))
        self._remove(ref, DCT.conformsTo, nodes=True)
        self._statement(ref, DCT.conformsTo, DCT.Standard, d.get("standard"))

        # Access rights from the data category and the dataset's visibility.
        category = d.get("data_category")
        if category:
            restricted = category in vocabularies.restricted_categories()
            right = ("NON_PUBLIC" if restricted or d.get("private")
                     else "RESTRICTED" if d.get("accessible_condition") else "PUBLIC")
            self._remove(ref, DCT.accessRights, nodes=True)
            g.add((ref, DCT.accessRights, ACCESS_RIGHT[right]))
            g.add((ACCESS_RIGHT[right], RDF.type, DCT.RightsStatement))

        frequency = self._frequency(d.get("update_frequency_unit"),
                                    d.get("update_frequency_interval"))
        if frequency is not None:
            self._remove(ref, DCT.accrualPeriodicity)
            g.add((ref, DCT.accrualPeriodicity, frequency))
            g.add((frequency, RDF.type, DCT.Frequency))

        license_ref = self._license_ref(d.get("license_id"))
        if license_ref is not None:
            g.add((ref, DCT.license, license_ref))
            g.add((license_ref, RDF.type, DCT.LicenseDocument))

        languages = vocabularies.get("data_language")
        for code in _as_list(d.get("data_language")):
            choice = languages.choice(str(code))
            language = (URIRef(choice.uri) if choice and choice.uri
                        else self._concept("data_language", str(code)))
            g.add((ref, DCT.language, language))
            if isinstance(language, URIRef):
                g.add((language, RDF.type, DCT.LinguisticSystem))

        # Dates of the data; without them the record's (as the stock profile).
        self._date(ref, DCT.modified, d.get("last_updated_date"), d.get("metadata_modified"))
        self._date(ref, DCT.issued, d.get("data_release_date"), d.get("metadata_created"))
        self._years(ref, d.get("first_year_of_data"), d.get("last_year_of_data"))
        self._bbox(ref, d)
        self._accuracy(ref, d.get("positional_accuracy"))
        self._self_assessment(ref, d)
        return license_ref

    def _resource_graph(self, r: dict[str, Any], ref: URIRef, position: int,
                        license_ref: Optional[URIRef]) -> None:
        g = self.g
        self._retag(ref, (DCT.title, DCT.description))
        self._generic(r, ref, RESOURCE_FIELDS, resource=True)
        g.add((ref, SCHEMA["position"], Literal(position)))
        file_type = FILE_TYPES.get(str(r.get("format") or "").strip())
        if file_type:
            self._remove(ref, DCT["format"])
            g.add((ref, DCT["format"], FILE_TYPE[file_type]))
            g.add((FILE_TYPE[file_type], RDF.type, DCT.MediaTypeOrExtent))
        self._statement(ref, DCT.rights, DCT.RightsStatement, r.get("resource_accessible_condition"))
        self._date(ref, DCT.modified, r.get("resource_last_updated_date"), r.get("modified"),
                   r.get("metadata_modified"))
        self._date(ref, DCT.issued, r.get("resource_data_release_date"), r.get("issued"),
                   r.get("created"))
        self._years(ref, r.get("resource_first_year_of_data"), r.get("resource_last_year_of_data"))
        self._accuracy(ref, r.get("resource_positional_accuracy"))
        if license_ref is not None and (ref, DCT.license, None) not in g:
            g.add((ref, DCT.license, license_ref))

    @staticmethod
    def _frequency(unit: Any, interval: Any) -> Optional[URIRef]:
        if not unit:
            return None
        choice = vocabularies.get("update_frequency_unit").choice(str(unit))
        if choice is None:
            return None
        try:
            times = int(interval) if not _empty(interval) else 1
        except (TypeError, ValueError):
            times = 1
        if times == 1 and choice.uri:
            return URIRef(choice.uri)
        code = FREQUENCIES.get((choice.value, times))
        return FREQUENCY[code] if code else FREQUENCY["OTHER"]

    @staticmethod
    def _license_ref(license_id: Any) -> Optional[URIRef]:
        if not license_id:
            return None
        choice = vocabularies.get("license").choice(str(license_id))
        if choice is None:
            return None
        if choice.extra.get("url"):
            return URIRef(str(choice.extra["url"]))
        return URIRef(concepts.concept_uri("license", choice.value))

    def _bbox(self, ref: Node, d: dict[str, Any]) -> None:
        values = {name: _decimal_text(d[name]) for name in BBOX if not _empty(d.get(name))}
        values = {k: v for k, v in values.items() if v is not None}
        if len(values) == len(BBOX):
            w, e, n, s = (values[name] for name in BBOX)
            location = BNode()
            self.g.add((ref, DCT.spatial, location))
            self.g.add((location, RDF.type, DCT.Location))
            polygon = f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"
            self.g.add((location, DCAT.bbox, Literal(polygon, datatype=GSP.wktLiteral)))
        else:
            # An incomplete box is no polygon: keep each edge on its own.
            for name, value in values.items():
                self.g.add((ref, BBOX_TERMS[name], quality.decimal_literal(value)))

    # Parsing ------------------------------------------------------------------

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Node) -> dict[str, Any]:
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        ours = (dataset_ref, GDC.dataType, None) in self.g
        d = dataset_dict
        for key in ("contact", "publisher"):
            d.pop(key, None)
        fields = self._parse_generic(dataset_ref, DATASET_FIELDS, resource=False)
        d.update(fields)
        if "data_type" not in d:
            # dct:type with our concept (a stock DCAT-AP output has none)
            self._parse_field(dataset_ref, DCT.type, CONCEPT, "data_type", "data_type", d)

        owner = self._owner_org(dataset_ref)
        if owner:
            d["owner_org"] = owner
        source = (self._first(dataset_ref, GDC.referenceUrlCatalog)
                  or self._first(dataset_ref, DCT.source))
        if source is not None:
            d["reference_url_catalog"] = str(source)
        contacts = self._contact_details(dataset_ref, DCAT.contactPoint)
        if contacts:
            if contacts[0].get("name"):
                d["maintainer"] = contacts[0]["name"]
            if contacts[0].get("email"):
                d["maintainer_email"] = contacts[0]["email"]
        for key, predicate in (("data_source", DCT.provenance),
                               ("accessible_condition", DCT.rights),
                               ("standard", DCT.conformsTo)):
            text = self._statement_text(dataset_ref, predicate)
            if text:
                d[key] = text

        if "update_frequency_unit" not in d:
            self._parse_frequency(dataset_ref, d)
        if "data_category" not in d:
            right = self._first(dataset_ref, DCT.accessRights)
            if right is not None and str(right) == str(ACCESS_RIGHT.PUBLIC):
                d["data_category"] = "public"
        self._parse_license(dataset_ref, d)
        self._parse_field(dataset_ref, DCT.language, CONCEPTS, "data_language",
                          "data_language", d)
        if not ours:
            # A stock DCAT-AP dataset: its dct:modified / dct:issued are the
            # data's dates (ours write them to gdc: as well, so they are read
            # from there and never taken from the record's timestamps).
            for key, predicate in (("last_updated_date", DCT.modified),
                                   ("data_release_date", DCT.issued)):
                self._parse_field(dataset_ref, predicate, DATE, None, key, d)
        self._parse_years(dataset_ref, d, "first_year_of_data", "last_year_of_data")
        self._parse_bbox(dataset_ref, d)
        accuracy = self._accuracy_text(dataset_ref)
        if accuracy:
            d["positional_accuracy"] = accuracy
        d.update(self._measured(dataset_ref, SELF_ASSESSMENT_METRICS))

        self._parse_resources(dataset_ref, d)
        d["extras"] = [e for e in d.get("extras") or [] if e.get("key") not in CONSUMED_EXTRAS]
        self._drop_inapplicable(d)
        return d

    def _first(self, subject: Node, predicate: URIRef) -> Optional[Node]:
        return next(iter(self.g.objects(subject, predicate)), None)

    def _parse_generic(self, subject: Node, fields: dict[str, dict[str, Any]],
                       resource: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, field in fields.items():
            if resource and not name.startswith("resource_"):
                continue
            key = base_name(name) if resource else name
            if key not in GENERIC:
                continue
            predicate, kind = GENERIC[key]
            self._parse_field(subject, predicate, kind, field.get("vocabulary"), name, out)
        return out

    def _parse_field(self, subject: Node, predicate: URIRef, kind: str,
                     vocabulary: Optional[str], name: str, out: dict[str, Any]) -> None:
        values = list(self.g.objects(subject, predicate))
        if not values:
            return
        if kind in (CONCEPT, CONCEPTS):
            codes, unknown = self._codes(vocabulary, values)
            if kind == CONCEPT:
                codes = codes[:1]
            other = f"{name}_other"
            fields = RESOURCE_FIELDS if name.startswith("resource_") else DATASET_FIELDS
            if unknown and other in fields and vocabularies.get(vocabulary).has_other:
                # A value outside the vocabulary is kept as "other" + its text.
                if vocabularies.OTHER not in codes and (kind == CONCEPTS or not codes):
                    codes.append(vocabularies.OTHER)
                out.setdefault(other, ", ".join(unknown))
            if codes:
                order = vocabularies.get(vocabulary).codes
                out[name] = codes[0] if kind == CONCEPT else sorted(set(codes), key=order.index)
            return
        value = values[0]
        text = str(value)
        if kind == BOOLEAN:
            from ckanext.gdcatalog.schema.validators import parse_boolean
            try:
                out[name] = parse_boolean(value.toPython() if isinstance(value, Literal) else text)
            except Exception:
                out[name] = text
        elif kind == DATE:
            from ckanext.gdcatalog.schema.dates import DateError, parse_date
            try:
                out[name] = parse_date(text).isoformat()
            except DateError:
                out[name] = text
        elif kind == INTEGER:
            try:
                out[name] = int(text)
            except ValueError:
                out[name] = text
        else:
            out[name] = text

    @staticmethod
    def _codes(vocabulary: Optional[str], values: list[Node]) -> tuple[list[str], list[str]]:
        assert vocabulary
        vocab = vocabularies.get(vocabulary)
        codes: list[str] = []
        unknown: list[str] = []
        for value in values:
            text = str(value)
            code = (concepts.code_from_uri(vocab, text) if isinstance(value, URIRef)
                    else vocab.normalise(text.strip()))
            if code is None and isinstance(value, URIRef):
                code = vocab.normalise(text.rsplit("/", 1)[-1])
            if code is None:
                unknown.append(text)
            elif code not in codes:
                codes.append(code)
        return codes, unknown

    def _owner_org(self, dataset_ref: Node) -> Optional[str]:
        # Only a publisher of this catalog is one of its organizations.
        prefix = catalog_uri().rstrip("/") + "/organization/"
        for publisher in self.g.objects(dataset_ref, DCT.publisher):
            if isinstance(publisher, URIRef) and str(publisher).startswith(prefix):
                return str(publisher)[len(prefix):]
        return None

    def _statement_text(self, subject: Node, predicate: URIRef) -> Optional[str]:
        value = self._first(subject, predicate)
        if value is None:
            return None
        if isinstance(value, Literal):
            return str(value)
        label = self._first(value, RDFS.label)
        if label is not None:
            return str(label)
        return str(value) if isinstance(value, URIRef) else None

    def _accuracy_text(self, subject: Node) -> Optional[str]:
        for measurement in self.g.objects(subject, DQV.hasQualityMeasurement):
            if (measurement, DQV.isMeasurementOf, GDC.positionalAccuracy) in self.g:
                value = self._first(measurement, DQV.value)
                if value is not None:
                    return str(value)
        return None

    def _measured(self, subject: Node, metrics: dict[str, URIRef]) -> dict[str, str]:
        """Field → value of the measurements of ``metrics`` (as decimal text)."""
        by_metric = {metric: name for name, metric in metrics.items()}
        out: dict[str, str] = {}
        for measurement in self.g.objects(subject, DQV.hasQualityMeasurement):
            for metric in self.g.objects(measurement, DQV.isMeasurementOf):
                name = by_metric.get(metric)  # type: ignore[call-overload]
                value = self._first(measurement, DQV.value)
                if name and value is not None:
                    out[name] = _decimal_text(value) or str(value)
        return out

    def _parse_frequency(self, ref: Node, d: dict[str, Any]) -> None:
        value = self._first(ref, DCT.accrualPeriodicity)
        if value is None:
            return
        units = vocabularies.get("update_frequency_unit")
        code = concepts.code_from_uri(units, str(value)) if isinstance(value, URIRef) \
            else units.normalise(str(value))
        if code:
            d["update_frequency_unit"] = code
            choice = units.choice(code)
            if choice is not None and choice.extra.get("period"):
                d["update_frequency_interval"] = 1
            return
        for (unit, times), eu in FREQUENCIES.items():
            if str(value) == str(FREQUENCY[eu]):
                d["update_frequency_unit"], d["update_frequency_interval"] = unit, times
                return

    def _parse_license(self, ref: Node, d: dict[str, Any]) -> None:
        value = self._first(ref, DCT.license)
        if value is None:
            for distribution in self._distributions(ref):
                value = self._first(distribution, DCT.license)
                if value is not None:
                    break
        if value is None:
            if not d.get("license_id"):
                d.pop("license_id", None)
            return
        licences = vocabularies.get("license")
        code = (concepts.code_from_uri(licences, str(value)) if isinstance(value, URIRef)
                else licences.normalise(str(value)))
        if code is None and not isinstance(value, Literal):
            title = self._first(value, DCT.title)
            code = licences.normalise(str(title)) if title is not None else None
        if code is None:
            code = vocabularies.OTHER
            d.setdefault("license_id_other", str(value))
        d["license_id"] = code

    def _parse_years(self, subject: Node, out: dict[str, Any], first: str, last: str) -> None:
        start, end = self._time_interval(subject, DCT.temporal, dcat_ap_version=2)
        for key, value in ((first, start), (last, end)):
            if value:
                year = _year_text(value)
                out[key] = year if year is not None else str(value)

    def _parse_bbox(self, ref: Node, d: dict[str, Any]) -> None:
        for location in self.g.objects(ref, DCT.spatial):
            for bbox in self.g.objects(location, DCAT.bbox):
                edges = _bbox_edges(str(bbox))
                if edges:
                    d.update(edges)
                    break
        for name, predicate in BBOX_TERMS.items():
            value = self._first(ref, predicate)
            if value is not None:
                d[name] = _decimal_text(value) or str(value)

    def _parse_resources(self, ref: Node, d: dict[str, Any]) -> None:
        nodes = {str(node): node for node in self._distributions(ref)}
        positions: dict[int, int] = {}
        for index, resource in enumerate(d.get("resources") or []):
            node = nodes.get(str(resource.get("distribution_ref")))
            if node is None:
                continue
            resource.update(self._parse_generic(node, RESOURCE_FIELDS, resource=True))
            file_type = self._first(node, DCT["format"])
            if isinstance(file_type, URIRef) and str(file_type).startswith(str(FILE_TYPE)):
                code = str(file_type)[len(str(FILE_TYPE)):]
                resource["format"] = FORMAT_OF_FILE_TYPE.get(code, code)
            rights = self._statement_text(node, DCT.rights)
            if rights:
                resource["resource_accessible_condition"] = rights
                resource.pop("rights", None)
            self._parse_years(node, resource, "resource_first_year_of_data",
                              "resource_last_year_of_data")
            accuracy = self._accuracy_text(node)
            if accuracy:
                resource["resource_positional_accuracy"] = accuracy
            position = self._first(node, SCHEMA["position"])
            try:
                positions[index] = int(str(position)) if position is not None else 10**6 + index
            except ValueError:
                positions[index] = 10**6 + index
        if positions:
            order = sorted(range(len(d["resources"])), key=lambda i: positions.get(i, 10**6 + i))
            d["resources"] = [d["resources"][i] for i in order]

    @staticmethod
    def _drop_inapplicable(d: dict[str, Any]) -> None:
        """The API refuses a field of another data type: leave such values
        out rather than fail the whole import."""
        data_type = d.get("data_type")
        for name, field in DATASET_FIELDS.items():
            if name in d and not applies(field, data_type):
                del d[name]
        for resource in d.get("resources") or []:
            for name, field in RESOURCE_FIELDS.items():
                if name in resource and not applies(field, data_type):
                    del resource[name]


def _bbox_edges(text: str) -> Optional[dict[str, str]]:
    """West, east, north and south of a WKT or GeoJSON geometry, as the
    schema stores coordinates; None if it has no coordinates."""
    points: list[tuple[str, str]] = []
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            geometry = json.loads(stripped)
        except ValueError:
            return None

        def walk(item: Any) -> None:
            if isinstance(item, list) and len(item) >= 2 and all(
                    isinstance(v, (int, float)) for v in item[:2]):
                points.append((repr(item[0]), repr(item[1])))
            elif isinstance(item, list):
                for sub in item:
                    walk(sub)
        walk(geometry.get("coordinates") if isinstance(geometry, dict) else None)
    else:
        # WKT: "x y" pairs; an optional <CRS> prefix is skipped.
        body = re.sub(r"^\s*<[^>]*>\s*", "", stripped)
        numbers = _NUMBER.findall(body)
        points = list(zip(numbers[0::2], numbers[1::2]))
    if not points:
        return None
    xs = [Decimal(x) for x, _ in points]
    ys = [Decimal(y) for _, y in points]
    return {
        "west_bound_longitude": _decimal_text(min(xs)) or "",
        "east_bound_longitude": _decimal_text(max(xs)) or "",
        "north_bound_longitude": _decimal_text(max(ys)) or "",
        "south_bound_longitude": _decimal_text(min(ys)) or "",
    }


