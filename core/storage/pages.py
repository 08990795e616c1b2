"""Rows read straight from the pages of an SQLite file, without SQLite: the last resort of a
salvage, when the schema page or an interior page of a table is damaged and SQLite can no
longer reach rows that are still intact on their own pages.

Only what a salvage needs of the file format (https://www.sqlite.org/fileformat2.html) is read:
table b-tree leaf pages (type 0x0D), their cells, the records in them and their overflow chains.
Everything is bounds-checked: a damaged page yields fewer rows, never an exception or a row made
of garbage that happens to parse (the caller still checks each row's shape).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HEADER_MAGIC = b"SQLite format 3\x00"
LEAF_TABLE = 0x0D
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)


class Malformed(Exception):
    """This cell or page cannot be decoded; skip it."""


@dataclass(frozen=True)
class RawRow:
    page: int  # 1-based page number, for telling duplicates apart
    rowid: int
    values: tuple[Any, ...]


def varint(data: bytes, pos: int) -> tuple[int, int]:
    """SQLite's big-endian variable-length integer at `pos`: (value, position after it)."""
    value = 0
    for i in range(9):
        if pos + i >= len(data):
            raise Malformed("varint past the end")
        byte = data[pos + i]
        if i == 8:
            value = (value << 8) | byte
            break
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    if value >= 1 << 63:  # stored as two's complement
        value -= 1 << 64
    return value, pos + i + 1


def _value(serial: int, data: bytes, pos: int) -> tuple[Any, int]:
    if serial == 0:
        return None, pos
    if serial in (8, 9):
        return serial - 8, pos
    if 1 <= serial <= 6:
        size = (1, 2, 3, 4, 6, 8)[serial - 1]
        raw = data[pos:pos + size]
        if len(raw) != size:
            raise Malformed("integer past the end")
        return int.from_bytes(raw, "big", signed=True), pos + size
    if serial == 7:
        raw = data[pos:pos + 8]
        if len(raw) != 8:
            raise Malformed("float past the end")
        return struct.unpack(">d", raw)[0], pos + 8
    if serial >= 12:
        size = (serial - 12) // 2
        raw = data[pos:pos + size]
        if len(raw) != size:
            raise Malformed("text past the end")
        if serial % 2:
            try:
                return raw.decode("utf-8"), pos + size
            except UnicodeDecodeError as exc:
                raise Malformed("text is not UTF-8") from exc
        return bytes(raw), pos + size
    raise Malformed(f"reserved serial type {serial}")


def record(payload: bytes) -> tuple[Any, ...]:
    """The values of a record (header of serial types, then the values)."""
    header_size, pos = varint(payload, 0)
    if not 1 <= header_size <= len(payload):
        raise Malformed("record header size")
    serials = []
    while pos < header_size:
        serial, pos = varint(payload, pos)
        serials.append(serial)
    if pos != header_size:
        raise Malformed("record header overruns")
    values = []
    pos = header_size
    for serial in serials:
        value, pos = _value(serial, payload, pos)
        values.append(value)
    if pos != len(payload):
        raise Malformed("record length")
    return tuple(values)


class PageFile:
    """The pages of one SQLite file held in memory (our databases are a few megabytes)."""

    def __init__(self, data: bytes | bytearray, page_size: int, reserved: int = 0) -> None:
        self.data = data
        self.page_size = page_size
        self.usable = page_size - reserved
        self.count = len(data) // page_size
        # overflow pages a scan may visit in all: a damaged page whose cells all point at one
        # long chain must not make the scan quadratic (a sound file visits each at most once)
        self.overflow_budget = 4 * self.count

    @classmethod
    def guesses(cls, data: bytes | bytearray) -> list[PageFile]:
        """The page size the header gives, when it is sane, then every other one: the header
        itself may be what was damaged, and a damaged size can still look sane."""
        first: list[PageFile] = []
        if data.startswith(HEADER_MAGIC) and len(data) >= 100:
            size = int.from_bytes(data[16:18], "big")
            size = 65536 if size == 1 else size
            reserved = data[20]
            if size in PAGE_SIZES and reserved < size - 480:
                first.append(cls(data, size, reserved))
        return first + [cls(data, size) for size in PAGE_SIZES
                        if not first or size != first[0].page_size]

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return bytes(self.data[start:start + self.page_size])

    def free_pages(self) -> set[int]:
        """The pages on the freelist, when page 1's header can be trusted: they hold rows that
        were deleted or replaced, which a salvage must not bring back."""
        if not self.data.startswith(HEADER_MAGIC) or len(self.data) < 100:
            return set()
        trunk = int.from_bytes(self.data[32:36], "big")
        free: set[int] = set()
        while 1 < trunk <= self.count and trunk not in free:
            free.add(trunk)
            page = self.page(trunk)
            leaves = int.from_bytes(page[4:8], "big")
            if leaves > (self.usable - 8) // 4:
                break
            for i in range(leaves):
                leaf = int.from_bytes(page[8 + 4 * i:12 + 4 * i], "big")
                if 1 < leaf <= self.count:
                    free.add(leaf)
            trunk = int.from_bytes(page[0:4], "big")
        return free

    def rows(self, skip: set[int] | None = None) -> Iterator[RawRow]:
        """Every decodable row of every table leaf page (pages in `skip` left out)."""
        for number in range(1, self.count + 1):
            if skip and number in skip:
                continue
            yield from self._leaf_rows(number)

    def _leaf_rows(self, number: int) -> Iterator[RawRow]:
        page = self.page(number)
        base = 100 if number == 1 else 0
        if len(page) < base + 8 or page[base] != LEAF_TABLE:
            return
        cells = int.from_bytes(page[base + 3:base + 5], "big")
        if cells == 0 or base + 8 + 2 * cells > self.usable:
            return
        seen: set[int] = set()
        for i in range(cells):
            at = int.from_bytes(page[base + 8 + 2 * i:base + 10 + 2 * i], "big")
            if not base + 8 + 2 * cells <= at < self.usable or at in seen:
                continue
            seen.add(at)
            try:
                rowid, payload = self._cell(page, at)
                yield RawRow(number, rowid, record(payload))
            except Malformed:
                continue

    def _cell(self, page: bytes, at: int) -> tuple[int, bytes]:
        size, pos = varint(page, at)
        rowid, pos = varint(page, pos)
        if size < 1 or size > 1 << 30:
            raise Malformed("payload size")
        u = self.usable
        most = u - 35
        if size <= most:
            if pos + size > u:
                raise Malformed("payload past the page")
            return rowid, page[pos:pos + size]
        least = (u - 12) * 32 // 255 - 23
        local = least + (size - least) % (u - 4)
        if local > most:
            local = least
        if pos + local + 4 > u:
            raise Malformed("payload past the page")
        parts = [page[pos:pos + local]]
        need = size - local
        nxt = int.from_bytes(page[pos + local:pos + local + 4], "big")
        seen: set[int] = set()
        while need > 0:
            if not 1 < nxt <= self.count or nxt in seen or self.overflow_budget <= 0:
                raise Malformed("overflow chain broken")
            seen.add(nxt)
            self.overflow_budget -= 1
            overflow = self.page(nxt)
            take = min(need, u - 4)
            parts.append(overflow[4:4 + take])
            need -= take
            nxt = int.from_bytes(overflow[0:4], "big")
        return rowid, b"".join(parts)
