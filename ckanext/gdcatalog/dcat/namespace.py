"""The ``gdc:`` namespace: the terms of the Thai metadata standard that
DCAT-AP 3 and the vocabularies it reuses have no property for.

The namespace URI is stable and independent of any site; every catalog
serves the same document of it at ``/ns/gdc`` (see :func:`namespace_graph`).
Properties whose value is a controlled value range over ``skos:Concept``: the
concepts of the schemes at ``<site>/vocabulary/<name>``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

GDC_URI = "https://gdcatalog.go.th/ns/gdc#"
GDC = Namespace(GDC_URI)
ONTOLOGY = URIRef(GDC_URI.rstrip("#"))
DQV = Namespace("http://www.w3.org/ns/dqv#")

# Kinds of term
OBJECT = "object"        # value is a resource (a concept of a scheme)
DATATYPE = "datatype"    # value is a literal
METRIC = "metric"        # a dqv:Metric individual, not a property
DIMENSION = "dimension"  # a dqv:Dimension individual that groups metrics


@dataclass(frozen=True)
class Term:
    name: str
    label_th: str
    label_en: str
    comment: str
    range: URIRef
    kind: str = DATATYPE
    vocabulary: Optional[str] = None          # for concept-valued properties
    sub_property_of: Optional[URIRef] = None
    in_dimension: Optional[str] = None        # for metrics: the name of their dimension

    @property
    def uri(self) -> URIRef:
        return GDC[self.name]


def _concept(name: str, th: str, en: str, comment: str, vocabulary: str,
             sub_property_of: Optional[URIRef] = None) -> Term:
    return Term(name, th, en, comment, SKOS.Concept, OBJECT, vocabulary, sub_property_of)


def _other(name: str, th: str, en: str, of: str) -> Term:
    return Term(name, th, en, f"Free text naming the value when {of} is \"other\".",
                RDFS.Literal)


TERMS: tuple[Term, ...] = (
    _concept("dataType", "ประเภทชุดข้อมูล", "Data type",
             "The data type of the standard, which decides the metadata a dataset has.",
             "data_type", DCTERMS.type),
    _other("dataTypeOther", "ระบุประเภทชุดข้อมูล", "Other data type", "gdc:dataType"),
    Term("name", "ชื่อใน URL", "URL name",
         "The dataset's name in the URL of its catalog (lower-case letters, digits, - and _).",
         XSD.string),
    Term("allowHarvest", "ยินยอมให้นำชื่อชุดข้อมูลไปใช้ที่ GD-Catalog",
         "Allow listing in the Government Data Catalog",
         "The agency consents to the metadata (not the data) of a private dataset being "
         "listed in the central catalog.", XSD.boolean),
    Term("referenceUrlCatalog", "อ้างอิง URL Catalog", "Source catalog URL",
         "The page of this dataset in the catalog it was copied from (a web page, not the "
         "dcat:Dataset that dct:source would require).", RDFS.Resource, OBJECT,
         sub_property_of=DCTERMS.relation),
    _concept("objective", "วัตถุประสงค์", "Objective",
             "A purpose for which the dataset is produced.", "objective"),
    _other("objectiveOther", "วัตถุประสงค์อื่นๆ", "Other objective", "gdc:objective"),
    _concept("updateFrequencyUnit", "หน่วยความถี่ของการปรับปรุงข้อมูล", "Update frequency unit",
             "The unit of the update frequency; with gdc:updateFrequencyInterval it states how "
             "often the data is updated (dct:accrualPeriodicity gives the EU equivalent).",
             "update_frequency_unit"),
    _other("updateFrequencyUnitOther", "หน่วยความถี่อื่นๆ", "Other update frequency",
           "gdc:updateFrequencyUnit"),
    Term("updateFrequencyInterval", "ค่าความถี่ของการปรับปรุงข้อมูล", "Update frequency interval",
         "How many updates per unit of gdc:updateFrequencyUnit.", XSD.positiveInteger),
    _concept("geoCoverage", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "Geographic coverage",
             "The level of geographic coverage of the data (country, province, ...).",
             "geo_coverage"),
    _other("geoCoverageOther", "ขอบเขตเชิงพื้นที่อื่นๆ", "Other geographic coverage",
           "gdc:geoCoverage"),
    _concept("dataFormat", "รูปแบบการเก็บข้อมูล", "Data format",
             "A format in which the data is kept (the concepts match EU file types where one "
             "exists).", "data_format"),
    _other("dataFormatOther", "รูปแบบการเก็บข้อมูลอื่นๆ", "Other data format", "gdc:dataFormat"),
    _concept("dataCategory", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", "Data category",
             "The category under the government data-governance framework (public, personal, "
             "security, official secret); dct:accessRights gives the EU access right.",
             "data_category"),
    _other("licenseOther", "สัญญาอนุญาตอื่นๆ", "Other license", "dct:license"),
    _concept("dataSupport", "ผู้สนับสนุนหรือผู้ร่วมดำเนินการ", "Supporting organization",
             "The kind of organization that supports or co-operates in producing the data.",
             "data_support"),
    _other("dataSupportOther", "ผู้สนับสนุนอื่นๆ", "Other supporting organization",
           "gdc:dataSupport"),
    _concept("dataCollect", "หน่วยที่ย่อยที่สุดของการจัดเก็บข้อมูล", "Smallest unit of collection",
             "The smallest unit about which data is collected (person, household, ...).",
             "data_collect"),
    _other("dataCollectOther", "หน่วยการจัดเก็บอื่นๆ", "Other unit of collection", "gdc:dataCollect"),
    _other("dataLanguageOther", "ภาษาอื่นๆ", "Other language", "dct:language"),
    Term("highValueDataset", "ชุดข้อมูลที่มีคุณค่าสูง", "High-value dataset",
         "The agency marks the dataset as high-value (no EU high-value category applies).",
         XSD.boolean),
    Term("referenceData", "ข้อมูลอ้างอิง", "Reference data",
         "The dataset is reference data that other datasets rely on.", XSD.boolean),
    Term("lastUpdatedDate", "วันที่ปรับปรุงข้อมูลล่าสุด", "Last updated",
         "The date the data (not its metadata record) was last updated.", XSD.date,
         sub_property_of=DCTERMS.modified),
    Term("dataReleaseCalendar", "วันที่กำหนดเผยแพร่ข้อมูล", "Scheduled release",
         "The date on which the next release of the data is scheduled.", XSD.date),
    Term("dataReleaseDate", "วันที่เผยแพร่ข้อมูล", "Released",
         "The date the data was released.", XSD.date, sub_property_of=DCTERMS.issued),
    _concept("disaggregation", "การจัดจำแนก", "Disaggregation",
             "A dimension by which statistical data is broken down.", "disaggregate"),
    _other("disaggregationOther", "การจัดจำแนกอื่นๆ", "Other disaggregation", "gdc:disaggregation"),
    Term("unitOfMeasure", "หน่วยวัด", "Unit of measure",
         "The unit in which statistical values are expressed (persons, rai, baht, ...).",
         RDFS.Literal),
    _concept("unitMultiplier", "หน่วยตัวคูณ", "Unit multiplier",
             "The power of ten by which statistical values are multiplied.",
             "unit_of_multiplier"),
    _other("unitMultiplierOther", "หน่วยตัวคูณอื่นๆ", "Other unit multiplier", "gdc:unitMultiplier"),
    Term("calculationMethod", "วิธีการคำนวณ", "Calculation method",
         "How statistical values are calculated.", RDFS.Literal),
    Term("officialStatistics", "สถิติทางการ", "Official statistics",
         "The data is official statistics under the Statistics Act.", XSD.boolean),
    _concept("geographicDataSet", "ชุดข้อมูลภูมิศาสตร์", "Fundamental geographic data layer",
             "The fundamental geographic data set (FGDS) layer the data belongs to.",
             "geographic_data_set"),
    _concept("equivalentScale", "มาตราส่วน", "Map scale",
             "The equivalent scale of geospatial data.", "equivalent_scale"),
    _other("equivalentScaleOther", "มาตราส่วนอื่นๆ", "Other map scale", "gdc:equivalentScale"),
    Term("westBoundLongitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศตะวันตก", "Bounding box west (longitude)",
         "West edge of the bounding box in decimal degrees, given alone only when the box "
         "is incomplete (a complete box is a dcat:bbox).", XSD.decimal),
    Term("eastBoundLongitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศตะวันออก", "Bounding box east (longitude)",
         "East edge of the bounding box, as gdc:westBoundLongitude.", XSD.decimal),
    Term("northBoundLatitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศเหนือ", "Bounding box north (latitude)",
         "North edge of the bounding box, as gdc:westBoundLongitude.", XSD.decimal),
    Term("southBoundLatitude", "ค่าพิกัดกรอบพื้นที่ด้านทิศใต้", "Bounding box south (latitude)",
         "South edge of the bounding box, as gdc:westBoundLongitude.", XSD.decimal),
    Term("positionalAccuracy", "ความถูกต้องของตำแหน่ง", "Positional accuracy",
         "The metric of a dqv:QualityMeasurement whose dqv:value states the positional "
         "accuracy of geospatial data as written by the agency.", DQV.Metric, METRIC),
    Term("private", "การเข้าถึง (ส่วนตัว)", "Private",
         "The distribution is private: only those who may edit its dataset can see it.",
         XSD.boolean),
    Term("referencePeriod", "เวลาอ้างอิง", "Reference period",
         "The time the geospatial data refers to, as written by the agency.", RDFS.Literal),
    # The steward's self-assessment (DGA data-quality guideline, scale 1 low to 4 very good)
    *(Term(name, f"{th} (ประเมินตนเอง)", f"{en} (self-assessed)",
           f"The metric of a dqv:QualityMeasurement whose dqv:value is the agency's own "
           f"score of the dataset's {en.lower()}: 1 (low) to 4 (very good), the mean of the "
           f"dimension's indicators in the DGA self-assessment guideline.", XSD.decimal, METRIC,
           in_dimension="selfAssessment")
      for name, th, en in (
          ("selfAssessedAccuracyAndCompleteness", "ความถูกต้องและสมบูรณ์", "Accuracy and completeness"),
          ("selfAssessedConsistency", "ความสอดคล้องกัน", "Consistency"),
          ("selfAssessedRelevancy", "ตรงตามความต้องการของผู้ใช้", "Relevancy"),
          ("selfAssessedTimeliness", "ความเป็นปัจจุบัน", "Timeliness"),
          ("selfAssessedAvailability", "ความพร้อมใช้", "Availability"))),
    Term("selfAssessmentDate", "วันที่ประเมิน", "Self-assessment date",
         "The date of the agency's data-quality self-assessment.", XSD.date),
    Term("selfAssessor", "ผู้ประเมิน", "Self-assessor",
         "The person or unit that made the data-quality self-assessment.", RDFS.Literal),
    Term("selfAssessmentNotes", "หมายเหตุการประเมิน", "Self-assessment notes",
         "The agency's notes on its data-quality self-assessment.", RDFS.Literal),
)



def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_"))


def metadata_indicator_term(key: str) -> str:
    """The gdc: metric of a metadata-score indicator ("access_url" → metadataAccessUrl)."""
    return "metadata" + _camel(key)


def metadata_dimension_term(dimension: str) -> str:
    return "metadata" + _camel(dimension)


METADATA_SCORE_TERM = "metadataQualityScore"
CONTENT_DIMENSION = "contentQuality"


def _thai(msgid: str) -> str:
    """The Thai translation of a msgid from the compiled catalog."""
    from babel.support import Translations

    from ckanext.gdcatalog.reference import i18n_directory
    return _th_catalog(str(i18n_directory()), Translations).gettext(msgid)


@functools.lru_cache(maxsize=1)
def _th_catalog(directory: str, translations: Any) -> Any:
    return translations.load(directory, ["th"], "ckanext-gdcatalog")


def _quality_terms() -> tuple[Term, ...]:
    """The DQV metrics and dimensions of the automatic quality assessment:
    the metadata score and its indicators, and the content metrics of
    distributions (labels from the assessment's own texts)."""
    from ckanext.gdcatalog.quality import metadata_score, metrics

    terms = [Term("selfAssessment", "การประเมินคุณภาพข้อมูลด้วยตนเอง",
                  "Data quality self-assessment",
                  "The agency's own scores of the five DGA data-quality dimensions.",
                  DQV.Dimension, DIMENSION),
             Term(CONTENT_DIMENSION, "คุณภาพของเนื้อหาข้อมูล", "Content quality",
                  "Metrics computed over the whole file of a distribution (metrics and "
                  "formulas of the NECTEC ckanext-dquality tool).", DQV.Dimension, DIMENSION)]
    for name, msgid in metadata_score.DIMENSIONS.items():
        terms.append(Term(metadata_dimension_term(name), _thai(msgid), msgid,
                          f"Indicators of the metadata quality score: {msgid.lower()} "
                          f"(data.europa.eu MQA, adapted to the GD Catalog standard).",
                          DQV.Dimension, DIMENSION))
    terms.append(Term(METADATA_SCORE_TERM, _thai("Metadata quality score"),
                      "Metadata quality score",
                      "The metadata quality score of the dataset as a percentage of the "
                      "points of its applicable indicators.", XSD.decimal, METRIC))
    for indicator in metadata_score.INDICATORS:
        terms.append(Term(
            metadata_indicator_term(indicator.key), _thai(indicator.label), indicator.label,
            f"Points of the metadata indicator \"{indicator.label}\" (at most "
            f"{indicator.points:g}). {indicator.advice}", XSD.decimal, METRIC,
            in_dimension=metadata_dimension_term(indicator.dimension)))
    datatypes = {metrics.PERCENT: XSD.decimal, metrics.FLAG: XSD.boolean,
                 metrics.STARS: XSD.integer, metrics.CATEGORY: XSD.integer}
    for metric in metrics.METRICS:
        terms.append(Term(metric.term, _thai(metric.label), metric.label, metric.explanation,
                          datatypes[metric.kind], METRIC, in_dimension=CONTENT_DIMENSION))
    return tuple(terms)


TERMS = TERMS + _quality_terms()
BY_NAME: dict[str, Term] = {term.name: term for term in TERMS}


def namespace_graph(site_url: Optional[str] = None) -> Graph:
    """The RDFS/OWL description of the ``gdc:`` terms. With ``site_url``,
    concept-valued properties point (rdfs:seeAlso) to the scheme the site
    serves for their values."""
    from ckanext.gdcatalog.dcat import concepts

    g = Graph()
    g.bind("gdc", GDC)
    g.bind("dqv", DQV)
    g.bind("owl", OWL)
    g.bind("skos", SKOS)
    g.bind("dct", DCTERMS)
    g.add((ONTOLOGY, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY, DCTERMS.title, Literal("คำศัพท์ของมาตรฐานเมทาดาตาบัญชีข้อมูลภาครัฐ", lang="th")))
    g.add((ONTOLOGY, DCTERMS.title, Literal("GD Catalog metadata terms", lang="en")))
    g.add((ONTOLOGY, RDFS.comment, Literal(
        "Terms of the Thai Government Data Catalog metadata standard that DCAT-AP 3 has no "
        "property for. Used together with DCAT-AP 3.", lang="en")))
    g.add((ONTOLOGY, OWL.versionInfo, Literal("1")))
    for term in TERMS:
        uri = term.uri
        if term.kind == DIMENSION:
            g.add((uri, RDF.type, DQV.Dimension))
        elif term.kind == METRIC:
            g.add((uri, RDF.type, DQV.Metric))
            if term.in_dimension:
                g.add((uri, DQV.inDimension, GDC[term.in_dimension]))
            # A metric's range is the datatype of its values.
            g.add((uri, DQV.expectedDataType,
                   term.range if str(term.range).startswith(str(XSD)) else XSD.string))
        else:
            g.add((uri, RDF.type, RDF.Property))
            g.add((uri, RDF.type, OWL.ObjectProperty if term.kind == OBJECT
                   else OWL.DatatypeProperty))
            g.add((uri, RDFS.range, term.range))
        g.add((uri, RDFS.isDefinedBy, ONTOLOGY))
        g.add((uri, RDFS.label, Literal(term.label_th, lang="th")))
        g.add((uri, RDFS.label, Literal(term.label_en, lang="en")))
        g.add((uri, RDFS.comment, Literal(term.comment, lang="en")))
        if term.sub_property_of is not None:
            g.add((uri, RDFS.subPropertyOf, term.sub_property_of))
        if term.vocabulary and site_url:
            g.add((uri, RDFS.seeAlso, URIRef(concepts.scheme_uri(term.vocabulary, site_url))))
    return g
