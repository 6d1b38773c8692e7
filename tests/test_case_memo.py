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
from tests.conftest import EXAMPLES, draws, quick_first
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


@pytest.mark.parametrize("n", quick_first(range(0, 40, 3), keep=4))
def test_synthetic_case_documents_are_the_same_shared_or_alone(n):
    case = validate_case(synthetic_case(n, 5), "synthetic")
    alone = _all(case)
    with context.per_case():
        shared = _all(case)
        again = _all(case)  # from the memo, for a second time: nothing of one document leaks
    _same(alone, shared)
    _same(alone, again)


@pytest.mark.parametrize("path", quick_first(EXAMPLES), ids=lambda p: p.stem)
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


def test_words_kept_across_cases_are_the_words_rendered_alone():
    # other signers, voices and facts (a smaller draw of them in `make check`)
    cases = [load_case(path) for path in EXAMPLES[: draws(len(EXAMPLES), 4)]]
    cases += [validate_case(synthetic_case(n, 7), "synthetic") for n in range(draws(24, 2))]
    alone = [_all(case) for case in cases]
    context._WORDS.clear()
    for _ in range(2):  # the first pass fills the memo, the second reads from it
        for case, docs in zip(cases, alone, strict=True):
            with context.per_case(words=True):
                _same(docs, _all(case))
    assert context._WORDS  # items that see few facts were kept
    for case in cases[:4]:  # and redacted sets, whose other words are scrubbed
        redacted = _all(case, redact=True)
        with context.per_case(words=True):
            _same(redacted, _all(case, redact=True))


def test_wordings_that_name_case_text_are_never_kept():
    assert context._sees_few('{{ phrase("x") }} {{ it.date | date }} {{ g("a", "b") }}')
    assert not context._sees_few("{{ victim.name.full }}")
    assert not context._sees_few("{{ say(it) }}")
    with pytest.raises(context._Unfrozen):
        context._frozen({"who": context.Ref("victim")})
