"""The Jinja sandbox DOCX templates run in: escaped, strict, bounded in size and time."""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

import jinja2
import jinja2.filters
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .. import rendering
from ..errors import TemplateError

SHIPPED_FILTERS = ("date", "dated", "on", "dateline", "numeric", "need", "decline", "capfirst")
REMOVED_FILTERS = {
    "safe": "values are always escaped",
    "urlize": "it produces HTML links",
}
MAX_SEQUENCE = 100_000  # longest string or list a template may build with * (a DoS guard)
TIME_LIMIT = 30.0  # seconds a DOCX template may take to render

# As layout's, but \a is kept: it is the paragraph break of text we made (_finalize drops it
# from case text before).
_XML_INVALID = re.compile("[\x00-\x06\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PARAGRAPH_BREAK = "\a"  # docxtpl turns \a inside text into a new paragraph with the same format
_BLANK_LINE = re.compile(r"[ \t]*\r?\n[ \t]*(?:\r?\n\s*)+")


class Paragraphs(str):
    """Plain text whose paragraphs are separated by \\a (docxtpl's paragraph break)."""


MAX_WIDTH = 1_000  # widest field a format may pad to: '%0999999999d' would take gigabytes
_PRINTF_WIDTH = re.compile(r"%[-+ #0]*(\d+|\*)?(?:\.(\d+|\*))?")
_SPEC_NUMBER = re.compile(r"\d+")
_PADDING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def check_format(fmt: Any, args: Any = ()) -> None:
    """Refuse a printf or str.format string that pads or repeats beyond MAX_WIDTH."""
    if not isinstance(fmt, str):
        return
    numbers: list[str] = []
    for m in _PRINTF_WIDTH.finditer(fmt):
        numbers += [g for g in m.groups() if g]
    for spec in re.findall(r"\{[^{}]*:([^{}]*)\}", fmt):
        numbers += _SPEC_NUMBER.findall(spec)
    nested = "*" in numbers or re.search(r"\{[^{}]*:[^{}]*\{", fmt)
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else ()
    if nested:
        numbers += [str(v) for v in values if isinstance(v, int) and not isinstance(v, bool)]
    for n in numbers:
        if n != "*" and int(n) > MAX_WIDTH:
            raise jinja2.exceptions.SecurityError(
                f"a format width of {int(n):,} characters is refused (at most {MAX_WIDTH:,})"
            )


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    check_format(str(value), kwargs or args)
    return jinja2.filters.do_format(value, *args, **kwargs)


def _bounded(filter_fn: Any, *names: str) -> Any:
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        for n in (*args, *(kwargs.get(k) for k in names)):
            if isinstance(n, int) and not isinstance(n, bool) and n > MAX_WIDTH:
                raise jinja2.exceptions.SecurityError(
                    f"a width of {n:,} characters is refused (at most {MAX_WIDTH:,})"
                )
        return filter_fn(value, *args, **kwargs)

    return checked


class _Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def wrap_str_format(self, value: Any) -> Any:
        """str.format and format_map, with their widths checked first."""
        fmt = super().wrap_str_format(value)
        if fmt is None:
            return None
        template = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            if len(values) == 1 and isinstance(values[0], dict):  # format_map
                values = list(values[0].values())
            check_format(template, tuple(values))
            return fmt(*args, **kwargs)

        return checked

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(__obj, "__self__", None), str) and (
            getattr(__obj, "__name__", "") in _PADDING_METHODS
        ):
            _bounded(lambda v, *a, **k: None)(None, *args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            check_format(left, right if isinstance(right, tuple | dict) else (right,))
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise jinja2.exceptions.SecurityError("exponent too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if sized and len(seq) * n > MAX_SEQUENCE:
                    raise jinja2.exceptions.SecurityError("the result would be too long")
        return super().call_binop(context, operator, left, right)


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("template printed a missing value; wrap it in need(...) or {% if %}")
    if hasattr(value, "__html__"):
        return value  # escaped text we made ourselves (macro output, the body placeholder)
    if isinstance(value, date):
        raise TemplateError("template printed a raw date; use a date filter (date, dated, …)")
    if isinstance(value, dict | list | tuple):
        raise TemplateError("template printed a whole record or list; print one of its fields")
    if isinstance(value, jinja2.Undefined):
        return str(value)  # "" for `x if c` without else; StrictUndefined raises here
    if not isinstance(value, str | int | float):
        raise TemplateError(f"template printed a {type(value).__name__}, not text")
    text = str(value)
    if isinstance(value, Paragraphs):
        return _XML_INVALID.sub("", text)
    # Case text: characters XML cannot carry go; a blank line starts a new paragraph.
    return _BLANK_LINE.sub(PARAGRAPH_BREAK, _XML_INVALID.sub("", text.replace("\a", "")))


@cache
def environment() -> _Sandbox:
    """The sandbox for DOCX templates: autoescaped, strict, with the shipped filters."""
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        auto_reload=False,
    )
    shipped = rendering.environment().filters
    for name in SHIPPED_FILTERS:
        env.filters[name] = shipped[name]
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    env.filters["format"] = _format_filter
    env.filters["center"] = _bounded(env.filters["center"], "width")
    env.filters["indent"] = _bounded(env.filters["indent"], "width")
    env.globals.pop("lipsum", None)  # lorem ipsum has no place in a filing, and can be made huge
    return env


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit() -> Iterator[None]:
    """Stop a template that loops for longer than TIME_LIMIT (the sandbox bounds ranges and
    repetition, not nested loops). Uses SIGALRM, so only in the main thread of a Unix process
    (the CLI, batch workers); elsewhere the template runs unbounded. A caller's own timer is
    restored after."""
    seconds = TIME_LIMIT  # read at each use, so it can be changed (the tests shorten it)
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Timeout(f"the template ran longer than {seconds:g} s")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, stop)
    left, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:
            signal.setitimer(
                signal.ITIMER_REAL, max(left - (time.monotonic() - started), 0.001), interval
            )
