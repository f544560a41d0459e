"""Web pages of the registry: the application form, "my applications", the
central administrators' queue, and an application's page (check, approve,
reject, suspend, withdraw). Every page calls the registry's actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.gdcatalog.registry import store
from ckanext.gdcatalog.registry.actions import HARVEST_FREQUENCIES

MSG_APPLIED = "Your application was received; the central administrators will review it."
MSG_DONE = "The application is now %(state)s."
MSG_CHECKED = "Check finished."
MSG_UNKNOWN_STEP = "Unknown step"
MSG_NOT_FOUND_PAGE = "Application not found"

registry = Blueprint("gdcatalog_registry", __name__, url_prefix="/registry")


@registry.before_request
def _central_site_only() -> Any:
    from ckanext.gdcatalog.registry.actions import is_central_site
    if not is_central_site():
        return tk.abort(404)
    return None

# The actions behind the buttons of an application's page.
_ACTIONS = {"approve": "gdcatalog_registry_approve", "reject": "gdcatalog_registry_reject",
            "suspend": "gdcatalog_registry_suspend", "withdraw": "gdcatalog_registry_withdraw"}
_FORM_FIELDS = ("catalog_url", "organization", "agency_title", "agency_title_en", "agency_name",
                "agency_type", "agency_code", "ministry", "province", "website",
                "contact_name", "contact_email", "contact_phone", "harvest_frequency", "notes")


def _context() -> dict[str, Any]:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _login_or_forbid(message: str) -> Any:
    if not tk.g.user:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    return tk.abort(403, message)


def _my_organizations() -> list[dict[str, Any]]:
    if not tk.g.user:
        return []
    return tk.get_action("organization_list_for_user")(_context(), {"permission": "admin"})


@registry.route("/apply", methods=["GET", "POST"])
def apply() -> Any:
    context = _context()
    try:
        tk.check_access("gdcatalog_registry_apply", context, {})
    except tk.NotAuthorized as error:
        return _login_or_forbid(str(error))
    data: dict[str, Any] = {"harvest_frequency": "WEEKLY"}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        data = {k: tk.request.form.get(k, "") for k in _FORM_FIELDS}
        try:
            application = tk.get_action("gdcatalog_registry_apply")(context, dict(data))
        except tk.ValidationError as error:
            errors = error.error_dict
        except tk.NotAuthorized as error:
            errors = {"organization": [str(error)]}
        else:
            tk.h.flash_success(tk._(MSG_APPLIED))
            return tk.redirect_to("gdcatalog_registry.read", id=application["id"])
    return tk.render("gdcatalog/registry/apply.html", extra_vars={
        "data": data, "errors": errors, "organizations": _my_organizations(),
        "frequencies": HARVEST_FREQUENCIES})


def _listing(template: str, states: list[str]) -> Any:
    context = _context()
    try:
        result = tk.get_action("gdcatalog_registry_application_list")(
            context, {"state": states})
    except tk.NotAuthorized as error:
        return _login_or_forbid(str(error))
    return tk.render(template, extra_vars={"applications": result["results"],
                                           "count": result["count"], "states": states})


@registry.route("/mine")
def mine() -> Any:
    return _listing("gdcatalog/registry/mine.html", [])


@registry.route("/queue")
def queue() -> Any:
    try:
        tk.check_access("gdcatalog_registry_approve", _context(), {})
    except tk.NotAuthorized as error:
        return _login_or_forbid(str(error))
    state = tk.request.args.get("state", store.PENDING)
    return _listing("gdcatalog/registry/queue.html",
                    [state] if state in store.STATES else [store.PENDING])


@registry.route("/<id>", methods=["GET", "POST"])
def read(id: str) -> Any:
    context = _context()
    errors: dict[str, Any] = {}
    check_result = None
    if tk.request.method == "POST":
        step = tk.request.form.get("step", "")
        data = {"id": id, "reason": tk.request.form.get("reason", ""),
                "organization": tk.request.form.get("organization", "")}
        try:
            if step == "check":
                check_result = tk.get_action("gdcatalog_registry_check")(context, {"id": id})
                tk.h.flash_success(tk._(MSG_CHECKED))
            elif step in _ACTIONS:
                done = tk.get_action(_ACTIONS[step])(context, data)
                tk.h.flash_success(tk._(MSG_DONE) % {
                    "state": tk.h.gdcatalog_registry_state_label(done["state"])})
                return tk.redirect_to("gdcatalog_registry.read", id=id)
            else:
                return tk.abort(400, tk._(MSG_UNKNOWN_STEP))
        except tk.ObjectNotFound:
            return tk.abort(404, tk._(MSG_NOT_FOUND_PAGE))
        except tk.NotAuthorized as error:
            return _login_or_forbid(str(error))
        except tk.ValidationError as error:
            errors = error.error_dict
    try:
        application = tk.get_action("gdcatalog_registry_application_show")(context, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._(MSG_NOT_FOUND_PAGE))
    except tk.NotAuthorized as error:
        return _login_or_forbid(str(error))
    return tk.render("gdcatalog/registry/read.html", extra_vars={
        "application": application, "errors": errors,
        "check": check_result or application.get("check_result")})



def blueprints() -> list[Blueprint]:
    return [registry]
