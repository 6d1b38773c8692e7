"""The provisions documents cite, each once, in each language, with where it is verified.

Only provisions marked verified in ../shared/legal (V, V-tr or V-sec) are here; an item cites by
id, and the wording prints `cite(id)`, so a citation cannot drift between languages or documents.
Kazakh forms follow the style of the official ҚПК/ҚК texts (snippets/README.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Provision:
    id: str
    ru: str
    kk: str
    en: str
    source: str  # where in ../shared/legal the text and its verification are

    def cite(self, lang: str) -> str:
        return getattr(self, lang if lang in ("ru", "kk", "en") else "ru")


_TEXTS = "legal/texts/upk-ru.md, upk-kk.md"
_MORE = "legal/texts/more-provisions.md"
_UK = "legal/texts/uk-ru.md, uk-kk.md; more-provisions.md §7"


def _upk(article: str, part: str | None = None, item: str | None = None, src: str = _TEXTS):
    """ст. 106 ч. 8 п. 1 in each language's citation style."""
    ident = "-".join(x for x in ("upk", article, part, item) if x)
    ru = f"ст. {article} УПК РК"
    kk = f"ҚР ҚПК-нің {article}-бабы"
    en = f"article {article}"
    if part:
        ru = f"ч. {part} {ru}"
        kk = f"ҚР ҚПК-нің {article}-бабының {part}-бөлігі"
        en = f"article {article}, part {part}"
    if item:
        ru = f"п. {item} {ru}"
        kk = (
            f"ҚР ҚПК-нің {article}-бабы {part}-бөлігінің {item}) тармағы"
            if part
            else f"ҚР ҚПК-нің {article}-бабының {item}) тармағы"
        )
        en = f"{en}, item {item}"
    return Provision(ident, ru, kk, f"{en} of the Code of Criminal Procedure", src)


def _uik12(part: str) -> Provision:
    """ч. 1 ст. 12 УИК: the personal safety of convicts."""
    return Provision(
        f"uik-12-{part}",
        f"ч. {part} ст. 12 УИК РК",
        f"ҚР ҚАК-нің 12-бабының {part}-бөлігі",
        f"article 12, part {part} of the Penal Enforcement Code",
        _MORE + " §6",
    )


_INTL = "legal/international.md"


def _cat(ident: str, ru: str, kk: str, en: str, row: str) -> Provision:
    """A provision of the Convention against Torture or of the Committee's own texts."""
    return Provision(f"cat-{ident}", ru, kk, en, f"{_INTL}, {row}")


# The Convention and the Committee's texts, as legal/international.md verifies them (V, V-sec).
_CAT = (
    _cat(
        "1",
        "ст. 1 Конвенции",
        "Конвенцияның 1-бабы",
        "article 1 of the Convention",
        "row 2 (V)",
    ),
    _cat(
        "2-1",
        "п. 1 ст. 2 Конвенции",
        "Конвенцияның 2-бабының 1-тармағы",
        "article 2 (1) of the Convention",
        "row 2 (V)",
    ),
    _cat(
        "11",
        "ст. 11 Конвенции",
        "Конвенцияның 11-бабы",
        "article 11 of the Convention",
        "row 21, P2-12 (V-sec: as found violated in Rakishev; the article's text is the treaty's)",
    ),
    _cat(
        "12",
        "ст. 12 Конвенции",
        "Конвенцияның 12-бабы",
        "article 12 of the Convention",
        "row 2 (V)",
    ),
    _cat(
        "13",
        "ст. 13 Конвенции",
        "Конвенцияның 13-бабы",
        "article 13 of the Convention",
        "row 2 (V)",
    ),
    _cat(
        "14",
        "ст. 14 Конвенции",
        "Конвенцияның 14-бабы",
        "article 14 of the Convention",
        "row 2 (V)",
    ),
    _cat(
        "16",
        "ст. 16 Конвенции",
        "Конвенцияның 16-бабы",
        "article 16 of the Convention",
        "row 2 (V)",
    ),
    _cat(
        "22-5-a",
        "подп. «a» п. 5 ст. 22 Конвенции",
        "Конвенцияның 22-бабы 5-тармағының a) тармақшасы",
        "article 22 (5) (a) of the Convention",
        "row 1 (V)",
    ),
    _cat(
        "22-5-b",
        "подп. «b» п. 5 ст. 22 Конвенции",
        "Конвенцияның 22-бабы 5-тармағының b) тармақшасы",
        "article 22 (5) (b) of the Convention",
        "row 1 (V)",
    ),
    _cat(
        "rule-114",
        "правило 114 правил процедуры Комитета",
        "Комитеттің рәсімдік қағидаларының 114-қағидасы",
        "rule 114 of the Committee's rules of procedure",
        "row 8 as upgraded by P2-14 (V-sec)",
    ),
    _cat(
        "gc-2",
        "Замечание общего порядка № 2 (2008), пп. 1–3",
        "№ 2 жалпы ескерту (2008), 1–3-тармақтар",
        "general comment No. 2 (2008), paras. 1–3",
        "row 33 (V)",
    ),
    _cat(
        "gc-3",
        "Замечание общего порядка № 3 (2012), пп. 1–3",
        "№ 3 жалпы ескерту (2012), 1–3-тармақтар",
        "general comment No. 3 (2012), paras. 1–3",
        "row 35 (V)",
    ),
)


