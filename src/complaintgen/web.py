"""complaintgen serve: the intake questionnaire as a local web form (Starlette on uvicorn).

It is the same questionnaire as `complaintgen intake`: the same questions, conditions and checks,
one page per section, the messages next to their fields.

Nothing leaves the machine and nothing is served to anyone but the owner. The server listens on
127.0.0.1 only and refuses requests that name another host (DNS rebinding). It makes a secret
token at launch and prints the address with it; only a browser that opened that address gets a
session (a signed cookie, SameSite=Strict, HttpOnly, ended after `idle` seconds without use);
every other request is refused with 403, except the stylesheet, which holds nothing private.
Every POST must carry the session's CSRF token and come from this origin. Pages load nothing
from elsewhere: no scripts, one local stylesheet, a Content-Security-Policy that forbids the rest.
Case text is data: every value is HTML-escaped (Jinja autoescape). Drafts are case files (YAML,
mode 0600) in a folder only the owner can open; DOCX files are made on request, never stored.

Requests run side by side in uvicorn's worker threads; only two requests on the same draft wait
for each other (one lock per draft), so a slow document for one case holds up no other.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import secrets
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import clock, files, i18n
from .documents import render_document
from .errors import ComplaintgenError, InputError, UsageError
from .intake import Progress, Question, Questionnaire, questionnaire, translations, vocab
from .kinds import KINDS
from .loading import dotted, split_path, validate_case

HOST = "127.0.0.1"
STATIC = Path(__file__).with_name("static")
TEMPLATES = Path(__file__).with_name("web_templates")
MAX_BODY = 1_000_000  # a section's answers are a few KB; anything near this is not a form
IDLE = 2 * 3600  # seconds without a request after which a session ends
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


def default_drafts() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "complaintgen" / "drafts"


def serve(port: int, ui_lang: str | None, drafts: Path | None, idle: int = IDLE) -> None:
    """Serve the form on 127.0.0.1:<port> until Ctrl+C (port 0: any free port)."""
    server = make_server(port, ui_lang, drafts, idle=idle)
    t = i18n.Translator(server.lang)
    print(t("ui:serving", url=server.launch_url, drafts=server.drafts), flush=True)
    server.run()


def make_server(
    port: int = 0,
    ui_lang: str | None = None,
    drafts: Path | None = None,
    today: date | None = None,
    idle: int = IDLE,
) -> Server:
    try:
        lang = i18n.ui_lang(ui_lang)
    except ValueError as e:
        raise UsageError(str(e)) from None
    return Server(port, lang, drafts or default_drafts(), today, idle)


class Server:
    """The listening socket, the application and the uvicorn server that runs it."""

    def __init__(self, port: int, lang: str, drafts: Path, today: date | None, idle: int):
        import uvicorn  # here, not at the top: every other command starts without it

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((HOST, port))
            self.socket.listen(64)
        except OSError as e:
            self.socket.close()
            raise UsageError(f"cannot listen on {HOST}:{port}: {e.strerror or e}") from None
        self.server_address = self.socket.getsockname()
        self.server_port: int = self.server_address[1]
        self.url = f"http://{HOST}:{self.server_port}/"
        self.token = secrets.token_urlsafe(32)  # made at launch, shown once, kept nowhere
        self.launch_url = f"{self.url}?token={self.token}"
        self.lang, self.drafts = lang, drafts
        self.form = Form(lang, DraftFolder(drafts), today)
        self.app = application(self.form, self.url, self.token, idle)
        _quiet_logs()
        config = uvicorn.Config(
            self.app,
            http="h11",
            ws="none",
            lifespan="off",
            log_config=None,
            access_log=False,  # paths and case data stay off the terminal
            server_header=False,
            h11_max_incomplete_event_size=64 * 1024,
        )
        self.uvicorn = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Serve until Ctrl+C (uvicorn stops cleanly on SIGINT and SIGTERM)."""
        try:
            self.uvicorn.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def start(self) -> None:
        """Serve from a background thread (tests); returns once requests are answered."""
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.uvicorn.started and self._thread.is_alive():
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)

    def stop(self, wait: bool = True) -> None:
        """Ask the server to stop; with `wait`, return once it has (uvicorn takes ~0.2 s: its
        0.1 s tick, then a 0.1 s grace for open connections)."""
        self.uvicorn.should_exit = True
        if wait and self._thread is not None:
            self._thread.join(timeout=30)


