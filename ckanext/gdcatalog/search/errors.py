"""The error of a search request that cannot be answered as asked (bad
syntax, a value of the wrong kind, a limit passed): the caller's own
mistake, which CKAN reports to them (client.py). Its message is an English
msgid (a ``MSG_*`` constant of the module raising it) with its values
apart, so that it is translated where it reaches a user."""
from __future__ import annotations

from typing import Any


class QueryError(ValueError):
    def __init__(self, message: str, **values: Any) -> None:
        self.message = message
        self.values = values
        super().__init__(message % values if values else message)

    def translated(self) -> str:
        """The message in the user's language; a value that is itself a
        QueryError (the problem inside a field) is translated too."""
        from ckanext.gdcatalog.language import translated
        values = {key: value.translated() if isinstance(value, QueryError) else value
                  for key, value in self.values.items()}
        return translated(self.message) % values if values else translated(self.message)
