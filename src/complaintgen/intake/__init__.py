"""The intake: the questionnaire over the case model, asked in a terminal (terminal.py) or in
the local web form (web.py), both through one engine.

    tree.py       the question tree: questionnaire.yaml over the model's fields
    rules.py      when a question applies and when it must be answered (the model's validators
                  first, then the definition's `when:`/`open:`)
    answers.py    suggestions, reading what was typed, checking it by the model
    wording.py    questions, choices, headings and answers in the interface language
    casefile.py   the case file written and resumed, with the intake's progress
    report.py     the end: what the facts support, what each document lacks, the deadline
    engine.py     which questions apply, and the data as answers change it
    terminal.py   complaintgen intake
"""

from .answers import Checked
from .casefile import Progress
from .engine import Questionnaire, questionnaire
from .report import DocumentStatus, Report
from .terminal import Session, run_intake
from .tree import DEFINITION, Node, Question

__all__ = [
    "DEFINITION",
    "Checked",
    "DocumentStatus",
    "Node",
    "Progress",
    "Question",
    "Questionnaire",
    "Report",
    "Session",
    "questionnaire",
    "run_intake",
]
