"""JSON text of records and tables parked in a temporary file until the writer reaches them.

Why: the output lists every record before the first table, and the records can only be built
once the whole document is parsed, so a streamed conversion had to hold every record model
(with a ``CellRef`` model per printed piece of a cell: the largest thing left in memory, about
60 KB a page) and every extracted table until the end. Text written here costs a file's
bytes on disk, not memory: what stays is one offset per item.
"""

from __future__ import annotations

import codecs
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .models import Record, Report

_CHUNK = 1 << 16


class Spool:
    """A list of texts kept in an anonymous temporary file (deleted when closed or
    collected), each written in pieces and read back in pieces, in order."""

    def __init__(self) -> None:
        # Open for the spool's life, closed by close() (or when collected): no with block.
        self._file = tempfile.TemporaryFile(prefix="jixiao-spool-")  # noqa: SIM115
        self._ends = array("q")
        self._size = 0

    def write(self, text: str) -> None:
        """Append ``text`` to the item being written (:meth:`end` closes it)."""
        data = text.encode("utf-8")
        self._file.write(data)
        self._size += len(data)

    def end(self) -> None:
        self._ends.append(self._size)

    def __len__(self) -> int:
        return len(self._ends)

    def pieces(self, index: int) -> Iterator[str]:
        """Item ``index`` as it was written, in chunks of at most 64 KB (a table over hundreds
        of pages is tens of megabytes of text)."""
        start = self._ends[index - 1] if index else 0
        left = self._ends[index] - start
        self._file.flush()
        self._file.seek(start)
        decoder = codecs.getincrementaldecoder("utf-8")()
        while left:
            data = self._file.read(min(left, _CHUNK))
            if not data:
                raise OSError("jixiao's temporary spool file was cut short")
            left -= len(data)
            yield decoder.decode(data, final=not left)

    def text(self, index: int) -> str:
        return "".join(self.pieces(index))

    def items(self) -> Iterator[Iterator[str]]:
        """Each item's pieces; read each before asking for the next (one file position)."""
        for index in range(len(self)):
            yield self.pieces(index)

    def close(self) -> None:
        self._file.close()


class Spools:
    """Spools read as one list, one after the other. Why: a document read in segments
    (:mod:`.segments`) writes each layout's records to a spool of their own, because the
    output lists them layout by layout, not page by page."""

    def __init__(self, spools: list[Spool]) -> None:
        self.spools = spools

    def __len__(self) -> int:
        return sum(len(s) for s in self.spools)

    def pieces(self, index: int) -> Iterator[str]:
        for spool in self.spools:
            if index < len(spool):
                return spool.pieces(index)
            index -= len(spool)
        raise IndexError(index)

    def text(self, index: int) -> str:
        return "".join(self.pieces(index))

    def items(self) -> Iterator[Iterator[str]]:
        for spool in self.spools:
            yield from spool.items()

    def close(self) -> None:
        for spool in self.spools:
            spool.close()


@dataclass
class SpooledReport:
    """A report whose ``records``, ``tables`` and ``projects`` are left empty, their JSON
    text in spools (:func:`~.build.spool_report`). Projects too: a budget lists hundreds,
    each with its funds and cell references (431 models, 4 MB, held at the end of the
    1,000-page corpus, its conversion's peak)."""

    report: Report
    records: Spool | Spools
    tables: Spool
    projects: Spool | Spools

    def write(self, write: Callable[[str], object]) -> None:
        """The report's JSON text, byte for byte what ``dumps`` gives for the whole report."""
        from .report_json import write_report

        write_report(
            self.report, write, self.records.items(), self.tables.items(), self.projects.items()
        )

    def whole_records(self) -> list[Record]:
        """The records as models again, read back from their text (``--summary`` needs them
        all; it is the one reader that holds them)."""
        return [Record.model_validate_json(self.records.text(i)) for i in range(len(self.records))]

    def close(self) -> None:
        self.records.close()
        self.tables.close()
        self.projects.close()
