"""Command line: each command parses options, calls one library function and prints.

Errors are ComplaintgenError subclasses, turned into messages and exit codes in `main` only.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import i18n
from .errors import (
    AdmissibilityError,
    ComplaintgenError,
    ExitCode,
    Failed,
    GapsError,
    InputError,
    StageError,
    UsageError,
    printable,
)
from .kinds import KINDS, Kind

# Each command imports what it uses: the model, Jinja, python-docx and the rest cost more than
# `--help` or `validate` take to run (benchmarks/README.md, start-up).
if TYPE_CHECKING:
    from .documents import Rendered
    from .models import Case

# What a person reads (messages, errors, progress) in the interface language; set in main().
_t = i18n.Translator(i18n.DEFAULT)


def _say(message: str) -> None:
    click.echo(printable(message), err=True)


def _wrote(path: object) -> None:
    click.echo(printable(_t("cli:wrote", path=path)))


class _Commands(click.Group):
    """The document commands come from the kind registry when asked for, so a kind registered
    after import (an organisation's, or a test's) is a command like the shipped ones."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *KINDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in KINDS and name not in self.commands:
            command = _document_command(KINDS[name])
            _translate_help(command, name)
            return command
        return super().get_command(ctx, name)


class _KindChoice(click.Choice):
    """A document kind, checked against the registry when the command runs."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self):  # the registry as it is now, not as it was at import
        return list(KINDS)

    @choices.setter
    def choices(self, value) -> None:
        pass


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option(
    "--ui-lang",
    type=click.Choice(list(i18n.LANGS)),
    help="Language of messages and errors (default: the locale, else Russian).",
)
@click.version_option(package_name="complaintgen")
@click.pass_context
def cli(ctx: click.Context, debug: bool, ui_lang: str | None) -> None:
    """Filing-ready documents for torture-victim cases in Kazakhstan, in Russian and Kazakh."""
    ctx.obj = {"debug": debug}


_FORCE = click.option(
    "--force", is_flag=True, help="Replace an existing file that complaintgen did not write."
)
# Options several commands share, said once.
_TODAY = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    hidden=True,
    callback=lambda ctx, param, value: value.date() if value else date.today(),
    help="Date to sign and count deadlines from (for reproducible output).",
)
_STRICT = click.option(
    "--strict", is_flag=True, help="Missing facts are errors, not highlighted gaps."
)
_REDACT = click.option(
    "--redact",
    is_flag=True,
    help="A copy for sharing: names as initials, identifiers removed (case file: redaction).",
)
_PDF = click.option("--pdf", is_flag=True, help="Also a PDF of each document (LibreOffice).")


def _document_command(kind: Kind) -> click.Command:
    """`complaintgen appeal|protection|examination|cat CASE`: the same options for each."""
    both = "both" if len(kind.filed_langs) > 1 else kind.filed_langs[0]

    @click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--lang", type=click.Choice([*kind.langs, "both"]), default=both, show_default=True
    )
    @click.option(
        "-o", "--output", type=click.Path(path_type=Path), help="A .docx file or a folder."
    )
    @_STRICT
    @click.option(
        "--template",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="An organisation's DOCX: a letterhead with {{p body }}, or a whole docxtpl template.",
    )
    @_REDACT
    @_TODAY
    @_PDF
    @_FORCE
    def command(
        case_file: Path,
        lang: str,
        output: Path | None,
        strict: bool,
        template: Path | None,
        redact: bool,
        today,
        pdf: bool = False,
        force: bool = False,
        route: str | None = None,
    ) -> None:
        from . import generating
        from .arguments.parties import with_route
        from .loading import load_case

        if pdf:
            _pdf_available()
        case = with_route(load_case(case_file), route)
        day = today
        langs = list(kind.filed_langs) if lang == "both" else [lang]
        docs, paths = generating.generate(
            case,
            kind.name,
            langs,
            output,
            strict=strict,
            source=str(case_file),
            today=day,
            redact=redact,
            template=template,
            force=force,
        )
        _report(docs, paths, str(case_file))
        if pdf:
            _pdfs([paths[doc.lang] for doc in docs])
        if kind.deadline:
            _deadline(kind.deadline(case), case, day)

    if kind.routes:
        command = click.option(
            "--to",
            "route",
            type=click.Choice(list(kind.routes)),
            help="Investigating judge (ст. 106) or prosecutor (ст. 105); default: the case file.",
        )(command)
    return click.command(name=kind.name, help=kind.help, short_help=kind.short)(command)


for _kind in KINDS.values():
    cli.add_command(_document_command(_kind))


@cli.command()
@click.argument("kind", type=_KindChoice())
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", default="ru", show_default=True, help="Language of the document.")
@click.option(
    "--to",
    "route",
    type=click.Choice(["judge", "prosecutor"]),
    help="For the appeal: the route to explain (default: the case file's).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_TODAY
def explain(kind: str, case_file: Path, lang: str, route: str | None, as_json: bool, today) -> None:
    """Each paragraph of a document with the facts, snippet and law it came from."""
    from .arguments.parties import with_route
    from .explaining import explain as explain_document
    from .loading import load_case

    if lang not in KINDS[kind].langs:
        raise UsageError(f"'{kind}' is written in {', '.join(KINDS[kind].langs)}, not '{lang}'")
    case = with_route(load_case(case_file), route)
    day = today
    items, gaps = explain_document(case, kind, lang, day)
    if as_json:
        data = {"kind": kind, "lang": lang, "items": [i.as_dict() for i in items], "gaps": gaps}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for n, item in enumerate(items, 1):
        click.echo(f"[{n}] {item.key}")
        click.echo("    " + item.text.replace("\n", "\n    "))
        if item.facts:
            click.echo("    facts: " + ", ".join(item.facts))
        if item.snippet:
            click.echo(
                "    snippet: "
                + item.snippet["id"]
                + " ("
                + "; ".join(item.snippet["sources"])
                + ")"
            )
        if item.law:
            click.echo("    law: " + "; ".join(x["cite"] for x in item.law))
        click.echo("")
    for gap in gaps:
        _say(_t("cli:missing", source=case_file, where=lang, gap=gap))


@cli.command()
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the documents and index.md.",
)
@click.option(
    "--lang",
    default="ru,kk",
    show_default=True,
    help="Languages, comma-separated (ru, kk; en for the CAT communication).",
)
@_STRICT
@_REDACT
@_TODAY
@_PDF
@_FORCE
def packet(
    case_file: Path,
    output: Path,
    lang: str,
    strict: bool,
    redact: bool,
    today,
    pdf: bool,
    force: bool,
) -> None:
    """Every document the facts call for, into one folder, with an index."""
    # «both», as the document commands take it, is the two languages of Kazakh filings
    langs = ["ru", "kk"] if lang == "both" else [x.strip() for x in lang.split(",") if x.strip()]
    unknown = set(langs) - {"ru", "kk", "en"}
    if unknown or not langs:
        raise UsageError(f"--lang: unknown language(s) {', '.join(sorted(unknown)) or '(none)'}")
    from .loading import load_case
    from .packet import build_packet

    if pdf:
        _pdf_available()
    case = load_case(case_file)
    day = today
    result = build_packet(case, langs, output, strict=strict, today=day, redact=redact, force=force)
    for doc, path in result.documents:
        for gap in doc.gaps:
            _say(_t("cli:missing", source=case_file, where=f"{doc.kind} {doc.lang}", gap=gap))
        _wrote(path)
    for kind, why in result.skipped:
        _say(_t("cli:skipped", kind=kind, why=_t.model(why)))
    _wrote(result.index)
    if pdf:
        _pdfs([path for _, path in result.documents])


def _pdf_available() -> None:
    from .pdf import soffice

    soffice()  # say it now, before anything is written


def _pdfs(docx: list[Path]) -> None:
    """A PDF beside each written DOCX; a failure is an error (the DOCX files stay)."""
    from .pdf import convert

    for path in convert(docx):
        _wrote(path)


def _report(docs: list[Rendered], paths: dict, source: str) -> None:
    for doc in docs:
        for gap in doc.gaps:
            _say(_t("cli:missing", source=source, where=doc.lang, gap=gap))
        if doc.translated:
            fields = ", ".join(doc.translated)
            _say(_t("cli:vocabulary", source=source, where=doc.lang, fields=fields))
        if doc.notes and doc.lang == "en":
            # ru and kk show such texts as translation gaps (listed above); English quotes them.
            _say(
                _t("cli:other_language", source=source, where=doc.lang, fields=", ".join(doc.notes))
            )
        _wrote(paths[doc.lang])


def _deadline(d, case: Case, today: date) -> None:
    if d is None or d.last_day is None:
        if case.route.value == "judge":
            _say(_t("cli:deadline_unknown"))
        return
    last, basis = d.last_day.strftime("%d.%m.%Y"), _t(f"basis:{d.via}")
    left = d.days_left(today)
    if left is not None and left < 0:
        _say(_t("cli:deadline_passed", date=last, basis=basis))
    else:
        _say(_t("cli:deadline", date=last, basis=basis, days=left))


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output folder; re-running with the same arguments resumes.",
)
@click.option(
    "--docs",
    default=",".join(KINDS),  # the shipped kinds; --docs names any registered one
    show_default=True,
    help="Documents to make, comma-separated; each only where the facts call for it.",
)
@click.option("--lang", default="ru,kk", show_default=True, help="Languages, comma-separated.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--draft", is_flag=True, help="Allow gaps (missing facts); by default they fail.")
@_REDACT
@_PDF
@click.option("--zip", "make_zip", is_flag=True, help="Also pack every output into documents.zip.")
@_TODAY
def batch(
    input_path: Path,
    output: Path,
    docs: str,
    lang: str,
    jobs: int,
    draft: bool,
    redact: bool,
    pdf: bool,
    make_zip: bool,
    today,
) -> None:
    """Render many cases: INPUT is an .xlsx, .csv, .jsonl file or a folder of case files.

    Every valid case is rendered, every invalid one reported (report.csv); the exit code says
    whether all succeeded. manifest.json lists every output with its SHA-256.
    """
    from . import batch as batch_mod

    options = batch_mod.Options(
        tuple(_split(docs, set(KINDS), "--docs")),  # the registry as it is now
        tuple(_split(lang, {"ru", "kk", "en"}, "--lang")),
        strict=not draft,
        redact=redact,
        today=today,
        ui_lang=_t.lang,
    )
    if pdf:
        _pdf_available()  # say it now, not after an hour of rendering
    pdf_failures: list[str] = []
    with batch_mod.lock(output):
        result = batch_mod.run(input_path, output, options, jobs=jobs, progress=_progress_bar())
        if pdf and not result.stopped:
            pdf_failures = batch_mod.make_pdfs(output, jobs=jobs)
        if make_zip and not result.stopped:
            batch_mod.zip_outputs(output)
    for line in pdf_failures:
        _say(line)
    for problem in result.failed[:20]:
        _say(f"  {problem.render(_t.model(problem.message))}")
    if len(result.failed) > 20:
        more = len(result.failed) - 20
        _say(_t("cli:batch_more", count=more, path=output / batch_mod.REPORT))
    _say(
        _t(
            "cli:batch_summary",
            cases=result.rendered + result.unchanged + result.failed_cases,
            rendered=result.rendered,
            unchanged=result.unchanged,
            failed=result.failed_cases,
            documents=result.documents,
            output=output,
        )
    )  # the summary last, on its own line, after the problems it sums up
    if result.stopped:
        raise result.stopped
    if result.failed_cases:
        raise Failed(ExitCode.BATCH_FAILED)
    if pdf_failures:
        raise Failed(ExitCode.PDF)


@cli.command(name="deadlines")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    default=7,
    show_default=True,
    help="Mark deadlines due within this many days.",
)
@click.option("--lang", type=click.Choice(list(i18n.LANGS)), help="Language (default: the UI's).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--ics",
    "ics_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An iCalendar file to import into a calendar.",
)
@_TODAY
def deadlines_command(
    paths: tuple[Path, ...],
    within: int,
    lang: str | None,
    csv_path: Path | None,
    xlsx_path: Path | None,
    ics_path: Path | None,
    today,
) -> None:
    """Every running deadline of the cases in PATHS (case files, folders, a workbook), soonest
    first; overdue ones and those due within --within days are marked."""
    from . import deadlines, register
    from .caseset import load_cases

    day = today
    lang = lang or _t.lang
    items = deadlines.collect(load_cases(paths))
    outputs = [
        (csv_path, lambda: register.to_csv(items, day, within, lang)),
        (xlsx_path, lambda: register.to_xlsx(items, day, within, lang)),
        (ics_path, lambda: register.to_ics(items, day, lang)),
    ]
    made = [(path, build()) for path, build in outputs if path]  # all built before any is written
    from .files import write_atomic

    for path, data in made:
        write_atomic(path, data)
        _wrote(path)
    if not made:
        click.echo(register.table(items, day, within, lang), nl=False)


@cli.command(name="stats")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(list(i18n.LANGS)), help="Language (default: the UI's).")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path))
@_TODAY
def stats_command(
    paths: tuple[Path, ...], lang: str | None, xlsx_path: Path | None, html_path: Path | None, today
) -> None:
    """The monitoring tables of the index from the cases in PATHS: victims by gender and age,
    qualification, where complaints went, investigations, outcomes, examinations, security
    measures, custody. Aggregates only; cells of fewer than 3 cases are suppressed."""
    from . import stats, stats_report
    from .caseset import load_cases

    day = today
    lang = lang or _t.lang
    cases = load_cases(paths)
    tables = stats.tables(cases)
    outputs = [
        (xlsx_path, lambda: stats_report.to_xlsx(tables, len(cases), day, lang)),
        (html_path, lambda: stats_report.to_html(tables, len(cases), day, lang)),
    ]
    made = [(path, build()) for path, build in outputs if path]  # all built before any is written
    from .files import write_atomic

    for path, data in made:
        write_atomic(path, data)
        _wrote(path)
    if not made:
        click.echo(stats_report.to_text(tables, len(cases), day, lang), nl=False)


@cli.command(name="batch-template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--lang",
    type=click.Choice(list(i18n.LANGS)),
    help="Language of headers, choices and help (default: the UI's).",
)
def batch_template(output: Path, lang: str | None) -> None:
    """Write an empty batch workbook: headers, descriptions, drop-down lists."""
    from .workbook import write_template

    write_template(output, lang or _t.lang)
    _wrote(output)


def _split(value: str, allowed: set[str], option: str) -> list[str]:
    items = [x.strip() for x in value.split(",") if x.strip()]
    unknown = sorted(set(items) - allowed)
    if unknown or not items:
        raise UsageError(
            f"{option}: unknown value(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(sorted(allowed))}"
        )
    return items


def _progress_bar():
    """A progress bar on a terminal; nothing when output goes to a file or CI."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    # Cases done of the total, and the time left; when the total is unknown, the count alone.
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = None

    def update(done: int, total: int | None) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(_t("ui:progress_cases"), total=total)
        bar.update(task, completed=done)
        if total is not None and done >= total:
            bar.stop()

    return update


