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
    WithJsonSchema,
    field_validator,
    model_validator,
)

from . import clock
from .language import script


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True
    )


Line = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class Localized(Strict):
    """Free text written in one or both languages; a document takes its own language first."""

    # The schema says what _not_empty checks: at least one language with some text in it.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [lang], "properties": {lang: {"type": "string", "pattern": r"\S"}}}
                for lang in ("ru", "kk")
            ]
        }
    )

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
    if isinstance(value, str):
        return {script.text_lang(value): value}
    return value


# A plain string is taken as Russian text, or as Kazakh when a quarter of its words are written with
# letters only Kazakh has; {ru:, kk:} gives both versions (see TextInput).
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


def text(description: str, *, required: bool = False, identifying: str | None = None) -> object:
    """A Text field; `identifying` names the Redaction switch that hides it (see identifying)."""
    default = ... if required else None
    extra: dict = {"x-text": True}
    if identifying:
        extra[IDENTIFYING] = identifying
    return Field(default, description=description, json_schema_extra=extra)


# Marks a field that identifies a person; its value is the field of Redaction that hides it
# ("identifiers", "addresses", "contacts"). complaintgen.fields.identifying() lists them.
IDENTIFYING = "x-identifying"


def identifying(kind: str) -> dict:
    return {IDENTIFYING: kind}


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


IIN_PATTERN = "^[0-9]{12}$"
ERDR_PATTERN = "^[0-9]{15}$"


def _digits_schema(pattern: str, digits: int) -> WithJsonSchema:
    # A YAML reader takes unquoted digits for a number; the loader turns it back into text.
    number = {"type": "integer", "minimum": 10 ** (digits - 1), "maximum": 10**digits - 1}
    return WithJsonSchema({"anyOf": [{"type": "string", "pattern": pattern}, number]})


def _check_iin(value: str) -> str:
    if not re.fullmatch(IIN_PATTERN, value):
        raise ValueError("ИИН must be exactly 12 digits")
    if iin_check_digit(value[:11]) != int(value[11]):
        raise ValueError("ИИН check digit is wrong (mistyped digit?)")
    return value


def _digits_as_text(value: object) -> object:
    # YAML reads 900514300123 as a number; identifiers are text (a leading zero must survive).
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


IIN = Annotated[
    str,
    BeforeValidator(_digits_as_text),
    AfterValidator(_check_iin),
    _digits_schema(IIN_PATTERN, 12),
]


def _check_erdr(value: str) -> str:
    # ЕРДР numbers are 15 digits: 2-digit year, then the body code and a serial number.
    if not re.fullmatch(ERDR_PATTERN, value):
        raise ValueError("ЕРДР number must be 15 digits (e.g. 231500031000123)")
    return value


ErdrNumber = Annotated[
    str,
    BeforeValidator(_digits_as_text),
    AfterValidator(_check_erdr),
    _digits_schema(ERDR_PATTERN, 15),
]


def _not_future(value: date) -> date:
    if value > clock.today():  # the form's fixed day, else the real one
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


DATE_DMY = r"\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\s*"
DATE_ISO = r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*"
DATE_PATTERN = f"^(?:{DATE_ISO}|{DATE_DMY})$"


def _parse_date(value: object) -> object:
    """Accept ISO (2023-03-09) and the form lawyers type (09.03.2023)."""
    if isinstance(value, str):
        m = re.fullmatch(DATE_DMY, value)
        if m:
            day, month, year = map(int, m.groups())
            try:
                return date(year, month, day)
            except ValueError as e:
                raise ValueError(f"impossible date {value.strip()}: {e}") from None
        m = re.fullmatch(DATE_ISO, value)
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


PastDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    AfterValidator(_not_future),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN}),
]

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

    @field_validator("last", "first", "middle")
    @classmethod
    def _one_script(cls, value: str | None) -> str | None:
        # «Kайратович» typed with a Latin K would print «Н.K.» and decline as a foreign word
        return script.mend(value) if value else value


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
    prosecutor = "prosecutor"
    education = "education"  # school, boarding school, children's home
    health = "health"  # hospital, psychiatric or drug-treatment clinic
    social_care = "social_care"  # care home, social-services centre
    other = "other"


