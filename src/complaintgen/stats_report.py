"""The monitoring tables as a workbook (one sheet per table) and as one self-contained HTML page
with a chart per table (matplotlib, SVG inline; no script, no font, nothing fetched)."""

from __future__ import annotations

import html
import io
from datetime import date

from . import package
from .stats import Table

TITLES = {
    "gender": {
        "ru": "Пострадавшие по полу",
        "kk": "Жынысы бойынша жәбірленушілер",
        "en": "Victims by gender",
    },
    "age": {
        "ru": "Возраст на момент происшествия",
        "kk": "Оқиға кезіндегі жасы",
        "en": "Age at the time of the incident",
    },
    "qualification": {
        "ru": "Квалификация: пытки (ч. 2 ст. 146 УК) и жестокое обращение (ч. 1)",
        "kk": "Саралау: азаптау (ҚК 146-бабының 2-бөлігі) және қатыгез қарау (1-бөлігі)",
        "en": "Qualification: torture (CC art. 146(2)) and ill-treatment (146(1))",
    },
    "complaint_to": {
        "ru": "Куда подана первая жалоба",
        "kk": "Алғашқы шағым қайда берілді",
        "en": "Where the first complaint went",
    },
    "complaint_outcome": {
        "ru": "Дошла ли жалоба до ЕРДР (ч. 5 ст. 181 УПК)",
        "kk": "Шағым СДТБ-ға жетті ме (ҚПК 181-бабының 5-бөлігі)",
        "en": "Did the complaint reach the ERDR (CPC art. 181(5))",
    },
    "investigation": {
        "ru": "Орган и форма расследования",
        "kk": "Тергеу органы мен нысаны",
        "en": "Investigating body and form",
    },
    "outcome": {
        "ru": "Итог расследования",
        "kk": "Тергеу нәтижесі",
        "en": "Outcome of the investigation",
    },
    "examinations": {
        "ru": "Экспертизы: сроки от происшествия, отказы",
        "kk": "Сараптамалар: оқиғадан бергі мерзім, бас тартулар",
        "en": "Examinations: days from the incident, refusals",
    },
    "security": {
        "ru": "Меры безопасности: запрошены и применены",
        "kk": "Қауіпсіздік шаралары: сұралды және қолданылды",
        "en": "Security measures: asked for and granted",
    },
    "custody": {
        "ru": "Где пострадавший содержится сейчас (ведомство)",
        "kk": "Жәбірленуші қазір қай ведомствода ұсталады",
        "en": "Where the victim is held now (agency)",
    },
    "within_reach": {
        "ru": "Содержится ли пострадавший в ведомстве обвиняемых",
        "kk": "Жәбірленуші айыпталушылардың ведомствосында ұсталады ма",
        "en": "Is the victim held by the accused officers' agency",
    },
}