@cli.command()
@click.argument("kind", type=_KindChoice(), required=False)
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--lang", type=click.Choice(["ru", "kk", "en"]), default="ru", show_default=True)
@click.option("--schema", "as_schema", is_flag=True, help="The JSON Schema of the context.")
@click.option("--reference", is_flag=True, help="The names a template can use (docs).")
@_TODAY
def context(
    kind: str | None, case_file: Path | None, lang: str, as_schema: bool, reference: bool, today
) -> None:
    """Print what a template receives for KIND and CASE_FILE, as JSON (for template authors)."""
    from .loading import load_case
    from .orgtemplates import context_json, context_schema

    if as_schema or reference:  # one typed record: the schema, the docs and the check read it
        out = context_schema.reference() if reference else context_schema.json_schema()
        click.echo(out if reference else json.dumps(out, ensure_ascii=False, indent=2), nl=False)
        return
    if kind is None or case_file is None:
        raise UsageError("context: give KIND and CASE_FILE (or --schema, --reference)")
    case = load_case(case_file)
    day = today
    data = context_json(case, kind, lang, today=day)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@cli.group(name="templates")
def templates_group() -> None:
    """Organisation templates: check a DOCX template, export a shipped one to start from."""


@templates_group.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def templates_check(files: tuple[Path, ...]) -> None:
    """Find what breaks a DOCX template: split tags, typographic quotes, unbalanced blocks,
    variables the case file does not have, unknown filters."""
    from .orgtemplates import check_template

    bad = 0
    for path in files:
        problems = check_template(path)
        for line in problems:
            _say(line)
        if not problems:
            click.echo(_t("cli:ok", path=path))
        bad += bool(problems)
    if bad:
        raise Failed(ExitCode.TEMPLATE)