class Facility(TextInput):
    name: Text = text(
        "Name of the facility: «ИВС ДП г. Алматы», «учреждение ЛА-155/12»", required=True
    )
    authority: Authority = Field(Authority.mvd, description="Which agency runs it (mvd, knb, …)")
    address: Text | None = text("Address of the facility")


class Victim(Person):
    birth_date: PastDate | None = Field(
        None, description="Дата рождения", json_schema_extra=identifying("identifiers")
    )
    birth_place: Text | None = text("Place of birth (the CAT communication asks for it)")
    nationality: Text | None = text("Citizenship: «Республика Казахстан»")
    iin: IIN | None = Field(
        None,
        description="ИИН: 12 digits with a valid check digit",
        json_schema_extra=identifying("identifiers"),
    )
    address: Text | None = text(
        "Postal address, as it goes into the header", identifying="addresses"
    )
    phone: Line | None = Field(None, description="Phone", json_schema_extra=identifying("contacts"))
    email: Line | None = Field(
        None, description="E-mail", json_schema_extra=identifying("contacts")
    )
    custody: Custody | None = Field(
        None, description="Custody status now: free, detained, remanded, serving_sentence"
    )
    facility: Facility | None = Field(None, description="Where the victim is held now, if held")
    minor: bool | None = Field(
        None,
        description="Under 18 at the incident; needed only when the birth date is not known",
    )
    deceased: bool = Field(False, description="The victim has died")
    death_date: PastDate | None = Field(None, description="Date of death")
    death_place: Text | None = text("Where the victim died: «гауптвахта воинской части 12345»")

    @model_validator(mode="after")
    def _consistent(self) -> Victim:
        if self.deceased and self.custody not in (None, Custody.free):
            raise ValueError("a deceased victim has no custody status now: remove custody")
        if self.death_date is not None and not self.deceased:
            raise ValueError("death_date is given but deceased is not true")
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


class Relation(StrEnum):
    mother = "mother"
    father = "father"
    parent = "parent"
    spouse = "spouse"
    child = "child"
    sibling = "sibling"
    grandparent = "grandparent"
    grandchild = "grandchild"
    adoptive_parent = "adoptive_parent"
    guardian = "guardian"  # опекун, попечитель
    institution = "institution"  # representative of the organisation caring for the victim


class LegalRepresentative(Person):
    """The parent, guardian or carer who acts for a minor victim (УПК ст. 7 п. 13, ст. 76 ч. 2)."""

    relation: Relation = Field(..., description="mother, father, guardian, institution, …")
    address: Text | None = text("Address for correspondence")
    phone: Line | None = Field(None, description="Phone")
    email: Line | None = Field(None, description="E-mail")


class Successor(Person):
    """The close relative or spouse who holds a deceased victim's rights (УПК ст. 71 ч. 11)."""

    relation: Relation = Field(..., description="mother, father, spouse, child, sibling, …")
    recognised: bool | None = Field(
        None, description="Recognised as the victim (потерпевший) in place of the deceased"
    )
    recognised_date: PastDate | None = Field(None, description="Date of that recognition")
    address: Text | None = text("Address for correspondence")
    phone: Line | None = Field(None, description="Phone")
    email: Line | None = Field(None, description="E-mail")

    @model_validator(mode="after")
    def _close_relative(self) -> Successor:
        if self.relation in (Relation.guardian, Relation.institution):
            raise ValueError(
                "a deceased victim's rights pass to a close relative or the spouse "
                "(УПК ст. 71 ч. 11), not to a guardian or institution"
            )
        return self


# --- the incident -------------------------------------------------------------------------------


class Method(StrEnum):
    beating = "beating"
    suffocation = "suffocation"  # пакет, противогаз
    electric_shock = "electric_shock"
    stress_positions = "stress_positions"  # «ласточка», подвешивание
    sexual_violence = "sexual_violence"
    threats = "threats"
    sleep_deprivation = "sleep_deprivation"
    deprivation_food = "deprivation_food"
    deprivation_water = "deprivation_water"
    deprivation_food_water = "deprivation_food_water"  # both; older files
    humiliation = "humiliation"
    other = "other"


