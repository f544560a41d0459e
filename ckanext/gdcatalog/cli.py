"""``ckan gdcatalog ...`` commands. Each command calls an action as the
site user (a sysadmin), so the CLI and the API share code and rules."""
from __future__ import annotations

import json
from typing import Any

import click

import ckan.plugins.toolkit as tk


def _site_user_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"]}


def _request_context(ctx: click.Context) -> Any:
    # Actions may render URLs or check the current user, which needs a
    # request context; the ckan command provides the application.
    return ctx.meta["flask_app"].test_request_context()


@click.group(short_help="GD Catalog commands: demo data, health checks, Excel import, registry reference data, quality.")
def gdcatalog() -> None:
    """GD Catalog commands."""


@gdcatalog.group()
def demo() -> None:
    """Demo organizations and datasets."""


@demo.command("load")
@click.option("--limit", type=click.IntRange(min=0),
              help="Load only the first N datasets and their organizations.")
@click.option("--update", is_flag=True,
              help="Bring existing demo items back to the demo content.")
@click.option("--organization", metavar="NAME",
              help="Load only this demo organization and its datasets (an agency's catalog).")
@click.option("--without-datasets-of", metavar="NAME",
              help="Load every organization but not this one's datasets (a central "
                   "directory that harvests them).")
@click.pass_context
def demo_load(ctx: click.Context, limit: int | None, update: bool, organization: str | None,
              without_datasets_of: str | None) -> None:
    """Load the demo organizations and datasets (idempotent).

    Needs ckan.gdcatalog.demo.enabled = true.
    """
    from ckanext.gdcatalog.demo import loader
    from ckanext.gdcatalog.demo.actions import PROGRESS_KEY

    data_dict: dict[str, Any] = {"update": update}
    if limit is not None:
        data_dict["limit"] = limit
    if organization:
        data_dict["organization"] = organization
    if without_datasets_of:
        data_dict["without_datasets_of"] = without_datasets_of
    try:
        size = loader.plan(limit, organization, without_datasets_of).size
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    with _request_context(ctx):
        context = _site_user_context()
        bar: Any
        with click.progressbar(length=size, label="Loading demo content") as bar:
            context[PROGRESS_KEY] = bar.update
            try:
                report = tk.get_action("gdcatalog_demo_load")(context, data_dict)
            except tk.ValidationError as e:
                raise click.ClickException(_errors(e)) from None
    for kind in ("organizations", "datasets"):
        counts = report[kind]
        click.echo(f"{kind}: {counts['created']} created, {counts['updated']} updated, "
                   f"{counts['kept']} kept")


def _errors(error: Any) -> str:
    details = error.error_dict if hasattr(error, "error_dict") else {}
    return "; ".join(f"{key}: {' '.join(map(str, value)) if isinstance(value, list) else value}"
                     for key, value in details.items()) or str(error)


