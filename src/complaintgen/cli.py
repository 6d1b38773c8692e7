"""Command line: each command parses options, calls one library function and prints.

Errors are ComplaintgenError subclasses, turned into messages and exit codes in `main` only.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from . import documents, files, i18n, snippets
from .errors import (
    AdmissibilityError,
    ComplaintgenError,
    ExitCode,
    Failed,
    GapsError,
    InputError,
    UsageError,
    printable,
)
from .kinds import KINDS, Kind
from .loading import load_case
from .models import Case, Route
from .packet import build_packet

# What a person reads (messages, errors, progress) in the interface language; set in main().
_t = i18n.Translator(i18n.DEFAULT)


def _say(message: str) -> None:
    click.echo(printable(message), err=True)


def _wrote(path: object) -> None:
    click.echo(printable(_t("cli:wrote", path=path)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


def _document_command(kind: Kind) -> click.Command:
    """`complaintgen appeal|protection|examination|cat CASE`: the same options for each."""
    both = "both" if len(kind.langs) > 1 else kind.langs[0]

    @click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--lang", type=click.Choice([*kind.langs, "both"]), default=both, show_default=True
    )
    @click.option(
        "-o", "--output", type=click.Path(path_type=Path), help="A .docx file or a folder."
    )
    @click.option("--strict", is_flag=True, help="Missing facts are errors, not highlighted gaps.")
    @click.option(
        "--template",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="An organisation's DOCX: a letterhead with {{p body }}, or a whole docxtpl template.",
    )
    @click.option(
        "--redact",
        is_flag=True,
        help="A copy for sharing: names as initials, identifiers removed (case file: redaction).",
    )
    @click.option(
        "--today",
        type=click.DateTime(["%Y-%m-%d"]),
        hidden=True,
        help="Date to sign and count deadlines from (for reproducible output).",
    )
    @_FORCE
    def command(
        case_file: Path,
        lang: str,
        output: Path | None,
        strict: bool,
        template: Path | None,
        redact: bool,
        today,
        force: bool,
        route: str | None = None,
    ) -> None:
        case = load_case(case_file)
        if route:
            case = case.model_copy(update={"route": Route(route)})
        day = today.date() if today else date.today()
        langs = list(kind.langs) if lang == "both" else [lang]
        docs, paths = documents.generate(
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
        if kind.name == "appeal":
            _deadline(case, day)

    if kind.name == "appeal":
        command = click.option(
            "--to",
            "route",
            type=click.Choice(["judge", "prosecutor"]),
            help="Investigating judge (ст. 106) or prosecutor (ст. 105); default: the case file.",
        )(command)
    help_text, short = _HELP[kind.name]
    return click.command(name=kind.name, help=help_text, short_help=short)(command)


_HELP = {
    "appeal": (
        "Complaint against an order discontinuing a criminal case, to the investigating judge "
        "(УПК ст. 106) or the prosecutor (ст. 105). Prints the filing deadline.",
        "Complaint against an order discontinuing the case",
    ),
    "protection": (
        "Request for security measures for the victim (УПК ст. 96–97).",
        "Request for security measures",
    ),
    "examination": (
        "Petition for forensic medical and psychological-psychiatric examinations to "
        "Istanbul Protocol standards (УПК ст. 99, 270–274, 278).",
        "Petition for forensic examinations",
    ),
    "cat": (
        "Communication to the UN Committee against Torture under article 22 of the "
        "Convention. Refused, with the reasons, if the facts make it inadmissible.",
        "Communication to the UN Committee against Torture",
    ),
}
for _kind in KINDS.values():
    cli.add_command(_document_command(_kind))


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
@click.option("--strict", is_flag=True, help="Missing facts are errors, not highlighted gaps.")
@click.option("--redact", is_flag=True, help="Redacted copies (see redaction: in the case file).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
@_FORCE
def packet(
    case_file: Path, output: Path, lang: str, strict: bool, redact: bool, today, force: bool
) -> None:
    """Every document the facts call for, into one folder, with an index."""
    langs = [x.strip() for x in lang.split(",") if x.strip()]
    unknown = set(langs) - {"ru", "kk", "en"}
    if unknown or not langs:
        raise UsageError(f"--lang: unknown language(s) {', '.join(sorted(unknown)) or '(none)'}")
    case = load_case(case_file)
    day = today.date() if today else date.today()
    result = build_packet(case, langs, output, strict=strict, today=day, redact=redact, force=force)
    for doc, path in result.documents:
        for gap in doc.gaps:
            _say(_t("cli:missing", source=case_file, where=f"{doc.kind} {doc.lang}", gap=gap))
        _wrote(path)
    for kind, why in result.skipped:
        _say(_t("cli:skipped", kind=kind, why=_t.model(why)))
    _wrote(result.index)


def _report(docs: list[documents.Rendered], paths: dict, source: str) -> None:
    for doc in docs:
        for gap in doc.gaps:
            _say(_t("cli:missing", source=source, where=doc.lang, gap=gap))
        if doc.notes:
            _say(
                _t("cli:other_language", source=source, where=doc.lang, fields=", ".join(doc.notes))
            )
        _wrote(paths[doc.lang])


def _deadline(case: Case, today: date) -> None:
    from .context import appeal_deadline

    d = appeal_deadline(case, today)
    if d is None:
        if case.route.value == "judge":
            _say(_t("cli:deadline_unknown"))
        return
    last, basis = d["last_day"].strftime("%d.%m.%Y"), _t(f"basis:{d['basis']}")
    if d["passed"]:
        _say(_t("cli:deadline_passed", date=last, basis=basis))
    else:
        _say(_t("cli:deadline", date=last, basis=basis, days=d["days_left"]))


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
    default=",".join(KINDS),
    show_default=True,
    help="Documents to make, comma-separated; each only where the facts call for it.",
)
@click.option("--lang", default="ru,kk", show_default=True, help="Languages, comma-separated.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--draft", is_flag=True, help="Allow gaps (missing facts); by default they fail.")
@click.option("--redact", is_flag=True, help="Redacted copies (see redaction: in the case file).")
@click.option("--pdf", is_flag=True, help="Also convert every document to PDF (LibreOffice).")
@click.option("--zip", "make_zip", is_flag=True, help="Also pack every output into documents.zip.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
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
    from . import pdf as pdf_mod

    options = batch_mod.Options(
        tuple(_split(docs, set(KINDS), "--docs")),
        tuple(_split(lang, {"ru", "kk", "en"}, "--lang")),
        strict=not draft,
        redact=redact,
        today=today.date() if today else date.today(),
    )
    if pdf:
        pdf_mod.soffice()  # say it now, not after an hour of rendering
    no_pdf: list[str] = []
    with batch_mod.lock(output):
        result = batch_mod.run(input_path, output, options, jobs=jobs, progress=_progress_bar())
        if pdf and not result.stopped:
            no_pdf = pdf_mod.convert(sorted(output.rglob("*.docx")), jobs=jobs)
            batch_mod.add_pdfs(output)
        if make_zip and not result.stopped:
            batch_mod.zip_outputs(output)
    for line in no_pdf:
        _say(line)
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
    )
    for problem in result.failed[:20]:
        _say(f"  {problem.render(_t.model(problem.message))}")
    if len(result.failed) > 20:
        more = len(result.failed) - 20
        _say(_t("cli:batch_more", count=more, path=output / batch_mod.REPORT))
    if result.stopped:
        raise result.stopped
    if result.failed_cases:
        raise Failed(ExitCode.BATCH_FAILED)
    if no_pdf:
        raise Failed(ExitCode.PDF)


@cli.command(name="batch-template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def batch_template(output: Path) -> None:
    """Write an empty batch workbook: headers, descriptions, drop-down lists."""
    from .workbook import write_template

    write_template(output)
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
    from rich.progress import Progress

    bar = Progress(transient=True)
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
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["ru", "kk", "en"]), default="ru", show_default=True)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True)
def context(kind: str, case_file: Path, lang: str, today) -> None:
    """Print what a template receives for KIND and CASE_FILE, as JSON (for template authors)."""
    from .orgtemplates import context_json

    case = load_case(case_file)
    day = today.date() if today else date.today()
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
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--lang", type=click.Choice(["ru", "kk", "en"]), default="ru", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def templates_export(kind: str, lang: str, output: Path) -> None:
    """Write an editable DOCX copy of a shipped template to start your own from."""
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

    code = run_intake(output, resume, ui_lang)
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
def serve(port: int, ui_lang: str | None, drafts: Path | None) -> None:
    """The questionnaire as a form in the browser, on this computer only (127.0.0.1)."""
    from .web import serve as serve_form

    serve_form(port, ui_lang, drafts)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check case files; one line per problem."""
    failed = []
    for path in files:
        try:
            case = load_case(path)
            click.echo(printable(_t("cli:ok", path=path)))
            for line in _still_missing(case, str(path)):
                _say(line)
        except InputError as e:
            failed.append(e)
            for line in _error_lines(e):
                _say(line)
    if failed:
        raise Failed(ExitCode.INPUT)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a case file."""
    click.echo(json.dumps(Case.model_json_schema(), ensure_ascii=False, indent=2))


@cli.group(name="snippets")
def snippets_group() -> None:
    """The legal-reasoning snippets."""


@snippets_group.command(name="list")
def snippets_list() -> None:
    """List snippets: id, documents, facts that pull them in, title."""
    for s in snippets.library().values():
        docs, facts = ",".join(s.documents), ",".join(s.applies_when)
        click.echo(f"{s.id:32} {docs:28} {facts:30} {s.title.get('ru', '')}")


@snippets_group.command(name="show")
@click.argument("snippet_id")
@click.option("--lang", type=click.Choice(["ru", "kk"]), default="ru", show_default=True)
def snippets_show(snippet_id: str, lang: str) -> None:
    """Show a snippet's text and sources (as written, gender forms unresolved)."""
    s = snippets.get(snippet_id)
    click.echo(f"# {s.title.get(lang, s.id)}\n")
    click.echo(s.text[lang] + "\n")
    click.echo("Sources:")
    for src in s.sources:
        mark = "verified" if src.verified else "NOT VERIFIED"
        click.echo(f"- {src.cite} [{mark}; {src.ref}]")


def _still_missing(case: Case, source: str) -> list[str]:
    """What each document the facts call for still lacks (its gaps), for `validate`."""
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
    return [_t.model(line) for line in e.lines()]


def _translate_help(command: click.Command, key: str) -> None:
    """Command and option help in the interface language, where the catalogs have them."""
    text = _t.get(f"help:{key}")
    if text:
        command.help = text
        command.short_help = None if isinstance(command, click.Group) else text.split(". ")[0]
    for param in command.params:
        if isinstance(param, click.Option) and param.name:
            param.help = _t.get(f"opt:{param.name}") or param.help
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
    _translate_help(cli, "complaintgen")
    # Whatever we or a child (LibreOffice) create is the owner's only, even where files.py does
    # not do the writing.
    umask = os.umask(0o077)
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
