"""complaintgen intake: the questionnaire in a terminal, one question at a time.

Every answer is saved at once (an atomic write), so a closed window loses nothing, and --resume
goes on where the file stopped. Keys: Enter keeps the answer in brackets (or leaves the question
empty), "-" skips a question to come back to it at the end, "<" goes back, ">" jumps to the first
question without an answer, "?" shows the keys again, Ctrl+D stops (everything is saved).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .. import files, i18n
from ..errors import InputError, UsageError
from . import translations, vocab
from .answers import NO as NO_WORDS
from .answers import NOTHING, YES
from .casefile import Progress
from .engine import Questionnaire, questionnaire
from .tree import Question

SKIP = {"-"}
BACK = {"<", "назад", "артқа", "back"}
JUMP = {">", "далее", "алға", "next"}
HELP = {"?"}
END_OF_TEXT = "."


def run_intake(
    output: Path | None,
    resume: Path | None,
    ui_lang: str | None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    today: date | None = None,
) -> int:
    """Ask the questionnaire; 0 when the case file is complete and valid, 1 when it was saved
    with facts still missing, 2 when it could not start, 130 on Ctrl+C."""
    try:
        t = i18n.Translator(i18n.ui_lang(ui_lang))
    except ValueError as e:
        raise UsageError(str(e)) from None
    out = stdout or sys.stdout
    q = questionnaire()
    data: dict = {}
    progress = Progress()
    target = output or resume
    if resume is not None:
        try:
            data, progress = q.load(resume.read_bytes(), str(resume))
        except OSError as e:
            print(t("ui:cannot_read", path=resume, error=e.strerror or e), file=out)
            return 2
        except InputError as e:
            print("\n".join(e.lines()), file=out)
            return 2
    if output is not None and output.exists() and output != resume:
        print(t("ui:exists", path=output), file=out)
        return 2
    session = Session(q, t, data, progress, target, stdin or sys.stdin, out, today)
    try:
        return session.run()
    except KeyboardInterrupt:
        session.say("")
        session.stopped()
        return 130


class Session:
    def __init__(
        self,
        q: Questionnaire,
        t: i18n.Translator,
        data: dict,
        progress: Progress,
        path: Path | None,
        stdin: TextIO,
        stdout: TextIO,
        today: date | None,
    ):
        self.q, self.t, self.data, self.progress, self.path = q, t, data, progress, path
        self.stdin, self.stdout, self.today = stdin, stdout, today
        self.section = ""
        color = (
            stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        )
        self._color = color

    # --- output ---------------------------------------------------------------------------------

    def say(self, text: str, style: str = "") -> None:
        codes = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33"}
        if self._color and style and text:
            text = f"\033[{codes[style]}m{text}\033[0m"
        print(text, file=self.stdout, flush=True)

    def read(self, prompt: str) -> str | None:
        if self.stdin is sys.stdin and self.stdout is sys.stdout and sys.stdin.isatty():
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401  (arrow keys and editing in input())
            try:
                return input(prompt)
            except EOFError:
                return None
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        return line.rstrip("\n") if line else None

    # --- the loop -------------------------------------------------------------------------------

    def run(self) -> int:
        t = self.t
        self.say(t("ui:title"), "bold")
        self.say(t("ui:keys"), "dim")
        if self.path is not None:
            self.say(t("ui:saving_to", path=self.path), "dim")
        questions = self.q.questions(self.data)
        cursor, mode = self._first(questions), "forward"
        revisited = False
        while True:
            if cursor is None:
                cursor, mode, revisited = self._after_the_end(revisited)
                if cursor is None:
                    return self.finish()
            action, value = self.ask(cursor)
            old = questions
            if action == "quit":
                self.stopped()
                return 1
            if action == "back":
                i = _index(questions, cursor)
                cursor, mode = questions[max(i - 1, 0)], "review"
                continue
            if action == "jump":
                cursor, mode = self._first(questions), "forward"
                continue
            if action == "skip":
                self.progress = self.q.skip_question(self.progress, cursor)
            else:
                self.data, self.progress, removed = self.q.apply(
                    self.data, self.progress, cursor, value
                )
                gone = [self.q.describe(x.id, t, self.data) for x in removed]
                if gone:
                    self.say(t("ui:removed", fields="; ".join(gone)), "yellow")
            self.save()
            questions = self.q.questions(self.data)
            cursor = self._next(old, cursor, questions, mode)

    def _first(self, questions: list[Question]) -> Question | None:
        pending = {x.id for x in self.q.pending(self.data, self.progress)}
        return next((x for x in questions if x.id in pending), None)

    def _next(
        self, old: list[Question], q: Question, new: list[Question], mode: str
    ) -> Question | None:
        """The question after q: the next one in review, else the next one still open."""
        i = _index(old, q)
        start = i + 1 if i < len(new) and new[i].id == q.id else i
        if mode == "review":
            return new[start] if start < len(new) else None
        if mode == "revisit":
            wanted = set(self.progress.skipped)
        else:
            wanted = {x.id for x in self.q.pending(self.data, self.progress)}
        return next((x for x in new[start:] if x.id in wanted), None)

    def _after_the_end(self, revisited: bool) -> tuple[Question | None, str, bool]:
        """At the end: open questions first, then once through the skipped ones."""
        questions = self.q.questions(self.data)
        first = self._first(questions)
        if first is not None:
            return first, "forward", revisited
        skipped = [x for x in questions if x.id in self.progress.skipped]
        if skipped and not revisited:
            self.say("")
            self.say(self.t("ui:skipped_left", n=len(skipped)), "bold")
            return skipped[0], "revisit", True
        return None, "forward", revisited

    def ask(self, q: Question) -> tuple[str, Any]:
        t, engine = self.t, self.q
        if q.section != self.section:
            self.section = q.section
            n = engine.sections.index(q.section) + 1
            title = t(f"section:{q.section}")
            self.say("")
            self.say(t("ui:section", n=n, total=len(engine.sections), title=title), "bold")
        questions = engine.questions(self.data)
        place = f"  ({_index(questions, q) + 1}/{len(questions)})"
        titles = [x for x in engine.titles(q.path, t, self.data) if x != t(f"section:{q.section}")]
        self.say("")
        mark = " *" if q.required else ""
        self.say(" · ".join([*titles, engine.text(q, t)]) + mark + place)
        hint = engine.hint(q, t)
        if hint:
            self.say(hint, "dim")
        if vocab.categories(q.node):
            self.say(t("ui:vocabulary_hint"), "dim")
        self._choices(q)
        current = engine.display(q, engine.suggestion(q, self.data, self.progress), t)
        prompt = f"[{_short(current)}] › " if current else "› "
        while True:
            raw = self._read_answer(q, prompt)
            if raw is None:
                return "quit", None
            command = raw.strip().casefold()
            if command in SKIP:
                if q.id == "id" and self.path is None:
                    self.say(t("ui:id_needed"), "red")
                    continue
                return "skip", None
            if command in BACK:
                return "back", None
            if command in JUMP:
                return "jump", None
            if command in HELP:
                self.say(t("ui:keys"), "dim")
                self._choices(q)
                continue
            if command and command not in NOTHING and vocab.categories(q.node):
                raw = self._pick(q, raw)
                if raw is None:
                    return "quit", None
            checked = engine.check(q, raw, self.data, t, self.progress)
            if checked.error:
                self.say(f"✗ {checked.error}", "red")
                continue
            if q.id == "id" and self.path is None:
                candidate = Path(f"{checked.value}.yaml")
                if candidate.exists():
                    self.say(t("ui:exists", path=candidate), "red")
                    continue
                self.path = candidate
                self.say(t("ui:saving_to", path=candidate), "dim")
            for warning in checked.warnings:
                self.say(f"⚠ {warning}", "yellow")
            return "answer", checked.value

    def _pick(self, q: Question, typed: str) -> str | None:
        """Numbered vocabulary names for what was typed: a number picks one, Enter keeps the
        typed text, other text searches again. None on Ctrl+D."""
        while True:
            names = self.q.suggest(q, typed, self.t.lang)
            if not names:
                return typed
            self.say(self.t("ui:matches"), "dim")
            width = len(str(len(names)))
            for i, name in enumerate(names, start=1):
                self.say(f"  {i:>{width}}  {name}")
            answer = self.read(f"[{_short(typed)}] › ")
            if answer is None:
                return None
            choice = answer.strip()
            if not choice:
                return typed
            if choice.isdigit() and 1 <= int(choice) <= len(names):
                return names[int(choice) - 1]
            typed = answer

    def _choices(self, q: Question) -> None:
        t, engine = self.t, self.q
        choices = engine.choices(q)
        if q.kind in ("bool", "gate", "more"):
            self.say(t("ui:yes_no"), "dim")
        elif choices:
            width = len(str(len(choices)))
            for i, code in enumerate(choices, start=1):
                label = engine.choice_label(q, code, t)
                self.say(f"  {i:>{width}}  {label}" + (f"  [{code}]" if self._color else ""))
            self.say(t("ui:choose_many" if q.kind in ("multi", "pick") else "ui:choose"), "dim")

    def _read_answer(self, q: Question, prompt: str) -> str | None:
        if not q.multiline:
            return self.read(prompt)
        self.say(self.t("ui:multiline"), "dim")
        first = self.read(prompt)
        if (
            first is None
            or not first.strip()
            or first.strip().casefold() in (SKIP | BACK | JUMP | HELP)
        ):
            return first
        lines = [first]
        while True:
            line = self.read("  ")
            if line is None or line.strip() == END_OF_TEXT:
                return "\n".join(lines).strip()
            lines.append(line)

    # --- saving and the end ---------------------------------------------------------------------

    def save(self) -> None:
        if self.path is not None:
            files.write_atomic(self.path, self.q.dump(self.data, self.progress))

    def stopped(self) -> None:
        if self.path is not None:
            self.save()
            self.say(self.t("ui:stopped", path=self.path), "bold")

    def translate(self) -> None:
        """Documents in both languages: ask the other version of each free-text answer the
        vocabulary cannot translate (Enter leaves it for later; Ctrl+D leaves them all)."""
        t = self.t
        if self.progress.both_langs is None:
            self.say("")
            self.say(t("ui:both_langs"), "bold")
            self.say(t("ui:yes_no"), "dim")
            while True:
                raw = self.read(f"[{t('ui:no')}] › ")  # Enter: one language
                if raw is None:
                    return
                answer = raw.strip().casefold()
                if not answer or answer in YES or answer in NO_WORDS:
                    break
            self.progress = replace(self.progress, both_langs=answer in YES)
            self.save()
        if not self.progress.both_langs:
            return
        asked = False
        for item in translations.missing(self.q, self.data):
            if not asked:
                self.say("")
                lang = t(f"ui:lang_name_{item.dst}")
                self.say(t("ui:translate_intro", lang=lang), "bold")
                asked = True
            where = self.q.describe(item.id, t, self.data)
            self.say(t("ui:translate_field", field=where, text=_short(item.text, 200)))
            raw = self.read(f"{item.dst} › ")
            if raw is None:
                return
            if raw.strip():
                self.data = translations.put(self.data, item, raw)
                self.save()

    def untranslated(self) -> None:
        """What the other language's documents will still show as translation gaps."""
        if not self.progress.both_langs:
            return
        left = translations.missing(self.q, self.data)
        t = self.t
        if not left:
            self.say(t("ui:all_translated"), "green")
        for dst in translations.LANGS:
            fields = [self.q.describe(m.id, t, self.data) for m in left if m.dst == dst]
            if fields:
                lang = t(f"ui:lang_name_{dst}")
                self.say(t("ui:untranslated", lang=lang, fields="; ".join(fields)), "yellow")

    def finish(self) -> int:
        t = self.t
        self.save()
        self.translate()
        report = self.q.report(self.data, t, self.today)
        self.say("")
        if report.problems:
            self.say(t("ui:done_incomplete", path=self.path), "bold")
            for _, where, message in report.problems:
                self.say(f"  • {where}: {message}")
            self.untranslated()
            self.say(t("ui:resume", path=self.path), "dim")
            return 1
        self.say(t("ui:done", path=self.path), "green")
        self.say(t("ui:documents"), "bold")
        for doc in report.documents:
            if doc.ready:
                self.say(f"  ✓ {doc.title}", "green")
                gaps = "; ".join(doc.gaps) if doc.gaps else t("ui:no_gaps")
                self.say("      " + t("ui:gaps", gaps=gaps, lang=doc.lang))
                self.say("      " + t("ui:command", kind=doc.kind, path=self.path), "dim")
            elif doc.error:
                self.say(f"  ✗ {doc.title}: {doc.error}", "red")
            else:
                self.say(f"  – {doc.title}: {doc.reason}", "dim")
        if report.deadline:
            self.say("")
            self.say(report.deadline, "bold")
        self.untranslated()
        return 0


def _index(questions: list[Question], q: Question) -> int:
    return next((i for i, x in enumerate(questions) if x.id == q.id), len(questions))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
