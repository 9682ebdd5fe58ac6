"""Compact records of every packet a scan reads (``core.timeline.scan``, ``core.ps_genpts.filled``): a
column of machine integers (``array``) per field, ~8 bytes a value, where a tuple or a slotted object of
Python ints took ~100-200 bytes a packet. An hour of a joined MPEG-PS (90,000 packets) held both kinds at
once: ``benchmarks/ps_scan_memory.py`` measures it (``benchmarks/RESULTS.md``)."""

from __future__ import annotations

from array import array

NONE = -(1 << 63)  # a field without a value (None), in a column of 64-bit integers


class Records:
    """Rows of integer fields (``typecodes``: one ``array`` typecode a field), appended and read back as
    tuples, in order. ``nullable``: a field may be None (kept as :data:`NONE` in a ``q`` column)."""

    def __init__(self, typecodes: str, nullable: bool = False):
        self.cols = [array(t) for t in typecodes]
        self._appends = [col.append for col in self.cols]
        self.nullable = nullable

    def empty(self) -> Records:
        """New records of the same fields, none yet."""
        return Records("".join(col.typecode for col in self.cols), self.nullable)

    def __len__(self) -> int:
        return len(self.cols[0])

    def append(self, row) -> None:
        for add, value in zip(self._appends, row):
            add(NONE if value is None else value)

    def __getitem__(self, i: int) -> tuple:
        row = tuple(col[i] for col in self.cols)
        return tuple(None if v == NONE else v for v in row) if self.nullable else row

    def __setitem__(self, i: int, row) -> None:
        for col, value in zip(self.cols, row):
            col[i] = NONE if value is None else value

    def __iter__(self):
        rows = zip(*self.cols)
        return (tuple(None if v == NONE else v for v in row) for row in rows) if self.nullable else rows