@templates_group.command(name="export")
@click.argument("kind", type=_KindChoice())
@click.option("--lang", type=click.Choice(["ru", "kk", "en"]), default="ru", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def templates_export(kind: str, lang: str, output: Path) -> None:
    """Write an editable DOCX copy of a shipped template to start your own from."""
    from . import files
    from .orgtemplates import export_template

    files.write_atomic(output, export_template(kind, lang))
    _wrote(output)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Case file to write (default: <case number>.yaml here).",
)
@click.option(
    "--resume",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Go on with a case file where it stopped.",
)
@click.option(
    "--ui-lang",
    type=click.Choice(["ru", "kk", "en"]),
    help="Language of the questions (default: the locale, else Russian).",
)
def intake(output: Path | None, resume: Path | None, ui_lang: str | None) -> None:
    """Ask the facts of a case question by question and write the case file."""
    from .intake import run_intake

    code = run_intake(output, resume, ui_lang or _root_ui_lang())
    if code:
        raise Failed(code)


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--ui-lang", type=click.Choice(["ru", "kk", "en"]))
@click.option(
    "--drafts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for drafts (default: ~/.local/share/complaintgen/drafts).",
)
@click.option(
    "--idle",
    type=click.IntRange(1, 7 * 24 * 60),
    default=120,
    show_default=True,
    help="Minutes without use after which the browser needs the address with the key again.",
)
def serve(port: int, ui_lang: str | None, drafts: Path | None, idle: int) -> None:
    """The questionnaire as a form in the browser, on this computer only (127.0.0.1)."""
    from .web import serve as serve_form

    serve_form(port, ui_lang or _root_ui_lang(), drafts, idle=idle * 60)


