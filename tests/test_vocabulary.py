"""The bilingual vocabulary: composed names, translation both ways, search, attestation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from complaintgen import vocabulary
from complaintgen.vocabulary import Entry, decline, search, translate

LEGAL = Path(__file__).resolve().parents[2] / "shared" / "legal"


@pytest.mark.parametrize(
    ("ru", "kk"),
    [
        # issue 10, and the bodies, places and positions of examples/*.yaml
        (
            "Управление полиции Алатауского района ДП г. Алматы",
            "Алматы қаласы ПД Алатау ауданының полиция басқармасы",
        ),
        (
            "старший оперуполномоченный Ауэзовского РУП ДП г. Алматы",
            "Алматы қаласы ПД Әуезов ауданы полиция басқармасының аға жедел уәкілі",
        ),
        ("г. Караганда", "Қарағанды қ."),
        ("г. Павлодар", "Павлодар қ."),
        ("ИВС ДП г. Алматы", "Алматы қаласы ПД уақытша ұстау изоляторы"),
        ("ИВС ДП г. Шымкента", "Шымкент қаласы ПД уақытша ұстау изоляторы"),
        (
            "изолятор временного содержания Департамента полиции г. Шымкента",
            "Шымкент қаласы Полиция департаментінің уақытша ұстау изоляторы",
        ),
        ("прокуратура Павлодарской области", "Павлодар облысының прокуратурасы"),
        (
            "прокурор отдела прокуратуры Павлодарской области",
            "Павлодар облысы прокуратурасы бөлімінің прокуроры",
        ),
        (
            "Специализированный следственный суд г. Павлодара",
            "Павлодар қаласының мамандандырылған тергеу соты",
        ),
        ("Павлодарский областной суд", "Павлодар облыстық соты"),
        (
            "Департамент КНБ по Павлодарской области",
            "ҰҚК-нің Павлодар облысы бойынша департаменті",
        ),
        (
            "Павлодарский филиал Центра судебных экспертиз",
            "Сот сараптамалары орталығының Павлодар облыстық филиалы",
        ),
        ("прокуратура г. Шымкента", "Шымкент қаласының прокуратурасы"),
        (
            "Ауэзовское районное управление полиции Департамента полиции г. Алматы",
            "Алматы қаласы Полиция департаменті Әуезов ауданының полиция басқармасы",
        ),
        (
            "прокуратура Ауэзовского района г. Алматы",
            "Алматы қаласы Әуезов ауданының прокуратурасы",
        ),
        (
            "следователь прокуратуры Ауэзовского района г. Алматы",
            "Алматы қаласы Әуезов ауданы прокуратурасының тергеушісі",
        ),
        ("Центр судебных экспертиз г. Алматы", "Алматы қаласының Сот сараптамалары орталығы"),
        ("прокурор г. Алматы", "Алматы қаласының прокуроры"),
        (
            "учреждение ЕЦ-166/18 Департамента уголовно-исполнительной системы по Карагандинской "
            "области",
            "Қарағанды облысы бойынша Қылмыстық-атқару жүйесі департаментінің ЕЦ-166/18 мекемесі",
        ),
        (
            "младший инспектор отдела безопасности учреждения ЕЦ-166/18",
            "ЕЦ-166/18 мекемесі қауіпсіздік бөлімінің кіші инспекторы",
        ),
        (
            "отдел дознания Управления полиции г. Караганды",
            "Қарағанды қаласы полиция басқармасының анықтау бөлімі",
        ),
        (
            "дознаватель отдела дознания Управления полиции г. Караганды",
            "Қарағанды қаласы полиция басқармасы анықтау бөлімінің анықтаушысы",
        ),
        (
            "Карагандинский областной филиал Центра судебных экспертиз",
            "Сот сараптамалары орталығының Қарағанды облыстық филиалы",
        ),
        (
            "следственный судья Специализированного межрайонного следственного суда г. Шымкента",
            "Шымкент қаласы мамандандырылған ауданаралық тергеу сотының тергеу судьясы",
        ),
        (
            "следственный судья Специализированного следственного суда г. Караганды",
            "Қарағанды қаласы мамандандырылған тергеу сотының тергеу судьясы",
        ),
        ("начальник следственного отдела", "тергеу бөлімінің бастығы"),
        ("Карагандинская область", "Қарағанды облысы"),
        ("Ауэзовский район г. Алматы", "Алматы қаласы Әуезов ауданы"),
        ("учреждение ЛА-155/12", "ЛА-155/12 мекемесі"),
        ("гауптвахта Карагандинского гарнизона", "Қарағанды гарнизонының гауптвахтасы"),
        ("травматологический пункт № 4 г. Алматы", "Алматы қаласының № 4 жарақат пункті"),
        ("городская больница № 5 г. Алматы", "Алматы қаласының № 5 қалалық ауруханасы"),
        ("школа-интернат № 3 г. Караганды", "Қарағанды қаласының № 3 мектеп-интернаты"),
        (
            "служебный кабинет № 214 Ауэзовского РУП ДП г. Алматы",
            "Алматы қаласы ПД Әуезов ауданы полиция басқармасының № 214 қызметтік кабинеті",
        ),
        (
            "служебное здание Департамента Комитета национальной безопасности по Павлодарской "
            "области",
            "Ұлттық қауіпсіздік комитетінің Павлодар облысы бойынша департаментінің қызметтік "
            "ғимараты",
        ),
        (
            "помещение дежурной части учреждения ЕЦ-166/18",
            "ЕЦ-166/18 мекемесі кезекші бөлімінің үй-жайы",
        ),
        ("кровоподтёк", "қанталау"),
        ("сотрясение головного мозга", "ми шайқалуы"),
        ("видимых телесных повреждений нет", "көрінетін дене жарақаттары жоқ"),
        ("опознание", "тануға ұсыну"),
    ],
)
def test_ru_to_kk_and_back(ru, kk):
    assert translate(ru, "ru", "kk") == kk
    back = translate(kk, "kk", "ru")
    assert back is not None
    # Back to the same body, possibly under its main name (РУП → Управление полиции …).
    assert translate(back, "ru", "kk") == kk


@pytest.mark.parametrize(
    ("ru", "kk"),
    [
        # a district police named without its Департамент, and without its city
        (
            "старший оперуполномоченный Управления полиции Алатауского района",
            "Алатау ауданы полиция басқармасының аға жедел уәкілі",
        ),
        ("прокуратура Алатауского района", "Алатау ауданының прокуратурасы"),
        (
            "дознаватель отдела дознания Управления полиции Енбекшинского района г. Шымкента",
            "Шымкент қаласы Еңбекші ауданы полиция басқармасы анықтау бөлімінің анықтаушысы",
        ),
        (
            "Управление полиции района имени Казыбек би г. Караганды",
            "Қарағанды қаласы Қазыбек би атындағы ауданның полиция басқармасы",
        ),
        (
            "дознаватель отделения дознания Управления полиции Алматинского района г. Актобе",
            "Ақтөбе қаласы Алматы ауданы полиция басқармасы анықтау бөлімшесінің анықтаушысы",
        ),
        ("отдел полиции г. Конаева", "Қонаев қаласының полиция бөлімі"),
        # the forensic examination centre and its branches
        (
            "Центр судебных экспертиз по г. Алматы",
            "Алматы қаласы бойынша Сот сараптамалары орталығы",
        ),
        (
            "Абайский областной филиал Центра судебных экспертиз",
            "Сот сараптамалары орталығының Абай облыстық филиалы",
        ),
        (
            "Семейский филиал Центра судебных экспертиз",
            "Сот сараптамалары орталығының Семей филиалы",
        ),
        (
            "Институт судебных экспертиз по г. Алматы",
            "Алматы қаласы бойынша Сот сараптамалары институты",
        ),
        # garrisons, military police, guardhouses
        (
            "гауптвахта военной полиции гарнизона г. Семей",
            "Семей қаласы гарнизоны әскери полициясының гауптвахтасы",
        ),
        (
            "военная прокуратура гарнизона г. Семей",
            "Семей қаласы гарнизонының әскери прокуратурасы",
        ),
        ("военный прокурор гарнизона г. Семей", "Семей қаласы гарнизонының әскери прокуроры"),
        ("военный суд Алматинского гарнизона", "Алматы гарнизонының әскери соты"),
        ("следственный отдел военной полиции", "әскери полицияның тергеу бөлімі"),
        (
            "следователь следственного отдела военной полиции",
            "әскери полиция тергеу бөлімінің тергеушісі",
        ),
        ("начальник гауптвахты Семейского гарнизона", "Семей гарнизоны гауптвахтасының бастығы"),
        ("воинская часть № 5571 Семейского гарнизона", "Семей гарнизонының № 5571 әскери бөлімі"),
        # health and education institutions, their departments and staff
        (
            "отделение № 2 областного центра психического здоровья, г. Шымкент",
            "облыстық психикалық денсаулық орталығының № 2 бөлімшесі, Шымкент қ.",
        ),
        ("санитар отделения № 2", "№ 2 бөлімшесінің санитары"),
        (
            "спальный корпус областной школы-интерната, г. Тараз",
            "облыстық мектеп-интернаттың жатын корпусы, Тараз қ.",
        ),
        ("воспитатель школы-интерната", "мектеп-интернаттың тәрбиешісі"),
        (
            "воспитатель школы-интерната № 3 г. Караганды",
            "Қарағанды қаласы № 3 мектеп-интернатының тәрбиешісі",
        ),
        ("директор детского дома № 2 г. Тараза", "Тараз қаласы № 2 балалар үйінің директоры"),
        (
            "медицинская сестра областной психиатрической больницы",
            "облыстық психиатриялық аурухананың медбикесі",
        ),
        (
            "врач-психиатр центра психического здоровья г. Алматы",
            "Алматы қаласы психикалық денсаулық орталығының дәрігер-психиатры",
        ),
        (
            "заведующий отделением областного центра психического здоровья",
            "облыстық психикалық денсаулық орталығының бөлімше меңгерушісі",
        ),
        (
            "санитар психиатрического отделения городской больницы № 1 г. Семея",
            "Семей қаласы № 1 қалалық ауруханасы психиатриялық бөлімшесінің санитары",
        ),
        (
            "дежурный отдела полиции г. Конаева",
            "Қонаев қаласы полиция бөлімінің кезекшісі",
        ),
        (
            "санитар медико-социального учреждения для лиц с психоневрологическими заболеваниями "
            "г. Семея",
            "Семей қаласы психоневрологиялық аурулары бар адамдарға арналған "
            "медициналық-әлеуметтік мекемесінің санитары",
        ),
    ],
)
def test_institutions_garrisons_district_police_both_ways(ru, kk):
    assert translate(ru, "ru", "kk") == kk
    assert translate(kk, "kk", "ru") == ru


@pytest.mark.parametrize(
    ("ru", "kk", "back"),
    [
        # «Абайская область» is the official «область Абай»
        (
            "прокуратура Абайской области",
            "Абай облысының прокуратурасы",
            "прокуратура области Абай",
        ),
        (
            "филиал Центра судебных экспертиз по Абайской области",
            "Сот сараптамалары орталығының Абай облыстық филиалы",
            "Абайский областной филиал Центра судебных экспертиз",
        ),
        # a district with its city in the genitive; alone, it stays alone
        ("Есильский район г. Астаны", "Астана қаласы Есіл ауданы", "Есильский район г. Астана"),
        ("Есильский район", "Есіл ауданы", "Есильский район"),
        # a city's name left undeclined after «г.»; the Russian read back declines it
        ("прокуратура г. Семей", "Семей қаласының прокуратурасы", "прокуратура г. Семея"),
        (
            "Управление полиции Енбекшинского района г. Шымкент",
            "Шымкент қаласы Еңбекші ауданының полиция басқармасы",
            "Управление полиции Енбекшинского района г. Шымкента",
        ),
    ],
)
def test_other_names_of_one_place(ru, kk, back):
    assert translate(ru, "ru", "kk") == kk
    assert translate(kk, "kk", "ru") == back


def test_institution_levels_are_composed_not_listed():
    """Every level of an institution is made by the rule (областная / городская / районная …)."""
    facilities = {e.ru: e for e in vocabulary.entries() if e.category == "facility"}
    assert facilities["областная школа-интернат"].kk == "облыстық мектеп-интернат"
    assert facilities["городской центр психического здоровья"].kk == (
        "қалалық психикалық денсаулық орталығы"
    )
    assert facilities["районная больница"].kk == "аудандық аурухана"
    assert not facilities["областная школа-интернат"].attested
    assert "районный центр психического здоровья" not in facilities  # not a level it has


def test_garrisons_are_places_of_their_own():
    garrisons = {e.ru: e.kk for e in vocabulary.entries() if e.category == "garrison"}
    assert garrisons["Семейский гарнизон"] == "Семей гарнизоны"
    assert garrisons["гарнизон г. Семей"] == "Семей қаласы гарнизоны"
    hits = {e.ru for e in search("гарниз сем", "ru", category="garrison", limit=2)}
    assert hits == {"Семейский гарнизон", "гарнизон г. Семей"}


def test_normalising_case_spacing_yo():
    assert (
        translate("  ИВС  дп Г.АЛМАТЫ ", "ru", "kk") == "Алматы қаласы ПД уақытша ұстау изоляторы"
    )
    assert translate("КРОВОПОДТЕК", "ru", "kk") == "қанталау"
    assert translate("Қарағанды қ.", "kk", "ru") == "г. Караганда"


@pytest.mark.parametrize(
    "text",
    [
        "старший оперуполномоченный Ауэзовского РУП ДП г. Алматы А.С. Жунусов",
        "кабинет № 214 Ауэзовского РУП",
        "Управление полиции Нарнийского района ДП г. Алматы",
        "",
        "следователь следователя",
    ],
)
def test_unknown_or_partial_is_none(text):
    assert translate(text, "ru", "kk") is None


def test_every_body_goes_both_ways():
    bodies = [e for e in vocabulary.entries() if e.category == "body"]
    assert len(bodies) > 500
    for e in bodies:
        assert translate(e.ru, "ru", "kk") == e.kk, e.id
        assert translate(e.kk, "kk", "ru") == e.ru, e.id


def test_thirty_national_bodies_beyond_the_examples():
    national = [e for e in vocabulary.entries() if e.category == "body" and ":" not in e.id]
    assert len(national) >= 30


def test_search():
    hits = search("ауэз", "ru", category="body")
    assert hits and all("Ауэзов" in e.ru for e in hits)
    assert search("прок алм", "ru", limit=3)[0].ru == "прокуратура г. Алматы"
    places = search("қарағ", "kk", category="place")
    assert places[0] == Entry("karaganda", "city", "Караганда", "Қарағанды")
    assert search("кровоподт", "ru", category="injury")[0].kk == "қанталау"
    assert search("zzz", "ru") == []
    with pytest.raises(ValueError):
        search("x", "en")


def test_decline():
    assert decline("Управление полиции Алатауского района ДП г. Алматы", "ru", "gen") == (
        "Управления полиции Алатауского района ДП г. Алматы"
    )
    assert decline("прокуратура Павлодарской области", "ru", "dat") == (
        "прокуратуре Павлодарской области"
    )
    assert decline("Павлодар облысының прокуратурасы", "kk", "dat") == (
        "Павлодар облысының прокуратурасына"
    )
    assert decline("Алматы қаласы ПД Алатау ауданының полиция басқармасы", "kk", "abl") == (
        "Алматы қаласы ПД Алатау ауданының полиция басқармасынан"
    )


def _norm(text: str) -> str:
    low = text.lower().replace("ё", "е")
    return re.sub(r"(?<=[а-яәғқңөұүһі])i|i(?=[а-яәғқңөұүһі])", "і", low)


@pytest.mark.skipif(not LEGAL.is_dir(), reason="legal sources not present")
def test_attested_forms_occur_in_their_source():
    """An entry marked attested (not composed) has its Kazakh form in `source`, starting a word
    (an inflected form such as «анықтаушының» attests «анықтаушы»)."""
    import yaml

    data = Path(vocabulary.__file__).parent / "data"
    checked = 0
    for path in sorted(data.glob("*.yaml")):
        stack = [yaml.safe_load(path.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                stack.extend(v for v in node.values() if isinstance(v, dict | list))
                kk = node.get("kk")
                if not node.get("attested") or not isinstance(kk, str) or "{" in kk:
                    continue
                src = LEGAL / node["source"]
                src = src if src.is_file() else LEGAL / "texts" / node["source"]
                text = _norm(src.read_text(encoding="utf-8"))
                segs = [s.strip() for s in kk.split("|")]
                forms = {" ".join(segs), vocabulary._standalone(tuple(segs))}
                letters = "а-яәғқңөұүһі"
                assert any(
                    re.search(rf"(?<![{letters}]){re.escape(_norm(f))}", text) for f in forms
                ), f"{path.name}: {node['id']} «{kk}» not in {node['source']}"
                checked += 1
    assert checked >= 15


def test_unattested_forms_say_so():
    entries = vocabulary.entries()
    unattested = [e for e in entries if not e.attested]
    assert unattested and len(unattested) < len(entries)


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Fields of a case file that name a body, place or position (addresses and narrative are free text).
_NAMING = {"position", "body", "court", "institution", "place_signed", "place", "to"}


def _naming_values(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _naming_values(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _naming_values(value, (*path, str(i)))
    elif isinstance(node, str) and path:
        lang = path[-1] if path[-1] in ("ru", "kk") else "ru"
        key = path[-2] if path[-1] in ("ru", "kk") else path[-1]
        named = (
            key in _NAMING
            or path[-3:-1] == ("facility", "name")
            or path[-2:]
            == (
                "facility",
                "name",
            )
        )
        if named or (path[:2] == ("addressee", "title")):
            yield ".".join(path), lang, node


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_bodies_places_positions_are_covered(path):
    import yaml

    missing = []
    for where, lang, text in _naming_values(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if translate(text, lang, "kk" if lang == "ru" else "ru") is None:
            missing.append(f"{where}: {text}")
    assert not missing, "not in the vocabulary:\n" + "\n".join(missing)
