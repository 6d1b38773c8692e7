"""The case file: one strict model of the facts every document draws on.

Every field carries a description: it feeds `complaintgen schema`, the intake questionnaire and
spreadsheet headers. Unknown keys are errors (extra="forbid") so a typo never silently drops a fact.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


Line = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class Localized(Strict):
    """Free text written in one or both languages; a document takes its own language first."""

    ru: str | None = Field(None, max_length=100_000, description="Текст на русском языке")
    kk: str | None = Field(None, max_length=100_000, description="Қазақ тіліндегі мәтін")

    @model_validator(mode="after")
    def _not_empty(self) -> Localized:
        if not (self.ru or self.kk):
            raise ValueError("give the text in ru, kk or both")
        return self

    def pick(self, lang: str) -> tuple[str, bool]:
        """The text for `lang`, and whether it had to fall back to another language.

        English (the CAT communication) falls back to Russian first: a working language of the
        UN Secretariat, and the language most case files are written in.
        """
        order = {"ru": ("ru", "kk"), "kk": ("kk", "ru")}.get(lang, ("ru", "kk"))
        for n, code in enumerate(order):
            text = getattr(self, code)
            if text:
                return text, n > 0 or code != lang
        return "", True


def _as_localized(value: object) -> object:
    return {"ru": value} if isinstance(value, str) else value


# A plain string is taken as Russian text; {ru:, kk:} gives both versions (see TextInput).
Text = Localized


class TextInput(Strict):
    """Mixin: coerce plain strings in Text-typed fields to Localized."""

    @model_validator(mode="before")
    @classmethod
    def _coerce_texts(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for name, field in cls.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            key = field.alias or name
            if key not in out:
                continue
            if extra.get("x-text"):
                out[key] = _as_localized(out[key])
        return out


def text(description: str, *, required: bool = False) -> object:
    default = ... if required else None
    return Field(default, description=description, json_schema_extra={"x-text": True})


# --- identifiers --------------------------------------------------------------------------------

IIN_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
IIN_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first11: str) -> int | None:
    """Check digit of a ИИН/БИН; None when none exists (such numbers are not issued)."""
    digits = [int(c) for c in first11]
    for weights in (IIN_WEIGHTS_1, IIN_WEIGHTS_2):
        control = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if control != 10:
            return control
    return None


def _check_iin(value: str) -> str:
    if not re.fullmatch(r"\d{12}", value):
        raise ValueError("ИИН must be exactly 12 digits")
    if iin_check_digit(value[:11]) != int(value[11]):
        raise ValueError("ИИН check digit is wrong (mistyped digit?)")
    return value


def _digits_as_text(value: object) -> object:
    # YAML reads 900514300123 as a number; identifiers are text (a leading zero must survive).
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


IIN = Annotated[str, BeforeValidator(_digits_as_text), AfterValidator(_check_iin)]


def _check_erdr(value: str) -> str:
    # ЕРДР numbers are 15 digits: 2-digit year, then the body code and a serial number.
    if not re.fullmatch(r"\d{15}", value):
        raise ValueError("ЕРДР number must be 15 digits (e.g. 231500031000123)")
    return value


ErdrNumber = Annotated[str, BeforeValidator(_digits_as_text), AfterValidator(_check_erdr)]


def _not_future(value: date) -> date:
    if value > date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


def _parse_date(value: object) -> object:
    """Accept ISO (2023-03-09) and the form lawyers type (09.03.2023)."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", value)
        if m:
            day, month, year = map(int, m.groups())
            try:
                return date(year, month, day)
            except ValueError as e:
                raise ValueError(f"impossible date {value.strip()}: {e}") from None
        m = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", value)
        if not m:
            raise ValueError(f"'{value}' is not a date (write 2023-03-09 or 09.03.2023)")
        year, month, day = map(int, m.groups())
        try:
            return date(year, month, day)
        except ValueError as e:
            raise ValueError(f"impossible date {value.strip()}: {e}") from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a date must be written as 2023-03-09 or 09.03.2023, not a number")
    return value


PastDate = Annotated[date, BeforeValidator(_parse_date), AfterValidator(_not_future)]

CaseId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі][\w.\-]{0,63}$"),
]


# --- people -------------------------------------------------------------------------------------


