"""Within context.per_case (batch, generate), a case is converted and argued once for all its
documents: every document must come out exactly as when rendered alone."""

from __future__ import annotations

from datetime import date

import pytest

from complaintgen import context
from complaintgen.batch import applicable, langs_for
from complaintgen.documents import render_document
from complaintgen.kinds import KINDS
from complaintgen.loading import load_case, validate_case
from tests.conftest import EXAMPLES
from tests.synthetic import case as synthetic_case

TODAY = date(2026, 11, 25)


def _all(case, redact: bool = False) -> list:
    chosen, _ = applicable(case, list(KINDS))
    return [
        render_document(case, kind.name, lang, today=TODAY, redact=redact)
        for kind in chosen
        for lang in langs_for(kind, ("ru", "kk", "en"))
    ]


def _same(alone: list, shared: list) -> None:
    assert len(alone) == len(shared) > 0
    for a, b in zip(alone, shared, strict=True):
        assert (a.kind, a.lang, a.text) == (b.kind, b.lang, b.text)
        assert (a.gaps, a.notes, a.translated) == (b.gaps, b.notes, b.translated)
        assert a.docx == b.docx


@pytest.mark.parametrize("n", range(0, 40, 3))
def test_synthetic_case_documents_are_the_same_shared_or_alone(n):
    case = validate_case(synthetic_case(n, 5), "synthetic")
    alone = _all(case)
    with context.per_case():
        shared = _all(case)
        again = _all(case)  # from the memo, for a second time: nothing of one document leaks
    _same(alone, shared)
    _same(alone, again)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_documents_are_the_same_shared_or_alone(path):
    case = load_case(path)
    for redact in (False, True):
        alone = _all(case, redact)
        with context.per_case():
            shared = _all(case, redact)
        _same(alone, shared)


def test_another_case_is_not_served_from_the_memo():
    one, two = (validate_case(synthetic_case(n, 5), "synthetic") for n in (1, 2))
    with context.per_case():
        _all(one)
        shared = _all(two)
    _same(_all(two), shared)