LABELS = {
    "ru": {
        "cases": "дел",
        "male": "мужчины",
        "female": "женщины",
        "under_18": "до 18",
        "18_29": "18–29",
        "30_44": "30–44",
        "45_59": "45–59",
        "60_plus": "60 и старше",
        "unknown": "не известно",
        "torture": "пытки (ч. 2 ст. 146)",
        "ill_treatment": "жестокое обращение (ч. 1 ст. 146)",
        "part_3_4": "ч. 3–4 ст. 146",
        "other_or_unknown": "иная статья или не указана",
        "not_registered": "не зарегистрировано",
        "prosecutor": "прокуратура",
        "police": "полиция (ОВД)",
        "knb": "КНБ",
        "afm": "АФМ",
        "court": "суд",
        "ombudsman": "Уполномоченный по правам человека",
        "other": "другое",
        "no_complaint": "жалоб нет",
        "erdr": "зарегистрирована в ЕРДР",
        "forwarded_181_5": "направлена без регистрации (ч. 5 ст. 181)",
        "refused": "отказано",
        "no_answer": "нет ответа",
        "pending": "на рассмотрении",
        "pretrial": "предварительное следствие",
        "inquiry": "дознание",
        "none": "расследования нет",
        "no_event": "прекращено: нет события (п. 1 ч. 1 ст. 35)",
        "no_corpus": "прекращено: нет состава (п. 2 ч. 1 ст. 35)",
        "annulled": "постановление о прекращении отменено судом",
        "no_decision": "решения нет (идёт или не указано)",
        "not_investigated": "не расследовалось",
        "forensic_medical": "СМЭ",
        "psychological_psychiatric": "СППЭ",
        "done_1": "проведена в течение суток",
        "done_7": "проведена на 2–7 день",
        "done_30": "проведена на 8–30 день",
        "done_late": "проведена позже 30 дней",
        "done_undated": "проведена, дата не указана",
        "requested": "запрошена, решения нет",
        "not_done": "не проводилась",
        "not_asked": "не запрашивались",
        "granted": "применены",
        "free": "на свободе",
        "mvd": "МВД (включая КУИС)",
        "anticorruption": "Антикоррупционная служба",
        "military": "военное ведомство",
        "same_agency": "да, то же ведомство",
        "other_agency": "нет, другое ведомство",
        "not_held": "не содержится",
        "deceased": "погиб(ла)",
        "total": "Всего",
        "title": "Мониторинг дел о пытках",
        "category": "Категория",
        "note": "Подсчитано по {n} делам на {d}. Ячейки с 1–2 делами скрыты («<3»), "
        "чтобы никого нельзя было узнать; при одной скрытой ячейке скрыта и следующая "
        "наименьшая. Каждый столбец в сумме даёт число дел.",
    },
    "kk": {
        "cases": "іс",
        "male": "ерлер",
        "female": "әйелдер",
        "under_18": "18-ге дейін",
        "18_29": "18–29",
        "30_44": "30–44",
        "45_59": "45–59",
        "60_plus": "60 және одан жоғары",
        "unknown": "белгісіз",
        "torture": "азаптау (146-баптың 2-бөлігі)",
        "ill_treatment": "қатыгез қарау (146-баптың 1-бөлігі)",
        "part_3_4": "146-баптың 3–4-бөліктері",
        "other_or_unknown": "басқа бап не көрсетілмеген",
        "not_registered": "тіркелмеген",
        "prosecutor": "прокуратура",
        "police": "полиция (ІІО)",
        "knb": "ҰҚК",
        "afm": "ҚМА",
        "court": "сот",
        "ombudsman": "Адам құқықтары жөніндегі уәкіл",
        "other": "басқа",
        "no_complaint": "шағым жоқ",
        "erdr": "СДТБ-да тіркелді",
        "forwarded_181_5": "тіркелмей жіберілді (181-баптың 5-бөлігі)",
        "refused": "бас тартылды",
        "no_answer": "жауап жоқ",
        "pending": "қаралуда",
        "pretrial": "алдын ала тергеу",
        "inquiry": "анықтау",
        "none": "тергеу жоқ",
        "no_event": "тоқтатылды: оқиға жоқ (35-баптың 1-бөлігінің 1-тармағы)",
        "no_corpus": "тоқтатылды: құрам жоқ (35-баптың 1-бөлігінің 2-тармағы)",
        "annulled": "тоқтату туралы қаулының күшін сот жойды",
        "no_decision": "шешім жоқ (жүріп жатыр не көрсетілмеген)",
        "not_investigated": "тергелмеген",
        "forensic_medical": "СМС",
        "psychological_psychiatric": "СППС",
        "done_1": "бір тәулік ішінде жүргізілді",
        "done_7": "2–7 күні жүргізілді",
        "done_30": "8–30 күні жүргізілді",
        "done_late": "30 күннен кейін жүргізілді",
        "done_undated": "жүргізілді, күні жоқ",
        "requested": "сұралды, шешім жоқ",
        "not_done": "жүргізілмеді",
        "not_asked": "сұралмаған",
        "granted": "қолданылды",
        "free": "бостандықта",
        "mvd": "ІІМ (ҚАЖК қоса)",
        "anticorruption": "Сыбайлас жемқорлыққа қарсы қызмет",
        "military": "әскери ведомство",
        "same_agency": "иә, сол ведомство",
        "other_agency": "жоқ, басқа ведомство",
        "not_held": "ұсталмайды",
        "deceased": "қайтыс болған",
        "total": "Барлығы",
        "title": "Азаптау істерінің мониторингі",
        "category": "Санат",
        "note": "{n} іс бойынша {d} күнгі есеп. 1–2 іс бар ұяшықтар жасырылған («<3»), "
        "ешкімді тану мүмкін болмауы үшін; бір ұяшық жасырылса, келесі ең кішісі де "
        "жасырылады. Әр бағанның қосындысы істер санына тең.",
    },
    "en": {
        "cases": "cases",
        "male": "men",
        "female": "women",
        "under_18": "under 18",
        "18_29": "18–29",
        "30_44": "30–44",
        "45_59": "45–59",
        "60_plus": "60 and over",
        "unknown": "unknown",
        "torture": "torture (art. 146(2))",
        "ill_treatment": "ill-treatment (art. 146(1))",
        "part_3_4": "art. 146(3)–(4)",
        "other_or_unknown": "other article or not given",
        "not_registered": "not registered",
        "prosecutor": "prosecutor's office",
        "police": "police",
        "knb": "National Security Committee",
        "afm": "Financial Monitoring Agency",
        "court": "court",
        "ombudsman": "Human Rights Commissioner",
        "other": "other",
        "no_complaint": "no complaint",
        "erdr": "registered in the ERDR",
        "forwarded_181_5": "sent on unregistered (art. 181(5))",
        "refused": "refused",
        "no_answer": "no answer",
        "pending": "pending",
        "pretrial": "pre-trial investigation",
        "inquiry": "inquiry (doznanie)",
        "none": "no investigation",
        "no_event": "discontinued: no event (art. 35(1)(1))",
        "no_corpus": "discontinued: no offence (art. 35(1)(2))",
        "annulled": "discontinuance annulled by a court",
        "no_decision": "no decision (ongoing or not given)",
        "not_investigated": "not investigated",
        "forensic_medical": "forensic medical",
        "psychological_psychiatric": "psychological",
        "done_1": "done within a day",
        "done_7": "done on day 2–7",
        "done_30": "done on day 8–30",
        "done_late": "done after 30 days",
        "done_undated": "done, date not given",
        "requested": "requested, no decision",
        "not_done": "not done",
        "not_asked": "not asked",
        "granted": "granted",
        "free": "at liberty",
        "mvd": "Interior Ministry (incl. prisons)",
        "anticorruption": "Anti-Corruption Agency",
        "military": "military",
        "same_agency": "yes, the same agency",
        "other_agency": "no, another agency",
        "not_held": "not held",
        "deceased": "died",
        "total": "Total",
        "title": "Monitoring of torture cases",
        "category": "Category",
        "note": "Counted from {n} cases on {d}. Cells of 1–2 cases are suppressed («<3») so "
        "that no one can be identified; where a column had one such cell, the next smallest is "
        "suppressed too. Each column adds up to the number of cases.",
    },
}


