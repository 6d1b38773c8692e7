"""Redaction against what people actually type: every identifier of a hidden person, written in
another form inside free text, is gone from the redacted copy (generated adversarial variants),
and a copy that would still show one is refused by the check of every XML part."""

from __future__ import annotations

import copy
import io
import itertools
import zipfile
from datetime import date

import pytest
import yaml

from complaintgen import docx_text, layout, redaction
from complaintgen.cli import main
from complaintgen.documents import render_document
from complaintgen.loading import parse_case
from complaintgen.models import iin_check_digit

from .conftest import TODAY


def iin_for(born: date, gender_digit: str = "3") -> str:
    for serial in range(1000, 9999):
        first11 = f"{born:%y%m%d}{gender_digit}{serial}"
        check = iin_check_digit(first11)
        if check is not None:
            return first11 + str(check)
    raise AssertionError


BORN = date(1990, 3, 9)
IIN = iin_for(BORN)
BASE = {
    "id": "t-red",
    "victim": {
        "name": {"last": "Жаксыбеков", "first": "Даурен", "middle": "Маратович"},
        "gender": "male",
        "birth_date": "1990-03-09",
        "iin": IIN,
        "phone": "+7 701 234 56 78",
        "address": "г. Караганда, ул. Ермекова, д. 48, кв. 12",
    },
    "applicant": "victim",
    "incident": {
        "date": "2026-01-05",
        "place": "ИВС ДП г. Павлодара",
        "narrative": "Избит при задержании.",
        "witnesses": [
            {"name": {"last": "Сейткали", "first": "Айгерим"}, "gender": "female"},
        ],
    },
    "investigation": {"erdr_number": "261500031000123"},
    "order": {"date": "2026-03-01", "ground": "no_event", "received_date": "2026-11-20"},
}

D, M, Y = BORN.day, BORN.month, BORN.year
DATES = [
    "09.03.1990",
    "9.3.1990",
    "1990-03-09",
    "09/03/1990",
    "9/3/1990",
    "09-03-1990",
    "09.03.90",
    "1990.03.09",
    "09 . 03 . 1990",
    "9 марта 1990 г.",
    "9 марта 1990 года",
    "09 марта 1990",
    "9 мар. 1990",
    "9\u00a0марта\u00a01990",
    "1990 жылғы 9 наурыз",
    "1990 ж. 9 наурызда",
    "9 наурыз 1990",
    "March 9, 1990",
    "9 March 1990",
    "03/09/1990",
]
_I = IIN
IINS = [
    _I,
    f"{_I[:6]} {_I[6:]}",
    f"{_I[:6]}-{_I[6:]}",
    f"{_I[:6]}.{_I[6:]}",
    " ".join(_I),
    "-".join(_I),
    f"{_I[:3]} {_I[3:6]} {_I[6:9]} {_I[9:]}",
    f"{_I[:6]}\u00a0{_I[6:]}",
    f"ИИН {_I}",
    f"ИИН:{_I}",
]
PHONES = [
    "+7 701 234 56 78",
    "+7(701)234-56-78",
    "87012345678",
    "8 701 234 5678",
    "8-701-234-56-78",
    "701.234.56.78",
    "+77012345678",
    "234-56-78",
    "7012345678",
    "8 (701) 234 56 78",
    "+7 701 234-56-78",
]
NAMES = [
    "Жаксыбекова",
    "Жаксыбекову",
    "Жаксыбековым",
    "Жаксыбекове",
    "Жаксыбековтың",
    "Жаксыбековке",
    "Жаксыбековты",
    "Жаксыбековтан",
    "Жаксыбековпен",
    "ЖАКСЫБЕКОВ",
    "жаксыбеков",
    "Жаксыбе\u0301ков",
    "Жаксы\u00adбеков",
    "Жак\u200bсыбеков",
    "Жaксыбеков",
    "Zhaksybekov",
    "Jaksybekov",
    "Zhaqsybekov",
    "ZHAKSYBEKOV",
    "Žaksybekov",
    "Zhaksybekova",
    "Даурена",
    "Дауренке",
    "Дауреннің",
    "Dauren",
    "DAUREN",
    "Маратовича",
    "Maratovich",
    "Сейткали",
    "Сейткалиге",
    "Seitkali",
    "Айгерим",
    "Айгерімге",
    "Aigerim",
    "Aygerim",
]
ADDRESS = ["Ермекова 48", "ул.Ермекова", "Yermekova", "Ермеков көшесі"]
INVISIBLE = ["", "\u200b", "\u00ad", "\u2060"]


def with_invisible(text: str, mark: str) -> str:
    if not mark or len(text) < 4:
        return text
    return text[:2] + mark + text[2:]