def _quiet_logs() -> None:
    """uvicorn's own warnings ("Invalid HTTP request received.") as one line, no traceback."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(logging.WARNING)
        log.propagate = False


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"complaintgen serve: {record.getMessage()}"


# --- the drafts folder --------------------------------------------------------------------------


class DraftFolder:
    """Drafts are case files named by a random id, in a folder only the owner can open."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()

    def path(self, draft: str) -> Path:
        if not _DRAFT.fullmatch(draft):  # never a path from the request
            raise ValueError(f"not a draft id: {draft!r}")
        return self.folder / f"{draft}.yaml"

    def exists(self, draft: str) -> bool:
        return bool(_DRAFT.fullmatch(draft)) and self.path(draft).is_file()

    def lock(self, draft: str) -> threading.Lock:
        """One lock per draft: two tabs saving the same case take turns, other cases do not wait."""
        with self._locks_lock:
            return self._locks.setdefault(draft, threading.Lock())

    def ids(self) -> list[str]:
        paths = [p for p in self.folder.glob("*.yaml") if _DRAFT.fullmatch(p.stem)]
        return [p.stem for p in sorted(paths, key=lambda p: -p.stat().st_mtime)]

    def load(self, q: Questionnaire, draft: str) -> tuple[dict, Progress]:
        path = self.path(draft)
        return q.load(path.read_bytes(), path.name)

    def save(self, q: Questionnaire, draft: str, data: dict, progress: Progress) -> None:
        files.write_atomic(self.path(draft), q.dump(data, progress))

    def delete(self, draft: str) -> None:
        self.path(draft).unlink(missing_ok=True)


# --- the application ----------------------------------------------------------------------------


def application(form: Form, url: str, token: str, idle: int) -> Starlette:
    """The ASGI application: the guard, the host check, sessions, then the pages."""
    origin = url.rstrip("/")

    def page(view: Callable[..., Response]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            visit = await _open_visit(request, form, token, origin)
            if isinstance(visit, Response):
                return visit
            return await run_in_threadpool(form.handle, view, visit, request.path_params)

        return endpoint

    routes = [
        Route("/", page(Form.home), methods=["GET"]),
        Route("/new", page(Form.new), methods=["POST"]),
        Route("/c/{draft}/{page}", page(Form.draft_page), methods=["GET", "POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(Guard, lang=form.lang),
            Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost"]),
            Middleware(
                SessionMiddleware,
                secret_key=secrets.token_urlsafe(32),  # sessions end with the server
                session_cookie="cg_session",
                max_age=idle,
                same_site="strict",
            ),
        ],
    )


class Guard:
    """Outermost layer: security headers on every response; a body is read whole here, and
    refused when its length is missing (411), malformed (400) or over MAX_BODY (413)."""

    def __init__(self, app: ASGIApp, lang: str):
        self.app, self.lang = app, lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode())
                    for k, v in HEADERS.items()
                    if k.lower().encode() not in names
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send_with_headers)
        headers = dict((k.lower(), v) for k, v in scope["headers"])
        length = headers.get(b"content-length")
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        status = None
        if length is None and not chunked:
            status = 411
        elif length is not None and not length.strip().isdigit():
            status = 400
        elif length is not None and int(length) > MAX_BODY:
            status = 413
        body = b""
        while status is None:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                status = 413
            elif not message.get("more_body"):
                break
        if status is not None:
            text = {411: "length required", 400: "bad request", 413: "too large"}[status]
            response = PlainTextResponse(text, status_code=status, headers={"Connection": "close"})
            return await response(scope, receive, send_with_headers)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await self.app(scope, replay, send_with_headers)


@dataclass
class Visit:
    """One request of a browser that holds a session: its language, CSRF token and form."""

    request: Request
    t: i18n.Translator
    csrf: str
    form: FormData | None = None
    method: str = "GET"

    def values(self, name: str) -> list[str]:
        return [v for v in (self.form.getlist(name) if self.form else []) if isinstance(v, str)]

    def value(self, name: str, default: str = "") -> str:
        found = self.values(name)
        return found[0] if found else default


async def _open_visit(request: Request, form: Form, token: str, origin: str) -> Visit | Response:
    """The session of this request, or the response that refuses it."""
    session = request.session
    presented = request.query_params.get("token")
    if presented is not None:
        if not hmac.compare_digest(presented.encode(), token.encode()):
            return form.refuse(request, session)
        lang = session.get("lang")
        session.clear()  # a fresh session: nothing carried over from before the token
        session.update(auth=True, csrf=secrets.token_urlsafe(32), lang=lang)
        query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        return RedirectResponse(request.url.path + (f"?{query}" if query else ""), 303)
    if not session.get("auth"):
        return form.refuse(request, session)
    lang = request.query_params.get("lang")
    if lang in i18n.LANGS:
        session["lang"] = lang
    session["seen"] = int(time.time())  # any change re-signs the cookie: the idle clock restarts
    t = i18n.Translator(session.get("lang") or form.lang)
    visit = Visit(request, t, session["csrf"], method=request.method)
    if request.method == "POST":
        visit.form = await request.form(max_files=0, max_fields=2000)
        sent = visit.value("_csrf")
        from_here = request.headers.get("origin") in (None, origin)
        if not (from_here and hmac.compare_digest(sent.encode(), visit.csrf.encode())):
            return form.page(visit, 403, "error.html", message=t("ui:forbidden"))
    return visit


