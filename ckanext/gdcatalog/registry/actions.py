"""Actions and auth functions of the catalog registry.

An agency (or a provincial office) applies to register its catalog; the
central administrators — sysadmins and members of the organization named by
``ckan.gdcatalog.registry.admin_organization`` — check the URL, approve
(which creates or links the organization and creates a ckanext-harvest
source of type ``gdc_dcat_rdf``, or ``dcat_rdf`` without the plugin
gdcatalog_harvester), reject, suspend. The applicant may withdraw.
Every change of state is logged with who, when and why. Web pages and the
CLI call these actions.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ckanext.gdcatalog.registry import check, reference_data, store
from ckanext.gdcatalog.registry.organization import gdc_phone, is_provincial_office
from ckanext.gdcatalog.schema import slug, vocabularies
from ckanext.gdcatalog.schema.validators import gdc_email, gdc_url

ADMIN_ORGANIZATION_OPTION = "ckan.gdcatalog.registry.admin_organization"
ROLE_OPTION = "ckan.gdcatalog.role"
HARVEST_FREQUENCIES = ("MANUAL", "MONTHLY", "WEEKLY", "BIWEEKLY", "DAILY")
HARVEST_SOURCE_TYPE = "dcat_rdf"  # ckanext-dcat's, when gdcatalog_harvester is not loaded



def _harvest_source_type() -> str:
    import ckan.plugins as plugins
    if plugins.plugin_loaded("gdcatalog_harvester"):
        from ckanext.gdcatalog.harvest.harvester import SOURCE_TYPE
        return SOURCE_TYPE
    return HARVEST_SOURCE_TYPE


MSG_LOGIN_REQUIRED = "You must be logged in to register a catalog"
MSG_NOT_ORG_ADMIN = "Only an administrator of the organization may register its catalog"
MSG_CENTRAL_ONLY = "Only the central administrators of the directory may do this"
MSG_NOT_YOURS = "This application is not yours or your organization's"
MSG_NOT_FOUND = "No such application"
MSG_SYSADMIN_ONLY = "Only sysadmins may load reference data"
MSG_MISSING = "Please fill in this field"
MSG_BAD_NUMBER = "limit and offset must be whole numbers"
MSG_OFFSET_TOO_LARGE = "offset must be at most %(maximum)s"
MAX_OFFSET = 2**31 - 1  # far beyond any list; PostgreSQL's OFFSET stops at 2**63 - 1
MSG_CHECK_FAILED = "The catalog URL did not pass the check, so it cannot be approved: %(errors)s"
MSG_DUPLICATE_URL = "This catalog URL is already registered or awaiting review"
MSG_CENTRAL_ROLE = ("The catalog registry belongs to the central directory: set "
                    "ckan.gdcatalog.role = central")
MSG_WRONG_STATE = 'This cannot be done to an application that is "%(state)s"'
MSG_REASON_REQUIRED = "Please give a reason"
MSG_AGENCY_REQUIRED = "Choose your organization, or give the name of the new agency"
MSG_UNKNOWN_ORGANIZATION = 'There is no organization "%(value)s"'
MSG_BAD_FREQUENCY = '"%(value)s" is not a harvest frequency. Use one of: %(allowed)s'
MSG_UNKNOWN_VALUE = '"%(value)s" is not a value of %(field)s'
MSG_PROVINCE_REQUIRED = "A provincial office must name its province"
MSG_ORGANIZATION_EXISTS = ('An organization named "%(value)s" exists already: link the '
                           'application to it, or choose another name')

# Fields of a new agency, as the applicant gives them → organization fields.
_AGENCY_FIELDS = {"agency_name": "name", "agency_title": "title",
                  "agency_title_en": "title_en", "agency_type": "agency_type",
                  "agency_code": "agency_code", "ministry": "ministry",
                  "province": "province", "website": "website"}
_VOCABULARY_FIELDS = {"agency_type": "agency_type", "ministry": "ministry",
                      "province": "province"}


# -- who may do what ----------------------------------------------------------

def _user(context: dict[str, Any]) -> Optional[model.User]:
    name = context.get("user")
    return model.User.get(name) if name else None


def is_central_admin(user_name: Optional[str]) -> bool:
    """Sysadmins, and members (any role) of the central-admin organization."""
    if not user_name:
        return False
    if authz.is_sysadmin(user_name):
        return True
    org_name = tk.config.get(ADMIN_ORGANIZATION_OPTION)
    if not org_name:
        return False
    group = model.Group.get(org_name)
    user = model.User.get(user_name)
    if not group or not user or not group.is_organization:
        return False
    return authz.users_role_for_group_or_org(group.id, user.name) is not None


def _admin_org_ids(user: model.User) -> list[str]:
    return [g.id for g in user.get_groups("organization", "admin")]


def _may_see(user: Optional[model.User], application: dict[str, Any]) -> bool:
    if user is None:
        return False
    if is_central_admin(user.name) or application["applicant_id"] == user.id:
        return True
    return application.get("organization_id") in _admin_org_ids(user)


def _denied(msg: str) -> dict[str, Any]:
    return {"success": False, "msg": tk._(msg)}


def apply_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return _denied(MSG_LOGIN_REQUIRED)
    # The organization exactly as the action reads it (_application_values):
    # a value checked here in one spelling and used there in another would
    # let anyone apply for any organization.
    org = _text(data_dict, "organization")
    if org and not is_central_admin(user.name):
        group = model.Group.get(org)
        if group is not None and not authz.has_user_permission_for_group_or_org(
                group.id, user.name, "admin"):
            return _denied(MSG_NOT_ORG_ADMIN)
    return {"success": True}


def list_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Everyone logged in may list: the action shows each only their own.
    return {"success": True} if _user(context) else _denied(MSG_LOGIN_REQUIRED)


def show_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return _denied(MSG_LOGIN_REQUIRED)
    application = store.get(str(data_dict.get("id") or ""))
    if application is None:  # the action answers "not found"
        return {"success": True}
    return {"success": True} if _may_see(user, application) else _denied(MSG_NOT_YOURS)


def central_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return {"success": True} if is_central_admin(context.get("user")) else \
        _denied(MSG_CENTRAL_ONLY)


def withdraw_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    return show_auth(context, data_dict)


def reference_load_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    # Sysadmins pass every auth function without calling it.
    return _denied(MSG_SYSADMIN_ONLY)


# -- validation ---------------------------------------------------------------

def _invalid(field: str, msg: str, **values: Any) -> tk.ValidationError:
    return tk.ValidationError({field: [tk._(msg) % values if values else tk._(msg)]})


def _clean(value: str) -> str:
    # PostgreSQL text cannot hold NUL: it is dropped, as the search index does.
    return value.replace("\x00", "").strip()


def _text(data_dict: dict[str, Any], key: str) -> str:
    value = data_dict.get(key)
    return _clean(value) if isinstance(value, str) else ""


def _normalised(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The applicant's data as _text reads it, once, before the auth
    function and the action see it."""
    return {key: _clean(value) if isinstance(value, str) else value
            for key, value in data_dict.items()}