def _head(table: Table, lang: str) -> list[str]:
    return [LABELS[lang]["category"], *(LABELS[lang][c] for c in table.shown_columns)]


def to_xlsx(tables: list[Table], n: int, today: date, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    t = LABELS[lang]
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.key[:31])
        ws.append([TITLES[table.key][lang]])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(_head(table, lang))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        shown = table.shown()
        for row in table.rows:
            ws.append([t[row], *(shown[(row, c)] for c in table.shown_columns)])
        ws.append([t["total"], *(table.shown_total(c) for c in table.shown_columns)])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=3, min_col=2):
            for cell in row:
                cell.alignment = Alignment(horizontal="right")
        ws.column_dimensions["A"].width = 48
        for letter in "BCD":
            ws.column_dimensions[letter].width = 18
        ws.append([])
        ws.append([t["note"].format(n=n, d=today.strftime("%d.%m.%Y"))])
    return package.workbook_bytes(wb)


def chart_svg(table: Table, lang: str) -> str:
    """A horizontal bar chart of what may be shown; suppressed cells are marked, not drawn."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    t = LABELS[lang]
    shown = table.shown()
    # Rows with no case in any column are in the table, not in the chart.
    rows = [r for r in table.rows if any(shown[(r, c)] != 0 for c in table.columns)] or ["-"]
    with plt.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "complaintgen",
            "font.family": "sans-serif",
            "font.size": 9,
        }
    ):
        size = (7.5, 0.32 * len(rows) * (len(table.columns) + 0.5) + 0.9)
        fig, ax = plt.subplots(figsize=size)
        height = 0.8 / len(table.columns)
        colors = ("#2f6690", "#d1495b", "#8a8a8a")
        for j, column in enumerate(table.columns):
            ys = [i + j * height for i in range(len(rows))]
            values = [shown.get((r, column), 0) for r in rows]
            numbers = [v if isinstance(v, int) else 0 for v in values]
            bars = ax.barh(ys, numbers, height=height, color=colors[j % 3], label=t[column])
            for bar, value in zip(bars, values, strict=True):
                if value == 0:
                    continue
                ax.annotate(
                    str(value),
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                )
        ax.set_yticks([i + height * (len(table.columns) - 1) / 2 for i in range(len(rows))])
        ax.set_yticklabels([t.get(r, r) for r in rows])
        ax.invert_yaxis()
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.get_major_locator().set_params(integer=True)
        if len(table.columns) > 1:
            ax.legend(frameon=False, loc="lower right")
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #ccc;padding:.25rem .6rem}
td.n,th.n{text-align:right}tr.total td{font-weight:bold}.note{color:#555;font-size:.9rem}
figure{margin:.5rem 0}figure svg{max-width:100%;height:auto}
"""


