"""Reference loops (``6 0 obj 7 0 R`` / ``7 0 obj 6 0 R``) end in an error, not never.

pdfminer resolves an indirect reference with ``while isinstance(x, PDFObjRef)``: an object
whose value is a reference to a reference … back to itself keeps it there for ever (a page
whose ``/Contents 6 0 R`` is such a chain hangs while the page list is built, before any
page is read, so only a time limit stopped it). The document's ``getobj`` is wrapped so that
a chain of references is followed here, with the objects seen so far: a loop raises
:class:`ReferenceLoop`, which the readers report as ``corrupt_pdf`` like any damaged page
tree. A chain without a loop resolves to the object pdfminer would have reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pdfminer.pdftypes import PDFObjRef


class ReferenceLoop(ValueError):
    """An indirect reference that leads back to itself."""


def guard_reference_loops(doc: Any) -> None:
    """Make ``doc.getobj`` follow chains of references itself and stop at a loop."""
    getobj: Callable[[int], object] = doc.getobj

    def getobj_checked(objid: int) -> object:
        obj = getobj(objid)
        if type(obj) is not PDFObjRef:
            return obj
        seen = [objid]
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen:
                chain = " → ".join(f"{n} 0 R" for n in [*seen, obj.objid])
                raise ReferenceLoop(f"reference loop: {chain}")
            seen.append(obj.objid)
            obj = getobj(obj.objid)
        return obj

    doc.getobj = getobj_checked
