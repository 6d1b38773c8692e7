"""`complaintgen new`: a commented blank case file, valid once its required values are in."""

from __future__ import annotations

import re
import stat

import pytest
import yaml

from complaintgen import fields
from complaintgen.blank import blank_case
from complaintgen.cli import main
from complaintgen.i18n import LANGS, Translator
from complaintgen.loading import parse_document, validate_case

_KEY = re.compile(r"^(\s*)# ((?:- )?([a-z_]+):(?: .*)?)$")
_NAMES = {f.name for f in fields.walk()}


def fill(data: object, parts: tuple = ()) -> object:
    """Each empty value a value of its field's kind, as a person filling the form would."""
    if isinstance(data, dict):
        return {k: fill(v, (*parts, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [fill(v, (*parts, i)) for i, v in enumerate(data)]
    if data is not None:
        return data
    f = fields.at(parts)
    assert f is not None and f.required, parts
    return {"date": "05.01.2026", "choice": f.choices[0] if f.choices else None}.get(
        f.kind, "Тестов" if f.kind in ("str", "text") else None
    )


def uncomment_all(text: str) -> str:
    """Every commented-out field given (prose comments stay)."""
    out = []
    for line in text.split("\n"):
        m = _KEY.match(line)
        out.append(m.group(1) + m.group(2) if m and m.group(3) in _NAMES else line)
    return "\n".join(out)


def paths(data: object, parts: tuple = ()) -> set[tuple]:
    found = set()
    if isinstance(data, dict):
        for k, v in data.items():
            found |= {(*parts, k)} | paths(v, (*parts, k))
    elif isinstance(data, list):
        for v in data:
            found |= paths(v, parts)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_blank_validates_once_the_required_values_are_filled(lang):
    text = blank_case(Translator(lang))
    data, _ = parse_document(text, "case.yaml")
    with pytest.raises(Exception, match="required field is empty"):
        validate_case(data, "case.yaml")  # as written: the required values are still empty
    case = validate_case(fill(data), "case.yaml")
    assert case.victim.name.last == "Тестов" and case.incident.date.isoformat() == "2026-01-05"


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_of_the_model_is_in_the_blank(lang):
    text = blank_case(Translator(lang))
    given = paths(yaml.safe_load(uncomment_all(text)))
    missing = [f.path for f in fields.walk() if f.parts not in given]
    assert not missing


def test_the_blank_explains_in_the_interface_language():
    ru, kk, en = (blank_case(Translator(lang)) for lang in ("ru", "kk", "en"))
    assert "# Фамилия" in ru and "Обязательно." in ru and "Пример: Ахметов" in ru
    assert "Міндетті." in kk and "Мысалы: Ахметов" in kk
    assert "Required." in en and "Example: Ахметов" in en
    assert "male (мужской)" in ru  # choices with their labels
    # Every comment line fits the editor's width.
    assert max(len(line) for line in ru.split("\n")) <= 100


def test_new_writes_the_file_for_the_owner_only_and_never_over_one(tmp_path, capsys):
    target = tmp_path / "case.yaml"
    assert main(["--ui-lang", "en", "new", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# A case file.")
    target.write_text("mine", encoding="utf-8")
    assert main(["--ui-lang", "en", "new", str(target)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