def to_html(tables: list[Table], n: int, today: date, lang: str) -> bytes:
    t = LABELS[lang]
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        # Nothing may be fetched: the page is the whole report.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(t['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(t['title'])}</h1>",
        f'<p class="note">{esc(t["note"].format(n=n, d=today.strftime("%d.%m.%Y")))}</p>',
    ]
    for table in tables:
        shown = table.shown()
        parts.append(f'<section id="{table.key}"><h2>{esc(TITLES[table.key][lang])}</h2>')
        head = "".join(
            f'<th class="{"n" if i else ""}">{esc(h)}</th>'
            for i, h in enumerate(_head(table, lang))
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
        for row in table.rows:
            cells = "".join(
                f'<td class="n">{esc(str(shown[(row, c)]))}</td>' for c in table.shown_columns
            )
            parts.append(f"<tr><td>{esc(t[row])}</td>{cells}</tr>")
        totals = "".join(
            f'<td class="n">{esc(str(table.shown_total(c)))}</td>' for c in table.shown_columns
        )
        parts.append(f'<tr class="total"><td>{esc(t["total"])}</td>{totals}</tr></tbody></table>')
        parts.append(f"<figure>{chart_svg(table, lang)}</figure></section>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def to_text(tables: list[Table], n: int, today: date, lang: str) -> str:
    """The tables for a terminal."""
    t = LABELS[lang]
    out = [t["title"], ""]
    for table in tables:
        shown = table.shown()
        head = _head(table, lang)
        body = [[t[r], *(str(shown[(r, c)]) for c in table.shown_columns)] for r in table.rows]
        body.append([t["total"], *(str(table.shown_total(c)) for c in table.shown_columns)])
        widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
        out.append(TITLES[table.key][lang])
        for line in [head, *body]:
            cells = [line[0].ljust(widths[0])] + [
                x.rjust(w) for x, w in zip(line[1:], widths[1:], strict=True)
            ]
            out.append("  " + "  ".join(cells))
        out.append("")
    out.append(t["note"].format(n=n, d=today.strftime("%d.%m.%Y")))
    return "\n".join(out) + "\n"
