"""What start-up would otherwise redo every run, kept in the user's cache folder.

Compiled templates, parsed phrase files, message catalogs and the empty DOCX package depend
only on files we ship and on the code that reads them, so they are built on first use and
reused by later runs. The folder is $XDG_CACHE_HOME/complaintgen (else ~/.cache/complaintgen),
mode 0700, its files 0600. Nothing in it is trusted blindly: an entry is used only if it is a
regular file of this user that nobody else can write, its key matches (the sources' content,
this package's code, the Python and library versions) and its checksum matches its payload.
Anything else, stale or corrupt, is ignored and rebuilt. The cache is only ever a shortcut: if
the folder cannot be made or written, everything is built in memory as before.

COMPLAINTGEN_NO_CACHE=1 turns it off (for benchmarks of a cold start).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import types
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_MAGIC = b"complaintgen-cache-1\n"
_HEADER = len(_MAGIC) + 32 + 32  # magic, key digest, payload digest
_HERE = Path(__file__).resolve().parent
_MAX_BYTES = 64 << 20  # our entries are kilobytes; anything this large is not ours
_MAX_TEMPLATES = 4000  # we ship about 700: 8 documents, 633 phrases, 28 snippet texts


@cache
def folder() -> Path | None:
    """The cache folder, made 0700 if missing; None if it cannot be used safely."""
    if os.environ.get("COMPLAINTGEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
        path = root / "complaintgen"
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(path, follow_symlinks=False)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return None
        if stat.S_IMODE(st.st_mode) != 0o700:
            os.chmod(path, 0o700)
    except (OSError, RuntimeError):  # no home, read-only file system, …
        return None
    return path


@cache
def code_stamp() -> bytes:
    """Stands for this package's version: the size and time of each of its modules, so an
    upgrade (or an edit in a checkout) invalidates every entry. Stats only; no file is read."""
    h = hashlib.sha256(sys.implementation.cache_tag.encode())
    h.update(sys.version.encode())
    for p in sorted(_HERE.rglob("*.py")):
        st = p.stat()
        h.update(f"{p.relative_to(_HERE)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.digest()


def key(*parts: bytes | str) -> bytes:
    h = hashlib.sha256(code_stamp())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _entry(name: str) -> Path | None:
    base = folder()
    if base is None:
        return None
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return base / f"{safe}.bin"


def read(name: str, entry_key: bytes) -> object | None:
    """The value stored under name for this key; None if absent, stale, corrupt or unsafe."""
    path = _entry(name)
    if path is None:
        return None
    try:
        # No symlinks; a FIFO planted there must not block the run.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (
            not stat.S_ISREG(st.st_mode)
            or st.st_uid != os.getuid()
            or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            or st.st_size > _MAX_BYTES
        ):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) < _HEADER or not data.startswith(_MAGIC):
        return None
    stored_key = data[len(_MAGIC) : len(_MAGIC) + 32]
    digest = data[len(_MAGIC) + 32 : _HEADER]
    payload = data[_HEADER:]
    if stored_key != entry_key or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def write(name: str, entry_key: bytes, value: object) -> None:
    """Store value (marshal-able: built-in types and code objects); any failure is ignored."""
    path = _entry(name)
    if path is None:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    data = _MAGIC + entry_key + hashlib.sha256(payload).digest() + payload
    import tempfile  # only when writing: most runs only read

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass


def load(name: str, parts: Iterable[bytes | str], build: Callable[[], T]) -> T:
    """The value cached under name for these key parts, else build() (and store it)."""
    entry_key = key(*parts)
    found = read(name, entry_key)
    if found is not None:
        return found  # type: ignore[return-value]
    value = build()
    write(name, entry_key, value)
    return value


def _env_signature(env: object) -> str:
    """What of a Jinja environment shapes the code it compiles (syntax, whitespace, finalize,
    sandbox); filters and globals are looked up when a template runs."""
    names = (
        "block_start_string",
        "block_end_string",
        "variable_start_string",
        "variable_end_string",
        "comment_start_string",
        "comment_end_string",
        "line_statement_prefix",
        "line_comment_prefix",
        "trim_blocks",
        "lstrip_blocks",
        "newline_sequence",
        "keep_trailing_newline",
        "optimized",
        "is_async",
    )
    values = [type(env).__module__, type(env).__qualname__]
    values += [repr(getattr(env, n, None)) for n in names]
    values.append(repr(getattr(env, "autoescape", None)))  # a bool or a function
    values.append(str(getattr(env, "finalize", None) is not None))
    values.append(",".join(sorted(getattr(env, "extensions", {}))))
    return "\n".join(values)


def template(env, source: str, name: str):  # jinja2 types: imported by the caller, not here
    """env.from_string(source), its compiled code reused across runs.

    The entry is named by name and source together: the same phrase key in two languages has
    two sources, and each keeps its own entry. Entries of edited templates are pruned."""
    import jinja2

    # The environment's class in the name too: the sandbox and the trusted environment compile
    # the same text to different code, and each keeps its own entry.
    digest = hashlib.sha256(f"{type(env).__qualname__}\0{name}\0{source}".encode()).hexdigest()
    digest = digest[:32]
    entry_key = key("jinja", jinja2.__version__, _env_signature(env), source)
    code = read(f"jinja-{digest}", entry_key)
    if not isinstance(code, types.CodeType):
        code = env.compile(source)  # as from_string does: errors surface exactly as before
        write(f"jinja-{digest}", entry_key, code)
        _prune("jinja-", _MAX_TEMPLATES)
    # A plain dict of the environment's globals, not make_globals' ChainMap: every render
    # copies the globals, and copying a ChainMap goes through Python-level __iter__/__getitem__.
    return env.template_class.from_code(env, code, dict(env.make_globals(None)), None)


def _prune(prefix: str, keep: int) -> None:
    """Past `keep` entries of a kind, drop the oldest (a dropped entry is simply rebuilt)."""
    base = folder()
    if base is None:
        return
    try:
        entries = [e for e in os.scandir(base) if e.name.startswith(prefix)]
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for e in entries[: len(entries) - keep]:
            os.unlink(e.path)
    except OSError:
        pass


def package_stamp(name: str) -> str:
    """An installed package's version, told by the size and time of its top-level modules,
    found without importing it (importing is what the cache saves)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return f"{name}:absent"
    out = [name]
    for p in sorted(Path(spec.origin).parent.glob("*.py")):
        st = p.stat()
        out.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(out)