class Purpose(StrEnum):
    confession = "confession"
    information = "information"
    punishment = "punishment"
    intimidation = "intimidation"
    discrimination = "discrimination"
    other = "other"


class Status(StrEnum):
    """How the Criminal Code sees the perpetrator (УК ст. 146 ч. 1 and примечание 2)."""

    official = "official"  # должностное лицо
    official_capacity = "official_capacity"  # лицо, выступающее в официальном качестве
    instigated = (
        "instigated"  # другое лицо с подстрекательства, ведома или согласия официальных лиц
    )


class Perpetrator(TextInput):
    known: bool = Field(True, description="Whether the person is identified by name")
    name: FullName | None = Field(None, description="Name, if known")
    position: Text | None = text("Position and rank: «оперуполномоченный УП Алмалинского района»")
    gender: Gender | None = Field(None, description="male or female, if known")
    authority: Authority = Field(Authority.mvd, description="Agency the person serves in")
    status: Status | None = Field(
        None,
        description="official, official_capacity (teacher, carer, doctor: примечание 2 к ст. 146 "
        "УК) or instigated; by default from the agency",
    )
    count: int | None = Field(
        None, ge=2, le=100, description="How many people this entry stands for (an unknown group)"
    )
    description: Text | None = text("How the victim describes an unnamed officer")

    @model_validator(mode="after")
    def _named_if_known(self) -> Perpetrator:
        if self.known and self.name is None and self.position is None:
            raise ValueError("a known perpetrator needs a name or a position")
        return self


class MedicalRecord(TextInput):
    date: PastDate | None = Field(None, description="When the injuries were recorded")
    by: Text = text("Who recorded them: «фельдшер ИВС», «травмпункт № 4»", required=True)
    findings: Text | None = text("What was recorded")


class Witness(TextInput):
    name: FullName = Field(..., description="Name")
    gender: Gender | None = Field(None, description="male or female")
    role: Text | None = text("Who the witness is: сокамерник, врач ИВС, родственник")
    contact: Line | None = Field(
        None, description="How to reach the witness", json_schema_extra=identifying("contacts")
    )


class Incident(TextInput):
    date: PastDate = Field(..., description="Date the ill-treatment began")
    date_end: PastDate | None = Field(None, description="Last day, if it lasted several days")
    place: Text = text(
        "Where it happened: «здание УП Алмалинского района г. Алматы»", required=True
    )
    in_official_custody: bool | None = Field(
        None,
        description="The victim was in the hands of officials or staff (detained, escorted, "
        "held, placed in an institution) when it happened",
    )
    facility: Facility | None = Field(None, description="Facility where it happened, if any")
    perpetrators: list[Perpetrator] = Field(default_factory=list, description="Who did it")
    methods: list[Method] = Field(default_factory=list, description="Methods used")
    methods_details: Text | None = text("Methods in the victim's words")
    purpose: list[Purpose] = Field(default_factory=list, description="What they wanted")
    injuries: Text | None = text("Injuries, as recorded or seen")
    visible_injuries: bool | None = Field(
        None,
        description="false: no visible injuries were seen or recorded (say so here, not in "
        "'injuries'); true: there were",
    )
    medical_records: list[MedicalRecord] = Field(
        default_factory=list,
        description="Where injuries were recorded: ИВС journal, emergency room, prison doctor",
    )
    narrative: Text | None = text("What happened, in order, in the victim's words")
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
    form: Literal["written", "oral"] = Field(
        "written", description="written or oral (entered in a record: УПК ст. 100 ч. 3)"
    )
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
    # A bare code stands for {step: code} (see _from_code); the schema accepts both.
    model_config = ConfigDict(json_schema_extra={"x-shorthand": "step"})

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
    authority: Authority | None = Field(
        None, description="Agency of that body: mvd, prosecutor, knb, anticorruption, military, …"
    )
    investigator: Official | None = Field(None, description="Investigator in charge, if known")
    supervising_prosecutor: Text | None = text(
        "Prosecutor supervising the case: «прокурор Алмалинского района г. Алматы»"
    )
    form: InvestigationForm = Field(
        InvestigationForm.pretrial, description="pretrial or inquiry (дознание)"
    )
    victim_recognised: bool | None = Field(
        None, description="The victim was recognised as потерпевший by an order (УПК ст. 71 ч. 3)"
    )
    victim_recognised_date: PastDate | None = Field(None, description="Date of that order")
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
    late_reason: Text | None = text(
        "Why the complaint is filed after its time-limit (to ask for it to be restored, ст. 50)"
    )