@gdcatalog.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Check configuration, database, Redis, search and harvest queues.

    Exits with status 1 when a check fails.
    """
    with _request_context(ctx):
        status = tk.get_action("gdcatalog_status")(_site_user_context(), {})
    if as_json:
        click.echo(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        width = max(len(c["name"]) for c in status["checks"])
        for check in status["checks"]:
            label = click.style("OK  ", fg="green") if check["ok"] else \
                click.style("FAIL", fg="red", bold=True)
            click.echo(f"{label}  {check['name']:<{width}}  {check['message']}")
    if not status["ok"]:
        ctx.exit(1)


@gdcatalog.command("import-excel")
@click.argument("file", type=click.File("rb"))
@click.option("--organization", "-o", required=True, help="Name or id of the organization.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.pass_context
def import_excel(ctx: click.Context, file: Any, organization: str, dry_run: bool,
                 as_json: bool) -> None:
    """Import an NSO template workbook (.xlsx) into an organization.

    Exits with status 1 when a row has problems.
    """
    from ckanext.gdcatalog.bulk.actions import PROGRESS_KEY
    bar: dict[str, Any] = {}

    def progress(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = click.progressbar(length=total, label="Importing datasets",
                                           file=click.get_text_stream("stderr"))
            bar["bar"].__enter__()
        bar["bar"].update(done - bar.get("done", 0))
        bar["done"] = done

    with _request_context(ctx):
        context = _site_user_context()
        context[PROGRESS_KEY] = progress
        try:
            report = tk.get_action("gdcatalog_import_excel")(context, {
                "organization": organization, "upload": file, "dry_run": dry_run,
                "background": False})
        except (tk.ValidationError, tk.ObjectNotFound) as e:
            raise click.ClickException(_errors(e)) from None
        finally:
            if "bar" in bar:
                bar["bar"].__exit__(None, None, None)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for row in report["report"]:
            what = row["name"] + (f" / {row['resource']}" if row["resource"] is not None else "")
            click.echo(f"{row['sheet']} row {row['row']}: {what}: {row['status']}")
            for problem in row["problems"]:
                field = f"{problem['field']}: " if problem["field"] else ""
                click.echo(f"    {field}{problem['message']['en']} / {problem['message']['th']}")
        counts = report["datasets"]
        verb = "would be " if dry_run else ""
        click.echo(", ".join(f"{n} {verb}{status}" for status, n in counts.items()))
    if report["invalid_rows"]:
        ctx.exit(1)


@gdcatalog.command("export-excel")
@click.option("--organization", "-o", help="Name or id of the organization.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx")
@click.option("--blank", is_flag=True, help="The blank template instead of a catalog.")
@click.option("--output", "-f", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: the suggested file name).")
@click.pass_context
def export_excel(ctx: click.Context, organization: str | None, fmt: str, blank: bool,
                 output: str | None) -> None:
    """Export an organization's catalog in the NSO template (or as CSV)."""
    import base64
    with _request_context(ctx):
        context = _site_user_context()
        try:
            if blank:
                result = tk.get_action("gdcatalog_excel_template")(context, {})
            else:
                result = tk.get_action("gdcatalog_export_excel")(context, {
                    "organization": organization, "format": fmt})
        except (tk.ValidationError, tk.ObjectNotFound) as e:
            raise click.ClickException(_errors(e)) from None
    path = output or result["filename"]
    with open(path, "wb") as f:
        f.write(base64.b64decode(result["content"]))
    count = "" if blank else f"{result['count']} datasets, "
    click.echo(f"{count}written to {path}")


@gdcatalog.group()
def reference() -> None:
    """Reference data of schemas/ (ministries)."""


@reference.command("load")
@click.pass_context
def reference_load(ctx: click.Context) -> None:
    """Create or update the ministries as organizations (idempotent)."""
    with _request_context(ctx):
        report = tk.get_action("gdcatalog_reference_load")(_site_user_context(), {})
    counts = report["ministries"]
    click.echo(f"ministries: {counts['created']} created, {counts['updated']} updated, "
               f"{counts['kept']} kept")


@gdcatalog.group()
def quality() -> None:
    """Data-quality assessment (plugin gdcatalog_quality)."""


@quality.command("run")
@click.option("--dataset", help="A dataset's name or id.")
@click.option("--organization", help="An organization's name or id.")
@click.option("--all", "everything", is_flag=True, help="Every dataset.")
@click.option("--background", is_flag=True, help="Queue jobs for the workers instead.")
@click.pass_context
def quality_run(ctx: click.Context, dataset: str | None, organization: str | None,
                everything: bool, background: bool) -> None:
    """Assess the resources of a dataset, an organization or every dataset."""
    from ckanext.gdcatalog.quality.actions import PROGRESS_KEY

    data_dict: dict[str, Any] = {"dataset": dataset, "organization": organization,
                                 "all": everything, "background": background}
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Assessing resources")
            bar.__enter__()
        bar.update(1)

    with _request_context(ctx):
        context = _site_user_context()
        context[PROGRESS_KEY] = progress
        try:
            report = tk.get_action("gdcatalog_quality_run")(context, data_dict)
        except tk.ValidationError as e:
            raise click.ClickException(_errors(e)) from None
        except tk.ObjectNotFound as e:
            raise click.ClickException(str(e) or "not found") from None
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
    click.echo(f"datasets: {report['datasets']}, resources: {report['resources']}, "
               f"errors: {report['errors']}, queued: {report['queued']}")