class Gender(StrEnum):
    male = "male"
    female = "female"


class NameForms(Strict):
    """Hand-written forms of a name, for names the rules decline wrongly (Асель, Алия, …)."""

    gen: Line | None = Field(
        None, description="Родительный падеж (кого?): Ахметова Нурлана Сериковича"
    )
    dat: Line | None = Field(None, description="Дательный падеж (кому?)")
    ins: Line | None = Field(None, description="Творительный падеж (кем?)")
    acc: Line | None = Field(None, description="Винительный падеж (кого?)")
    abl: Line | None = Field(None, description="Kazakh ablative (кімнен?)")
    loc: Line | None = Field(None, description="Kazakh locative")


class FullName(Strict):
    last: Line = Field(..., description="Фамилия, as on the identity document")
    first: Line = Field(..., description="Имя")
    middle: Line | None = Field(None, description="Отчество (Серикович, Серікұлы, Ерланқызы)")
    latin: Line | None = Field(
        None, description="The name in Latin script as in the passport (for the CAT communication)"
    )
    forms_ru: NameForms | None = Field(None, description="Override of the Russian case forms")
    forms_kk: NameForms | None = Field(None, description="Override of the Kazakh case forms")


class Person(TextInput):
    name: FullName = Field(..., description="Full name")
    gender: Gender = Field(..., description="male or female: drives Russian agreement")


class Custody(StrEnum):
    free = "free"
    detained = "detained"  # задержан (ИВС)
    remanded = "remanded"  # под стражей (СИЗО)
    serving_sentence = "serving_sentence"  # отбывает наказание


class Authority(StrEnum):
    mvd = "mvd"  # Министерство внутренних дел (incl. КУИС)
    knb = "knb"
    afm = "afm"  # Агентство по финансовому мониторингу
    anticorruption = "anticorruption"
    military = "military"
    other = "other"


class Facility(TextInput):
    name: Text = text(
        "Name of the facility: «ИВС ДП г. Алматы», «учреждение ЛА-155/12»", required=True
    )
    authority: Authority = Field(Authority.mvd, description="Which agency runs it (mvd, knb, …)")
    address: Text | None = text("Address of the facility")


class Victim(Person):
    birth_date: PastDate | None = Field(None, description="Дата рождения")
    birth_place: Text | None = text("Place of birth (the CAT communication asks for it)")
    nationality: Text | None = text("Citizenship: «Республика Казахстан»")
    iin: IIN | None = Field(None, description="ИИН: 12 digits with a valid check digit")
    address: Text | None = text("Postal address, as it goes into the header")
    phone: Line | None = Field(None, description="Phone")
    email: Line | None = Field(None, description="E-mail")
    custody: Custody = Field(Custody.free, description="Custody status now")
    facility: Facility | None = Field(None, description="Where the victim is held now, if held")

    @model_validator(mode="after")
    def _facility_if_held(self) -> Victim:
        if self.custody != Custody.free and self.facility is None:
            raise ValueError("victim is held (custody is not 'free'): give the facility")
        return self


class RepKind(StrEnum):
    advocate = "advocate"
    representative = "representative"


class Mandate(Strict):
    kind: Literal["warrant", "power_of_attorney"] = Field(
        "warrant", description="ордер (advocate) or доверенность (power of attorney)"
    )
    number: Line | None = Field(None, description="Number of the ордер / доверенность")
    date: PastDate | None = Field(None, description="Date it was issued")


class Representative(Person):
    kind: RepKind = Field(RepKind.advocate, description="advocate (адвокат) or representative")
    bar: Text | None = text("Коллегия адвокатов, for an advocate")
    licence: Line | None = Field(None, description="Licence number of the advocate")
    mandate: Mandate | None = Field(None, description="Ордер or доверенность")
    address: Text | None = text("Address for correspondence")
    phone: Line | None = Field(None, description="Phone")
    email: Line | None = Field(None, description="E-mail")


# --- the incident -------------------------------------------------------------------------------


class Method(StrEnum):
    beating = "beating"
    suffocation = "suffocation"  # пакет, противогаз
    electric_shock = "electric_shock"
    stress_positions = "stress_positions"  # «ласточка», подвешивание
    sexual_violence = "sexual_violence"
    threats = "threats"
    sleep_deprivation = "sleep_deprivation"
    deprivation_food_water = "deprivation_food_water"
    humiliation = "humiliation"
    other = "other"


