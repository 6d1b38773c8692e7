"""complaintgen serve: the questionnaire as a local web form. Its guarantees over plain HTTP
(localhost only, CSRF, CSP, escaping, private drafts), then a paralegal's session in a real
browser (headless Chromium driven by Playwright) down to the downloaded appeal."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

import pytest

from complaintgen import clock
from complaintgen.docx_text import extract_text
from complaintgen.errors import UsageError
from complaintgen.loading import load_case
from complaintgen.web import MAX_BODY, make_server

from .conftest import TODAY

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def stopping():
    """Servers asked to stop, joined at the module's end: each takes ~0.2 s to shut down, which
    the next test need not wait for (each test has a server of its own on a port of its own)."""
    servers: list = []
    yield servers
    for srv in servers:
        srv.stop()


@pytest.fixture
def server(tmp_path, stopping):
    srv = make_server(0, "ru", tmp_path / "drafts", today=TODAY)
    srv.start()
    yield srv
    srv.stop(wait=False)
    stopping.append(srv)


class Client:
    """A browser's part in plain HTTP: the session cookie, the Host and Origin headers."""

    def __init__(self, srv, token: bool = True):
        self.port = srv.server_port
        self.cookie = ""
        self.csrf = ""
        if token:  # what opening the printed address does
            status, headers, _ = self.request("GET", f"/?token={srv.token}")
            assert (status, headers["Location"]) == (303, "/")

    def request(self, method, path, form=None, host=None, origin=None, cookie=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": host or f"127.0.0.1:{self.port}"}
        cookie = self.cookie if cookie is None else cookie
        if cookie:
            headers["Cookie"] = cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode({"_csrf": self.csrf, **form}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin or f"http://127.0.0.1:{self.port}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("cg_session="):
                self.cookie = value.split(";")[0]
        found = re.search(r'name="_csrf" value="([^"]+)"', text)
        self.csrf = found[1] if found else self.csrf
        return response.status, response.headers, text

    def new_case(self) -> str:
        self.request("GET", "/")
        status, headers, _ = self.request("POST", "/new", {})
        assert status == 303
        return headers["Location"].split("/")[2]


def test_it_listens_on_localhost_only_and_refuses_requests_for_other_hosts(server):
    assert server.server_address[0] == "127.0.0.1"
    client = Client(server)
    assert client.request("GET", "/", host="attacker.example")[0] == 400  # DNS rebinding
    assert client.request("GET", "/", host=f"localhost:{server.server_port}")[0] == 200


def test_pages_load_nothing_from_anywhere_and_run_no_script(server):
    client = Client(server)
    draft = client.new_case()
    for path in ("/", f"/c/{draft}/victim", f"/c/{draft}/summary"):
        status, headers, html = client.request("GET", path)
        assert status == 200
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store"
        assert "<script" not in html and "http://" not in html and "https://" not in html
    status, headers, css = client.request("GET", "/static/complaintgen.css")
    assert status == 200 and "url(" not in css and "@import" not in css


def test_a_post_needs_the_sessions_token_from_this_origin(server):
    client = Client(server)
    client.request("GET", "/")
    token = client.csrf
    client.csrf = "forged"
    assert client.request("POST", "/new", {})[0] == 403
    client.csrf = token
    assert client.request("POST", "/new", {}, origin="http://attacker.example")[0] == 403
    assert client.request("POST", "/new", {}, cookie="cg_session=guessed")[0] == 403
    other = Client(server)  # another session's token is no good here
    assert other.request("POST", "/new", {"_csrf": token})[0] == 403
    assert client.request("POST", "/new", {})[0] == 303
    assert len(list(server.drafts.glob("*.yaml"))) == 1


def test_only_a_browser_that_opened_the_printed_address_gets_a_session(server):
    stranger = Client(server, token=False)
    for path in ("/", "/?token=", "/?token=guessed", "/c/0123456789abcdef/summary"):
        status, headers, body = stranger.request("GET", path)
        assert status == 403 and "Set-Cookie" not in headers, path
        assert "?token=" in body and "_csrf" not in body  # says what to do, hands out nothing
    assert stranger.request("POST", "/new", {})[0] == 403
    assert stranger.request("GET", "/static/complaintgen.css")[0] == 200  # nothing private
    assert server.token not in server.url and len(server.token) >= 32
    assert server.launch_url == f"{server.url}?token={server.token}"
    owner = Client(server)
    status, headers, html = owner.request("GET", "/")
    assert status == 200 and "Новое дело" in html
    cookie = headers.get("Set-Cookie", "")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()


def test_a_session_ends_after_the_idle_time_and_use_keeps_it_alive(tmp_path, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    srv = make_server(0, "ru", tmp_path / "drafts", today=TODAY, idle=600)
    srv.start()
    try:
        now = [int(time.time())]
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now[0])
        client = Client(srv)
        assert "max-age=600" in client.request("GET", "/")[1]["Set-Cookie"].lower()
        now[0] += 500
        assert client.request("GET", "/")[0] == 200  # used within the idle time: kept
        now[0] += 500
        assert client.request("GET", "/")[0] == 200  # 1000 s since the start, 500 since use
        now[0] += 601
        status, headers, _ = client.request("GET", "/")
        assert status == 403 and "Set-Cookie" not in headers
    finally:
        srv.stop()


def raw_request(srv, head: str, body: bytes = b"") -> tuple[int, str]:
    """Bytes on the wire, as a hostile local program sends them; (status, whole answer)."""
    with socket.create_connection(("127.0.0.1", srv.server_port), timeout=30) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + body)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    text = answer.decode("utf-8", "replace")
    return int(text.split(" ", 2)[1]), text


BAD_BODIES = {
    "missing length": ("", b"x=1", 411),
    "negative length": ("Content-Length: -1\n", b"x=1", 400),
    "length not a number": ("Content-Length: abc\n", b"x=1", 400),
    "too long": (f"Content-Length: {MAX_BODY + 1}\n", b"x=1", 413),
    "chunked, too long": (
        "Transfer-Encoding: chunked\n",
        b"".join(b"%x\r\n%s\r\n" % (n, b"a" * n) for n in [100_000] * 10 + [1]) + b"0\r\n\r\n",
        413,
    ),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_a_body_of_unknown_negative_or_excessive_length_is_refused(server, case):
    client = Client(server)
    head, body, expected = BAD_BODIES[case]
    request = (
        f"POST /new HTTP/1.1\nHost: 127.0.0.1:{server.server_port}\nCookie: {client.cookie}\n"
        f"Content-Type: application/x-www-form-urlencoded\n{head}\n"
    )
    status, answer = raw_request(server, request, body)
    assert status == expected, answer[:300]
    assert list(server.drafts.glob("*.yaml")) == []


def test_two_sessions_work_at_once_and_a_slow_request_holds_up_no_other(server, monkeypatch):
    from complaintgen import web

    slow, release = threading.Event(), threading.Event()
    real = web.validate_case

    def validate_slowly(*args, **kwargs):
        slow.set()
        assert release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(web, "validate_case", validate_slowly)
    first, second = Client(server), Client(server)
    draft = first.new_case()
    answers = {"__shown": "id", "id": "W-1", "action": "save"}
    first.request("POST", f"/c/{draft}/case", answers)
    waiting = threading.Thread(target=first.request, args=("GET", f"/c/{draft}/appeal-ru.docx"))
    waiting.start()
    try:
        assert slow.wait(60)
        # While the first session's document is being made, the second one works on.
        other = second.new_case()
        answers = {"__shown": "id", "id": "W-2", "action": "save"}
        assert second.request("POST", f"/c/{other}/case", answers)[0] == 303
        status, _, html = second.request("GET", "/")
        assert status == 200 and "W-1" in html and "W-2" in html
        assert first.csrf != second.csrf
    finally:
        release.set()
        waiting.join(60)


def test_the_console_never_shows_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_DATA_HOME": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "complaintgen", "--ui-lang", "en", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = child.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", line)
        assert url and "The form is open at" in line, line  # --ui-lang before the command
        port = int(url[1])

        class Target:
            server_port = port

        for head, body, _ in BAD_BODIES.values():
            request = f"POST /new HTTP/1.1\nHost: 127.0.0.1:{port}\n{head}\n"
            raw_request(Target, request, body)
        raw_request(Target, "GARBAGE\n\n\n")
        raw_request(Target, f"GET /../../etc/passwd HTTP/1.1\nHost: 127.0.0.1:{port}\n\n")
        raw_request(Target, f"GET /c/x%00/y HTTP/1.1\nHost: 127.0.0.1:{port}\n\n")
    finally:
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    assert "Traceback" not in err and "Traceback" not in out, err
    assert child.returncode in (0, 130), err


def test_without_the_session_cookie_no_case_data_is_served(server):
    client = Client(server)
    draft = client.new_case()
    client.request("POST", f"/c/{draft}/case", {"__shown": "id", "id": "W-1", "action": "save"})
    for page in ("victim", "summary", "case.yaml", "appeal-ru.docx"):
        status, headers, body = client.request("GET", f"/c/{draft}/{page}", cookie="x=1")
        assert status == 403 and "W-1" not in body and "Set-Cookie" not in headers


def test_drafts_are_case_files_only_their_owner_can_read(server):
    client = Client(server)
    draft = client.new_case()
    client.request("POST", f"/c/{draft}/case", {"__shown": "id", "id": "W-1", "action": "save"})
    path = server.drafts / f"{draft}.yaml"
    assert path.stat().st_mode & 0o777 == 0o600
    assert server.drafts.stat().st_mode & 0o777 == 0o700
    assert "id: W-1" in path.read_text(encoding="utf-8")


def test_a_draft_is_deleted_only_when_the_deletion_is_confirmed(server):
    client = Client(server)
    draft = client.new_case()
    path = server.drafts / f"{draft}.yaml"
    assert client.request("POST", f"/c/{draft}/delete", {})[0] == 303 and path.exists()
    status, headers, _ = client.request("POST", f"/c/{draft}/delete", {"confirm": "on"})
    assert (status, headers["Location"]) == (303, "/") and not path.exists()


def test_a_port_in_use_or_an_unknown_language_is_said_plainly(server, tmp_path):
    with pytest.raises(UsageError, match=r"cannot listen on 127\.0\.0\.1"):
        make_server(server.server_port, "ru", tmp_path)
    with pytest.raises(UsageError, match="unknown interface language"):
        make_server(0, "de", tmp_path)


def test_case_text_is_shown_as_text_never_as_markup(server):
    client = Client(server)
    draft = client.new_case()
    evil = '<script>alert("x")</script>"><img src=x>'
    form = {"__shown": ["victim.name.last", "victim.name.first"], "action": "save"}
    client.request(
        "POST", f"/c/{draft}/victim", {**form, "victim.name.last": evil, "victim.name.first": "И"}
    )
    _, _, html = client.request("GET", f"/c/{draft}/victim")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&gt;&lt;img src=x&gt;" in html
    assert "<script" not in html and "<img" not in html


class _FarAhead(date):
    @classmethod
    def today(cls) -> date:
        return TODAY + timedelta(days=400)


def test_a_date_after_the_servers_day_is_in_the_future_whatever_the_clock_says(server, monkeypatch):
    """The form's day is the one its documents are dated with (the server's), for every check."""
    monkeypatch.setattr(clock, "date", _FarAhead)  # the machine's clock, far ahead: no matter
    client = Client(server)
    draft = client.new_case()
    day_after = TODAY + timedelta(days=1)
    form = {
        "__shown": ["incident.date"],
        "action": "next",
        "incident.date": f"{day_after:%d.%m.%Y}",
    }
    status, _, html = client.request("POST", f"/c/{draft}/incident", form)
    assert status == 422 and f"Дата {day_after:%d.%m.%Y} ещё не наступила." in html
    form["incident.date"] = f"{TODAY:%d.%m.%Y}"
    assert client.request("POST", f"/c/{draft}/incident", form)[0] == 303


def test_a_wrong_answer_is_kept_with_its_message_next_to_the_field_and_the_rest_is_saved(server):
    client = Client(server)
    draft = client.new_case()
    form = {
        "__shown": ["victim.name.last", "victim.iin"],
        "victim.name.last": "Иванов",
        "victim.iin": "781125300986",
        "action": "next",
    }
    status, _, html = client.request("POST", f"/c/{draft}/victim", form)
    assert status == 422
    field = re.search(r'<div class="field depth-0 invalid">.*?</div>', html, re.S)[0]
    assert 'value="781125300986"' in field and 'aria-invalid="true"' in field
    assert 'id="f-victim-iin-error">ИИН не проходит проверку контрольной цифры' in field
    assert "last: Иванов" in (server.drafts / f"{draft}.yaml").read_text(encoding="utf-8")


def test_the_form_speaks_russian_kazakh_and_english(server):
    client = Client(server)
    assert "Новое дело" in client.request("GET", "/")[2]
    _, headers, html = client.request("GET", "/?lang=kk")
    assert "Жаңа іс" in html and "cg_session=" in headers["Set-Cookie"]  # kept in the session
    draft = client.new_case()
    assert "Жәбірленушінің" not in client.request("GET", f"/c/{draft}/victim")[2]  # a label
    assert "Тегі (жеке куәліктегідей)" in client.request("GET", f"/c/{draft}/victim")[2]
    assert "New case" in client.request("GET", "/?lang=en")[2]


# --- in a real browser --------------------------------------------------------------------------


@pytest.fixture
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright's Python package is not installed"
    )
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (.ci/run installs it: apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_a_paralegal_fills_a_case_in_the_browser_and_downloads_the_appeal(
    server, browser, tmp_path
):
    # the server's day (TODAY), not the machine's: the form checks dates by the day it dates by
    order = (TODAY - timedelta(days=10)).strftime("%d.%m.%Y")
    received = (TODAY - timedelta(days=5)).strftime("%d.%m.%Y")
    tomorrow = (TODAY + timedelta(days=1)).strftime("%d.%m.%Y")
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    def field(name: str):
        return page.locator(f'[name="{name}"]')

    def save_and_continue():
        page.get_by_role("button", name="Сохранить и дальше →").click()

    page.goto(server.launch_url)
    page.get_by_role("button", name="Новое дело").click()
    field("id").fill("2026-PVL-007")
    save_and_continue()

    # Victim: a mistyped ИИН is refused next to its field, then corrected.
    page.get_by_label("Фамилия (как в удостоверении личности)").fill("Иванов")
    page.get_by_label("Имя", exact=False).first.fill("Иван")
    page.get_by_label("Отчество (если есть)").fill("Петрович")
    field("victim.iin").fill("781125300986")
    save_and_continue()
    error = page.locator("#f-victim-iin-error")
    assert "контрольной цифры" in error.inner_text()
    assert field("victim.iin").get_attribute("aria-invalid") == "true"
    field("victim.iin").fill("781125300985")
    save_and_continue()
    assert field("victim.birth_date").input_value() == "25.11.1978"  # worked out from the ИИН
    save_and_continue()

    # Who files: the victim, without a representative.
    # (the applicant is optional now, so "Is there a representative?" is on the page at once)
    page.get_by_label("сам потерпевший").check()
    page.locator('[name="representative?"][value="no"]').check()
    save_and_continue()

    # What happened: a date in the future is refused; the fixed date is kept.
    field("incident.date").fill(tomorrow)
    field("incident.place").fill("ИВС ДП г. Павлодара")
    field("incident.narrative").fill("Избит при задержании.\nТребовали признаться в краже.")
    save_and_continue()
    assert (
        f"Дата {tomorrow} ещё не наступила." in page.locator("#f-incident-date-error").inner_text()
    )
    field("incident.date").fill("05.01.2026")
    save_and_continue()
    save_and_continue()  # no complaints recorded

    page.locator('[name="investigation?"][value="yes"]').check()
    save_and_continue()  # new questions appear on the same page
    field("investigation.erdr_number").fill("265100031000045")
    page.locator('[name="investigation.steps_missed"][value="cctv"]').check()
    save_and_continue()
    field("investigation.steps_missed[0].details").fill("камеры коридора ИВС за 05.01.2026")
    save_and_continue()
    save_and_continue()  # no earlier decisions in the case's history

    page.locator('[name="order?"][value="yes"]').check()
    save_and_continue()
    field("order.date").fill(order)
    page.locator('[name="order.ground"][value="no_corpus"]').check()
    field("order.received_date").fill(received)
    field("addressee.title").fill(
        "следственный судья Специализированного следственного суда г. Павлодара"
    )
    save_and_continue()

    page.get_by_role("link", name="Итог").click()
    assert "Файл дела заполнен и проверен." in page.content()
    assert "Срок подачи жалобы: до" in page.locator(".deadline").inner_text()
    appeal = page.locator("li.ready", has_text="Жалоба на постановление о прекращении")
    with page.expect_download() as download:
        appeal.get_by_role("link", name="Скачать DOCX (ru)").click()
    docx = tmp_path / "appeal.docx"
    download.value.save_as(docx)
    text = extract_text(docx.read_bytes())
    assert "ЖАЛОБА" in text and "Иванов" in text and "265100031000045" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать файл дела (YAML)").click()
    download.value.save_as(tmp_path / "case.yaml")
    case = load_case(tmp_path / "case.yaml")
    assert case.incident.narrative.ru == "Избит при задержании.\nТребовали признаться в краже."
    assert all(url.startswith(server.url) for url in requests)  # nothing left the machine


def test_two_browsers_fill_two_cases_at_the_same_time_and_a_third_without_the_key_gets_nothing(
    server, browser
):
    first, second, stranger = (browser.new_context() for _ in range(3))
    try:
        pages = [first.new_page(), second.new_page()]
        for page in pages:
            page.goto(server.launch_url)
            page.get_by_role("button", name="Новое дело").click()
        for page, number in zip(pages, ("B-1", "B-2"), strict=True):
            page.locator('[name="id"]').fill(number)
        for page in pages:  # both forms were open before either was sent
            page.get_by_role("button", name="Сохранить и дальше →").click()
            page.get_by_label("Фамилия (как в удостоверении личности)").wait_for()
        pages[1].get_by_label("Фамилия (как в удостоверении личности)").fill("Сейткали")
        pages[0].get_by_label("Фамилия (как в удостоверении личности)").fill("Омарова")
        for page in pages:
            page.get_by_role("button", name="Сохранить", exact=True).click()
        assert "B-1" in pages[0].locator("header .case").inner_text()
        assert "B-2" in pages[1].locator("header .case").inner_text()
        pages[0].goto(server.url)
        rows = pages[0].locator("table.drafts").inner_text()
        assert "Омарова" in rows and "Сейткали" in rows
        response = stranger.new_page().goto(server.url)
        assert response.status == 403 and not stranger.cookies()
    finally:
        for context in (first, second, stranger):
            context.close()