class Event(StrEnum):
    discontinued = "discontinued"  # an earlier order discontinuing the case
    annulled = "annulled"  # that order annulled
    requalified = "requalified"  # the article of the УК changed
    transferred = "transferred"  # the case passed to another body


class HistoryEvent(TextInput):
    """One step of the case's procedural history before the order now appealed."""

    event: Event = Field(..., description="discontinued, annulled, requalified, transferred")
    date: PastDate = Field(..., description="Date of the decision")
    ground: Ground | None = Field(None, description="For 'discontinued': no_event or no_corpus")
    by: Literal["investigating_judge", "court", "prosecutor", "head_of_body"] | None = Field(
        None, description="For 'annulled': who annulled the order"
    )
    authority: Text | None = text(
        "Court or body that decided: «Специализированный следственный суд г. Алматы»"
    )
    instructions: Text | None = text("For 'annulled': what the decision told the body to do")
    from_article: Line | None = Field(None, description="For 'requalified': article before")
    to_article: Line | None = Field(None, description="For 'requalified': article after")
    from_body: Text | None = text("For 'transferred': body that had the case")
    to_body: Text | None = text("For 'transferred': body that received it")

    @model_validator(mode="after")
    def _fields_of_event(self) -> HistoryEvent:
        need = {
            Event.discontinued: ("ground",),
            Event.annulled: ("by",),
            Event.requalified: ("from_article", "to_article"),
            Event.transferred: ("to_body",),
        }[self.event]
        missing = [n for n in need if getattr(self, n) is None]
        if missing:
            raise ValueError(f"'{self.event.value}' needs {', '.join(missing)}")
        return self


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
    ordered = "ordered"  # назначена, not yet done
    requested = "requested"
    refused = "refused"
    not_requested = "not_requested"


class Examination(TextInput):
    kind: ExamKind = Field(..., description="forensic_medical or psychological_psychiatric")
    status: ExamStatus = Field(
        ..., description="done, ordered (not yet done), requested, refused, not_requested"
    )
    date: PastDate | None = Field(
        None, description="Date it was done (or ordered, requested, refused)"
    )
    institution: Text | None = text("Who did it")
    istanbul_protocol: bool = Field(False, description="Done to Istanbul Protocol standards")
    findings: Text | None = text("What it found")


class Threat(TextInput):
    date: PastDate = Field(..., description="Date of the threat or incident")
    description: Text = text("What happened", required=True)
    by: Text | None = text("Who made it")
    against: Text | None = text(
        "Whom it was aimed at, if not the victim: «мать и брат потерпевшей» (ч. 1 ст. 96 covers "
        "family and close relatives)"
    )


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
    route: Route | None = Field(
        None, description="judge or prosecutor: whom this addressee is for (default: the case's)"
    )