def _root_ui_lang() -> str | None:
    """`complaintgen --ui-lang kk intake`: the option given before the command."""
    return click.get_current_context().find_root().params.get("ui_lang")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check case files; one line per problem."""
    from .loading import load_case

    failed = []
    for path in files:
        try:
            case = load_case(path)
            missing = _still_missing(case, str(path))
            for line in missing:
                _say(line)
            # the verdict last, after the gaps it sums up: «no errors» above a list of gaps misled
            verdict = (
                _t("cli:ok_gaps", path=path, count=len(missing))
                if missing
                else _t("cli:ok", path=path)
            )
            click.echo(printable(verdict))
        except InputError as e:
            failed.append(e)
            for line in _error_lines(e):
                _say(line)
    if failed:
        raise Failed(ExitCode.INPUT)


@cli.command()
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
def new(case_file: Path) -> None:
    """Write a blank case file with an explanation of every field; never over an existing file."""
    from .blank import write_blank

    write_blank(case_file, _t)
    _wrote(case_file)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a case file."""
    from .schema import case_schema

    click.echo(json.dumps(case_schema(), ensure_ascii=False, indent=2))


@cli.group(name="snippets")
def snippets_group() -> None:
    """The legal-reasoning snippets."""


@snippets_group.command(name="list")
def snippets_list() -> None:
    """List snippets: id, documents, facts that pull them in, title."""
    from . import snippets

    for s in snippets.library().values():
        docs, facts = ",".join(s.documents), ",".join(s.applies_when)
        click.echo(f"{s.id:32} {docs:28} {facts:30} {s.title.get('ru', '')}")


