"""complaintgen serve: the intake questionnaire as a local web form, for one person at a time.

It is the same questionnaire as `complaintgen intake` (questionnaire.py): the same questions,
conditions and checks, one page per section, the messages next to their fields.

Nothing leaves the machine. The server listens on 127.0.0.1 only and refuses requests that name
another host (DNS rebinding). Pages load nothing from elsewhere: no scripts at all, one local
stylesheet, and a Content-Security-Policy that forbids everything else. Every POST must carry the
session's CSRF token; the session cookie is SameSite=Strict, so other sites can neither post nor
download. Case text is data: every value is HTML-escaped (Jinja autoescape). Drafts are case
files (YAML, mode 0600) in a local folder; DOCX files are rendered on request, never stored.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import jinja2

from . import files, i18n
from .documents import render_document
from .errors import ComplaintgenError, InputError, UsageError
from .kinds import KINDS
from .loading import dotted, split_path, validate_case
from .questionnaire import Progress, Question, Questionnaire, questionnaire

HOST = "127.0.0.1"
STATIC = Path(__file__).with_name("static")
TEMPLATES = Path(__file__).with_name("web_templates")
MAX_BODY = 1_000_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # no-referrer would make form posts send "Origin: null"
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_DRAFT = re.compile(r"[0-9a-f]{16}")
_ROUTE = re.compile(r"^/c/(?P<draft>[0-9a-f]{16})/(?P<page>[\w.\-]+)$")


def default_drafts() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "complaintgen" / "drafts"


def serve(port: int, ui_lang: str | None, drafts: Path | None) -> None:
    """Serve the form on http://127.0.0.1:<port>/ until Ctrl+C (port 0: any free port)."""
    server = make_server(port, ui_lang, drafts)
    t = i18n.Translator(server.lang)
    print(t("ui:serving", url=server.url, drafts=server.drafts), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def make_server(
    port: int = 0, ui_lang: str | None = None, drafts: Path | None = None, today: date | None = None
) -> Server:
    try:
        lang = i18n.ui_lang(ui_lang)
    except ValueError as e:
        raise UsageError(str(e)) from None
    try:
        return Server(port, lang, drafts or default_drafts(), today)
    except OSError as e:
        raise UsageError(f"cannot listen on {HOST}:{port}: {e.strerror or e}") from None


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, lang: str, drafts: Path, today: date | None):
        super().__init__((HOST, port), Handler)
        self.url = f"http://{HOST}:{self.server_port}/"
        self.hosts = {f"{HOST}:{self.server_port}", f"localhost:{self.server_port}"}
        self.lang, self.today = lang, today
        self.drafts = drafts
        drafts.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.sessions: dict[str, str] = {}  # session id → CSRF token
        self.lock = threading.Lock()
        self.q: Questionnaire = questionnaire()

    def draft_path(self, draft: str) -> Path:
        if not _DRAFT.fullmatch(draft):  # never a path from the request
            raise ValueError(f"not a draft id: {draft!r}")
        return self.drafts / f"{draft}.yaml"

    def load(self, draft: str) -> tuple[dict, Progress]:
        path = self.draft_path(draft)
        return self.q.load(path.read_bytes(), path.name)

    def save(self, draft: str, data: dict, progress: Progress) -> None:
        files.write_atomic(self.draft_path(draft), self.q.dump(data, progress))


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "complaintgen"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # paths and case data stay off the terminal

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    # --- plumbing ------------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        self.cookies_out: list[str] = []
        if self.headers.get("Host") not in self.server.hosts:
            return self._plain(HTTPStatus.MISDIRECTED_REQUEST, "unknown host")
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        lang = query.get("lang", [None])[0]
        if lang in i18n.LANGS:
            self.cookies_out.append(f"cg_lang={lang}; Path=/; SameSite=Strict")
        elif "cg_lang" in jar and jar["cg_lang"].value in i18n.LANGS:
            lang = jar["cg_lang"].value
        else:
            lang = self.server.lang
        self.t = i18n.Translator(lang)
        sid = jar["cg_session"].value if "cg_session" in jar else ""
        self.csrf = self.server.sessions.get(sid)
        if url.path == "/favicon.ico":
            return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        if url.path == "/static/complaintgen.css" and method == "GET":
            return self._send(HTTPStatus.OK, (STATIC / "complaintgen.css").read_bytes(), "text/css")
        if method == "POST":
            form = self._form()
            if form is None:
                return None
            origin = self.headers.get("Origin")
            token = form.get("_csrf", [""])[0]
            if (origin and origin + "/" != self.server.url) or not (
                self.csrf and hmac.compare_digest(token, self.csrf)
            ):
                return self._page(
                    HTTPStatus.FORBIDDEN, "error.html", message=self.t("ui:forbidden")
                )
            self.form = form
        elif self.csrf is None:
            if url.path != "/":  # no session: a link from elsewhere, or an old tab
                return self._redirect("/")
            sid, self.csrf = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
            self.server.sessions[sid] = self.csrf
            self.cookies_out.append(f"cg_session={sid}; Path=/; HttpOnly; SameSite=Strict")
        with self.server.lock:
            try:
                self._route(method, url.path)
            except InputError as e:  # a draft edited by hand into something the loader refuses
                message = "; ".join(self.t.model(p.message) for p in e.problems)
                self._page(HTTPStatus.CONFLICT, "error.html", message=message)
            except Exception as e:  # a bug of ours: say so, keep the case data off the terminal
                message = self.t("ui:internal_error", error=type(e).__name__)
                self._page(HTTPStatus.INTERNAL_SERVER_ERROR, "error.html", message=message)

    def _route(self, method: str, path: str) -> None:
        if path == "/" and method == "GET":
            return self.home()
        if path == "/new" and method == "POST":
            return self.new()
        m = _ROUTE.match(path)
        if not m or not self.server.draft_path(m["draft"]).is_file():
            return self._page(HTTPStatus.NOT_FOUND, "error.html", message=self.t("ui:not_found"))
        draft, page = m["draft"], m["page"]
        if page in self.server.q.sections:
            return self.section(draft, page) if method == "GET" else self.post(draft, page)
        if method == "GET" and page == "summary":
            return self.summary(draft)
        if method == "GET" and page == "case.yaml":
            return self.download_yaml(draft)
        if method == "POST" and page == "delete":
            if not self.form.get("confirm"):
                return self._redirect(f"/c/{draft}/summary")
            self.server.draft_path(draft).unlink()
            return self._redirect("/")
        doc = re.fullmatch(r"(\w+)-(ru|kk|en)\.docx", page)
        if method == "GET" and doc and doc[1] in KINDS:
            return self.download_docx(draft, doc[1], doc[2])
        return self._page(HTTPStatus.NOT_FOUND, "error.html", message=self.t("ui:not_found"))

    def _form(self) -> dict[str, list[str]] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too large")
            return None
        body = self.rfile.read(length).decode("utf-8", "replace")
        return parse_qs(body, keep_blank_values=True)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        for name, value in {**HEADERS, "Content-Type": ctype, **(extra or {})}.items():
            self.send_header(name, value)
        for cookie in self.cookies_out:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _plain(self, status: HTTPStatus, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", {"Location": location})

    def _page(self, status: HTTPStatus, template: str, **values: Any) -> None:
        page = {"title": None, "nav": None, "case_id": "", "draft": "", **values}
        html = (
            _env()
            .get_template(template)
            .render(t=self.t, lang=self.t.lang, langs=i18n.LANGS, csrf=self.csrf, **page)
        )
        self._send(status, html.encode(), "text/html; charset=utf-8")

    # --- pages ----------------------------------------------------------------------------------

    def home(self) -> None:
        drafts = []
        for path in sorted(self.server.drafts.glob("*.yaml"), key=lambda p: -p.stat().st_mtime):
            if not _DRAFT.fullmatch(path.stem):
                continue
            try:
                data, _ = self.server.load(path.stem)
            except (InputError, OSError):
                data = {}
            name = self.server.q.display_name(data)
            when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d.%m.%Y %H:%M")
            drafts.append({"id": path.stem, "case": data.get("id", ""), "who": name, "when": when})
        self._page(HTTPStatus.OK, "home.html", drafts=drafts, folder=self.server.drafts)

    def new(self) -> None:
        draft = secrets.token_hex(8)
        self.server.save(draft, {}, Progress())
        self._redirect(f"/c/{draft}/{self.server.q.sections[0]}")

    def section(self, draft: str, section: str, **state: Any) -> None:
        q, t = self.server.q, self.t
        data, progress = state.pop("loaded", None) or self.server.load(draft)
        rows = _rows(q, t, data, progress, section, state.get("errors", {}), state.get("raws", {}))
        status = HTTPStatus.UNPROCESSABLE_ENTITY if state.get("errors") else HTTPStatus.OK
        self._page(
            status,
            "section.html",
            draft=draft,
            nav=_nav(q, t, data, progress, section),
            section=section,
            title=t(f"section:{section}"),
            rows=rows,
            notice=state.get("notice"),
            info=state.get("info"),
            warnings=state.get("warnings", []),
            case_id=data.get("id", ""),
        )

    def post(self, draft: str, section: str) -> None:
        q, t, form = self.server.q, self.t, self.form
        data, progress = self.server.load(draft)
        shown = set(form.get("__shown", []))
        suggested = set(form.get("__suggested", []))
        fresh: list[Question] = []
        before = {x.id for x in _section_questions(q, data, section)}
        action = form.get("action", ["save"])[0]
        errors: dict[str, str] = {}
        raws: dict[str, str] = {}
        warnings: list[str] = []
        done: set[str] = set()
        while True:  # in order: an answer may decide whether the next question applies
            todo = [
                x
                for x in _section_questions(q, data, section)
                if x.id in shown and x.id not in done
            ]
            if not todo:
                break
            x = todo[0]
            done.add(x.id)
            if x.kind == "more":  # its button: pressed, or seen and left alone
                data, progress, _ = q.apply(data, progress, x, action == f"add:{x.id}")
                continue
            values = [v for v in form.get(x.id, []) if v.strip()]
            if x.kind in ("multi", "pick"):
                raw = ", ".join(values) or "0"
            elif not values:
                if x.kind in ("bool", "gate", "choice"):
                    continue  # nothing ticked: left as it was
                if _derived(q, x, data) and x.id not in suggested:
                    # a suggestion this page has not shown yet (the birth date from the ИИН)
                    fresh.append(x)
                    continue
                data, progress, _ = q.apply(data, progress, x, None)
                continue
            else:
                raw = values[0]
            checked = q.check(x, raw, data, t, progress, empty_is_suggestion=False)
            if checked.error:
                errors[x.id], raws[x.id] = checked.error, raw
                continue
            warnings += checked.warnings
            data, progress, removed = q.apply(data, progress, x, checked.value)
            warnings += [t("ui:removed", fields=q.describe(r.id, t, data)) for r in removed]
        if action.startswith("remove:"):
            data, progress = q.remove_item(data, progress, split_path(action[7:]))
        self.server.save(draft, data, progress)
        after = {x.id for x in _section_questions(q, data, section) if x.kind != "more"}
        if errors or warnings:
            return self.section(
                draft, section, loaded=(data, progress), errors=errors, raws=raws,
                warnings=warnings, notice=t("ui:fix_errors") if errors else None,
            )  # fmt: skip
        if action == "next" and any(q.suggestion(x, data, progress) is not None for x in fresh):
            return self.section(draft, section, loaded=(data, progress), info=t("ui:suggested"))
        if action == "next" and not after - before:
            i = q.sections.index(section)
            following = [s for s in q.sections[i + 1 :] if _section_questions(q, data, s)]
            return self._redirect(f"/c/{draft}/{following[0] if following else 'summary'}")
        if action == "next":
            return self.section(draft, section, loaded=(data, progress), info=t("ui:new_questions"))
        self._redirect(f"/c/{draft}/{section}")

    def summary(self, draft: str) -> None:
        q, t = self.server.q, self.t
        data, progress = self.server.load(draft)
        report = q.report(data, t, self.server.today)
        problems = [{"where": where, "message": message} for _, where, message in report.problems]
        tops = {split_path(path)[0] for path, _, _ in report.problems if path}
        missing_sections = {q.nodes[top].section for top in tops if top in q.nodes}
        self._page(
            HTTPStatus.OK,
            "summary.html",
            draft=draft,
            nav=_nav(q, t, data, progress, "summary"),
            title=t("ui:summary"),
            report=report,
            problems=problems,
            missing_sections=[s for s in q.sections if s in missing_sections],
            kinds=KINDS,
            case_id=data.get("id", ""),
        )

    def download_yaml(self, draft: str) -> None:
        data, _ = self.server.load(draft)
        body = self.server.draft_path(draft).read_bytes()
        self._send(
            HTTPStatus.OK, body, "application/yaml; charset=utf-8", _attachment(data, ".yaml")
        )

    def download_docx(self, draft: str, kind: str, lang: str) -> None:
        data, _ = self.server.load(draft)
        try:
            case = validate_case(data, "draft")
            doc = render_document(case, kind, lang, today=self.server.today)
        except ComplaintgenError as e:
            message = "; ".join(self.t.model(line.split(": ", 1)[-1]) for line in e.lines())
            return self._page(HTTPStatus.CONFLICT, "error.html", message=message)
        name = _attachment(data, f"_{kind}_{lang}.docx")
        self._send(HTTPStatus.OK, doc.docx, DOCX, name)


# --- the form, row by row -----------------------------------------------------------------------


@dataclass
class Row:
    """One line of a section page: a heading, a field, or a button that adds a list item."""

    kind: str  # heading, field, add
    text: str = ""
    name: str = ""  # the form name: the question id
    html_id: str = ""
    control: str = ""  # input, textarea, radio, select, checkbox
    value: str = ""
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (code, label, checked)
    hint: str | None = None
    required: bool = False
    error: str | None = None
    action: str = ""  # add:<id> or remove:<path>
    button: str = ""
    depth: int = 0
    inputmode: str = ""
    suggested: bool = False  # the value shown was worked out from other answers


def _derived(q: Questionnaire, x: Question, data: dict) -> bool:
    """Whether the question has a suggested answer worked out from others, and no answer."""
    return bool(x.node.opts.get("default")) and not q.answered(x, data)


def _section_questions(q: Questionnaire, data: dict, section: str) -> list[Question]:
    return [x for x in q.questions(data) if x.section == section]


def _rows(
    q: Questionnaire,
    t: i18n.Translator,
    data: dict,
    progress: Progress,
    section: str,
    errors: dict[str, str],
    raws: dict[str, str],
) -> list[Row]:
    rows: list[Row] = []
    shown: list[str] = []  # the headings above the current row
    section_title = t(f"section:{section}")
    for x in _section_questions(q, data, section):
        if x.kind == "more" and q.answered(x, data):
            continue  # an item that exists: its heading has a remove button instead
        headings = [h for h in q.headings(x.path, t, data) if h[0] != section_title]
        for depth, (title, item) in enumerate(headings):
            if shown[depth : depth + 1] == [title]:
                continue
            rows.append(
                Row("heading", title, depth=depth, action=f"remove:{dotted(item)}" if item else "",
                    button=t("ui:remove") if item else "")
            )  # fmt: skip
            shown = [*shown[:depth], title]
        shown = shown[: len(headings)]
        if x.kind == "more":
            text = q.text(x, t) if x.index == 0 else ""
            button = t.first(f"button:{x.node.path}") or t("ui:add")
            rows.append(Row("add", text, action=f"add:{x.id}", button=button, depth=len(headings)))
            continue
        rows.append(
            _field(q, t, data, progress, x, errors.get(x.id), raws.get(x.id), len(headings))
        )
    return rows


def _field(
    q: Questionnaire,
    t: i18n.Translator,
    data: dict,
    progress: Progress,
    x: Question,
    error: str | None,
    raw: str | None,
    depth: int,
) -> Row:
    value = q.suggestion(x, data, progress)
    row = Row(
        "field",
        q.text(x, t),
        name=x.id,
        html_id="f-" + re.sub(r"[^\w]", "-", x.id),
        hint=q.hint(x, t),
        required=x.required,
        error=error,
        depth=depth,
    )
    choices = q.choices(x)
    if x.kind in ("bool", "gate", "choice") or x.kind in ("multi", "pick"):
        selected = (
            {"yes" if value else "no"} if x.kind in ("bool", "gate") and value is not None
            else set(value) if isinstance(value, list) else {value}
        )  # fmt: skip
        if raw is not None:
            selected = {c.strip() for c in raw.split(",")}
        row.options = [(c, q.choice_label(x, c, t), c in selected) for c in choices]
        many = x.kind in ("multi", "pick")
        row.control = "checkbox" if many else ("radio" if len(choices) <= 7 else "select")
        return row
    row.suggested = value is not None and _derived(q, x, data)
    row.control = "textarea" if x.multiline else "input"
    row.value = raw if raw is not None else q.display(x, value, t)
    row.inputmode = "numeric" if x.kind in ("int", "date") or x.node.opts.get("compact") else ""
    return row


def _nav(
    q: Questionnaire, t: i18n.Translator, data: dict, progress: Progress, current: str
) -> list[dict]:
    out = []
    questions = q.questions(data)
    for section in q.sections:
        mine = [x for x in questions if x.section == section]
        if not mine:
            continue
        answered = [x for x in mine if q.answered(x, data)]
        left = [x for x in mine if x not in answered and (x.required or x.id not in progress.seen)]
        out.append(
            {
                "id": section,
                "title": t(f"section:{section}"),
                "progress": t("ui:progress", done=len(answered), total=len(mine)),
                "complete": not left,
                "current": section == current,
            }
        )
    return out


def _attachment(data: dict, suffix: str) -> dict[str, str]:
    case_id = str(data.get("id") or "case")
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", case_id) + suffix
    return {
        "Content-Disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(case_id + suffix)}"
    }


# --- HTML ---------------------------------------------------------------------------------------


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # case text is data: every value is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
