"""`complaintgen schema` is the loader's: what loads validates, in every shape the loader takes."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from complaintgen.errors import InputError
from complaintgen.loading import parse_case, parse_document, validate_case
from complaintgen.schema import case_schema

from .conftest import EXAMPLES, MINIMAL
from .synthetic import case as synthetic_case


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator, data) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_validates_against_the_schema(validator, path):
    data, _ = parse_document(path.read_bytes(), path.name)
    validate_case(data, path.name)  # the loader takes it ...
    assert errors(validator, data) == []  # ... and so does the schema


def test_synthetic_cases_validate_against_the_schema(validator):
    for i in range(60):
        data = synthetic_case(i, 3)
        validate_case(copy.deepcopy(data), "synthetic")
        assert errors(validator, json.loads(json.dumps(data))) == [], i


def base() -> dict:
    data, _ = parse_document(MINIMAL, "minimal")
    return data


# Each shape the loader accepts, as (where, value): set on the minimal case, it must load and
# validate against the schema.
SHAPES = [
    ("incident.narrative", "Избит при задержании."),  # a plain string is Russian text
    ("incident.narrative", {"ru": "Избит."}),
    ("incident.narrative", {"kk": "Ұрып-соқты."}),
    ("incident.narrative", {"ru": "Избит.", "kk": "Ұрып-соқты."}),
    ("incident.place", "ИВС"),
    ("victim.address", "г. Алматы, ул. Абая, 1"),
    ("victim.address", {"kk": "Алматы қ."}),
    ("incident.date", "2026-01-05"),
    ("incident.date", "05.01.2026"),
    ("incident.date", "5.1.2026"),
    ("incident.date", " 05.01.2026 "),
    ("victim.birth_date", "14.03.1990"),
    ("victim.iin", "900314300124"),
    ("victim.iin", 900314300124),  # unquoted digits in YAML read as a number
    ("investigation", {"erdr_number": "231500031000123"}),
    ("investigation", {"erdr_number": 231500031000123}),
    ("investigation", {"steps_missed": ["cctv", {"step": "other", "details": "видео"}]}),
    ("investigation", {"steps_missed": [{"step": "cctv"}], "body": "СУ ДП г. Алматы"}),
    ("incident.methods", ["beating", "threats"]),
    ("evidence", [{"title": "Копия постановления", "pages": 3, "date": "01.02.2026"}]),
]


def put(data: dict, where: str, value: object) -> dict:
    node = data
    *parents, last = where.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return data


@pytest.mark.parametrize(("where", "value"), SHAPES, ids=lambda v: str(v)[:40])
def test_every_shape_the_loader_takes_validates(validator, where, value):
    data = put(base(), where, value)
    if where == "victim.iin":
        data["victim"]["birth_date"] = "1990-03-14"
    validate_case(copy.deepcopy(data), "shape")
    assert errors(validator, data) == []


# And what the loader refuses for its shape, the schema refuses too.
REFUSED = [
    ("victim.iin", "90031430012"),  # 11 digits
    ("victim.iin", "9003143001 24"),
    ("investigation", {"erdr_number": "23150003100012"}),  # 14 digits
    ("incident.date", "2026/01/05"),
    ("incident.date", "5 января 2026"),
    ("incident.narrative", ""),
    ("incident.narrative", {"ru": "", "kk": None}),
    ("incident.narrative", {"en": "Beaten"}),
    ("investigation", {"steps_missed": ["no_such_step"]}),
    ("victim.gender", "m"),
    ("victim.nickname", "x"),
]


@pytest.mark.parametrize(("where", "value"), REFUSED, ids=lambda v: str(v)[:40])
def test_what_the_loader_refuses_the_schema_refuses(validator, where, value):
    data = put(base(), where, value)
    with pytest.raises(InputError):
        validate_case(copy.deepcopy(data), "refused")
    assert errors(validator, data)


def test_schema_command_prints_the_loader_schema(capsys):
    from complaintgen.cli import main

    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == case_schema()
    assert printed["$defs"]["Victim"]["properties"]["iin"]["anyOf"][0]["pattern"] == "^[0-9]{12}$"


def test_yaml_example_with_both_date_forms_loads_and_validates(validator):
    text = MINIMAL.replace("date: 2026-01-05", "date: 05.01.2026")
    data = yaml.safe_load(text)
    assert parse_case(text, "dmy").incident.date.isoformat() == "2026-01-05"
    assert errors(validator, data) == []