@snippets_group.command(name="show")
@click.argument("snippet_id")
@click.option("--lang", type=click.Choice(["ru", "kk"]), default="ru", show_default=True)
def snippets_show(snippet_id: str, lang: str) -> None:
    """Show a snippet's text and sources (as written, gender forms unresolved)."""
    from . import snippets

    s = snippets.get(snippet_id)
    click.echo(f"# {s.title.get(lang, s.id)}\n")
    click.echo(s.text[lang] + "\n")
    click.echo("Sources:")
    for src in s.sources:
        mark = "verified" if src.verified else "NOT VERIFIED"
        click.echo(f"- {src.cite} [{mark}; {src.ref}]")


def _still_missing(case: Case, source: str) -> list[str]:
    """What each document the facts call for still lacks (its gaps), for `validate`."""
    from . import documents

    lines = []
    for kind in KINDS.values():
        if kind.needs(case):
            continue  # the facts do not call for it
        for lang in kind.langs:
            try:
                _, state = documents.render_text(case, kind.name, lang)
            except ComplaintgenError as e:
                lines += _error_lines(e)
                break
            where = f"{kind.name} {lang}"
            lines += [_t("cli:missing", source=source, where=where, gap=g) for g in state.gaps]
    return lines


def _error_lines(e: ComplaintgenError) -> list[str]:
    """An error's lines in the interface language (the located part stays as it is)."""
    if isinstance(e, InputError):
        return [p.render(_t.model(p.message)) for p in e.problems]
    if isinstance(e, AdmissibilityError):
        return [_t("cli:not_admissible", source=e.source, problem=_t.model(p)) for p in e.problems]
    if isinstance(e, GapsError):
        lines = []
        for gap in e.gaps:
            where, _, label = gap.partition("] ")
            lines.append(_t("cli:missing", source=e.source, where=where.lstrip("["), gap=label))
        return lines
    if isinstance(e, StageError):  # what the next step is, in the interface language
        return [f"{e.source}: {e.kind}: {_t.model(e.why)}"]
    return [_t.model(line) for line in e.lines()]


