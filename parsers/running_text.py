"""Indicators written one after another in one cell (Guangzhou 项目支出绩效目标表):
``1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。2、…``
— one record each. Levels are kept as printed (1-产出指标); ``label:value`` parts become the
field their label names (年度指标值 → target) or an extra under the label.
"""

from __future__ import annotations

import re

_ITEM = re.compile(r"(?:^|(?<=[。；;\s]))(\d{1,3})、")
_RUNNING = re.compile(r"^\s*1、.*[；;].*2、", re.S)
_CODED = re.compile(r"^(?P<code>\d[\d\s]{0,5})[-－]\s*(?P<text>\S.*)$", re.S)


def is_running_text(text: str) -> bool:
    """Does the cell list numbered indicators (1、…；…2、…)?"""
    return _RUNNING.match(text) is not None


def running_items(text: str) -> list[dict[str, str]]:
    """The indicators written one after another in one cell, each as {field: text}."""
    starts = list(_ITEM.finditer(text))
    if not starts:
        return [{"indicator": text}]
    items: list[dict[str, str]] = []
    lead = text[: starts[0].start()].strip()
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : end].strip().rstrip("。；;")
        item: dict[str, str] = {"序号": match.group(1)}
        if index == 0 and lead:
            item["前言"] = lead
        loose: list[str] = []
        for position, part in enumerate(p.strip() for p in re.split(r"[；;]", body)):
            if not part:
                continue
            label, sep, value = part.partition(":") if ":" in part else part.partition("：")
            if position < 2 and _CODED.match(part) and "level2" not in item:
                item["level1" if "level1" not in item else "level2"] = part
            elif sep and len(label) <= 12:
                item[f"label:{label.strip()}"] = value.strip()
            elif "indicator" not in item:
                item["indicator"] = part
            else:
                loose.append(part)
        if loose:
            item["其他"] = "；".join(loose)
        items.append(item)
    return items
