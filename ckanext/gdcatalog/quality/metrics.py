"""What each content metric is, for people and for machines: its label, an
explanation of how it is computed and what to do about a low value, the
kind of its value, and which way is better. The resource page, the
dashboards and the DQV metrics of the ``gdc:`` namespace read this table.
Texts are English msgids, translated by callers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

PERCENT, FLAG, STARS, CATEGORY = "percent", "flag", "stars", "category"


@dataclass(frozen=True)
class Metric:
    key: str               # column of gdcatalog_quality_resource
    term: str              # its gdc: dqv:Metric
    kind: str              # PERCENT (0-100), FLAG (0/1), STARS (0-5), CATEGORY (-1..4)
    label: str
    explanation: str
    advice: str
    higher_is_better: Optional[bool] = True


METRICS: tuple[Metric, ...] = (
    Metric("completeness", "contentCompleteness", PERCENT, "Completeness",
           "Share of the table's cells that hold a value (empty cells, -, null, n/a and "
           "ไม่มีข้อมูล count as missing).",
           "Fill in the missing values, or explain in the description why they are missing."),
    Metric("uniqueness", "contentUniqueness", PERCENT, "Uniqueness",
           "Share of the rows that are not repeated whole elsewhere in the table.",
           "Remove the duplicate rows."),
    Metric("validity", "contentValidity", PERCENT, "Validity",
           "Structure checks passed out of three: no blank column name, no repeated column "
           "name, no value beyond the named columns.",
           "Give every column a unique name in the first row and keep values inside the "
           "named columns."),
    Metric("consistency", "contentConsistency", PERCENT, "Consistency",
           "Share of the values of numeric and date columns that have the column's type.",
           "Keep one kind of value per column: no text in a numeric column, one date format."),
    Metric("utf8", "contentUtf8", FLAG, "UTF-8 encoding",
           "Whether the file is encoded in UTF-8, which every program reads correctly.",
           "Save the file as UTF-8 (CSV UTF-8 in Excel) rather than TIS-620 or Windows-874."),
    Metric("openness", "contentOpenness", STARS, "Openness (stars)",
           "Stars of the file format on the 5-star open-data scale (CSV and JSON 3, XLSX 2, "
           "PDF 1).",
           "Publish the data in an open, machine-readable format such as CSV or JSON."),
    Metric("downloadable", "contentDownloadable", FLAG, "Downloadable",
           "Whether the link leads to the file itself rather than to a web page.",
           "Upload the file, or link directly to the file."),
    Metric("access_api", "contentApiAccess", FLAG, "API access",
           "Whether the data can be queried through the DataStore API.",
           "Load the table into the DataStore so that programs can query it."),
    Metric("availability", "contentAvailability", FLAG, "Availability",
           "Whether the data can be downloaded or reached through the API.",
           "Make the file downloadable, or load it into the DataStore."),
    Metric("preview", "contentPreview", FLAG, "Preview",
           "Whether the data can be previewed on the resource page (it is in the DataStore).",
           "Load the table into the DataStore so that it can be previewed."),
    Metric("timeliness", "contentTimeliness", CATEGORY, "Timeliness",
           "How late the resource is against the dataset's update frequency: 0 on time, "
           "1 up to 25 % late, 2 up to 50 %, 3 up to 100 %, 4 more; -1 when the frequency "
           "has no cycle.",
           "Update the data as often as the update frequency says, or correct the frequency.",
           higher_is_better=False),
    Metric("acc_latency", "contentLatency", PERCENT, "Overdue",
           "How far past its update cycle the resource is, as a percentage of the cycle.",
           "Update the data, or correct the update frequency.", higher_is_better=False),
    Metric("freshness", "contentFreshness", PERCENT, "Freshness",
           "How much of the update cycle is left before the next update is due, as a "
           "percentage of the cycle (negative when overdue).",
           "Update the data before the cycle runs out."),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}
# The metrics computed from the file's contents (shown first, and averaged).
CONTENT_KEYS = ("completeness", "uniqueness", "validity", "consistency")