VARIANTS = sorted(
    {
        with_invisible(v, mark)
        for v, mark in itertools.product(DATES + IINS + PHONES + NAMES + ADDRESS, INVISIBLE)
    }
)


def core(text: str) -> str:
    """What identifies: letters and digits only, lower case, without invisible characters."""
    return "".join(c for c in redaction.visible(text).lower() if c.isalnum())


def redacted_text(narrative: str, lang: str = "ru") -> str:
    data = copy.deepcopy(BASE)
    data["incident"]["narrative"] = f"Со слов свидетеля: {narrative}; далее текст."
    case = parse_case(yaml.safe_dump(data, allow_unicode=True).encode(), "c.yaml")
    doc = render_document(case, "appeal", lang, today=TODAY, redact=True)
    return docx_text.extract_text(doc.docx)


def test_there_are_enough_variants():
    assert len(VARIANTS) >= 100


LEAD = "Со слов свидетеля: "
CHUNK = 40  # variants per rendered document: one render per variant took 300 renders


@pytest.fixture(scope="module")
def redacted_copies() -> dict[str, str]:
    """The redacted copy's text around each variant. The variants go CHUNK to a narrative, each
    in a sentence of its own, so a handful of documents are rendered rather than one each."""
    found: dict[str, str] = {}
    for start in range(0, len(VARIANTS), CHUNK):
        chunk = VARIANTS[start : start + CHUNK]
        text = redacted_text(f"; далее текст. {LEAD}".join(chunk))
        parts = text.split(LEAD)
        assert len(parts) == len(chunk) + 1  # the narrative itself is still there, every sentence
        found.update(zip(chunk, parts[1:], strict=True))
    return found


def test_every_variant_is_gone_from_the_redacted_copy(redacted_copies):
    # One test lists every survivor (a test per variant cost more in pytest than in checking).
    survived = [
        variant
        for variant in VARIANTS
        if core(variant) in core(redacted_copies[variant].split("; далее текст.")[0])
    ]
    assert survived == [], f"{len(survived)} of {len(VARIANTS)} survived: {survived!r}"


def test_erdr_number_is_hidden_unless_the_case_file_keeps_it():
    number = BASE["investigation"]["erdr_number"]
    assert number not in redacted_text("x")
    data = copy.deepcopy(BASE)
    data["redaction"] = {"erdr": False}
    case = parse_case(yaml.safe_dump(data, allow_unicode=True).encode(), "c.yaml")
    doc = render_document(case, "appeal", "ru", today=TODAY, redact=True)
    assert number in docx_text.extract_text(doc.docx)


def test_a_leak_in_any_xml_part_refuses_the_copy():
    case = parse_case(yaml.safe_dump(BASE, allow_unicode=True).encode(), "c.yaml")
    hide = redaction.for_case(case, "ru")
    clean = layout.build_docx("Текст без имён.", "ru")
    assert redaction.verify(clean, hide) == clean
    for planted in (f"ИИН {IIN}", "Жаксыбековым", "9 марта 1990 г.", "+7 701 999 11 22"):
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(clean)) as src, zipfile.ZipFile(buf, "w") as dst:
            for name in src.namelist():
                data = src.read(name)
                if name == "word/header1.xml":
                    data = data.replace(
                        b"</w:hdr>", f"<w:p><w:r><w:t>{planted}</w:t></w:r></w:p></w:hdr>".encode()
                    )
                dst.writestr(name, data)
        with pytest.raises(redaction.RedactionLeak, match=r"header1\.xml"):
            redaction.verify(buf.getvalue(), hide)


def test_organisation_bin_in_a_letterhead_is_not_a_person():
    case = parse_case(yaml.safe_dump(BASE, allow_unicode=True).encode(), "c.yaml")
    hide = redaction.for_case(case, "ru")
    docx = layout.build_docx("БИН 120540012345, ЕРДР 261500031000999.", "ru")
    redaction.verify(docx, hide)


def test_packet_and_batch_have_redact(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    data = copy.deepcopy(BASE)
    data["incident"]["narrative"] = "Жаксыбекову звонили на 87012345678."
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    day = ["--today", "2026-11-25"]
    assert main(["packet", str(case), "-o", str(tmp_path / "p"), "--redact", *day]) == 0
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "case.yaml").write_bytes(case.read_bytes())
    code = main(["batch", str(folder), "-o", str(tmp_path / "b"), "--redact", "--draft", *day])
    assert code == 0, capsys.readouterr().err
    docs = list((tmp_path / "p").glob("*_redacted.docx")) + list((tmp_path / "b").rglob("*.docx"))
    assert len(docs) >= 4
    for doc in docs:
        text = core(docx_text.extract_text(doc.read_bytes()))
        assert "жаксыбек" not in text and "2345678" not in text and IIN not in text
