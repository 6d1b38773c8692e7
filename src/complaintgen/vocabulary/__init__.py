"""Bilingual vocabulary of Kazakhstan's places, bodies, positions, injuries and investigative steps.

The data is in vocabulary/data/*.yaml. A body's name is composed from its type and its place in
each language (ru «Управление полиции Алатауского района ДП г. Алматы» / kk «Алматы қаласы ПД
Алатау ауданының полиция басқармасы»); a position or a part of a body takes its body in the
genitive (ru «старший оперуполномоченный Ауэзовского РУП ДП г. Алматы» / kk «Алматы қаласы ПД
Әуезов ауданы полиция басқармасының аға жедел уәкілі»).

Public API: `translate`, `search`, `decline`, `entries`, `kazakh_forms`, `Entry`. Everything is
loaded on first use and cached; importing this module reads nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

__all__ = ["CATEGORIES", "Entry", "decline", "entries", "kazakh_forms", "search", "translate"]

_DATA = Path(__file__).resolve().parent / "data"
LANGS = ("ru", "kk")
# Categories an Entry can have; "place" in search() means region, city or district.
CATEGORIES = (
    "region",
    "city",
    "district",
    "body",
    "unit",
    "position",
    "injury",
    "medical",
    "step",
    "facility",
    "garrison",
)
_PLACE_CATEGORIES = frozenset({"region", "city", "district"})


@dataclass(frozen=True)
class Entry:
    """One vocabulary item in its nominative form in both languages."""

    id: str
    category: str
    ru: str
    kk: str
    attested: bool = False
    note: str = ""


# --------------------------------------------------------------------------- normalising


_CITY_ABBR = re.compile(r"(?<![\w])г\.\s*")
_LATIN_I = re.compile(r"(?<=[а-яёәғқңөұүһі])i|i(?=[а-яёәғқңөұүһі])")


def _norm(text: str) -> str:
    """Case, spacing, ё and «г.Алматы» do not matter; nor does a Latin i inside a Kazakh word."""
    low = " ".join(text.lower().replace("ё", "е").split())
    if "i" in low:
        low = _LATIN_I.sub("і", low)
    if "г." in low:
        low = _CITY_ABBR.sub("г. ", low)
    return low.rstrip(" .,;")


# --------------------------------------------------------------------------- Kazakh chains


_GENITIVE_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің")


def _kk_gen(segment: str) -> str:
    """The genitive of one modifier in an izafet chain; «… бойынша», «ҰҚК-нің», «ПД» stay."""
    last = segment.rpartition(" ")[2]
    if last.endswith(_GENITIVE_ENDINGS) or last == "бойынша" or (last.isupper() and len(last) > 1):
        return segment
    from ..language import kk

    return kk.inflect_phrase(segment, "gen")


def _standalone(segments: tuple[str, ...]) -> str:
    """Join a chain: the genitive on the last modifier before the head only."""
    if len(segments) == 1:
        return segments[0]
    return " ".join((*segments[:-2], _kk_gen(segments[-2]), segments[-1]))


def _gen_chain(segments: tuple[str, ...]) -> str:
    """The chain as the modifier of a further head (… прокуратурасының)."""
    return " ".join((*segments[:-1], _kk_gen(segments[-1])))


_NUMBERED = re.compile(r"^(.+?) № ?(\d[\w/-]*)(?: (.+))?$")
_KK_NUMBERED = re.compile(r"^(?:(.+) )?№ ?(\d[\w/-]*) (.+)$")


def _possessive(phrase: str) -> str:
    """*phrase* with the 3rd-person possessive on its head, unless it already has one
    (аурухана → ауруханасы, мектеп-интернат → мектеп-интернаты, жарақат пункті stays)."""
    from ..language import kk

    head, sep, last = phrase.rpartition(" ")
    if kk.is_possessive_head(last):
        return phrase
    stem = last.rpartition("-")[2]
    front = kk._harmony_is_front(stem)
    if stem[-1:].lower() in "аәеёиоөұүыіэюяу":
        suffix = "сі" if front else "сы"
    else:
        last = last[:-1] + {"қ": "ғ", "к": "г", "п": "б"}.get(last[-1], last[-1])
        suffix = "і" if front else "ы"
    return head + sep + last + suffix


def _split(kk: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in kk.split("|") if s.strip())


# --------------------------------------------------------------------------- composed items


@dataclass(frozen=True)
class _Item:
    """A place, body, unit or term: forms in both languages and how the Kazakh chain is built."""

    id: str
    category: str
    ru: str
    ru_gen: str
    segments: tuple[str, ...]  # Kazakh chain, full
    abbr_segments: tuple[str, ...]  # Kazakh chain when the Russian was abbreviated
    attested: bool = False
    note: str = ""
    kk: str | None = None  # the Kazakh nominative when it is not the joined chain
    main_abbr: bool = False  # the main Russian name is abbreviated (… ДП г. Алматы)
    # Russian (nominative, genitive) written in full and abbreviated, for Kazakh → Russian.
    ru_full: tuple[str, str] | None = None
    ru_short: tuple[str, str] | None = None

    def ru_forms(self, abbr: bool) -> tuple[str, str]:
        return (self.ru_short if abbr else self.ru_full) or (self.ru, self.ru_gen)

    @cached_property
    def entry(self) -> Entry:
        # Built on demand: joining a chain declines a word, and translate() rarely needs it.
        kk = self.kk or _standalone(self.abbr_segments if self.main_abbr else self.segments)
        return Entry(self.id, self.category, self.ru, kk, self.attested, self.note)


@dataclass(frozen=True)
class _Position:
    entry: Entry
    kk_poss: str


@cache
def _loader() -> type:
    """A safe loader that resolves only true/false: the data has no numbers or dates, and
    trying every implicit type on each Cyrillic scalar was most of the load time."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag.endswith(":bool")]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    return type("VocabularyLoader", (base,), {"yaml_implicit_resolvers": resolvers})