class Purpose(StrEnum):
    confession = "confession"
    information = "information"
    punishment = "punishment"
    intimidation = "intimidation"
    discrimination = "discrimination"
    other = "other"


class Perpetrator(TextInput):
    known: bool = Field(True, description="Whether the person is identified by name")
    name: FullName | None = Field(None, description="Name, if known")
    position: Text | None = text("Position and rank: «оперуполномоченный УП Алмалинского района»")
    gender: Gender | None = Field(None, description="male or female, if known")
    authority: Authority = Field(Authority.mvd, description="Agency the person serves in")
    description: Text | None = text("How the victim describes an unnamed officer")

    @model_validator(mode="after")
    def _named_if_known(self) -> Perpetrator:
        if self.known and self.name is None and self.position is None:
            raise ValueError("a known perpetrator needs a name or a position")
        return self


class Witness(TextInput):
    name: FullName = Field(..., description="Name")
    gender: Gender | None = Field(None, description="male or female")
    role: Text | None = text("Who the witness is: сокамерник, врач ИВС, родственник")
    contact: Line | None = Field(None, description="How to reach the witness")


class Incident(TextInput):
    date: PastDate = Field(..., description="Date the ill-treatment began")
    date_end: PastDate | None = Field(None, description="Last day, if it lasted several days")
    place: Text = text(
        "Where it happened: «здание УП Алмалинского района г. Алматы»", required=True
    )
    in_official_custody: bool = Field(
        True, description="The victim was in the hands of officials (detained, escorted, held)"
    )
    facility: Facility | None = Field(None, description="Facility where it happened, if any")
    perpetrators: list[Perpetrator] = Field(default_factory=list, description="Who did it")
    methods: list[Method] = Field(default_factory=list, description="Methods used")
    methods_details: Text | None = text("Methods in the victim's words")
    purpose: list[Purpose] = Field(default_factory=list, description="What they wanted")
    injuries: Text | None = text("Injuries, as recorded or seen")
    narrative: Text = text("What happened, in order, in the victim's words", required=True)
    witnesses: list[Witness] = Field(default_factory=list, description="Witnesses")


# --- procedure ----------------------------------------------------------------------------------


class ComplaintOutcome(StrEnum):
    registered = "registered"  # внесено в ЕРДР
    forwarded_181_5 = "forwarded_181_5"  # sent on without registration (ст. 181 ч. 5 УПК)
    refused = "refused"
    no_answer = "no_answer"
    pending = "pending"


class Complaint(TextInput):
    date: PastDate = Field(..., description="Date the complaint was filed")
    to: Text = text(
        "Body it was filed with: «прокуратура Алмалинского района г. Алматы»", required=True
    )
    outcome: ComplaintOutcome = Field(..., description="What happened to it")
    outcome_date: PastDate | None = Field(None, description="Date of the registration or answer")
    forwarded_to: Text | None = text(
        "Where it was sent without registration (собственная безопасность)"
    )


class InvestigationForm(StrEnum):
    pretrial = "pretrial"  # предварительное следствие
    inquiry = "inquiry"  # дознание


class Step(StrEnum):
    """Investigative steps; each has fixed wording in templates/<lang>/phrases.yaml."""

    recognise_victim = "recognise_victim"
    forensic_medical_exam = "forensic_medical_exam"
    psych_exam = "psych_exam"
    question_victim = "question_victim"
    question_officers = "question_officers"
    identify_officers = "identify_officers"
    identification_parade = "identification_parade"
    confrontation = "confrontation"
    question_witnesses = "question_witnesses"
    question_medical_staff = "question_medical_staff"
    cctv = "cctv"
    custody_records = "custody_records"
    medical_records = "medical_records"
    scene_inspection = "scene_inspection"
    verify_on_site = "verify_on_site"
    phone_records = "phone_records"
    other = "other"


