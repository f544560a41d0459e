"""Messages of harvesting. Harvest errors are stored as text in
ckanext-harvest's tables, in English (a worker has no user); the report
page shows each of ours again in the reader's language by matching it
against these templates."""
from __future__ import annotations

import re
from typing import Optional

from ckanext.gdcatalog.language import translated

MSG_HTTP_STATUS = "%(url)s answered with HTTP status %(status)s"
MSG_NOT_UTF8 = "%(url)s did not send UTF-8 text"
MSG_PARSE = "The RDF of %(url)s could not be read: %(error)s"
MSG_PAGE_LOOP = "The paging of the source comes back to a page already read: %(url)s"
MSG_INCOMPLETE = ("The source could not be read completely, so no dataset was "
                  "withdrawn")
MSG_FEWER_THAN_DECLARED = ("The source declares %(total)s datasets but %(read)s were read "
                           "(its paging may have changed while it was read), so no dataset "
                           "was withdrawn")
MSG_WITHDRAWAL_HELD_EMPTY = ("The source lists no dataset, but %(total)s were harvested from it, "
                             "so no dataset was withdrawn; they are withdrawn if the next "
                             "complete read of the source still lists none")
MSG_WITHDRAWAL_HELD = ("%(missing)s of the %(total)s datasets harvested from the source are "
                       "no longer in it, more than %(share)s of them, so no dataset was "
                       "withdrawn; they are withdrawn if the next complete read of the source "
                       "still misses them")
MSG_NO_GUID = "A dataset of the source has neither a URI nor an identifier: %(title)s"
MSG_DUPLICATE = ("The record %(guid)s is already harvested from another source "
                 "(%(source)s, dataset %(dataset)s): no second dataset was created")
MSG_DUPLICATE_IDENTIFIER = ("The identifier %(identifier)s of the record %(guid)s is "
                            "already harvested from another source (%(source)s, dataset "
                            "%(dataset)s): no second dataset was created")
MSG_INVALID = "The record %(guid)s is not valid: %(errors)s"
MSG_IMPORT_FAILED = "The record %(guid)s could not be imported: %(error)s"
MSG_NO_NAME = "The record %(guid)s has no title from which to make a dataset name"
MSG_STUCK_JOB = ("The job made no progress for %(minutes)s minutes (its worker probably "
                 "stopped): it was finished with an error")
MSG_STUCK_OBJECT = ("The record was not processed: the job was stopped after %(minutes)s "
                    "minutes without progress")

ALL = (MSG_HTTP_STATUS, MSG_NOT_UTF8, MSG_PARSE, MSG_PAGE_LOOP, MSG_INCOMPLETE,
       MSG_FEWER_THAN_DECLARED, MSG_WITHDRAWAL_HELD_EMPTY, MSG_WITHDRAWAL_HELD, MSG_NO_GUID,
       MSG_DUPLICATE, MSG_DUPLICATE_IDENTIFIER,
       MSG_INVALID, MSG_IMPORT_FAILED, MSG_NO_NAME, MSG_STUCK_JOB, MSG_STUCK_OBJECT)

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def english(template: str, **values: object) -> str:
    """The stored form of a message: English, filled in."""
    return template % values if values else template


def _pattern(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        parts.append(f"(?P<{match.group(1)}>.*?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$", re.S)


_PATTERNS = [(template, _pattern(template)) for template in ALL]


def localized(stored: Optional[str]) -> str:
    """A stored message in the reader's language when it is one of ours;
    other messages (ckanext-harvest's, other harvesters') as stored."""
    text = (stored or "").strip()
    for template, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return translated(template, **match.groupdict())
    return text
