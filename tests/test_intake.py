"""complaintgen intake in a real terminal (pexpect): a paralegal's session from the first question
to the report, with wrong answers corrected, a skipped question, a step back, and a window closed
halfway and resumed."""

from __future__ import annotations

import os
import re
import signal
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from complaintgen.cli import main
from complaintgen.documents import render_document
from complaintgen.docx_text import extract_text
from complaintgen.loading import load_case

from .conftest import ROOT

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the terminal session")

PROMPT = "› "
TOMORROW = (date.today() + timedelta(days=1)).strftime("%d.%m.%Y")
ORDER_DATE = (date.today() - timedelta(days=10)).strftime("%d.%m.%Y")
RECEIVED = (date.today() - timedelta(days=5)).strftime("%d.%m.%Y")

# What the paralegal types, by the start of the question (several answers: asked several times).
# A question not listed here gets Enter: the answer in brackets, or nothing.
SCRIPT = {
    "Номер дела": ["T-7"],
    "Фамилия": ["Иванов", ""],  # the second time after "<" from the next question
    "Имя": ["<", "Иван"],
    "Отчество": ["Петрович"],
    "ИИН": ["781125300986", "781125300985"],  # a mistyped digit, then the right one
    "Где сейчас находится": ["1"],
    "Почтовый адрес": ["-", "г. Павлодар, ул. Ленина, д. 1"],  # skipped, then answered at the end
    "Кто подписывает": ["1"],
    "Есть ли у потерпевшего адвокат": ["нет"],
    "Дата, когда применили насилие": [TOMORROW, "05.01.2026"],
    "Где это произошло": ["ИВС ДП г. Павлодара"],
    "Произошло ли это в учреждении": ["нет"],
    "Известно ли что-нибудь о тех": ["нет"],
    "Какие способы насилия": ["1, 3"],
    "Чего добивались": ["1"],
    "Что произошло — по порядку": ["Избит при задержании.\nТребовали признаться в краже."],
    "Есть ли свидетели": ["нет"],
    "Подавались ли жалобы": ["нет"],
    "Начато ли досудебное": ["да"],
    "Номер ЕРДР": ["2651 0003 1000 045"],
    "Какие следственные действия НЕ проведены": ["cctv"],
    "Вынесено ли постановление": ["да"],
    "Дата постановления": [ORDER_DATE],
    "Основание прекращения": ["2"],
    "Дата ознакомления": [RECEIVED],
    "Подавалась ли уже жалоба прокурору": ["нет"],
    "Обжаловалось ли постановление": ["нет"],
    "Кому: должность": ["следственный судья Специализированного следственного суда г. Павлодара"],
    "Назначалась, проводилась": ["нет"],
    "Были ли угрозы": ["нет"],
    "Прилагаются ли документы": ["нет"],
    "Город, где подписываются": ["г. Павлодар"],
}