class MissedStep(TextInput):
    step: Step = Field(..., description="Which step was not taken")
    details: Text | None = text("What exactly (names, dates, which camera); required for 'other'")

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, data: object) -> object:
        return {"step": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _other_needs_details(self) -> MissedStep:
        if self.step == Step.other and self.details is None:
            raise ValueError("step 'other' needs details")
        return self


class Official(TextInput):
    position: Text = text(
        "Position: «следователь следственного управления ДП г. Алматы»", required=True
    )
    name: FullName | None = Field(None, description="Name of the official")
    gender: Gender | None = Field(None, description="male or female")


class Investigation(TextInput):
    erdr_number: ErdrNumber | None = Field(None, description="ЕРДР number, 15 digits")
    registered_date: PastDate | None = Field(None, description="Date registered in ЕРДР")
    article: Line | None = Field(
        None, description="Article of the УК it was registered under: «ч. 2 ст. 146 УК РК»"
    )
    body: Text | None = text("Body that conducted it: «следственное управление ДП г. Алматы»")
    investigator: Official | None = Field(None, description="Investigator in charge, if known")
    supervising_prosecutor: Text | None = text(
        "Prosecutor supervising the case: «прокурор Алмалинского района г. Алматы»"
    )
    form: InvestigationForm = Field(
        InvestigationForm.pretrial, description="pretrial or inquiry (дознание)"
    )
    steps_done: list[Step] = Field(default_factory=list, description="Steps that were taken")
    steps_missed: list[MissedStep] = Field(default_factory=list, description="Steps never taken")


class Ground(StrEnum):
    no_event = "no_event"  # п. 1 ч. 1 ст. 35 УПК
    no_corpus = "no_corpus"  # п. 2 ч. 1 ст. 35 УПК


class Order(TextInput):
    date: PastDate = Field(..., description="Date of the order discontinuing the case")
    number: Line | None = Field(None, description="Number of the order, if it has one")
    official: Official | None = Field(None, description="Who signed it")
    ground: Ground = Field(
        ..., description="no_event (п. 1) or no_corpus (п. 2) of ч. 1 ст. 35 УПК"
    )
    received_date: PastDate | None = Field(
        None, description="Date the victim or representative was acquainted with the order"
    )
    reasons: Text | None = text("The reasons the order gives, in short")
    cites_lawful_actions: bool = Field(
        False, description="The order calls the officers' actions lawful («законные действия»)"
    )


class ProsecutorComplaint(TextInput):
    """A complaint already filed with the prosecutor (ст. 105); it moves the ст. 106 clock."""

    date: PastDate = Field(..., description="Date the complaint to the prosecutor was filed")
    to: Text | None = text("Which prosecutor")
    answer: Literal["refused", "no_answer"] = Field(..., description="refused or no_answer")
    answer_date: PastDate | None = Field(None, description="Date the refusal was received")

    @model_validator(mode="after")
    def _answer_date(self) -> ProsecutorComplaint:
        if self.answer == "refused" and self.answer_date is None:
            raise ValueError("a refusal needs answer_date (when it was received)")
        return self


class CourtAppeal(TextInput):
    """A judicial complaint against the order (ст. 106 УПК) or an appeal against the
    investigating judge's ruling (ст. 107 УПК): the domestic remedies a CAT communication lists."""

    level: Literal["investigating_judge", "appeal_court"] = Field(
        ..., description="investigating_judge (ст. 106) or appeal_court (ст. 107, областной суд)"
    )
    court: Text | None = text("Court: «Специализированный следственный суд г. Караганды»")
    date: PastDate = Field(..., description="Date the complaint or appeal was filed")
    decision_date: PastDate | None = Field(None, description="Date of the ruling")
    outcome: Literal["dismissed", "granted", "pending"] = Field(
        ..., description="dismissed (оставлена без удовлетворения), granted, pending"
    )


class ExamKind(StrEnum):
    forensic_medical = "forensic_medical"
    psychological_psychiatric = "psychological_psychiatric"


class ExamStatus(StrEnum):
    done = "done"
    requested = "requested"
    refused = "refused"
    not_requested = "not_requested"


class Examination(TextInput):
    kind: ExamKind = Field(..., description="forensic_medical or psychological_psychiatric")
    status: ExamStatus = Field(..., description="done, requested, refused, not_requested")
    date: PastDate | None = Field(None, description="Date it was done (or requested, or refused)")
    institution: Text | None = text("Who did it")
    istanbul_protocol: bool = Field(False, description="Done to Istanbul Protocol standards")
    findings: Text | None = text("What it found")


class Threat(TextInput):
    date: PastDate = Field(..., description="Date of the threat or incident")
    description: Text = text("What happened", required=True)
    by: Text | None = text("Who made it")


class Evidence(TextInput):
    title: Text = text(
        "What the document is: «Копия постановления о прекращении уголовного дела»", required=True
    )
    date: PastDate | None = Field(None, description="Date of the document")
    pages: int | None = Field(None, ge=1, le=10_000, description="Number of pages (листов)")


class ProtectionRequest(TextInput):
    """An earlier request for security measures (ст. 96–97 УПК) and what became of it."""

    date: PastDate = Field(..., description="Date the request was made")
    to: Text = text("Body it was made to", required=True)
    outcome: Literal["granted", "refused", "no_answer", "pending"] = Field(
        ..., description="granted, refused, no_answer, pending"
    )
    outcome_date: PastDate | None = Field(None, description="Date of the decision")


class CatSubmission(TextInput):
    """Facts only the communication to the UN Committee against Torture needs."""

    authorisation: Literal["signed", "not_possible", "missing"] = Field(
        "missing",
        description="The victim's signed authorisation for the representative: signed, "
        "not_possible (say why in authorisation_reason), missing",
    )
    authorisation_reason: Text | None = text("Why the victim cannot sign an authorisation")
    other_procedure: bool = Field(
        False, description="The same matter is before another international procedure"
    )
    other_procedure_details: Text | None = text("Which procedure, if any")
    anonymous: bool = Field(False, description="Publish the victim's name as initials only")
    interim_measures: Text | None = text("Interim measures asked for (rule 114), and why")


class Redaction(Strict):
    """What a redacted copy (--redact) hides. The victim's name always becomes initials."""

    witnesses: bool = Field(True, description="Witnesses' names as initials")
    officers: bool = Field(False, description="Accused officers' names as initials")
    identifiers: bool = Field(True, description="Remove the victim's ИИН and birth date")
    addresses: bool = Field(True, description="Remove the victim's address")
    contacts: bool = Field(
        True, description="Remove phones and e-mails of the victim and witnesses"
    )
    erdr: bool = Field(True, description="Remove the ЕРДР number (false keeps it)")


class Route(StrEnum):
    judge = "judge"  # ст. 106 УПК
    prosecutor = "prosecutor"  # ст. 105 УПК


class Addressee(TextInput):
    """Who receives the appeal. Give the title in the nominative; the header declines it."""

    title: Text = text(
        "Title in the nominative: «следственный судья Специализированного межрайонного "
        "следственного суда г. Алматы» or «прокурор г. Алматы»",
        required=True,
    )
    name: FullName | None = Field(None, description="Name of the judge or prosecutor, if known")
    gender: Gender | None = Field(None, description="male or female")
    address: Text | None = text("Address of the court or prosecutor's office")
    title_dat: Text | None = text("The title in the dative, if the automatic form is wrong")


class Case(TextInput):
    """All the facts of one torture or ill-treatment case."""

    id: CaseId = Field(
        ..., description="Case id, used in file names and batch reports: 2024-ALM-017"
    )
    victim: Victim = Field(..., description="The victim (потерпевший / жәбірленуші)")
    representative: Representative | None = Field(None, description="Advocate or representative")
    applicant: Literal["victim", "representative"] = Field(
        "representative", description="Who signs and files: the victim or the representative"
    )
    incident: Incident = Field(..., description="What happened")
    complaints: list[Complaint] = Field(
        default_factory=list, description="Complaints filed, in order"
    )
    investigation: Investigation | None = Field(None, description="The criminal case")
    order: Order | None = Field(None, description="The order discontinuing the case")
    prosecutor_complaint: ProsecutorComplaint | None = Field(
        None, description="A complaint against the order already filed with the prosecutor"
    )
    court_appeals: list[CourtAppeal] = Field(
        default_factory=list, description="Judicial complaints and appeals against the order"
    )
    route: Route = Field(Route.judge, description="judge (ст. 106 УПК) or prosecutor (ст. 105 УПК)")
    addressee: Addressee | None = Field(None, description="Court or prosecutor the appeal goes to")
    examinations: list[Examination] = Field(
        default_factory=list, description="Forensic examinations"
    )
    threats: list[Threat] = Field(
        default_factory=list, description="Threats and pressure since the complaint"
    )
    protection_requests: list[ProtectionRequest] = Field(
        default_factory=list, description="Earlier requests for security measures"
    )
    cat: CatSubmission | None = Field(None, description="For the communication to the UN CAT")
    redaction: Redaction = Field(
        default_factory=Redaction, description="What a redacted copy (--redact) hides"
    )
    evidence: list[Evidence] = Field(default_factory=list, description="Attachments, in order")
    place_signed: Text | None = text("City where the document is signed: «г. Алматы»")

    @model_validator(mode="after")
    def _representative_present(self) -> Case:
        if self.applicant == "representative" and self.representative is None:
            raise ValueError("applicant is 'representative' but no representative is given")
        return self


def cross_check(case: Case) -> list[tuple[str, str]]:
    """Facts that contradict each other (dates out of order, ИИН against birth date), as
    (field path, message).

    Kept out of the validators so each problem names the exact field rather than its parent.
    """
    out: list[tuple[str, str]] = []

    def before(path: str, value: date | None, limit: date | None, what: str) -> None:
        if value and limit and value < limit:
            out.append((path, f"{value.isoformat()} is before {what} ({limit.isoformat()})"))

    inc = case.incident
    out += _iin_mismatch(case.victim)
    if case.victim.birth_date and case.victim.birth_date >= inc.date:
        out.append(("victim.birth_date", "birth date is not before the incident date"))
    before("incident.date_end", inc.date_end, inc.date, "incident.date")
    last = None
    for i, c in enumerate(case.complaints):
        before(f"complaints[{i}].date", c.date, inc.date, "incident.date")
        before(f"complaints[{i}].date", c.date, last, "the previous complaint")
        before(f"complaints[{i}].outcome_date", c.outcome_date, c.date, "the complaint date")
        last = c.date
    inv = case.investigation
    if inv:
        before("investigation.registered_date", inv.registered_date, inc.date, "incident.date")
    if case.order:
        o = case.order
        before("order.date", o.date, inc.date, "incident.date")
        before(
            "order.date",
            o.date,
            inv.registered_date if inv else None,
            "investigation.registered_date",
        )
        before("order.received_date", o.received_date, o.date, "order.date")
    for i, a in enumerate(case.court_appeals):
        before(
            f"court_appeals[{i}].date",
            a.date,
            case.order.date if case.order else None,
            "order.date",
        )
        before(f"court_appeals[{i}].decision_date", a.decision_date, a.date, "its filing date")
    pc = case.prosecutor_complaint
    if pc:
        before(
            "prosecutor_complaint.date",
            pc.date,
            case.order.date if case.order else None,
            "order.date",
        )
        before(
            "prosecutor_complaint.answer_date", pc.answer_date, pc.date, "prosecutor_complaint.date"
        )
    for i, e in enumerate(case.examinations):
        before(f"examinations[{i}].date", e.date, inc.date, "incident.date")
    for i, t in enumerate(case.threats):
        before(f"threats[{i}].date", t.date, inc.date, "incident.date")
    return out


def iin_facts(iin: object) -> tuple[str | None, str | None]:
    """(birth date as ISO text, gender) that a ИИН encodes: YYMMDD, then in its 7th digit the
    century and gender. (None, None) for numbers without that code (foreigners, special cases);
    the date is None when the digits are no real date."""
    if not (isinstance(iin, str) and re.fullmatch(r"\d{12}", iin) and iin[6] in "123456"):
        return None, None
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}[iin[6]]
    try:
        born: str | None = date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6])).isoformat()
    except ValueError:
        born = f"{century + int(iin[:2])}-{iin[2:4]}-{iin[4:6]}"
    return born, "male" if iin[6] in "135" else "female"


def _iin_mismatch(victim: Victim) -> list[tuple[str, str]]:
    born, gender = iin_facts(victim.iin)
    out = []
    if gender is None:
        return out
    if victim.birth_date and born != victim.birth_date.isoformat():
        out.append(("victim.iin", f"ИИН encodes birth date {born}, not {victim.birth_date}"))
    if gender != victim.gender.value:
        out.append(
            ("victim.iin", f"ИИН is that of a {gender}, but gender is {victim.gender.value}")
        )
    return out