def _validated(validator: Any, value: str, field: str, errors: dict[str, list[str]]) -> str:
    try:
        return validator(value, {}) if value else ""
    except tk.Invalid as error:
        errors.setdefault(field, []).append(str(error.error))
        return value


def _application_values(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The columns of a new application from the applicant's data, or
    ValidationError naming every problem at once."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    url = _text(data_dict, "catalog_url")
    if not url:
        errors["catalog_url"] = [tk._(MSG_MISSING)]
    values["catalog_url"] = _validated(gdc_url, url, "catalog_url", errors)
    if url and "catalog_url" not in errors and store.active_with_url(values["catalog_url"]):
        errors["catalog_url"] = [tk._(MSG_DUPLICATE_URL)]
    values["contact_name"] = _text(data_dict, "contact_name")
    if not values["contact_name"]:
        errors["contact_name"] = [tk._(MSG_MISSING)]
    email = _text(data_dict, "contact_email")
    if not email:
        errors["contact_email"] = [tk._(MSG_MISSING)]
    values["contact_email"] = _validated(gdc_email, email, "contact_email", errors)
    values["contact_phone"] = _validated(gdc_phone, _text(data_dict, "contact_phone"),
                                         "contact_phone", errors)
    frequency = (_text(data_dict, "harvest_frequency") or "WEEKLY").upper()
    if frequency not in HARVEST_FREQUENCIES:
        errors["harvest_frequency"] = [tk._(MSG_BAD_FREQUENCY) % {
            "value": frequency, "allowed": ", ".join(HARVEST_FREQUENCIES)}]
    values["harvest_frequency"] = frequency
    values["notes"] = _text(data_dict, "notes")

    org = _text(data_dict, "organization")
    if org:
        group = model.Group.get(org)
        if group is None or not group.is_organization or group.state != "active":
            errors["organization"] = [tk._(MSG_UNKNOWN_ORGANIZATION) % {"value": org}]
        else:
            values["organization_id"] = group.id
    else:
        values["new_organization"] = _new_agency(data_dict, errors)
    if errors:
        raise tk.ValidationError(errors)
    return values


def _new_agency(data_dict: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    agency = {target: _text(data_dict, source) for source, target in _AGENCY_FIELDS.items()
              if _text(data_dict, source)}
    if not agency.get("title"):
        errors["agency_title"] = [tk._(MSG_AGENCY_REQUIRED)]
    for field, vocabulary in _VOCABULARY_FIELDS.items():
        if agency.get(field):
            code = vocabularies.get(vocabulary).normalise(agency[field])
            if code is None:
                errors[field] = [tk._(MSG_UNKNOWN_VALUE) % {
                    "value": agency[field], "field": field}]
            else:
                agency[field] = code
    if is_provincial_office(agency.get("agency_type")) and not agency.get("province"):
        errors["province"] = [tk._(MSG_PROVINCE_REQUIRED)]
    if agency.get("website"):
        agency["website"] = _validated(gdc_url, agency["website"], "website", errors)
    return agency


# -- actions ------------------------------------------------------------------

def central_site_only(action: Any) -> Any:
    """The registry is the central directory's: an agency catalog
    (``ckan.gdcatalog.role = agency``) refuses its actions plainly."""
    @functools.wraps(action)
    def wrapper(context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
        if not is_central_site():
            raise tk.ValidationError({"ckan.gdcatalog.role": [tk._(MSG_CENTRAL_ROLE)]})
        return action(context, data_dict)
    return wrapper


def is_central_site() -> bool:
    return tk.config.get(ROLE_OPTION) == "central"


def _shown(application: dict[str, Any], with_log: bool = False) -> dict[str, Any]:
    result = dict(application)
    org_id = application.get("organization_id")
    group = model.Group.get(org_id) if org_id else None
    result["organization"] = {"id": group.id, "name": group.name, "title": group.title} \
        if group else None
    applicant = model.User.get(application["applicant_id"])
    result["applicant"] = applicant.name if applicant else None
    if with_log:
        log = store.transitions(application["id"])
        for entry in log:
            who = model.User.get(entry["user_id"]) if entry["user_id"] else None
            entry["user"] = who.name if who else None
        result["log"] = log
    return result


def _get(data_dict: dict[str, Any]) -> dict[str, Any]:
    application = store.get(str(data_dict.get("id") or ""))
    if application is None:
        raise tk.ObjectNotFound(tk._(MSG_NOT_FOUND))
    return application


@central_site_only
def gdcatalog_registry_apply(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Apply to register a catalog (any logged-in user for a new agency; an
    admin of the organization for an existing one).

    :param catalog_url: the DCAT endpoint, or the address of a CKAN site
    :param organization: the applicant's organization (name or id), or:
    :param agency_title: the new agency's name (and optionally agency_name,
        agency_title_en, agency_type, agency_code, ministry, province, website)
    :param contact_name: :param contact_email: :param contact_phone: (optional)
    :param harvest_frequency: MANUAL, MONTHLY, WEEKLY (default), BIWEEKLY, DAILY
    :param notes: anything the reviewers should know (optional)
    :returns: the application (state pending)
    """
    data_dict = _normalised(data_dict)
    tk.check_access("gdcatalog_registry_apply", context, data_dict)
    values = _application_values(data_dict)
    user = _user(context)
    assert user is not None  # the auth function requires a user
    application = store.create(values, user.id)
    model.Session.commit()
    return _shown(application, with_log=True)


@central_site_only
def gdcatalog_registry_application_list(context: dict[str, Any],
                                        data_dict: dict[str, Any]) -> dict[str, Any]:
    """Applications, newest first: all of them for central administrators;
    for anyone else, their own and those of organizations they administer.

    :param state: only applications in this state (optional; several
        separated by spaces or a list)
    :param limit: at most this many (default 100)  :param offset: skip (default 0)
    :returns: ``{"count": total, "results": [...]}``
    """
    tk.check_access("gdcatalog_registry_application_list", context, data_dict)
    user = _user(context)
    assert user is not None
    states = data_dict.get("state") or []
    if isinstance(states, str):
        states = states.split()
    unknown = [s for s in states if s not in store.STATES]
    if unknown:
        raise _invalid("state", MSG_WRONG_STATE, state=unknown[0])
    try:
        limit = min(max(int(data_dict.get("limit", 100)), 0), 1000)
        offset = max(int(data_dict.get("offset", 0)), 0)
    except (TypeError, ValueError, OverflowError):
        raise tk.ValidationError({"limit": [tk._(MSG_BAD_NUMBER)]})
    if offset > MAX_OFFSET:
        raise _invalid("offset", MSG_OFFSET_TOO_LARGE, maximum=MAX_OFFSET)
    visible_to = None if is_central_admin(user.name) else (user.id, _admin_org_ids(user))
    total, rows = store.search(states=states, visible_to=visible_to, limit=limit, offset=offset)
    return {"count": total, "results": [_shown(r) for r in rows]}


@central_site_only
def gdcatalog_registry_application_show(context: dict[str, Any],
                                        data_dict: dict[str, Any]) -> dict[str, Any]:
    """One application with its log (who, when, from and to which state, why).

    :param id: the application's id
    """
    tk.check_access("gdcatalog_registry_application_show", context, data_dict)
    return _shown(_get(data_dict), with_log=True)


@central_site_only
def gdcatalog_registry_check(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Check an application's catalog URL (central administrators): reachable,
    valid DCAT, how many datasets; the result is kept on the application.

    :param id: the application (or ``url``: check any URL without keeping it)
    :returns: ok, url, dcat_url, rdf_format, ckan_version, datasets,
        total_datasets, next_page, errors
    """
    tk.check_access("gdcatalog_registry_check", context, data_dict)
    if data_dict.get("id"):
        application = _get(data_dict)
        result = check.check_catalog(application["catalog_url"]).as_dict()
        store.update(application["id"], check_result=result,
                     dcat_url=result["dcat_url"] or application.get("dcat_url"))
        model.Session.commit()
        return result
    url = _text(data_dict, "url")
    if not url:
        raise tk.ValidationError({"url": [tk._(MSG_MISSING)]})
    return check.check_catalog(url).as_dict()


def _require_state(application: dict[str, Any], *states: str) -> None:
    if application["state"] not in states:
        raise tk.ValidationError({"state": [tk._(MSG_WRONG_STATE) % {
            "state": application["state"]}]})


def _transition(context: dict[str, Any], application: dict[str, Any], to_state: str,
                reason: str = "", **values: Any) -> dict[str, Any]:
    user = _user(context)
    try:
        store.transition(application["id"], application["state"], to_state,
                         user.id if user else "", reason, **values)
    except store.StateChanged:
        model.Session.rollback()
        raise tk.ValidationError({"state": [tk._(MSG_WRONG_STATE) % {
            "state": (store.get(application["id"]) or application)["state"]}]})
    model.Session.commit()
    return _shown(_get({"id": application["id"]}), with_log=True)


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _organization_for(application: dict[str, Any], link_to: str) -> str:
    """The id of the organization the approved catalog belongs to: the one
    given (or applied for), else a new one made from the application, whose
    applicant becomes its admin."""
    if link_to:
        group = model.Group.get(link_to)
        if group is None or not group.is_organization or group.state != "active":
            raise _invalid("organization", MSG_UNKNOWN_ORGANIZATION, value=link_to)
        return group.id
    if application.get("organization_id"):
        return application["organization_id"]
    agency = dict(application["new_organization"] or {})
    if not agency.get("name"):
        base = slug.slugify_title(agency.get("title_en") or agency["title"]) or "agency"
        agency["name"] = slug.unique_name(base, lambda n: model.Group.get(n) is not None)
    elif model.Group.get(agency["name"]) is not None:
        raise _invalid("organization", MSG_ORGANIZATION_EXISTS, value=agency["name"])
    agency["contact_email"] = application.get("contact_email") or ""
    agency["contact_phone"] = application.get("contact_phone") or ""
    org = tk.get_action("organization_create")(_site_context(), agency)
    applicant = model.User.get(application["applicant_id"])
    if applicant is not None:
        tk.get_action("organization_member_create")(
            _site_context(), {"id": org["id"], "username": applicant.name, "role": "admin"})
    store.update(application["id"], organization_id=org["id"])
    model.Session.commit()
    return org["id"]


def _harvest_source(application: dict[str, Any], org_id: str) -> str:
    """Create the harvest source of an approved catalog (or make the one of a
    suspended catalog active again)."""
    context = _site_context()
    if application.get("harvest_source_id"):
        tk.get_action("harvest_source_patch")(
            context, {"id": application["harvest_source_id"], "state": "active"})
        return application["harvest_source_id"]
    group = model.Group.get(org_id)
    base = f"harvest-{group.name}" if group else "harvest"
    name = slug.unique_name(base[:90])
    result = application.get("check_result") or {}
    config = {"rdf_format": result["rdf_format"]} if result.get("rdf_format") else {}
    source = tk.get_action("harvest_source_create")(context, {
        "name": name,
        "title": group.title if group else application["catalog_url"],
        "url": application.get("dcat_url") or application["catalog_url"],
        "source_type": _harvest_source_type(),
        "frequency": application["harvest_frequency"],
        "owner_org": org_id,
        "config": json.dumps(config),
        "notes": application.get("notes") or "",
    })
    return source["id"]


def _require_valid_catalog(application: dict[str, Any]) -> None:
    """A catalog is approved only once its URL passed the check (run now
    unless the last one passed): the harvest source needs the DCAT
    endpoint, and an unreachable catalog would only fail to harvest."""
    if (application.get("check_result") or {}).get("ok"):
        return
    result = check.check_catalog(application["catalog_url"]).as_dict()
    store.update(application["id"], check_result=result,
                 dcat_url=result["dcat_url"] or application.get("dcat_url"))
    model.Session.commit()
    if not result["ok"]:
        raise tk.ValidationError({"catalog_url": [tk._(MSG_CHECK_FAILED) % {
            "errors": " ".join(result["errors"])}]})


@central_site_only
def gdcatalog_registry_approve(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Approve a pending application, or resume a suspended one (central
    administrators): creates or links the organization and creates the
    harvest source (type gdc_dcat_rdf, or dcat_rdf without gdcatalog_harvester).

    :param id: the application
    :param organization: link to this existing organization instead
        (optional)
    :param reason: a note for the log (optional)
    """
    tk.check_access("gdcatalog_registry_approve", context, data_dict)
    application = _get(data_dict)
    _require_state(application, store.PENDING, store.SUSPENDED)
    if not application.get("harvest_source_id"):
        _require_valid_catalog(application)
    created = not (_text(data_dict, "organization") or application.get("organization_id"))
    org_id = _organization_for(application, _text(data_dict, "organization"))
    application = _get(data_dict)
    try:
        source_id = _harvest_source(application, org_id)
    except Exception:
        # No half-approved application: the organization made for it goes
        # again, and the application stays as it was.
        model.Session.rollback()
        if created:
            tk.get_action("organization_purge")(_site_context(), {"id": org_id})
            store.update(application["id"], organization_id=None)
            model.Session.commit()
        raise
    return _transition(context, application, store.APPROVED, _text(data_dict, "reason"),
                       organization_id=org_id, harvest_source_id=source_id)


def _with_reason(context: dict[str, Any], data_dict: dict[str, Any], action: str,
                 from_states: tuple[str, ...], to_state: str,
                 reason_required: bool) -> dict[str, Any]:
    tk.check_access(action, context, data_dict)
    application = _get(data_dict)
    reason = _text(data_dict, "reason")
    if reason_required and not reason:
        raise _invalid("reason", MSG_REASON_REQUIRED)
    _require_state(application, *from_states)
    if application.get("harvest_source_id") and application["state"] == store.APPROVED:
        # Stop harvesting; the datasets harvested so far stay.
        tk.get_action("harvest_source_patch")(
            _site_context(), {"id": application["harvest_source_id"], "state": "deleted"})
    return _transition(context, application, to_state, reason)


@central_site_only
def gdcatalog_registry_reject(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Reject a pending application (central administrators).

    :param id: the application  :param reason: why (required)
    """
    return _with_reason(context, data_dict, "gdcatalog_registry_reject",
                        (store.PENDING,), store.REJECTED, True)


@central_site_only
def gdcatalog_registry_suspend(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Suspend an approved catalog (central administrators): its harvest
    source stops; approving again resumes it.

    :param id: the application  :param reason: why (required)
    """
    return _with_reason(context, data_dict, "gdcatalog_registry_suspend",
                        (store.APPROVED,), store.SUSPENDED, True)


@central_site_only
def gdcatalog_registry_withdraw(context: dict[str, Any],
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    """Withdraw an application or a registered catalog (the applicant, an
    admin of its organization, or a central administrator).

    :param id: the application  :param reason: why (optional)
    """
    return _with_reason(context, data_dict, "gdcatalog_registry_withdraw",
                        (store.PENDING, store.APPROVED, store.SUSPENDED), store.WITHDRAWN,
                        False)


def gdcatalog_reference_load(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Create or update the ministries of schemas/ministries.yaml as
    organizations (sysadmins only); idempotent.

    :returns: ``{"ministries": {"created": n, "updated": n, "kept": n}}``
    """
    tk.check_access("gdcatalog_reference_load", context, data_dict)
    return {"ministries": reference_data.load_ministries(context["user"])}


ACTIONS = {
    "gdcatalog_registry_apply": gdcatalog_registry_apply,
    "gdcatalog_registry_application_list": gdcatalog_registry_application_list,
    "gdcatalog_registry_application_show": gdcatalog_registry_application_show,
    "gdcatalog_registry_check": gdcatalog_registry_check,
    "gdcatalog_registry_approve": gdcatalog_registry_approve,
    "gdcatalog_registry_reject": gdcatalog_registry_reject,
    "gdcatalog_registry_suspend": gdcatalog_registry_suspend,
    "gdcatalog_registry_withdraw": gdcatalog_registry_withdraw,
    "gdcatalog_reference_load": gdcatalog_reference_load,
}
AUTH_FUNCTIONS = {
    "gdcatalog_registry_apply": apply_auth,
    "gdcatalog_registry_application_list": list_auth,
    "gdcatalog_registry_application_show": show_auth,
    "gdcatalog_registry_check": central_auth,
    "gdcatalog_registry_approve": central_auth,
    "gdcatalog_registry_reject": central_auth,
    "gdcatalog_registry_suspend": central_auth,
    "gdcatalog_registry_withdraw": withdraw_auth,
    "gdcatalog_reference_load": reference_load_auth,
}