class Form:
    """The pages of the form; every method runs in a worker thread."""

    def __init__(self, lang: str, drafts: DraftFolder, today: date | None):
        self.lang, self.drafts, self.today = lang, drafts, today
        self.q: Questionnaire = questionnaire()

    def refuse(self, request: Request, session: Any) -> Response:
        """403 for a browser without a session: it did not open the address with the token."""
        t = i18n.Translator(session.get("lang") or self.lang)
        visit = Visit(request, t, "")
        return self.page(visit, 403, "error.html", message=t("ui:no_token"))

    def handle(self, view: Callable[..., Response], visit: Visit, params: dict) -> Response:
        try:
            with clock.fixed(self.today):  # answers are checked by the day documents are dated
                return view(self, visit, **params)
        except InputError as e:  # a draft edited by hand into something the loader refuses
            message = "; ".join(visit.t.model(p.message) for p in e.problems)
            return self.page(visit, 409, "error.html", message=message)
        except Exception as e:  # a bug of ours: say so, keep the case data off the terminal
            message = visit.t("ui:internal_error", error=type(e).__name__)
            return self.page(visit, 500, "error.html", message=message)

    def page(self, visit: Visit, status: int, template: str, **values: Any) -> Response:
        page = {"title": None, "nav": None, "case_id": "", "draft": "", **values}
        t = visit.t
        html = (
            _env()
            .get_template(template)
            .render(t=t, lang=t.lang, langs=i18n.LANGS, csrf=visit.csrf, **page)
        )
        return HTMLResponse(html, status_code=status)

    def not_found(self, visit: Visit) -> Response:
        return self.page(visit, 404, "error.html", message=visit.t("ui:not_found"))

    # --- pages ----------------------------------------------------------------------------------

    def home(self, visit: Visit) -> Response:
        drafts = []
        for draft in self.drafts.ids():
            path = self.drafts.path(draft)
            try:
                data, _ = self.drafts.load(self.q, draft)
                when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d.%m.%Y %H:%M")
            except (InputError, OSError):  # unreadable, or deleted by another tab meanwhile
                data, when = {}, ""
            name = self.q.display_name(data)
            drafts.append({"id": draft, "case": data.get("id", ""), "who": name, "when": when})
        return self.page(visit, 200, "home.html", drafts=drafts, folder=self.drafts.folder)

    def new(self, visit: Visit) -> Response:
        draft = secrets.token_hex(8)
        self.drafts.save(self.q, draft, {}, Progress())
        return RedirectResponse(f"/c/{draft}/{self.q.sections[0]}", 303)

    def draft_page(self, visit: Visit, draft: str, page: str) -> Response:
        if not self.drafts.exists(draft):
            return self.not_found(visit)
        post = visit.method == "POST"
        with self.drafts.lock(draft):
            if not self.drafts.exists(draft):  # deleted while this request waited
                return self.not_found(visit)
            if page in self.q.sections:
                return self.post(visit, draft, page) if post else self.section(visit, draft, page)
            if not post and page == "summary":
                return self.summary(visit, draft)
            if not post and page == "case.yaml":
                return self.download_yaml(visit, draft)
            if post and page == "translations":
                return self.save_translations(visit, draft)
            if post and page == "delete":
                if not visit.value("confirm"):
                    return RedirectResponse(f"/c/{draft}/summary", 303)
                self.drafts.delete(draft)
                return RedirectResponse("/", 303)
        doc = re.fullmatch(r"(\w+)-(ru|kk|en)\.docx", page)
        if not post and doc and doc[1] in KINDS:
            return self.download_docx(visit, draft, doc[1], doc[2])
        return self.not_found(visit)

    def section(self, visit: Visit, draft: str, section: str, **state: Any) -> Response:
        q, t = self.q, visit.t
        data, progress = state.pop("loaded", None) or self.drafts.load(q, draft)
        rows = _rows(q, t, data, progress, section, state.get("errors", {}), state.get("raws", {}))
        return self.page(
            visit,
            422 if state.get("errors") else 200,
            "section.html",
            draft=draft,
            nav=_nav(q, t, data, progress, section),
            section=section,
            title=t(f"section:{section}"),
            rows=rows,
            datalists=_datalists(q, rows, t.lang),
            notice=state.get("notice"),
            info=state.get("info"),
            warnings=state.get("warnings", []),
            case_id=data.get("id", ""),
        )

    def post(self, visit: Visit, draft: str, section: str) -> Response:
        q, t = self.q, visit.t
        data, progress = self.drafts.load(q, draft)
        shown = set(visit.values("__shown"))
        suggested = set(visit.values("__suggested"))
        fresh: list[Question] = []
        before = {x.id for x in _section_questions(q, data, section)}
        action = visit.value("action", "save")
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
            values = [v for v in visit.values(x.id) if v.strip()]
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
        self.drafts.save(q, draft, data, progress)
        after = {x.id for x in _section_questions(q, data, section) if x.kind != "more"}
        loaded = (data, progress)
        if errors or warnings:
            notice = t("ui:fix_errors") if errors else None
            return self.section(
                visit, draft, section, loaded=loaded, errors=errors, raws=raws,
                warnings=warnings, notice=notice,
            )  # fmt: skip
        if action == "next" and any(q.suggestion(x, data, progress) is not None for x in fresh):
            return self.section(visit, draft, section, loaded=loaded, info=t("ui:suggested"))
        if action == "next" and not after - before:
            i = q.sections.index(section)
            following = [s for s in q.sections[i + 1 :] if _section_questions(q, data, s)]
            return RedirectResponse(f"/c/{draft}/{following[0] if following else 'summary'}", 303)
        if action == "next":
            info = t("ui:new_questions")
            return self.section(visit, draft, section, loaded=loaded, info=info)
        return RedirectResponse(f"/c/{draft}/{section}", 303)

    def summary(self, visit: Visit, draft: str) -> Response:
        q, t = self.q, visit.t
        data, progress = self.drafts.load(q, draft)
        report = q.report(data, t, self.today)
        problems = [{"where": where, "message": message} for _, where, message in report.problems]
        tops = {split_path(path)[0] for path, _, _ in report.problems if path}
        missing_sections = {q.nodes[top].section for top in tops if top in q.nodes}
        return self.page(
            visit,
            200,
            "summary.html",
            draft=draft,
            nav=_nav(q, t, data, progress, "summary"),
            title=t("ui:summary"),
            report=report,
            problems=problems,
            missing_sections=[s for s in q.sections if s in missing_sections],
            kinds=KINDS,
            case_id=data.get("id", ""),
            both_langs=progress.both_langs,
            untranslated=_untranslated(q, t, data) if progress.both_langs else [],
        )

    def save_translations(self, visit: Visit, draft: str) -> Response:
        """Documents in both languages or one; the other version of each free-text answer the
        vocabulary cannot translate, as typed (an empty field leaves it for later)."""
        q = self.q
        data, progress = self.drafts.load(q, draft)
        both = visit.value("both_langs") == "yes"
        if both:
            for item in translations.missing(q, data):
                typed = visit.value("tr:" + item.id).strip()
                if typed:
                    data = translations.put(data, item, typed)
        self.drafts.save(q, draft, data, replace(progress, both_langs=both))
        return RedirectResponse(f"/c/{draft}/summary#translations", 303)

    def download_yaml(self, visit: Visit, draft: str) -> Response:
        data, _ = self.drafts.load(self.q, draft)
        body = self.drafts.path(draft).read_bytes()
        headers = _attachment(data, ".yaml")
        return Response(body, 200, headers, media_type="application/yaml; charset=utf-8")

    def download_docx(self, visit: Visit, draft: str, kind: str, lang: str) -> Response:
        with self.drafts.lock(draft):
            data, _ = self.drafts.load(self.q, draft)
        try:
            case = validate_case(data, "draft")
            doc = render_document(case, kind, lang, today=self.today)
        except ComplaintgenError as e:
            message = "; ".join(visit.t.model(line.split(": ", 1)[-1]) for line in e.lines())
            return self.page(visit, 409, "error.html", message=message)
        return Response(doc.docx, 200, _attachment(data, f"_{kind}_{lang}.docx"), media_type=DOCX)


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
    datalist: str = ""  # id of the page's list of vocabulary names offered for this input


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
    if row.control == "input" and vocab.categories(x.node):
        row.datalist = "v-" + "-".join(vocab.categories(x.node))
    return row


def _untranslated(q: Questionnaire, t: i18n.Translator, data: dict) -> list[dict]:
    return [
        {
            "name": "tr:" + m.id,
            "html_id": "tr-" + re.sub(r"[^\w]", "-", m.id),
            "where": q.describe(m.id, t, data),
            "text": m.text,
            "lang": m.dst,
        }
        for m in translations.missing(q, data)
    ]


def _datalists(q: Questionnaire, rows: list[Row], lang: str) -> dict[str, tuple[str, ...]]:
    """The vocabulary names the page's inputs offer, one list per set of categories: the
    browser's own drop-down filters them as the user types (no script), free text still goes."""
    out: dict[str, tuple[str, ...]] = {}
    for r in rows:
        if r.datalist and r.datalist not in out:
            out[r.datalist] = vocab.options(tuple(r.datalist[2:].split("-")), lang)
    return out


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
