"""The questionnaire both channels ask (the terminal, terminal.py, and the web form, web.py):
which questions apply to the facts so far, and the case data as answers change it.

The model says what each question is (type, choices, checks) and, through its validators, when
an optional fact is needed (rules.py); questionnaire.yaml says which fields are asked, in which
section and order, and when beyond that (tree.py); the wording is in the catalogs (wording.py).
Answers are kept as the case file's own data: a dict that Case validates, built one answer at a
time (answers.py checks each by the model). Progress records what the data cannot: questions
answered with "nothing" and questions skipped to come back to (casefile.py).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

from .. import clock
from ..i18n import Translator
from ..language import script
from ..loading import dotted
from . import answers, casefile, report, rules, vocab, wording
from .answers import Checked
from .casefile import Progress
from .data import MISSING, assign, get
from .report import Report
from .tree import Node, Question, Tree


class Questionnaire(Tree):
    # --- which questions apply ----------------------------------------------------------------

    def questions(self, data: dict) -> list[Question]:
        """Every question that applies to the facts so far, in order. An answer asks for them
        several times over the same facts (to find it, to check it, before applying it): the
        last walk is kept for the same facts on the same day."""
        key = (clock.today(), repr(data))
        last = self._last_walk
        if last is not None and last[0] == key:
            return list(last[1])
        out: list[Question] = []
        probes: dict = {}  # the model's view of each group, built once per walk
        for node in self.roots:
            self._walk(node, data, (), out, probes)
        self._last_walk = (key, tuple(out))
        return out

    _last_walk: tuple[tuple, tuple[Question, ...]] | None = None

    def _walk(
        self, node: Node, data: dict, prefix: tuple, out: list[Question], probes: dict
    ) -> None:
        path = (*prefix, node.name)
        if not rules.holds(self, node.opts.get("when"), data, path) and not rules.needed(
            node, data, path, probes
        ):
            return
        if rules.excluded(node, data, path, probes):
            return
        value = get(data, path)
        if node.kind == "group":
            if not (node.required or rules.opens(self, node, data, path, probes)):
                out.append(Question(f"{dotted(path)}?", path, node, "gate"))
                if not isinstance(value, dict):
                    return
            for child in node.children:
                self._walk(child, data, path, out, probes)
        elif node.kind == "list":
            items = value if isinstance(value, list) else []
            key = node.opts.get("pick")
            if key:
                out.append(Question(dotted(path), path, node, "pick"))
            for i in range(len(items)):
                if not key:
                    out.append(Question(f"{dotted(path)}+{i}", path, node, "more"))
                for child in node.children:
                    if child.name != key:
                        self._walk(child, data, (*path, i), out, probes)
            if not key:
                out.append(Question(f"{dotted(path)}+{len(items)}", path, node, "more"))
        else:
            needed = rules.needed(node, data, path, probes)
            out.append(Question(dotted(path), path, node, node.kind, needed=needed))

    def answered(self, q: Question, data: dict) -> bool:
        value = get(data, q.path)
        if q.kind == "more":
            return isinstance(value, list) and len(value) > q.index
        if q.kind == "gate":
            return isinstance(value, dict)
        return value is not MISSING and value is not None and value != []

    def pending(self, data: dict, progress: Progress) -> list[Question]:
        """Questions without an answer (an optional one may be answered with "nothing"), and not
        skipped."""
        return [
            q
            for q in self.questions(data)
            if not self.answered(q, data)
            and q.id not in progress.skipped
            and (q.required or q.id not in progress.seen)
        ]

    # --- the data as answers change it --------------------------------------------------------

    def apply(
        self, data: dict, progress: Progress, q: Question, value: Any
    ) -> tuple[dict, Progress, list[Question]]:
        """The data with one answer in place, and the answers it made inapplicable removed."""
        before = self.questions(data)
        progress = replace(
            progress,
            seen=progress.seen | {q.id},
            skipped=[i for i in progress.skipped if i != q.id],
        )
        return self._settle(before, self.put(data, q, value), progress)

    def _settle(
        self, before: list[Question], new: dict, progress: Progress
    ) -> tuple[dict, Progress, list[Question]]:
        """Remove the answers whose questions no longer apply, and forget them in progress."""
        after = self.questions(new)
        asked = {x.path[:i] for x in after for i in range(1, len(x.path) + 1)}
        removed = []
        for x in before:
            if x.path not in asked and get(new, x.path) is not MISSING:
                self._remove(new, x.path)
                removed.append(x)
            for i in range(len(x.path) - 1, 0, -1):  # a group that no longer applies at all
                group = x.path[:i]
                if group not in asked and get(new, group) is not MISSING:
                    self._remove(new, group)
        ids = {x.id for x in self.questions(new)} if removed else {x.id for x in after}
        seen = {i for i in progress.seen if i in ids}
        kept = replace(progress, seen=seen, skipped=[i for i in progress.skipped if i in ids])
        return new, kept, removed

    def remove_item(self, data: dict, progress: Progress, path: tuple) -> tuple[dict, Progress]:
        """The data without one list item (complaints[1]), and what hung on it."""
        before = self.questions(data)
        new = copy.deepcopy(data)
        items = get(new, path[:-1])
        if isinstance(items, list) and isinstance(path[-1], int) and path[-1] < len(items):
            del items[path[-1]]
            if not items:
                self._remove(new, path[:-1])
        new, progress, _ = self._settle(before, new, progress)
        return new, progress

    def skip_question(self, progress: Progress, q: Question) -> Progress:
        skipped = progress.skipped if q.id in progress.skipped else [*progress.skipped, q.id]
        return replace(progress, seen=progress.seen - {q.id}, skipped=skipped)

    def put(self, data: dict, q: Question, value: Any) -> dict:
        """A copy of the data with one answer in place (nothing else changed)."""
        new = copy.deepcopy(data)
        current = get(new, q.path)
        if q.kind == "gate":
            if not value:
                self._remove(new, q.path)
            elif not isinstance(current, dict):
                assign(new, q.path, {})
        elif q.kind == "more":
            items = list(current) if isinstance(current, list) else []
            items = (items if len(items) > q.index else [*items, {}]) if value else items[: q.index]
            if items:
                assign(new, q.path, items)
            else:
                self._remove(new, q.path)
        elif q.kind == "pick":
            key = q.node.opts["pick"]
            items = current if isinstance(current, list) else []
            old = {i.get(key): i for i in items if isinstance(i, dict)}
            if value:
                assign(new, q.path, [old.get(code) or {key: code} for code in value])
            else:
                self._remove(new, q.path)
        elif value is None or value == []:
            self._remove(new, q.path)
        elif q.kind == "text" and value != current:
            lang = script.text_lang(value)
            both = isinstance(current, dict) and current.get("ru") and current.get("kk")
            merged = {**current, lang: value} if both else {lang: value}
            assign(new, q.path, merged["ru"] if set(merged) == {"ru"} else merged)
        else:
            assign(new, q.path, value)
        return new

    def _remove(self, data: dict, path: tuple) -> None:
        """Delete one answer, and the groups it leaves empty (unless their own "Is there …?"
        was answered yes: an empty group then still says something)."""
        parent = get(data, path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            del parent[path[-1]]
        up = path[:-1]
        if up and isinstance(up[-1], str) and parent == {}:
            node = self.node_at(up)
            gated = (
                node.kind == "group" and not node.required and not rules.opens(self, node, data, up)
            )
            if not gated:
                self._remove(data, up)

    # --- one object for both channels: the jobs of the other modules ---------------------------

    def suggestion(self, q: Question, data: dict, progress: Progress | None = None) -> Any:
        return answers.suggestion(self, q, data, progress)

    def check(
        self,
        q: Question,
        raw: str,
        data: dict,
        t: Translator,
        progress: Progress | None = None,
        *,
        empty_is_suggestion: bool = True,
    ) -> Checked:
        return answers.check(
            self, q, raw, data, t, progress, empty_is_suggestion=empty_is_suggestion
        )

    def suggest(self, q: Question, typed: str, ui_lang: str) -> list[str]:
        """Vocabulary names for what was typed (none when the field has no list, or when the
        text already is one of its names)."""
        if not vocab.categories(q.node) or not typed.strip():
            return []
        for lang in vocab.search_langs(typed, ui_lang):
            if vocab.is_known(q.node, typed, lang):
                return []
            found = vocab.suggest(q.node, typed, lang)
            if found:
                return found
        return []

    def text(self, q: Question, t: Translator) -> str:
        return wording.text(q, t)

    def hint(self, q: Question, t: Translator) -> str | None:
        return wording.hint(q, t)

    def label(self, node: Node, t: Translator) -> str:
        return wording.label(node, t)

    def choices(self, q: Question) -> tuple[str, ...]:
        return wording.choices(q)

    def choice_label(self, q: Question, code: str, t: Translator) -> str:
        return wording.choice_label(q, code, t)

    def display(self, q: Question, value: Any, t: Translator) -> str:
        return wording.display(q, value, t)

    def display_name(self, data: dict) -> str:
        return wording.display_name(data)

    def headings(
        self, path: tuple, t: Translator, data: dict | None = None
    ) -> list[tuple[str, tuple | None]]:
        return wording.headings(self, path, t, data)

    def titles(self, path: tuple, t: Translator, data: dict | None = None) -> list[str]:
        return wording.titles(self, path, t, data)

    def describe(self, path: str, t: Translator, data: dict | None = None) -> str:
        return wording.describe(self, path, t, data)

    def catalog_needs(self) -> list[tuple[str, ...]]:
        return wording.catalog_needs(self)

    def dump(self, data: dict, progress: Progress) -> bytes:
        """The case file: YAML the loader reads, then the intake's own state as a comment."""
        return casefile.dump(self.model, data, progress)

    def load(self, raw: bytes, source: str) -> tuple[dict, Progress]:
        return casefile.load(self, raw, source)

    def report(self, data: dict, t: Translator, today: date | None = None) -> Report:
        return report.report(self, data, t, today)


@cache
def questionnaire() -> Questionnaire:
    return Questionnaire()