LAW: dict[str, Provision] = {
    p.id: p
    for p in (
        _upk("7", None, "13", _MORE),
        _upk("35", "1", "1"),
        _upk("35", "1", "2"),
        _upk("35", "2"),
        _upk("50", "2", src=_MORE),
        _upk("71", "1-1"),
        _upk("71", "3", src=_MORE),
        _upk("71", "6", "13"),
        _upk("71", "11", src=_MORE),
        _upk("76", "2", src=_MORE),
        _upk("100", "3", src=_MORE),
        _upk("102", src=_MORE),
        _upk("104", "2", src=_MORE),
        _upk("105"),
        _upk("106"),
        _upk("76", "3", src=_MORE),
        _upk("105", "1"),
        _upk("105", "2"),
        _upk("105", "3"),
        _upk("105", "4"),
        _upk("106", "1"),
        _upk("106", "2"),
        _upk("106", "5"),
        _upk("106", "6"),
        _upk("106", "7"),
        _upk("106", "8", "1", _MORE),
        _upk("106", "8", "2", _MORE),
        _upk("106", "8", "3", _MORE),
        _upk("107", "2", src=_MORE),
        _upk("109", "2", src=_MORE),
        _upk("181", "5"),
        _upk("185", "1"),
        _upk("191", "2"),
        _upk("193", "1-1"),
        _upk("270"),
        _upk("271", "1", "1"),
        _upk("271", "1", "2"),
        _upk("272", "5"),
        _upk("274", "1"),
        _upk("274", "4"),
        _upk("278"),
        _upk("96"),
        _upk("97"),
        _upk("99"),
        _upk("96", "1"),
        _upk("96", "3"),
        _upk("96", "4"),
        _upk("96", "5"),
        _upk("96", "6"),
        _upk("97", "1"),
        _upk("97", "1", "1"),
        _upk("97", "1", "2"),
        _upk("97", "1", "3"),
        _upk("97", "1", "4"),
        _upk("97", "1", "5"),
        _upk("97", "5"),
        _upk("99", "2"),
        _upk("99", "3"),
        _upk("99", "4"),
        _upk("99", "6"),
        _upk("101", "2"),
        _upk("107", "1", "5"),
        _upk("272", "2"),
        _upk("272", "12"),
        _upk("272-1"),
        _upk("274", "1", "1"),
        _upk("274", "1", "3"),
        _upk("274", "1", "4"),
        _upk("274", "1", "5"),
        _upk("274", "1", "6"),
        *(_uik12(part) for part in ("1", "3", "5", "7")),
        Provision(
            "uk-146-1",
            "ч. 1 ст. 146 УК РК",
            "ҚР ҚК-нің 146-бабының 1-бөлігі",
            "article 146, part 1 of the Criminal Code",
            _UK,
        ),
        Provision(
            "uk-146-2",
            "ч. 2 ст. 146 УК РК",
            "ҚР ҚК-нің 146-бабының 2-бөлігі",
            "article 146, part 2 of the Criminal Code",
            _UK,
        ),
        *(
            Provision(
                f"uk-146-3-{item}",
                f"п. {item} ч. 3 ст. 146 УК РК",
                f"ҚР ҚК-нің 146-бабы 3-бөлігінің {item}) тармағы",
                f"article 146, part 3, item {item} of the Criminal Code",
                "legal/texts/uk-ru.md, uk-kk.md; legal/kz-procedure.md, row 6.1 (V)",
            )
            for item in ("1", "3", "4")
        ),
        Provision(
            "uk-146-4",
            "ч. 4 ст. 146 УК РК",
            "ҚР ҚК-нің 146-бабының 4-бөлігі",
            "article 146, part 4 of the Criminal Code",
            "legal/texts/uk-ru.md, uk-kk.md; legal/kz-procedure.md, row 6.1 (V)",
        ),
        Provision(
            "uk-146-note-1",
            "примечание 1 к ст. 146 УК РК",
            "ҚР ҚК-нің 146-бабының 1-ескертпесі",
            "note 1 to article 146 of the Criminal Code",
            _UK,
        ),
        Provision(
            "uk-146-note-2",
            "примечание 2 к ст. 146 УК РК",
            "ҚР ҚК-нің 146-бабының 2-ескертпесі",
            "note 2 to article 146 of the Criminal Code",
            _UK,
        ),
        Provision(
            "uik-12",
            "ст. 12 УИК РК",
            "ҚР ҚАК-нің 12-бабы",
            "article 12 of the Penal Enforcement Code",
            _MORE + " §6",
        ),
        *_CAT,
        Provision(
            "ip-2004-189",
            "Стамбульский протокол (ред. 2004 г.), п. 189",
            "Ыстамбұл хаттамасы (2004 ж. редакциясы), 189-тармақ",
            "Istanbul Protocol (2004 edition), paragraph 189",
            "legal/international.md, Verification pass 2, P2-26 (V)",
        ),
        *(
            Provision(
                f"ip-2022-{para.replace('–', '-')}",
                f"Стамбульский протокол (ред. 2022 г.), {'пп.' if '–' in para else 'п.'} {para}",
                f"Ыстамбұл хаттамасы (2022 ж. редакциясы), {para}-тармақ"
                + ("тар" if "–" in para else ""),
                f"Istanbul Protocol (2022 edition), paragraph{'s' if '–' in para else ''} {para}",
                f"legal/international.md, Verification pass 2, {row} (V)",
            )
            for para, row in (
                ("400", "P2-27"),
                ("418", "P2-24"),
                ("424", "P2-25"),
                ("523–598", "row 64"),
            )
        ),
        Provision(
            "ip-2004-ch5",
            "Стамбульский протокол (ред. 2004 г.), гл. V",
            "Ыстамбұл хаттамасы (2004 жылғы редакция), V тарау",
            "Istanbul Protocol (2004 edition), chapter V",
            "legal/international.md, row 65 (V-sec; paragraph number U, so none is cited)",
        ),
    )
}