_OPTION_HELP: dict[click.Parameter, str | None] = {}  # as written, before any translation
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def _translate_help(command: click.Command, key: str) -> None:
    """Command and option help in the interface language, where the catalogs have them."""
    text = _t.get(f"help:{key}")
    if text:
        command.help = text
        # the first sentence: «(ст. 106 УПК РК)» has a full stop that ends none
        first = _SENTENCE_END.split(text, maxsplit=1)[0]
        command.short_help = None if isinstance(command, click.Group) else first
    if hasattr(command, "_help_option"):
        command._help_option = None  # click caches --help with its text: made anew in this language
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            english = _OPTION_HELP.setdefault(param, param.help)
            param.help = _t.get(f"opt:{param.name}") or i18n.click_text(_t.lang, english)
    for name, sub in getattr(command, "commands", {}).items():
        _translate_help(sub, name)


def _ui_lang(argv: list[str]) -> str:
    """--ui-lang before the command is parsed, so even a usage error speaks the user's language."""
    for i, arg in enumerate(argv):
        if arg == "--ui-lang" and i + 1 < len(argv) and argv[i + 1] in i18n.LANGS:
            return argv[i + 1]
        if arg.startswith("--ui-lang=") and arg.split("=", 1)[1] in i18n.LANGS:
            return arg.split("=", 1)[1]
    return i18n.ui_lang(None)


def main(argv: list[str] | None = None) -> int:
    """Entry point: the one place where errors become messages and exit codes."""
    global _t
    args = argv if argv is not None else sys.argv[1:]
    debug = "--debug" in args
    _t = i18n.Translator(_ui_lang(args))
    i18n.click_messages(_t.lang)
    _translate_help(cli, "complaintgen")
    # Whatever we or a child (LibreOffice) create is the owner's only, even where files.py does
    # not do the writing.
    umask = os.umask(0o077)
    # A pydantic plugin installed beside us would see every case we validate; looking for one
    # also costs ~15 ms of every run (importlib.metadata). The command line loads none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli.main(args=argv, prog_name="complaintgen", standalone_mode=False)
    except ComplaintgenError as e:
        if debug:
            raise
        for line in _error_lines(e):
            _say(line)
        return int(e.exit_code)
    except click.exceptions.Abort:
        _say(_t("cli:aborted"))
        return ExitCode.ABORTED
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except SystemExit as e:
        return int(e.code or 0)
    except OSError as e:  # a file we did not expect to touch: still the user's to fix
        if debug:
            raise
        from . import files

        _say(str(files.io_error(e.filename or "?", e, "cannot read or write")))
        return ExitCode.DISK_FULL if e.errno in (errno.ENOSPC, errno.EDQUOT) else ExitCode.IO
    except Exception as e:  # a bug of ours: say so plainly, keep the traceback for --debug
        if debug:
            raise
        _say(_t("cli:internal", error=f"{type(e).__name__}: {e}"))
        return ExitCode.INTERNAL
    finally:
        os.umask(umask)
    return ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
