"""Field-by-field comparison of two outputs, for ``jixiao regress``.

A text diff of two JSON files drowns a real change (one record's target) in noise that is
not a change at all (a bbox moved by 0.01 pt because a font rasteriser rounded differently,
a traceback's absolute path). This compares the parsed values and reports each difference
with its JSON path, so a reviewer sees "records[3].target" and both values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

BBOX_TOLERANCE = 0.5  # points; geometry jitters between pdf libraries, content must not
TOLERANT_KEYS = frozenset({"bbox"})
# Fields that legitimately differ between machines and runs.
VOLATILE_KEYS = frozenset(
    {"traceback", "path", "absolute_path", "elapsed", "generated_at", "producer"}
)

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Missing:
    def __repr__(self) -> str:
        return "(missing)"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Difference:
    """One JSON path whose value differs; ``MISSING`` when one side lacks it."""

    path: str
    expected: Any
    got: Any

    def render(self, width: int = 160) -> str:
        return (
            f"  {self.path}\n"
            f"    expected: {_show(self.expected, width)}\n"
            f"    got:      {_show(self.got, width)}"
        )


def _show(value: Any, width: int) -> str:
    if value is MISSING:
        return "(missing)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _PLAIN_KEY.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _equal_scalars(expected: Any, got: Any, tolerance: float | None) -> bool:
    if _is_number(expected) and _is_number(got):
        if tolerance is not None:
            return abs(Decimal(str(expected)) - Decimal(str(got))) <= Decimal(str(tolerance))
        # 280 and 280.0 are the same amount; JSON does not distinguish them either.
        return Decimal(str(expected)) == Decimal(str(got))
    return type(expected) is type(got) and expected == got


def differences(
    expected: Any,
    got: Any,
    *,
    path: str = "$",
    tolerance: float = BBOX_TOLERANCE,
    tolerant_keys: Iterable[str] = TOLERANT_KEYS,
    volatile_keys: Iterable[str] = VOLATILE_KEYS,
) -> Iterator[Difference]:
    """Yield every difference between two JSON values, in document order.

    Numbers under a key in ``tolerant_keys`` (``bbox``) may differ by ``tolerance``; keys in
    ``volatile_keys`` are not compared; lists are compared position by position, and a
    length difference is reported once at the list's path.
    """
    tolerant, volatile = frozenset(tolerant_keys), frozenset(volatile_keys)

    def walk(a: Any, b: Any, where: str, slack: float | None) -> Iterator[Difference]:
        if isinstance(a, dict) and isinstance(b, dict):
            for key in [*a, *(k for k in b if k not in a)]:
                if key in volatile:
                    continue
                child = _child(where, key)
                if key not in b:
                    yield Difference(child, a[key], MISSING)
                elif key not in a:
                    yield Difference(child, MISSING, b[key])
                else:
                    yield from walk(a[key], b[key], child, tolerance if key in tolerant else slack)
        elif isinstance(a, list) and isinstance(b, list):
            for index, (x, y) in enumerate(zip(a, b, strict=False)):
                yield from walk(x, y, _child(where, index), slack)
            if len(a) != len(b):
                yield Difference(f"{where} (length)", f"{len(a)} items", f"{len(b)} items")
        elif not _equal_scalars(a, b, slack):
            yield Difference(where, a, b)

    yield from walk(expected, got, path, None)


def compare(expected: Any, got: Any, **options: Any) -> list[Difference]:
    """All differences as a list (empty when the outputs match)."""
    return list(differences(expected, got, **options))
