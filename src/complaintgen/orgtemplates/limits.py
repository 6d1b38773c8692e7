"""What an organisation's DOCX may cost: bounded before parsing, rendered in a limited child.

A template is a file someone sent; it must not be able to exhaust the machine. Before any XML
is parsed, the package is measured from its zip directory and its parts scanned as bytes
(number of parts, unpacked size, paragraphs, a DTD). Rendering then runs in a forked child
process with limits on CPU time and address space, so a loop or a huge string ends in a
refusal that names its cause, not in a machine that swaps for minutes.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import re
import resource
import select
import signal
import sys
import time
import zipfile
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import ComplaintgenError, TemplateError

MAX_PARTS = 1_000  # a letterhead with pictures has a few dozen
MAX_XML_BYTES = 16_000_000  # unpacked XML of all parts; a 100-page template has ~2 MB
MAX_TOTAL_BYTES = 200_000_000  # unpacked, pictures included
MAX_PARAGRAPHS = 50_000  # a 200-page document has ~5 000
CPU_SECONDS = 30  # CPU time of one render (the sandbox's wall-clock TIME_LIMIT stops loops sooner)
MEMORY_BYTES = 1_000_000_000  # address space the render may add to what the process has

_PARAGRAPH = re.compile(rb"<w:p[ >/]")
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_MB = 1_000_000

T = TypeVar("T")


def check_package(data: bytes, name: str) -> None:
    """Refuse a package too big or too strange to parse; says which part and which bound."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: the reader says "not a DOCX"
    with z:
        infos = z.infolist()
        if len(infos) > MAX_PARTS:
            raise TemplateError(
                f"{name}: {len(infos):,} parts; a template has at most {MAX_PARTS:,}"
            )
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise TemplateError(
                f"{name}: unpacks to {total // _MB:,} MB; a template is refused above "
                f"{MAX_TOTAL_BYTES // _MB} MB (a zip bomb?)"
            )
        xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
        size = sum(i.file_size for i in xml)
        if size > MAX_XML_BYTES:
            biggest = max(xml, key=lambda i: i.file_size)
            raise TemplateError(
                f"{name}: its XML unpacks to {size // _MB:,} MB ({biggest.filename}: "
                f"{biggest.file_size // _MB:,} MB); a template is refused above "
                f"{MAX_XML_BYTES // _MB} MB"
            )
        paragraphs = 0
        for info in xml:
            try:
                blob = z.read(info)  # bounded: zipfile stops at the declared size
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as e:
                raise TemplateError(f"{name}: {info.filename} cannot be unpacked ({e})") from e
            if _DTD.search(blob[:4096]):
                raise TemplateError(
                    f"{name}: {info.filename} declares a DTD or entities (<!DOCTYPE>), which "
                    "Word never writes; refused (XML entity expansion, XXE)"
                )
            paragraphs += len(_PARAGRAPH.findall(blob))
            if paragraphs > MAX_PARAGRAPHS:
                raise TemplateError(
                    f"{name}: more than {MAX_PARAGRAPHS:,} paragraphs; refused (a real template "
                    "has a few thousand at most)"
                )


def run_limited(name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) in a forked child with CPU and memory limits; its result or its
    ComplaintgenError comes back, anything else becomes a TemplateError naming the cause."""
    if not hasattr(os, "fork"):  # Windows: no fork; the sandbox's own bounds still apply
        return fn(*args, **kwargs)
    cpu = CPU_SECONDS
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: limit, run, send back, never return into the caller's code
        os.close(read_end)
        status = 0
        try:
            _limit(cpu)
            outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", None)
        except ComplaintgenError as e:
            outcome = ("error", e)
        except BaseException as e:
            outcome = ("error", TemplateError(f"{name}: {type(e).__name__}: {e}"))
        try:
            payload = _dumps(outcome, name)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            status = 1
        os._exit(status)
    os.close(write_end)
    try:
        payload, killed = _collect(read_end, pid, cpu)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if killed or not payload:
        raise TemplateError(_death(name, status, cpu, killed))
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "memory":
        raise TemplateError(
            f"{name}: refused: the template used more than {MEMORY_BYTES // _MB:,} MB of memory"
        )
    raise value


def _limit(cpu: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    with contextlib.suppress(OSError, ValueError):
        pages = int(open("/proc/self/statm").read().split()[0])  # noqa: SIM115
        current = pages * os.sysconf("SC_PAGE_SIZE")
        limit = current + MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(AttributeError, OSError):  # die with the parent
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)


def _dumps(outcome: tuple[str, Any], name: str) -> bytes:
    try:
        return pickle.dumps(outcome)
    except Exception:  # an error whose arguments do not pickle: keep its words
        return pickle.dumps(("error", TemplateError(f"{name}: {outcome[1]}")))


def _collect(fd: int, pid: int, cpu: int) -> tuple[bytes, bool]:
    """Everything the child sends; kill it if it outlives twice its CPU time on the clock."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + 2 * cpu + 10
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            return b"", True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes the child just reaped
    return usage.ru_utime + usage.ru_stime


def _death(name: str, status: int, cpu: int, killed: bool) -> str:
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if killed:
        return f"{name}: refused: the template ran longer than {2 * cpu + 10} s"
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and _cpu_used() >= cpu):
        return f"{name}: refused: the template ran longer than {cpu} s of CPU time"
    if sig == signal.SIGKILL:
        return f"{name}: refused: rendering was killed (out of memory?)"
    if sig is not None:
        return f"{name}: refused: rendering ended with signal {signal.Signals(sig).name}"
    return f"{name}: refused: rendering ended without a result (exit status {status})"