def spawn(cwd: Path, *args: str):
    code = (
        "import sys; from pathlib import Path; from complaintgen.intake import run_intake; "
        "a = dict(zip(sys.argv[1::2], sys.argv[2::2])); "
        "sys.exit(run_intake(a.get('-o') and Path(a['-o']), "
        "a.get('--resume') and Path(a['--resume']), a.get('--ui-lang')))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(PYTHONPATH=str(ROOT / "src"), LANG="C.UTF-8", NO_COLOR="1", TERM="xterm")
    return pexpect.spawn(
        sys.executable, ["-c", code, *args], cwd=str(cwd), env=env, encoding="utf-8",
        timeout=60, dimensions=(40, 250),
    )  # fmt: skip


def drive(child, script: dict[str, list[str]], stop_at: str | None = None) -> list[tuple[str, str]]:
    """Answer every question from the script; returns (question, what the screen said) pairs."""
    script = {k: list(v) for k, v in script.items()}
    seen: list[tuple[str, str]] = []
    question = ""
    while child.expect([PROMPT, pexpect.EOF]) == 0:
        block = child.before
        labels = re.findall(r"^(.+?)(?: \*)?  \(\d+/\d+\)\s*$", block, re.M)
        if labels:
            question = labels[-1].split(" · ")[-1]
        seen.append((question, block))
        if stop_at and question.startswith(stop_at):
            return seen
        key = next((k for k in script if question.startswith(k) and script[k]), None)
        answer = script[key].pop(0) if key else ""
        for line in answer.split("\n"):
            child.sendline(line)
        if "строка из одной точки" in block and answer:
            child.sendline(".")
    return seen


def test_a_whole_intake_with_mistakes_corrected_gives_a_case_file_that_renders(tmp_path):
    child = spawn(tmp_path, "-o", "case.yaml")
    seen = drive(child, SCRIPT)
    child.close()
    screen = "".join(block for _, block in seen) + child.before
    assert child.exitstatus == 0, screen[-3000:]
    # It explained, checked and corrected on the way.
    assert "ИИН не проходит проверку контрольной цифры" in screen
    assert f"Дата {TOMORROW} ещё не наступила." in screen
    assert "С этого дня идут 15 суток на жалобу следственному судье (ч. 5 ст. 106 УПК)." in screen
    again = [block for question, block in seen if question.startswith("Фамилия")]
    assert "[Иванов] › " in again[-1] + PROMPT  # "<" went back and showed the answer given
    assert "Пропущено вопросов: 1" in screen
    # No custody, perpetrator-name or order questions that do not apply.
    asked = {question for question, _ in seen}
    assert not any(
        q.startswith(("Название учреждения", "Известны ли фамилия и имя")) for q in asked
    )
    # The report: the appeal is supported; what it still lacks; the deadline.
    assert "Файл дела заполнен и проверен: case.yaml" in screen
    assert "✓ Жалоба на постановление о прекращении уголовного дела" in screen
    assert "Ходатайство о применении мер безопасности: угроз нет" in screen
    assert "Срок подачи жалобы: до" in screen
    # The file: the loader accepts it, `complaintgen validate` too, and the appeal renders.
    path = tmp_path / "case.yaml"
    assert path.stat().st_mode & 0o777 == 0o600
    assert main(["validate", str(path)]) == 0
    case = load_case(path)
    assert case.victim.iin == "781125300985" and case.incident.date == date(2026, 1, 5)
    assert case.investigation.erdr_number == "265100031000045"
    assert case.incident.narrative.ru == "Избит при задержании.\nТребовали признаться в краже."
    text = extract_text(render_document(case, "appeal", "ru").docx)
    assert "Иванов" in text and "265100031000045" in text and "ЖАЛОБА" in text


def test_a_window_closed_halfway_loses_nothing_and_the_intake_resumes_where_it_stopped(tmp_path):
    first = spawn(tmp_path, "-o", "case.yaml")
    drive(first, SCRIPT, stop_at="Где сейчас находится")
    first.kill(signal.SIGHUP)  # the terminal window is closed: no goodbye, no clean-up
    first.close()
    saved = (tmp_path / "case.yaml").read_text(encoding="utf-8")
    assert "Иванов" in saved and "781125300985" in saved and "1978-11-25" in saved

    script = {k: list(v) for k, v in SCRIPT.items()}
    for asked in ("Номер дела", "Фамилия", "Имя", "Отчество", "ИИН"):
        script.pop(asked)
    second = spawn(tmp_path, "--resume", "case.yaml")
    seen = drive(second, script)
    second.close()
    assert seen[0][0].startswith("Где сейчас находится")  # the first question not answered
    assert second.exitstatus == 0, seen[-1][1][-2000:]
    case = load_case(tmp_path / "case.yaml")
    assert (case.victim.name.last, case.victim.name.middle) == ("Иванов", "Петрович")
    assert case.victim.birth_date == date(1978, 11, 25) and case.order is not None


def test_ctrl_d_stops_and_says_how_to_go_on_in_kazakh(tmp_path):
    child = spawn(tmp_path, "-o", "іс.yaml", "--ui-lang", "kk")
    child.expect(PROMPT)
    assert "Ұйымыңыздағы іс нөмірі" in child.before
    child.sendline("K-1")
    child.expect(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "Тоқтатылды. Бәрі іс.yaml файлында сақталған" in child.before
    assert "id: K-1" in (tmp_path / "іс.yaml").read_text(encoding="utf-8")


def test_an_existing_file_is_never_overwritten(tmp_path):
    (tmp_path / "case.yaml").write_text("id: x\n", encoding="utf-8")
    child = spawn(tmp_path, "-o", "case.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "complaintgen intake --resume case.yaml" in child.before
    assert (tmp_path / "case.yaml").read_text(encoding="utf-8") == "id: x\n"
