"""Invented cases in bulk, for batch tests and benchmarks: varied, valid, reproducible.

Every person here is made up from lists of common names; no real case is used.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from complaintgen.models import iin_check_digit

MALE = [
    ("Ахметов", "Нурлан", "Серикович"),
    ("Жаксылыков", "Ерболат", "Бекұлы"),
    ("Ким", "Сергей", "Владимирович"),
    ("Оспанов", "Данияр", "Маратович"),
    ("Шевченко", "Олег", "Петрович"),
    ("Сулейменов", "Асқар", "Ерланұлы"),
    ("Ли", "Виктор", "Андреевич"),
    ("Нұрланұлы", "Әлихан", None),
    ("Мамин-Сибиряк", "Дмитрий", "Ильич"),
    ("Токаев", "Касым-Жомарт", "Кемелевич"),
    ("Цой", "Тимур", "Робертович"),
    ("Черных", "Никита", "Сергеевич"),
]
FEMALE = [
    ("Сейткали", "Айгерим", "Ерлановна"),
    ("Абдрахманова", "Динара", "Ерланкызы"),
    ("Ким", "Елена", "Викторовна"),
    ("Сулейменова-Ли", "Алия", "Маратовна"),
    ("Айтбай", "Салтанат", "Болатовна"),
    ("Жаксылыкова", "Мадина", "Серікқызы"),
    ("Кузнецова", "Асель", "Ерлановна"),
    ("Оспанова", "Гүлнар", "Әбілқызы"),
]
CITIES = [
    ("г. Алматы", "Алматы қаласының"),
    ("г. Астаны", "Астана қаласының"),
    ("г. Шымкента", "Шымкент қаласының"),
    ("г. Караганды", "Қарағанды қаласының"),
    ("г. Павлодара", "Павлодар қаласының"),
    ("г. Актобе", "Ақтөбе қаласының"),
]
METHODS = [
    "beating",
    "suffocation",
    "electric_shock",
    "stress_positions",
    "threats",
    "sleep_deprivation",
    "humiliation",
    "sexual_violence",
]
STEPS = [
    "question_officers",
    "identify_officers",
    "identification_parade",
    "confrontation",
    "question_witnesses",
    "cctv",
    "custody_records",
    "medical_records",
    "scene_inspection",
]


def iin(born: date, male: bool, rng: random.Random) -> str:
    century = "3" if born.year < 2000 else "5"
    gender = century if male else str(int(century) + 1)
    while True:
        first11 = born.strftime("%y%m%d") + gender + f"{rng.randrange(10000):04d}"
        check = iin_check_digit(first11)
        if check is not None:
            return first11 + str(check)


def case(n: int, seed: int = 0) -> dict:
    rng = random.Random(seed * 100_003 + n)
    male = rng.random() < 0.7
    last, first, middle = rng.choice(MALE if male else FEMALE)
    city_ru, city_kk = rng.choice(CITIES)
    # Timely cases: acquainted with the order in mid-November 2026, so the complaint is still in
    # time on the tests' fixed --today (2026-11-25) and no restoration of the time-limit is needed.
    incident = date(2026, 1, 1) + timedelta(days=rng.randrange(150))
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(12000))
    order_date = incident + timedelta(days=rng.randrange(40, 120))
    route = rng.choice(["judge", "prosecutor"])
    held = rng.random() < 0.4
    data: dict = {
        "id": f"S-{seed}-{n:05d}",
        "victim": {
            "name": {"last": last, "first": first, **({"middle": middle} if middle else {})},
            "gender": "male" if male else "female",
            "birth_date": born.isoformat(),
            "iin": iin(born, male, rng),
            "address": {
                "ru": f"{city_ru}, ул. Абая, д. {rng.randrange(1, 200)}",
                "kk": f"{city_kk} Абай көшесі, {rng.randrange(1, 200)}-үй",
            },
            "custody": "remanded" if held else "free",
        },
        "applicant": "victim",
        "incident": {
            "date": incident.isoformat(),
            "place": {
                "ru": f"здание управления полиции {city_ru}",
                "kk": f"{city_kk} полиция басқармасының ғимараты",
            },
            "methods": rng.sample(METHODS, rng.randrange(1, 4)),
            "purpose": [rng.choice(["confession", "information", "punishment"])],
            "injuries": {
                "ru": "кровоподтёки на спине и руках",
                "kk": "арқасы мен қолындағы қанталаулар",
            },
            "perpetrators": [
                {
                    "known": False,
                    "description": {"ru": "сотрудники в форме", "kk": "формалы қызметкерлер"},
                }
            ],
            "narrative": {
                "ru": f"Заявитель был доставлен в управление полиции {city_ru} и избит.",
                "kk": f"Арыз беруші {city_kk} полиция басқармасына жеткізіліп, ұрып-соғылды.",
            },
        },
        "complaints": [
            {
                "date": (incident + timedelta(days=3)).isoformat(),
                "to": {"ru": f"прокуратура {city_ru}", "kk": f"{city_kk} прокуратурасы"},
                "outcome": "registered",
            }
        ],
        "investigation": {
            "erdr_number": f"25{rng.randrange(10**12, 10**13)}",
            "registered_date": (incident + timedelta(days=5)).isoformat(),
            "article": "ч. 2 ст. 146 УК РК",
            "body": {"ru": f"прокуратура {city_ru}", "kk": f"{city_kk} прокуратурасы"},
            "authority": "prosecutor",
            "victim_recognised": True,
            "steps_missed": rng.sample(STEPS, rng.randrange(1, 4)),
        },
        "order": {
            "date": order_date.isoformat(),
            "number": str(rng.randrange(1, 300)),
            "ground": rng.choice(["no_event", "no_corpus"]),
            "received_date": (date(2026, 11, 15) + timedelta(days=rng.randrange(10))).isoformat(),
            "reasons": {
                "ru": "факт применения насилия не подтвердился",
                "kk": "зорлық-зомбылық қолдану фактісі расталмады",
            },
            "official": {
                "position": {
                    "ru": f"следователь прокуратуры {city_ru}",
                    "kk": f"{city_kk} прокуратурасының тергеушісі",
                }
            },
        },
        "route": route,
        "addressee": {
            "title": {
                "ru": f"следственный судья специализированного следственного суда {city_ru}"
                if route == "judge"
                else f"прокурор {city_ru}",
                "kk": f"{city_kk} мамандандырылған тергеу сотының тергеу судьясы"
                if route == "judge"
                else f"{city_kk} прокуроры",
            }
        },
        "evidence": [
            {
                "title": {
                    "ru": "Копия постановления о прекращении уголовного дела",
                    "kk": "Қылмыстық істі тоқтату туралы қаулының көшірмесі",
                },
                "date": order_date.isoformat(),
                "pages": rng.randrange(1, 6),
            }
        ],
        "place_signed": {"ru": city_ru, "kk": city_kk.removesuffix("ның")},
    }
    if held:
        data["victim"]["facility"] = {
            "name": {"ru": f"СИЗО {city_ru}", "kk": f"{city_kk} тергеу изоляторы"},
            "authority": "mvd",
        }
    if rng.random() < 0.3:
        data["threats"] = [
            {
                "date": (incident + timedelta(days=10)).isoformat(),
                "description": {
                    "ru": "звонок с требованием забрать заявление",
                    "kk": "арызды кері қайтарып алуды талап еткен қоңырау",
                },
            }
        ]
    return data
