"""ckanext-dcat's endpoints, with our rules of what appears and with HTTP
caching.

- The actions ``dcat_catalog_show``, ``dcat_catalog_search`` and
  ``dcat_dataset_show`` are chained: they publish what exposure.py allows,
  the same for every caller, over the API as over the endpoints.
- The views of ckanext-dcat's routes (``/catalog.<format>``,
  ``/dataset/<id>.<format>``, and with content negotiation ``/`` and
  ``/dataset/<id>``) are replaced by ours, which do the same work through
  the same functions, but compute ETag/Last-Modified from the search
  results first and answer 304 without serialising; they also answer 404
  (not 403) for what is not published, and encode the paging links.
  Replacing the view functions of ckanext-dcat's endpoints (not adding
  rules of our own for the same URLs) keeps its URL rules, its
  ``ckanext.dcat.catalog_endpoint`` setting and ``url_for`` names, whatever
  the order of the plugins.
- ``/catalog`` (no extension) is added: the catalog by content negotiation,
  Turtle by default.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError, SearchQueryError
from flask import Blueprint, Flask, Response, has_request_context, request

from ckanext.dcat.exceptions import RDFProfileException
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import CONTENT_TYPES, catalog_uri, parse_accept_header

from ckanext.gdcatalog.dcat import caching, exposure, fragments

MSG_UNKNOWN_FORMAT = "Unknown RDF format %(format)s: use ttl, rdf, xml, jsonld or n3."
MSG_NOT_PUBLISHED = "Dataset not found"

DEFAULT_FORMAT = "ttl"


def _profiles(value: Any) -> Optional[list[str]]:
    if not value:
        return None
    if isinstance(value, str):
        value = value.split(",")
    return [p.strip() for p in value if p and p.strip()] or None


def _check_format(fmt: Optional[str]) -> str:
    fmt = fmt or "xml"  # ckanext-dcat's default for its actions
    if fmt not in CONTENT_TYPES:
        raise tk.ValidationError({"format": [tk._(MSG_UNKNOWN_FORMAT) % {"format": fmt}]})
    return fmt


def _page_base(fmt: str) -> str:
    if has_request_context():
        return catalog_uri() + request.path
    return catalog_uri() + "/catalog." + fmt


def serialize_catalog(page: exposure.CatalogPage, data_dict: Mapping[str, Any]) -> str:
    fmt = _check_format(data_dict.get("format"))
    profiles = _profiles(data_dict.get("profiles"))
    params = {**data_dict, "profiles": ",".join(profiles) if profiles else None}
    pagination = page.pagination(exposure.page_url_maker(_page_base(fmt), params))
    if fragments.can_assemble(fmt):
        document = fragments.catalog_document(page.datasets, fmt, profiles, pagination)
        if document is not None:
            return document
    return RDFSerializer(profiles=profiles).serialize_catalog(
        {}, page.datasets, _format=fmt, pagination_info=pagination)


def serialize_dataset(dataset: dict[str, Any], data_dict: Mapping[str, Any]) -> str:
    fmt = _check_format(data_dict.get("format"))
    profiles = _profiles(data_dict.get("profiles"))
    # JSON-LD of one dataset is compacted (ckanext-dcat's choice), which
    # fragments in expanded form cannot give.
    if fmt != "jsonld" and fragments.can_assemble(fmt):
        return fragments.dataset_document(dataset, fmt, profiles)
    return RDFSerializer(profiles=profiles).serialize_dataset(dataset, _format=fmt)


# ---- actions -----------------------------------------------------------------

def _catalog(name: str, context: dict[str, Any], data_dict: dict[str, Any]) -> str:
    tk.check_access(name, context, data_dict)
    return serialize_catalog(exposure.CatalogPage(data_dict), data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up: Callable[..., Any], context: dict[str, Any],
                      data_dict: dict[str, Any]) -> str:
    """The published catalog page (the caller's rights play no part)."""
    return _catalog("dcat_catalog_show", context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up: Callable[..., Any], context: dict[str, Any],
                        data_dict: dict[str, Any]) -> str:
    """A published catalog page filtered by q / fq (the caller's rights
    play no part)."""
    return _catalog("dcat_catalog_search", context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_dataset_show(up: Callable[..., Any], context: dict[str, Any],
                      data_dict: dict[str, Any]) -> str:
    """The published dataset; ObjectNotFound when it is not published."""
    tk.check_access("dcat_dataset_show", context, data_dict)
    dataset = exposure.published_dataset(tk.get_or_bust(data_dict, "id"))
    return serialize_dataset(dataset, data_dict)


ACTIONS: dict[str, Any] = {
    "dcat_catalog_show": dcat_catalog_show,
    "dcat_catalog_search": dcat_catalog_search,
    "dcat_dataset_show": dcat_dataset_show,
}


# ---- views -------------------------------------------------------------------

def _negotiated() -> Optional[str]:
    return parse_accept_header(request.headers.get("Accept", ""))


def _caller_context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _run(work: Callable[[], Response]) -> Response:
    try:
        return work()
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(MSG_NOT_PUBLISHED))
    except tk.NotAuthorized:
        return tk.abort(403)
    except (tk.ValidationError, RDFProfileException) as error:
        detail = getattr(error, "error_dict", None) or str(error)
        return tk.abort(409, str(detail))
    except SearchQueryError as error:  # the caller's q or fq, in words (search/client.py)
        return tk.abort(400, tk._("Invalid search query: {error_message}").format(
            error_message=error))
    except SearchError as error:  # a generic message: the details are in the log
        return tk.abort(409, str(error))


def catalog_response(fmt: str, negotiated: bool) -> Response:
    if fmt not in CONTENT_TYPES:
        return tk.abort(404, tk._(MSG_UNKNOWN_FORMAT) % {"format": fmt})
    args = request.args
    data_dict = {key: args.get(key) for key in ("page", "modified_since", "q", "fq")}
    data_dict.update(format=fmt, profiles=_profiles(args.get("profiles")))

    def work() -> Response:
        tk.check_access("dcat_catalog_show", _caller_context(), data_dict)
        page = exposure.CatalogPage(data_dict)
        tag = caching.etag(
            "catalog", fmt, data_dict, page.count, caching.index_generation(),
            [(d.get("id"), d.get("metadata_modified")) for d in page.datasets])
        last = exposure.last_change()
        if caching.not_modified(tag, last):
            return caching.respond(None, CONTENT_TYPES[fmt], tag, last, negotiated)
        body = serialize_catalog(page, data_dict)
        return caching.respond(body, CONTENT_TYPES[fmt], tag, last, negotiated)
    return _run(work)


def dataset_response(dataset_id: str, fmt: str, negotiated: bool) -> Response:
    if fmt not in CONTENT_TYPES:
        return tk.abort(404, tk._(MSG_UNKNOWN_FORMAT) % {"format": fmt})
    data_dict = {"id": dataset_id, "format": fmt,
                 "profiles": _profiles(request.args.get("profiles"))}

    def work() -> Response:
        tk.check_access("dcat_dataset_show", _caller_context(), data_dict)
        dataset = exposure.published_dataset(dataset_id)
        modified = dataset.get("metadata_modified")
        last = tk.h.date_str_to_datetime(modified) if modified else None
        tag = caching.etag("dataset", fmt, data_dict["profiles"], dataset.get("id"),
                           modified, caching.index_generation())
        if caching.not_modified(tag, last):
            return caching.respond(None, CONTENT_TYPES[fmt], tag, last, negotiated)
        body = serialize_dataset(dataset, data_dict)
        return caching.respond(body, CONTENT_TYPES[fmt], tag, last, negotiated)
    return _run(work)


def _catalog_view(original: Optional[Callable[..., Any]]) -> Callable[..., Any]:
    def read_catalog(_format: Optional[str] = None, package_type: Optional[str] = None) -> Any:
        if _format:
            return catalog_response(_format, negotiated=False)
        fmt = _negotiated()
        if fmt is None and original is not None:
            return original(_format=_format, package_type=package_type)  # the home page
        return catalog_response(fmt or DEFAULT_FORMAT, negotiated=True)
    return read_catalog


def _dataset_view(original: Callable[..., Any]) -> Callable[..., Any]:
    def read_dataset(_id: str, _format: Optional[str] = None,
                     package_type: Optional[str] = None) -> Any:
        if _format:
            return dataset_response(_id, _format, negotiated=False)
        fmt = _negotiated()
        if fmt is None:
            return original(_id, _format=_format, package_type=package_type)  # the page
        return dataset_response(_id, fmt, negotiated=True)
    return read_dataset


REPLACED_VIEWS = {
    "dcat.read_catalog": _catalog_view,
    "dcat.read_dataset": _dataset_view,
    "dcat.read_dataset_series": _dataset_view,
}


def install(app: Flask) -> None:
    """Replace ckanext-dcat's view functions (called once the plugins'
    blueprints are registered) and install the caching hook."""
    for endpoint, make in REPLACED_VIEWS.items():
        original = app.view_functions.get(endpoint)
        if original is not None and not getattr(original, "_gdcatalog", False):
            view = make(original)
            view._gdcatalog = True  # type: ignore[attr-defined]
            app.view_functions[endpoint] = view
    caching.install(app)


catalog = Blueprint("gdcatalog_dcat", __name__)


@catalog.route("/catalog")
def negotiated_catalog() -> Any:
    return _catalog_view(None)()


def blueprints() -> list[Blueprint]:
    return [catalog]