def cite(law_id: str, lang: str) -> str:
    return LAW[law_id].cite(lang)


# «ч. 2 ст. 146 УК РК», «ст. 146 УК», «часть 1 статьи 146 УК РК», «п. 1) ч. 3 ст. 146 УК РК»: how
# case files name the article a case was registered under.
_UK_ARTICLE = re.compile(
    r"^\s*(?:(?:п\.|пункт|пункта)\s*(?P<item>\d+)\)?\s*)?"
    r"(?:(?:ч\.|часть|части)\s*(?P<part>\d+(?:-\d+)?)\s*)?"
    r"(?:ст\.|статья|статьи)\s*(?P<article>\d+(?:-\d+)?)\s*УК(?:\s*РК)?\.?\s*$",
    re.IGNORECASE,
)
# The Kazakh endings of the last element cited: «-бабында», «-бөлігінен», «тармағына».
_KK_ENDS = {
    "article": {"loc": "бабында", "abl": "бабынан", "dat": "бабына"},
    "part": {"loc": "бөлігінде", "abl": "бөлігінен", "dat": "бөлігіне"},
    "item": {"loc": "тармағында", "abl": "тармағынан", "dat": "тармағына"},
}


def uk_reference(text: str | None) -> dict[str, str | None] | None:
    """A Criminal Code article typed in the file, as its article, part and item, with its
    Kazakh citation in the locative, ablative and dative («146-бабы 3-бөлігінің 1) тармағында»,
    after «ҚР ҚК-нің»), so that each language cites it in its own style; None for any other
    shape, which the documents print as written (in Kazakh as a translation gap)."""
    m = _UK_ARTICLE.match(text or "")
    if not m or (m["item"] and not m["part"]):
        return None
    art, part, item = m["article"], m["part"], m["item"]
    out: dict[str, str | None] = {"article": art, "part": part, "item": item}
    for form in ("loc", "abl", "dat"):
        if item:
            out[form] = f"{art}-бабы {part}-бөлігінің {item}) {_KK_ENDS['item'][form]}"
        elif part:
            out[form] = f"{art}-бабының {part}-{_KK_ENDS['part'][form]}"
        else:
            out[form] = f"{art}-{_KK_ENDS['article'][form]}"
    return out