class Case(TextInput):
    """All the facts of one torture or ill-treatment case."""

    id: CaseId = Field(
        ..., description="Case id, used in file names and batch reports: 2024-ALM-017"
    )
    victim: Victim = Field(..., description="The victim (потерпевший / жәбірленуші)")
    representative: Representative | None = Field(None, description="Advocate or representative")
    legal_representative: LegalRepresentative | None = Field(
        None, description="Parent or guardian of a minor victim (законный представитель)"
    )
    successor: Successor | None = Field(
        None, description="Close relative holding a deceased victim's rights (ст. 71 ч. 11 УПК)"
    )
    applicant: Literal["victim", "representative", "legal_representative", "successor"] | None = (
        Field(
            None,
            description="Who signs and files: victim, representative (advocate), "
            "legal_representative (of a minor) or successor (of a deceased victim)",
        )
    )
    incident: Incident = Field(..., description="What happened")
    complaints: list[Complaint] = Field(
        default_factory=list, description="Complaints filed, in order"
    )
    investigation: Investigation | None = Field(None, description="The criminal case")
    history: list[HistoryEvent] = Field(
        default_factory=list,
        description="Earlier orders, annulments, re-qualifications and transfers, in order",
    )
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
    def _applicant_present(self) -> Case:
        if self.applicant not in (None, "victim") and getattr(self, self.applicant) is None:
            raise ValueError(f"applicant is '{self.applicant}' but no {self.applicant} is given")
        if self.applicant == "victim" and self.victim.deceased:
            raise ValueError(
                "the victim has died: the applicant is the successor or a representative"
            )
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
    if inv:
        missed = {m.step for m in inv.steps_missed}
        for i, step in enumerate(inv.steps_done):
            if step in missed and step != Step.other:
                out.append(
                    (f"investigation.steps_done[{i}]", f"'{step.value}' is also in steps_missed")
                )
        before(
            "investigation.victim_recognised_date",
            inv.victim_recognised_date,
            inv.registered_date,
            "investigation.registered_date",
        )
        if inv.victim_recognised is False and Step.recognise_victim in inv.steps_done:
            out.append(
                ("investigation.victim_recognised", "false, but steps_done has recognise_victim")
            )
    v = case.victim
    before("victim.death_date", v.death_date, inc.date, "incident.date")
    if case.successor and not v.deceased:
        out.append(("successor", "a successor holds a deceased victim's rights: victim.deceased"))
    lr = case.legal_representative
    if (
        lr is not None
        and case.applicant == "legal_representative"
        and lr.relation not in (Relation.guardian, Relation.institution)
        and (v.minor is False or (v.birth_date and _years(v.birth_date, inc.date) >= 18))
    ):
        # УПК ст. 7 п. 13: a parent is a legal representative of a minor; an adult's mother
        # would have her complaint returned for want of standing.
        out.append(
            (
                "applicant",
                "the victim was an adult at the incident: a parent acts as legal representative "
                "only for a minor (УПК ст. 7 п. 13); for an adult under guardianship give "
                "legal_representative.relation: guardian, otherwise the victim or a "
                "representative files",
            )
        )
    out += _history_problems(case)
    for i, e in enumerate(case.examinations):
        before(f"examinations[{i}].date", e.date, inc.date, "incident.date")
    for i, t in enumerate(case.threats):
        before(f"threats[{i}].date", t.date, inc.date, "incident.date")
    return out


def _history_problems(case: Case) -> list[tuple[str, str]]:
    """The history runs in date order, before the order now appealed; an annulment follows the
    discontinuation it annuls."""
    out: list[tuple[str, str]] = []
    previous = None
    open_order = None  # the last discontinuation not yet annulled
    for i, h in enumerate(case.history):
        path = f"history[{i}].date"
        if previous and h.date < previous:
            out.append((path, f"{h.date.isoformat()} is before the previous event"))
        if h.date < case.incident.date:
            out.append((path, f"{h.date.isoformat()} is before incident.date"))
        if h.event == Event.discontinued:
            open_order = h
        elif h.event == Event.annulled:
            if open_order is None:
                out.append((f"history[{i}].event", "an annulment with no earlier 'discontinued'"))
            elif h.date < open_order.date:
                out.append((path, "the annulment is dated before the order it annuls"))
            open_order = None
        previous = h.date
    if case.order and previous and case.order.date < previous:
        out.append(("order.date", "the order appealed is dated before the last history event"))
    if case.order and open_order is not None:
        out.append(
            ("history", "the earlier discontinuation was never annulled, yet a new order follows")
        )
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


def _years(birth: date, day: date) -> int:
    """Full years of age on a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