def _load(name: str) -> Any:
    import yaml

    with (_DATA / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_loader())


def _att(raw: dict[str, Any]) -> bool:
    return bool(raw.get("attested", False))


def _places(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every place with the slots the body templates use ({P}, {K}, {A}…)."""
    out: dict[str, dict[str, Any]] = {}

    def adj_slots(adj: str | None) -> dict[str, str]:
        if not adj:
            return {}
        return {"A": adj + "ий", "Agen": adj + "ого", "An": adj + "ое", "Angen": adj + "ого"}

    def city(raw: dict[str, Any], republican: bool) -> dict[str, Any]:
        gen = "г. " + raw["ru_gen"]
        nom = "г. " + raw["ru"]
        return {
            "id": raw["id"],
            "kind": "city",
            "republican": republican,
            "entry": (raw["id"], "city", raw["ru"], raw["kk"], _att(raw), raw.get("note", "")),
            "nom": nom,
            # «прокуратура г. Семей»: the city's name is often left undeclined after «г.»
            "alts": [{"P": nom}] if nom != gen else [],
            "P": gen,
            # «по» wants the dative; official names keep the city undeclined (по г. Шымкент)
            "PO": "по " + nom,
            "K": raw["kk"] + " қаласы",
            "KN": raw["kk"],
            "KB": raw["kk"] + " қаласы бойынша",
            **adj_slots(raw.get("adj")),
        }

    for raw in data["republican_cities"]:
        out[raw["id"]] = city(raw, True)
    for raw in data["cities"]:
        out[raw["id"]] = city(raw, False)
    for c in [p for p in out.values() if p["kind"] == "city"]:
        for garrison in _garrisons(c):
            out[garrison["id"]] = garrison
    for raw in data["regions"]:
        adj = raw.get("adj")
        nom = raw["ru"]
        gen = raw.get("ru_gen") or adj + "ой области"
        kk_name = raw["kk"] + " облысы"
        alt = raw.get("alt")
        out[raw["id"]] = {
            "id": raw["id"],
            "kind": "region",
            "entry": (raw["id"], "region", nom, kk_name, _att(raw), raw.get("note", "")),
            "nom": nom,
            # «Абайская область» beside the official «область Абай»: the same place, other words
            "alts": [{"nom": alt[0], "P": alt[1], "PO": "по " + alt[1]}] if alt else [],
            "P": gen,
            "PO": "по " + gen,
            "K": kk_name,
            "KN": raw["kk"],
            "KB": kk_name + " бойынша",
            **adj_slots(adj),
        }
    for raw in data["districts"]:
        parent = out[raw["city"]]
        adj = raw.get("adj")
        d_nom = raw.get("ru") or adj + "ий район"
        d_gen = raw.get("ru_gen") or adj + "ого района"
        dk = raw["kk"] if raw["kk"].endswith("аудан") else raw["kk"] + " ауданы"
        attested = _att(raw)
        out[raw["id"]] = {
            "id": raw["id"],
            "kind": "district",
            "city": parent,
            "entry": (
                raw["id"],
                "district",
                f"{d_nom} {parent['nom']}",
                f"{parent['K']} {dk}",
                attested,
                raw.get("note", ""),
            ),
            "bare": (d_nom, dk),
            "nom": f"{d_nom} {parent['nom']}",
            "alts": [{"C": alt["P"], "P": f"{d_gen} {alt['P']}"} for alt in parent["alts"]],
            "D": d_gen,
            "C": parent["P"],
            "P": f"{d_gen} {parent['P']}",
            "PO": f"по {d_gen} {parent['P']}",
            "K": f"{parent['K']} | {dk}",
            "KN": raw["kk"],
            "KB": f"{parent['K']} {dk} бойынша",
            "CK": parent["K"],
            "DK": dk,
            **adj_slots(adj),
        }
        # The district named without its city: no {C}/{CK}, so only templates without them.
        out[raw["id"] + "~"] = {
            "id": raw["id"] + "~",
            "kind": "district",
            "bare_of": raw["id"],
            "city": parent,
            "attested": attested and parent["entry"][4],
            "nom": d_nom,
            "D": d_gen,
            "P": d_gen,
            "PO": f"по {d_gen}",
            "K": dk,
            "KN": raw["kk"],
            "KB": f"{dk} бойынша",
            "DK": dk,
            **adj_slots(adj),
        }
    return out


def _garrisons(city: dict[str, Any]) -> list[dict[str, Any]]:
    """A city's garrison as a place, two ways: «Семейский гарнизон» (Семей гарнизоны) and
    «гарнизон г. Семей» (Семей қаласы гарнизоны)."""
    note = "Composed; «гарнизон» is not in /work/shared/legal."
    names = []
    if "A" in city:
        names.append(("", f"{city['A']} гарнизон", f"{city['Agen']} гарнизона", city["KN"]))
    names.append(("-city", f"гарнизон {city['nom']}", f"гарнизона {city['nom']}", city["K"]))
    out = []
    for suffix, nom, gen, kk in names:
        gid = f"{city['id']}-garrison{suffix}"
        out.append(
            {
                "id": gid,
                "kind": "garrison",
                "city": city,
                "entry": (gid, "garrison", nom, f"{kk} гарнизоны", False, note),
                "nom": nom,
                "P": gen,
                "K": f"{kk} гарнизоны",
                "KN": city["KN"],
            }
        )
    return out


_SLOT = re.compile(r"\{(\w+)\}")


def _fill(template: str, slots: dict[str, Any]) -> str | None:
    """The template with the place's slots filled in, or None if the place lacks one."""
    missing = False

    def one(m: re.Match[str]) -> str:
        nonlocal missing
        value = slots.get(m.group(1))
        if not isinstance(value, str):
            missing = True
            return ""
        return value

    out = _SLOT.sub(one, template)
    return None if missing else out


def _level_places(level: str, places: dict[str, dict[str, Any]], police: bool) -> list[dict]:
    every = list(places.values())
    if level == "region":
        return [p for p in every if p["kind"] == "region" or p.get("republican")]
    if level == "oblast":
        return [p for p in every if p["kind"] == "region"]
    if level == "town":
        return [p for p in every if p["kind"] == "city" and not p.get("republican")]
    if level == "city":
        return [p for p in every if p["kind"] == "city"]
    if level == "garrison":
        return [p for p in every if p["kind"] == "garrison"]
    if level == "district":
        return [
            p
            for p in every
            if p["kind"] == "district" and (not police or p["city"].get("republican"))
        ]
    raise ValueError(f"unknown level {level!r} in bodies.yaml")


class _Index:
    """Every form the parser looks up, keyed by its normalised text."""

    def __init__(self) -> None:
        places = _places(_load("places.yaml"))
        bodies = _load("bodies.yaml")
        self.items: list[_Item] = []
        # Russian nominative forms → (item, abbreviated?) and genitive complements.
        self.ru_nom: dict[str, tuple[_Item, bool]] = {}
        self.ru_gen: dict[str, tuple[_Item, bool]] = {}
        self.kk_nom: dict[str, tuple[_Item, bool]] = {}
        self._kk_pending: list[tuple[_Item, bool]] = []
        self.units: list[tuple[_Item, list[tuple[str, str]]]] = []
        self.positions: list[_Position] = []
        self.bodies: list[_Item] = []
        self.places: list[_Item] = []
        self.facilities: list[_Item] = []
        self.bare_districts: dict[str, str] = {}  # «Есіл ауданы» → «Есильский район»

        for place in places.values():
            if "bare_of" not in place:  # a bare district is indexed with its district
                self._add_place(place)
        for t in bodies["types"]:
            for place in _level_places(t["level"], places, t.get("police_district", False)):
                self._add_body(t, place)
        for raw in bodies["national"]:
            self._add_national(raw)
        for raw in bodies["units"]:
            item = _Item(
                raw["id"],
                "unit",
                raw["ru"],
                raw["ru_gen"],
                (raw["kk"],),
                (raw["kk"],),
                _att(raw),
                raw.get("note", ""),
            )
            forms = [(raw["ru"], raw["ru_gen"]), *(tuple(a) for a in raw.get("alt", []))]
            self.units.append((item, forms))
            self.items.append(item)
            if " " in raw["kk"]:  # «отдел» alone is «бөлім», not the possessive «бөлімі»
                self._index_nom(forms[0][0], item, False)
        self.units.sort(key=lambda u: -max(len(f[0]) for f in u[1]))
        inst = bodies["institution"]
        self.institution_code = re.compile(bodies["institution_code"])
        self.institution = inst
        for raw in _load("positions.yaml")["positions"]:
            item = _Item(
                raw["id"],
                "position",
                raw["ru"],
                raw["ru"],
                (raw["kk"],),
                (raw["kk"],),
                _att(raw),
                raw.get("note", ""),
            )
            self.positions.append(_Position(item.entry, raw["kk_poss"]))
            self.items.append(item)
        self.positions.sort(key=lambda p: -len(p.entry.ru))
        terms = _load("terms.yaml")
        for section, category in (
            ("injuries", "injury"),
            ("medical", "medical"),
            ("steps", "step"),
        ):
            for raw in terms[section]:
                item = _Item(
                    raw["id"],
                    category,
                    raw["ru"],
                    raw.get("ru_gen", raw["ru"]),
                    (raw["kk"],),
                    (raw["kk"],),
                    _att(raw),
                    raw.get("note", ""),
                )
                self.items.append(item)
                self._index_nom(raw["ru"], item, False)
        self._add_facilities(terms["places"], terms["levels"])
        self.units.sort(key=lambda u: -max(len(f[0]) for f in u[1]))

    # ----------------------------------------------------------------- building

    def _add_facilities(self, raws: list[dict[str, Any]], levels: dict[str, Any]) -> None:
        """Institutions alone and at their levels (школа-интернат, областная школа-интернат), each
        also a genitive complement (воспитатель школы-интерната) and a head before a body or place
        (школа-интернат г. Тараза → Тараз қаласының мектеп-интернаты)."""
        gender = {"m": 0, "f": 1, "n": 2}
        for raw in raws:
            g = gender[raw["gender"]]
            poss = raw.get("kk_poss") or _possessive(raw["kk"])
            kinds = [
                (
                    raw["id"],
                    raw["ru"],
                    raw["ru_gen"],
                    raw["kk"],
                    poss,
                    _att(raw),
                    raw.get("note", ""),
                )
            ]
            for name in raw.get("levels", ()):
                level = levels[name]
                kinds.append(
                    (
                        f"{raw['id']}:{name}",
                        f"{level['ru'][g]} {raw['ru']}",
                        f"{level['ru_gen'][g]} {raw['ru_gen']}",
                        f"{level['kk']} {raw['kk']}",
                        f"{level['kk']} {poss}",
                        False,
                        f"Composed: «{level['kk']}» + «{raw['kk']}».",
                    )
                )
            for fid, ru, ru_gen, kk, kk_poss, attested, note in kinds:
                item = _Item(fid, "facility", ru, ru_gen, (kk,), (kk,), attested, note)
                self.items.append(item)
                self.facilities.append(item)
                self._index_nom(ru, item, False)
                self.ru_gen.setdefault(_norm(ru_gen), (item, False))
                head = _Item(fid, "unit", ru, ru_gen, (kk_poss,), (kk_poss,), attested, note)
                self.units.append((head, [(ru, ru_gen)]))

    def _index_nom(self, ru: str, item: _Item, abbr: bool) -> None:
        self.ru_nom.setdefault(_norm(ru), (item, abbr))
        self._kk_pending.append((item, abbr))

    def kk_lookup(self, text: str) -> tuple[_Item, bool] | None:
        """The item whose Kazakh nominative is *text*; the Kazakh table is built on first use."""
        for item, abbr in self._kk_pending:
            kk = item.kk or _standalone(item.abbr_segments if abbr else item.segments)
            self.kk_nom.setdefault(_norm(kk), (item, abbr))
        self._kk_pending.clear()
        return self.kk_nom.get(text)

    def _add_place(self, place: dict[str, Any]) -> None:
        segments = _split(place["K"])
        pid, category, ru, kk, attested, note = place["entry"]
        item = _Item(pid, category, ru, place["P"], segments, segments, attested, note, kk)
        place["attested"] = attested
        self.places.append(item)
        self.items.append(item)
        self.ru_gen.setdefault(_norm(place["P"]), (item, False))
        if place["kind"] == "city":
            self.ru_nom.setdefault(_norm(place["nom"]), (item, True))  # г. Караганда
            self.ru_nom.setdefault(_norm("город " + ru), (item, False))
            self.ru_nom.setdefault(_norm(ru), (item, False))
            self.kk_nom.setdefault(_norm(kk + " қ."), (item, False))
            self.kk_nom.setdefault(_norm(kk + " қаласы"), (item, False))
            self.kk_nom.setdefault(_norm(kk), (item, False))
        else:
            self._index_nom(place["nom"], item, False)
            if place["kind"] == "district":
                bare_ru, bare_kk = place["bare"]
                self.ru_nom.setdefault(_norm(bare_ru), (item, False))
                # «Есильский район г. Астаны» as well as «… г. Астана»
                self.ru_nom.setdefault(_norm(f"{bare_ru} {place['C']}"), (item, False))
                self.kk_nom.setdefault(_norm(bare_kk), (item, False))
                self.bare_districts.setdefault(_norm(bare_kk), bare_ru)
        for alt in place.get("alts", ()):
            if "nom" in alt:
                self.ru_nom.setdefault(_norm(alt["nom"]), (item, False))
            self.ru_gen.setdefault(_norm(alt["P"]), (item, False))

    def _add_body(self, t: dict[str, Any], place: dict[str, Any]) -> None:
        ru = _fill(t["ru"], place)
        ru_gen = _fill(t["ru_gen"], place)
        kk = _fill(t["kk"], place)
        if ru is None or ru_gen is None or kk is None:
            return
        key = _norm(ru)
        if key in self.ru_nom:
            return  # прокуратура г. Алматы is both the regional and the city office
        kk_abbr = _fill(t.get("kk_abbr", t["kk"]), place) or kk
        attested = _att(t) and place["attested"]
        # A name written with an abbreviation (… ДП г. Алматы) keeps one in Kazakh (… ПД).
        abbr = bool(t.get("ru_abbr"))
        forms = [(ru, ru_gen, abbr)]
        variants = [(t["ru"], t["ru_gen"], False), *t.get("alt", [])]
        for nom, gen, short in variants[1:]:
            alt_nom, alt_gen = _fill(nom, place), _fill(gen, place)
            if alt_nom and alt_gen:
                forms.append((alt_nom, alt_gen, bool(short)))
        for alt_place in place.get("alts", ()):  # прокуратура Абайской области
            slots = {**place, **alt_place}
            for nom, gen, short in variants:
                alt_nom, alt_gen = _fill(nom, slots), _fill(gen, slots)
                if alt_nom and alt_gen:
                    forms.append((alt_nom, alt_gen, bool(short) or (nom == t["ru"] and abbr)))
        full = next(((n, g) for n, g, a in forms if not a), None)
        short = next(((n, g) for n, g, a in forms if a), None)
        item = _Item(
            f"{t['id']}:{place['id']}",
            "body",
            ru,
            ru_gen,
            _split(kk),
            _split(kk_abbr),
            attested,
            t.get("note", ""),
            main_abbr=abbr,
            ru_full=full,
            ru_short=short,
        )
        self.bodies.append(item)
        self.items.append(item)
        for nom, gen, short in forms:
            self._index_nom(nom, item, short)
            self.ru_gen.setdefault(_norm(gen), (item, short))

    def _add_national(self, raw: dict[str, Any]) -> None:
        segments = _split(raw["kk"])
        item = _Item(
            raw["id"],
            "body",
            raw["ru"],
            raw["ru_gen"],
            segments,
            segments,
            _att(raw),
            raw.get("note", ""),
        )
        self.bodies.append(item)
        self.items.append(item)
        self._index_nom(raw["ru"], item, False)
        self.ru_gen.setdefault(_norm(raw["ru_gen"]), (item, False))
        for nom, gen in raw.get("alt", []):
            self._index_nom(nom, item, False)
            self.ru_gen.setdefault(_norm(gen), (item, False))

    # ----------------------------------------------------------------- Russian → Kazakh

    def ru_complement(self, text: str) -> tuple[tuple[str, ...], str] | None:
        """A genitive complement (body, place, part of a body, institution): (kk chain, ru gen)."""
        hit = self.ru_gen.get(text)
        if hit is not None:
            item, abbr = hit
            return (item.abbr_segments if abbr else item.segments), item.ru_gen
        numbered = self.ru_numbered_gen(text)
        if numbered is not None:
            return numbered
        for item, forms in self.units:
            for _, gen in forms:
                g = _norm(gen)
                if text == g:
                    return item.segments, item.ru_gen
                if text.startswith(g + " "):
                    rest = self.ru_complement(text[len(g) + 1 :])
                    if rest is not None:
                        return (*rest[0], *item.segments), f"{gen} {rest[1]}"
        return self.ru_institution(text, genitive=True)

    def ru_institution(self, text: str, genitive: bool) -> tuple[tuple[str, ...], str] | None:
        head = _norm(self.institution["ru_gen" if genitive else "ru"].replace("{code}", "")) + " "
        if not text.startswith(head):
            return None
        rest = text[len(head) :]
        code, _, tail = rest.partition(" ")
        if not self.institution_code.fullmatch(code.upper()):
            return None
        own = self.institution["kk"].replace("{code}", code.upper())
        ru_gen = self.institution["ru_gen"].replace("{code}", code.upper())
        if not tail:
            return (own,), ru_gen
        body = self.ru_complement(tail)
        if body is None:
            return None
        return (*body[0], own), f"{ru_gen} {body[1]}"

    def ru_to_kk(self, text: str) -> str | None:
        hit = self.ru_nom.get(text)
        if hit is not None:
            item, abbr = hit
            if item.category == "city":
                # г. Караганда → Қарағанды қ.; город Караганда → … қаласы; Караганда → Қарағанды
                if text.startswith("г. "):
                    return f"{item.kk} қ."
                if text.startswith("город "):
                    return f"{item.kk} қаласы"
                return item.kk
            if item.category == "district":
                # «Ауэзовский район г. Алматы» → with its city; «Ауэзовский район» → alone
                return item.kk if "г. " in text else item.segments[-1]
            return _standalone(item.abbr_segments if abbr else item.segments)
        numbered = self.ru_numbered(text)
        if numbered is not None:
            return numbered
        for pos in self.positions:
            p = _norm(pos.entry.ru)
            if text == p:
                return pos.entry.kk
            if text.startswith(p + " "):
                comp = self.ru_complement(text[len(p) + 1 :])
                if comp is not None:
                    return _standalone((*comp[0], pos.kk_poss))
        for item, forms in self.units:
            for nom, _ in forms:
                n = _norm(nom)
                if text.startswith(n + " "):
                    comp = self.ru_complement(text[len(n) + 1 :])
                    if comp is not None:
                        return _standalone((*comp[0], *item.segments))
        inst = self.ru_institution(text, genitive=False)
        return _standalone(inst[0]) if inst else None

    @cached_property
    def _gen_heads(self) -> dict[str, tuple[str, str]]:
        """Russian genitives of parts and institutions → (Kazakh head, Russian genitive)."""
        heads: dict[str, tuple[str, str]] = {}
        for item in self.facilities:
            heads.setdefault(_norm(item.ru_gen), (item.segments[-1], item.ru_gen))
        for item, forms in self.units:
            for _, gen in forms:
                heads.setdefault(_norm(gen), (item.segments[-1], gen))
        return heads

    def ru_numbered_gen(self, text: str) -> tuple[tuple[str, ...], str] | None:
        """A numbered part or institution in the genitive: «отделения № 2» → («№ 2 бөлімшесі»),
        «школы-интерната № 3 г. Караганды» → («Қарағанды қаласы», «№ 3 мектеп-интернаты»)."""
        m = _NUMBERED.match(text)
        if m is None:
            return None
        head, number, rest = m.group(1), m.group(2).upper(), m.group(3)
        hit = self._gen_heads.get(head)
        if hit is None:
            return None
        kk_head, ru_gen = hit
        if rest is None:
            return (f"№ {number} {kk_head}",), f"{ru_gen} № {number}"
        comp = self.ru_complement(rest)
        if comp is None:
            return None
        return (*comp[0], f"№ {number} {_possessive(kk_head)}"), f"{ru_gen} № {number} {comp[1]}"

    def ru_numbered(self, text: str) -> str | None:
        """A numbered place or part: «травматологический пункт № 4 г. Алматы» → «Алматы
        қаласының № 4 жарақат пункті»; «служебный кабинет № 214 Ауэзовского РУП ДП г. Алматы»."""
        m = _NUMBERED.match(text)
        if m is None:
            return None
        head, number, rest = m.group(1), m.group(2).upper(), m.group(3)
        hit = self.ru_nom.get(head)
        kk_head = None
        if hit is not None and hit[0].category in {"facility", "unit"}:
            kk_head = hit[0].segments[-1]
        else:
            kk_head = next(
                (u.segments[-1] for u, forms in self.units if _norm(forms[0][0]) == head), None
            )
        if kk_head is None:
            return None
        if rest is None:
            return f"№ {number} {kk_head}"
        comp = self.ru_complement(rest)
        if comp is None:
            return None
        return _standalone((*comp[0], f"№ {number} {_possessive(kk_head)}"))

    # ----------------------------------------------------------------- Kazakh → Russian

    @property
    def kk_gen(self) -> dict[str, str]:
        """Kazakh genitive chains of every body and place → Russian genitive (built on demand)."""
        if not hasattr(self, "_kk_gen"):
            table: dict[str, str] = {}
            chains: dict[str, str] = {}
            for item in (*self.bodies, *self.places, *self.facilities):
                for abbr in (False, True):
                    segments = item.abbr_segments if abbr else item.segments
                    gen = item.ru_forms(abbr)[1]
                    table.setdefault(_norm(_gen_chain(segments)), gen)
                    # also the style with a genitive on every link (… қаласының … сотының)
                    table.setdefault(_norm(_kk_gen(_standalone(segments))), gen)
                    chains.setdefault(_norm(" ".join(segments)), gen)
            self._kk_gen = table
            self._kk_chain = chains
        return self._kk_gen

    def kk_chain(self, text: str) -> str | None:
        """Russian genitive of a Kazakh nominative chain (… департаменті ЕЦ-166/18 мекемесі)."""
        _ = self.kk_gen  # builds the chain table
        hit = self._kk_chain.get(text)
        if hit is not None:
            return hit
        return self.kk_institution(text, genitive=False) or self.kk_numbered(text, genitive=True)

    def kk_institution(self, text: str, genitive: bool) -> str | None:
        own = _norm(self.institution["kk"].replace("{code}", ""))
        if genitive:
            own = _norm(_kk_gen(own))
        if not (text.endswith(" " + own) and len(text) > len(own) + 1):
            return None
        head, _, code = text[: -len(own) - 1].rpartition(" ")
        if not self.institution_code.fullmatch(code.upper()):
            return None
        ru_gen = self.institution["ru_gen"].replace("{code}", code.upper())
        if not head:
            return ru_gen
        body = self.kk_gen.get(head)
        return f"{ru_gen} {body}" if body else None

    def kk_complement(self, text: str) -> str | None:
        """Russian genitive of a Kazakh genitive chain (… прокуратурасы бөлімінің)."""
        hit = self.kk_gen.get(text)
        if hit is not None:
            return hit
        numbered = self.kk_numbered_gen(text)
        if numbered is not None:
            return numbered
        for item, _ in self.units:
            g = _norm(_kk_gen(item.segments[0]))
            if text == g:
                return item.ru_gen
            if text.endswith(" " + g):
                body = self.kk_chain(text[: -len(g) - 1])
                if body is not None:
                    return f"{item.ru_gen} {body}"
        return self.kk_institution(text, genitive=True)

    @cached_property
    def _kk_gen_heads(self) -> dict[str, str]:
        """Kazakh genitives of parts and institutions → their Russian genitive."""
        heads: dict[str, str] = {}
        for item in self.facilities:
            for kk in (item.segments[-1], _possessive(item.segments[-1])):
                heads.setdefault(_norm(_kk_gen(kk)), item.ru_gen)
        for item, _ in self.units:
            heads.setdefault(_norm(_kk_gen(item.segments[-1])), item.ru_gen)
        return heads

    def kk_numbered_gen(self, text: str) -> str | None:
        """«№ 2 бөлімшесінің» → «отделения № 2»; «Қарағанды қаласы № 3 мектеп-интернатының» →
        «школы-интерната № 3 г. Караганды»."""
        m = _KK_NUMBERED.match(text)
        if m is None:
            return None
        prefix, number, head = m.group(1), m.group(2).upper(), m.group(3)
        ru_head = self._kk_gen_heads.get(head)
        if ru_head is None:
            return None
        if prefix is None:
            return f"{ru_head} № {number}"
        comp = self.kk_chain(prefix) or self.kk_complement(prefix)
        return f"{ru_head} № {number} {comp}" if comp else None

    def kk_numbered(self, text: str, genitive: bool = False) -> str | None:
        """«Алматы қаласының № 4 жарақат пункті» → «травматологический пункт № 4 г. Алматы» (or,
        with *genitive*, «травматологического пункта № 4 г. Алматы»: a link inside a chain)."""
        m = _KK_NUMBERED.match(text)
        if m is None:
            return None
        prefix, number, head = m.group(1), m.group(2).upper(), m.group(3)
        if not hasattr(self, "_kk_heads"):
            heads: dict[str, tuple[str, str]] = {}
            for item in self.items:
                if item.category in {"facility", "unit"}:
                    kk = item.segments[-1]
                    heads.setdefault(_norm(kk), (item.ru, item.ru_gen))
                    heads.setdefault(_norm(_possessive(kk)), (item.ru, item.ru_gen))
            self._kk_heads = heads
        ru_head = self._kk_heads.get(head)
        if ru_head is None:
            return None
        ru = ru_head[1] if genitive else ru_head[0]
        if prefix is None:
            return f"{ru} № {number}"
        # «Алматы қаласының № 4 …» alone, «Семей қаласы № 1 … ауруханасы бөлімшесі» in a chain
        comp = self.kk_complement(prefix) or self.kk_chain(prefix)
        return f"{ru} № {number} {comp}" if comp else None

    def kk_to_ru(self, text: str) -> str | None:
        hit = self.kk_lookup(text)
        if hit is not None:
            item, abbr = hit
            if item.category == "city" and text.endswith(" қ"):  # «Қарағанды қ.», dot stripped
                return "г. " + item.ru
            if item.category == "district" and text in self.bare_districts:
                return self.bare_districts[text]
            return item.ru_forms(abbr)[0]
        for pos in self.positions:
            if text == _norm(pos.entry.kk):
                return pos.entry.ru
            tail = " " + _norm(pos.kk_poss)
            if text.endswith(tail):
                comp = self.kk_complement(text[: -len(tail)])
                if comp is not None:
                    return f"{pos.entry.ru} {comp}"
        for unit, _ in self.units:
            tail = " " + _norm(unit.segments[0])
            if text.endswith(tail):
                comp = self.kk_complement(text[: -len(tail)])
                if comp is not None:
                    return f"{unit.ru} {comp}"
        numbered = self.kk_numbered(text)
        if numbered is not None:
            return numbered
        inst = self.kk_institution(text, genitive=False)
        if inst is not None:
            return self.institution["ru"].replace("{code}", "") + inst.partition(" ")[2]
        return None


@cache
def _index() -> _Index:
    return _Index()


# --------------------------------------------------------------------------- public API


def entries() -> list[Entry]:
    """Every entry: places, composed bodies, parts of bodies, positions, terms."""
    return [item.entry for item in _index().items]


def kazakh_forms() -> list[str]:
    """Every Kazakh form the vocabulary composes names from: the entries' nominatives and the
    possessive heads (санитары, инспекторы, мектеп-интернаты) that follow a body in a chain."""
    index = _index()
    return [
        *(item.entry.kk for item in index.items),
        *(pos.kk_poss for pos in index.positions),
        *(unit.segments[-1] for unit, _ in index.units),
    ]


def translate(text: str, src: str, dst: str) -> str | None:
    """The other language's form of *text* when the whole text is a known term or a composed
    body, position or place; None otherwise (never a partial translation)."""
    if src not in LANGS or dst not in LANGS:
        raise ValueError(f"languages are {LANGS}, not {src!r} → {dst!r}")
    if src == dst:
        return text
    return _translate(_norm(text), src)


@lru_cache(maxsize=4096)  # a batch translates the same bodies and positions again and again
def _translate(key: str, src: str) -> str | None:
    if not key:
        return None
    index = _index()
    one = index.ru_to_kk if src == "ru" else index.kk_to_ru
    whole = one(key)
    if whole is not None or ", " not in key:
        return whole
    # «помещение … ЕЦ-166/18, г. Караганда», «г. Экибастуз, Павлодарская область»: every part known
    parts = [one(part) for part in key.split(", ")]
    return None if None in parts else ", ".join(p for p in parts if p is not None)


def search(query: str, lang: str, category: str | None = None, limit: int = 10) -> list[Entry]:
    """Entries whose *lang* form matches *query*: whole-text prefix first, then entries where every
    query word starts a word of the entry, then plain substrings; shorter names first."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if category is not None and category not in (*CATEGORIES, "place"):
        raise ValueError(f"category must be one of {(*CATEGORIES, 'place')}, not {category!r}")
    q = _norm(query)
    if not q:
        return []
    wanted = _PLACE_CATEGORIES if category == "place" else {category} if category else None
    q_words = q.split()
    scored: list[tuple[int, int, str, Entry]] = []
    for item in _index().items:
        entry = item.entry
        if wanted is not None and entry.category not in wanted:
            continue
        text = _norm(getattr(entry, lang))
        if text == q:
            rank = 0
        elif text.startswith(q):
            rank = 1
        elif all(any(w.startswith(qw) for w in text.replace("-", " ").split()) for qw in q_words):
            rank = 2
        elif q in text:
            rank = 3
        else:
            continue
        scored.append((rank, len(text), entry.id, entry))
    scored.sort(key=lambda s: s[:3])
    return [s[3] for s in scored[:limit]]


def decline(text: str, lang: str, case: str) -> str:
    """*text* (a nominative name of a body, position or place) in *case*.

    Russian genitives of known bodies come from the data; other Russian cases go through
    language.ru.decline_phrase, Kazakh ones through language.kk.inflect_phrase.
    """
    from ..language import kk, ru

    if lang == "kk":
        return kk.inflect_phrase(text, case)
    if lang != "ru":
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if case == "gen":
        hit = _index().ru_nom.get(_norm(text))
        # Only the main full name: an abbreviated or variant spelling goes through pymorphy3.
        if hit is not None and hit[0].category == "body" and _norm(hit[0].ru) == _norm(text):
            return hit[0].ru_gen
    return ru.decline_phrase(text, case)
