"""DOCX packages as zip files, written the same way every time: fixed timestamps, member order
and modes, so the same document gives the same bytes.

A `Package` is a finished document split once at its body: the parts every document shares are
compressed once, and per document only word/document.xml is compressed and the zip written.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import datetime
from typing import Any

FIXED_TIME = datetime(2000, 1, 1)
_DOS_TIME, _DOS_DATE = 0, (2000 - 1980) << 9 | 1 << 5 | 1  # 2000-01-01 00:00
BODY = "word/document.xml"


def _order(name: str) -> tuple[bool, str]:
    return (name != "[Content_Types].xml", name)  # the content types first, as Word writes it


class Member:
    """A zip member compressed once (raw deflate), ready to be written into any number of zips."""

    __slots__ = ("compressed", "crc", "name", "size")

    def __init__(self, name: bytes, compressed: bytes, crc: int, size: int):
        self.name, self.compressed, self.crc, self.size = name, compressed, crc, size

    @classmethod
    def of(cls, name: str, data: bytes, level: int = 9) -> Member:
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name.encode("utf-8"), c.compress(data) + c.flush(), zlib.crc32(data), len(data))


def _fields(m: Member) -> tuple:
    return (20, 0, 8, _DOS_TIME, _DOS_DATE, m.crc, len(m.compressed), m.size, len(m.name))


def _local(m: Member) -> bytes:
    """A member's local header and data."""
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, *_fields(m), 0) + m.name + m.compressed


def _central(m: Member, offset: int) -> bytes:
    """A member's central directory entry, its local header at `offset`."""
    fields = _fields(m)
    head = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, *fields, 0, 0, 0, 0, 0o600 << 16, 0
    )
    return head[:-4] + struct.pack("<I", offset) + m.name


def _end(count: int, central: int, offset: int) -> bytes:
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, central, offset, 0)


def write_zip(members: list[Member]) -> bytes:
    """A zip of members already compressed: fixed time, owner-only mode, no extra fields."""
    out, central = bytearray(), bytearray()
    for m in members:
        central += _central(m, len(out))
        out += _local(m)
    return bytes(out + central + _end(len(members), len(central), len(out)))


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and order, so output is byte-for-byte reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def workbook_bytes(wb: Any) -> bytes:
    """An openpyxl workbook as reproducible bytes, authored by complaintgen (not by whoever runs
    it): the fill-in workbook, the batch report, the deadline register, the statistics."""
    wb.properties.creator = "complaintgen"
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


class Package:
    """A finished package split once into what every document shares and where the body goes."""

    def __init__(self, data: bytes):
        src = zipfile.ZipFile(io.BytesIO(data))
        names = sorted(src.namelist(), key=_order)
        document = src.read(BODY).decode("utf-8")
        head, _, tail = document.partition("<w:body>")
        self.head = (head + "<w:body>").encode("utf-8")
        self.tail = tail.encode("utf-8")  # starts with the section properties
        self.members = [Member.of(n, src.read(n)) for n in names if n != BODY]
        self.index = names.index(BODY)

        # The zip around the body laid out once: the shared parts' local entries before and
        # after it, and their central entries (those after it, but for their offset).
        before, after = self.members[: self.index], self.members[self.index :]
        self.local_before = b"".join(map(_local, before))
        self.local_after = b"".join(map(_local, after))
        self.central_before = write_zip(before)[len(self.local_before) :][:-22]
        self.central_after: list[tuple[bytes, int, bytes]] = []
        at = 0
        for m in after:
            entry = _central(m, 0)
            self.central_after.append((entry[:42], at, m.name))
            at += len(_local(m))

    def build(self, body: str) -> bytes:
        """The package with `body` (WordprocessingML paragraphs and tables) as its body; the
        bytes write_zip makes of all the members (tests/test_trusted.py compares them)."""
        document = self.head + body.encode("utf-8") + self.tail
        # Shared parts are compressed hard once; the body, per document, fast (level 1: a few
        # per cent larger, three times quicker).
        own = Member.of(BODY, document, level=1)
        local = _local(own)
        at = len(self.local_before)
        after = at + len(local)
        central = [self.central_before, _central(own, at)]
        for head, offset, name in self.central_after:
            central.append(head + struct.pack("<I", after + offset) + name)
        directory = b"".join(central)
        out = b"".join((self.local_before, local, self.local_after, directory))
        size = after + len(self.local_after)
        return out + _end(len(self.members) + 1, len(directory), size)

    def build_by_members(self, body: str) -> bytes:
        """build() the plain way, every member through write_zip (for the test)."""
        document = self.head + body.encode("utf-8") + self.tail
        members = list(self.members)
        members.insert(self.index, Member.of(BODY, document, level=1))
        return write_zip(members)