@gdcatalog.group()
def dcat() -> None:
    """DCAT endpoints (plugin dcat)."""


@dcat.command("prerender")
@click.option("--dataset", "datasets", multiple=True, metavar="ID",
              help="Only this dataset (repeatable); default every published dataset.")
@click.option("--background", is_flag=True, help="Queue jobs for the workers instead.")
@click.pass_context
def dcat_prerender(ctx: click.Context, datasets: tuple[str, ...], background: bool) -> None:
    """Make the missing DCAT fragments of published datasets (after an
    upgrade, say), for the formats of ckan.gdcatalog.dcat.prerender_formats."""
    with _request_context(ctx):
        report = tk.get_action("gdcatalog_dcat_prerender")(
            _site_user_context(), {"ids": list(datasets), "background": background})
    formats = " ".join(report["formats"]) or "none (ckan.gdcatalog.dcat.prerender_formats)"
    if background:
        click.echo(f"formats: {formats}; jobs queued: {report['jobs']}")
    else:
        click.echo(f"formats: {formats}; published datasets: {report['datasets']}, "
                   f"fragments made: {report['rendered']}")


@gdcatalog.group()
def harvest() -> None:
    """Harvesting (plugin gdcatalog_harvester): run now, stuck jobs, retention."""


@harvest.command("run")
@click.argument("source")
@click.option("--timeout", type=click.IntRange(min=1), default=600, show_default=True,
              help="Seconds to wait for the job to finish.")
@click.pass_context
def harvest_run(ctx: click.Context, source: str, timeout: int) -> None:
    """Harvest SOURCE (id or name) now and wait until its job finishes.

    The job goes through the real queues: the gather and fetch consumers
    (``ckan harvester gather-consumer`` and ``fetch-consumer``) must be
    running. Exits with status 1 when the job records errors or does not
    finish within the timeout.
    """
    from ckanext.gdcatalog.harvest import run_now
    with _request_context(ctx):
        try:
            job = run_now.run_and_wait(_site_user_context(), source, timeout)
        except (tk.ObjectNotFound, tk.ValidationError, run_now.RunFailed) as e:
            raise click.ClickException(_errors(e)) from None
    click.echo(run_now.describe(job))
    if job["stats"].get("errored"):
        ctx.exit(1)


@harvest.command("finish-stuck")
@click.option("--minutes", type=click.IntRange(min=1),
              help="Without progress for this long (default ckan.gdcatalog.harvest.stuck_minutes).")
@click.pass_context
def harvest_finish_stuck(ctx: click.Context, minutes: int | None) -> None:
    """Finish with an error the harvest jobs whose worker died."""
    with _request_context(ctx):
        result = tk.get_action("gdcatalog_harvest_finish_stuck")(
            _site_user_context(), {"minutes": minutes})
    click.echo(f"jobs finished: {len(result['finished'])}")


@harvest.command("prune")
@click.option("--days", type=click.IntRange(min=1),
              help="Keep this many days (default ckan.gdcatalog.harvest.retention_days).")
@click.pass_context
def harvest_prune(ctx: click.Context, days: int | None) -> None:
    """Delete old harvest history (objects that are not current, empty jobs)."""
    with _request_context(ctx):
        result = tk.get_action("gdcatalog_harvest_prune")(_site_user_context(), {"days": days})
    click.echo(f"objects deleted: {result['objects']}, jobs deleted: {result['jobs']}")


def get_commands() -> list[click.Command]:
    return [gdcatalog]
