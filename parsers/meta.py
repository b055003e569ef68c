"""Report-level facts printed around the tables: title, department, year, execution rate.

Reports print these in a few places, tried from the most explicit to the least:
a labelled line or cell (预算主管部门：…, 部门：…, 部门名称 | 北京市统计局), the cover page
(2026年度 / 福州市民政局(本级) / 单位预算 on separate lines, or 国家信访局2026年度部门预算),
and the title of the first table. The labels and the title patterns are data below, so a
new province's wording is a synonym, not new code. Codes that some templates print before
a department (228_烟台市财政局, [292]国家信访局) are not part of its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..extract.model import Document, Table, TextLine
from .headers import header_key
from .result import ParsedReport

_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_RATE = re.compile(r"预算(?:执行|完成)率\s*[:：]?\s*(?P<num>\d+(?:\.\d+)?)\s*%")
_TITLE_HINT = re.compile(r"(绩效|预算|决算).*表|表$")
# What a report's title says it is; a cover's lines are joined until one of these matched.
_TITLE_KIND = re.compile(r"预算|决算|绩效|目标表|申报表|自评表|评价报告")
# The most a title's wrapped last line holds (表, 况表); a longer line ending in 表 may name a
# form of its own (国家信访局2026年度部门预算 / 收支总表).
_WRAPPED_TAIL = 2

# Labels that name the department, most specific first.
DEPARTMENT_LABELS = (
    "预算主管部门",
    "主管部门",
    "部门（单位）名称",
    "部门名称",
    "预算部门名称",
    "单位名称",
    "预算单位名称",
    "预算单位",
    "编制部门",
    "编制单位",
    "申请单位",
    "部门",
)
_LABEL_KEYS = {header_key(label) for label in DEPARTMENT_LABELS}
_LABELLED_LINE = re.compile(
    r"^\s*(?P<label>" + "|".join(re.escape(label) for label in DEPARTMENT_LABELS) + r")"
    r"\s*[:：]\s*(?P<name>\S.*?)\s*$"
)
# 部门名称 / 单位名称 followed by the name with no colon (部门名称 广州市科学技术协会).
_NAMED = re.compile(
    r"^\s*(?:部门|单位|预算部门|预算单位|部门（单位）)名称\s*[:：]?\s*(?P<name>[^\s:：].*?)\s*$"
)
# A department's name ends like an organisation (so a column heading is never taken).
_ORGANISATION = re.compile(
    r"(局|厅|委员会|委|办公室|办|处|院|会|中心|部|站|所|馆|队|校|政府|办事处|公司|社|团|台|室|署"
    r"|监狱|集团)$"
)
# A scope qualifier after the name: 福州市民政局(本级), 西安市财政局（汇总）.
_QUALIFIER = re.compile(r"\s*[（(]\s*(本级|汇总|本部|机关|合并)\s*[)）]\s*$")
# A code before the name: 228_烟台市财政局, [292]国家信访局, 【103】…, 116001 西安市财政局.
_CODE_PREFIX = re.compile(r"^\s*(?:\[\s*\d+\s*\]|【\s*\d+\s*】|\d{3,}\s*[_\-－]?)\s*")
_PAGE_NUMBER = re.compile(r"^[-—–\s第页共/\dPpage]*\d[-—–\s第页共/\dPpage]*$")
# Where a cover stops being the title: a labelled line, the table of contents, a date.
_COVER_STOP = re.compile(r"[:：]|^目\s*录$|^[〇零一二三四五六七八九十]{4}年|^\d+$|^—?\s*\d+\s*—?$")
# The kind of report after the department in a title: 2026年度福州市民政局(本级)单位预算.
_TITLE_TAIL = re.compile(
    r"(?:20\d{2}|19\d{2})\s*年度?|(?:区级|市级|省级|县级)?(?:部门|单位|项目)?(?:整体)?(?:支出)?"
    r"(?:预算|决算|绩效).*$"
)


def _first_page_lines(doc: Document, running: bool = True) -> list[TextLine]:
    """The first page's lines, top down; ``running=False`` leaves out running headers and
    footers (a line printed at the same height on another page too)."""
    if not doc.lines:
        return []
    first = min(line.page for line in doc.lines)
    elsewhere = set()
    if not running:
        elsewhere = {(line.text, round(line.bbox[1])) for line in doc.lines if line.page != first}
    lines = [
        line
        for line in doc.lines
        if line.page == first and (line.text, round(line.bbox[1])) not in elsewhere
    ]
    return sorted(lines, key=lambda x: x.bbox[1])


def _cover_title(lines: list[TextLine]) -> str | None:
    """The leading lines of a cover joined (2026年度 / 泉州市人民政府办公室 / 部门预算)."""
    parts: list[str] = []
    for line in lines:
        text = line.text.strip()
        if not text or _PAGE_NUMBER.match(text):
            continue  # a page number printed above the title (第1页共17页, - 1 -, 1/17)
        if _COVER_STOP.search(text) or len(text) > 40:
            break
        parts.append(text)
        if len(parts) == 4:
            break
    for end in range(len(parts), 0, -1):
        joined = "".join(parts[:end])
        if (_TITLE_KIND.search(parts[end - 1]) or _wrapped_tail(parts[:end])) and len(joined) >= 6:
            return joined
    return None


def _wrapped_tail(parts: list[str]) -> bool:
    """The last part is a title's last word wrapped onto a line of its own (…绩效完成情况 /
    表 on a narrow page): too short to say what the report is, so it counts with the line
    above it when that one does and the two end like a form's name."""
    return (
        len(parts) > 1
        and len(parts[-1]) <= _WRAPPED_TAIL
        and parts[-1].endswith("表")
        and not parts[-2].endswith("表")
        and bool(_TITLE_KIND.search(parts[-2]))
    )


def find_title(doc: Document) -> str | None:
    """The cover's title; else the first title-like line on the first page with text.

    A running header (…部门决算公开) is not part of the cover's title; but a form whose title
    repeats on every page keeps it, so all lines are tried when the rest give none."""
    if title := _cover_title(_first_page_lines(doc, running=False)):
        return title
    lines = _first_page_lines(doc)
    if title := _cover_title(lines):
        return title
    for line in lines:
        if _TITLE_HINT.search(line.text) and len(line.text) >= 6:
            return line.text
    return None


def titled_report(doc: Document, layout: str) -> ParsedReport:
    """An empty report of ``layout`` with the document's title, department and year."""
    title = find_title(doc)
    return ParsedReport(
        layout=layout, title=title, department=find_department(doc, title), year=find_year(title)
    )


def find_year(title: str | None, doc: Document | None = None) -> int | None:
    """The year of the title; else the first year on the first page (the cover's 2026年度)."""
    if title and (match := _YEAR.search(title)):
        return int(match.group(1))
    if doc is not None:
        for line in _first_page_lines(doc):
            if match := _YEAR.search(line.text):
                return int(match.group(1))
    return None


def clean_department(printed: str | None) -> str | None:
    """The department's name without a code before it or a scope qualifier after it."""
    if not printed:
        return None
    name = _QUALIFIER.sub("", _CODE_PREFIX.sub("", printed)).strip()
    return name or None


def _organisation(text: str | None) -> str | None:
    name = clean_department(re.sub(r"\s+", "", text or ""))
    return name if name and len(name) >= 3 and _ORGANISATION.search(name) else None


def labelled_cell(table: Table) -> str | None:
    for cell in table.cells:
        if (match := _NAMED.match(cell.text)) and (name := _organisation(match["name"])):
            return name  # 部门名称 广州市科学技术协会 in one cell
        if header_key(cell.text) not in _LABEL_KEYS:
            continue
        value = table.cell_at(cell.row, cell.column + cell.colspan)
        if value is not None and value is not cell and (name := _organisation(value.text)):
            return name
    return None


def _from_title(title: str | None) -> str | None:
    """国家信访局2026年度部门预算 → 国家信访局; 2026年烟台市财政局部门预算 → 烟台市财政局;
    西安市卫生健康委员会2022年项目支出绩效自评表 → 西安市卫生健康委员会 (a performance
    report's title ends in its table's name, not in 预算)."""
    if not title:
        return None
    return _organisation(_TITLE_TAIL.sub("", title))


def find_department(doc: Document, title: str | None, *, cells: bool = True) -> str | None:
    """A labelled line (预算主管部门：…), a labelled cell, else the department in the title.

    ``cells=False`` when the tables are known to name several departments (forms of
    different 主管部门): the first of them is not the report's department."""
    for line in doc.lines:
        match = _LABELLED_LINE.match(line.text) or _NAMED.match(line.text)
        if match and (name := _organisation(match["name"])):
            return name
    for table in doc.tables if cells else ():
        if name := labelled_cell(table):
            return name
    if name := _from_title(title):
        return name
    return _from_title(_cover_title(_first_page_lines(doc)))


def find_execution_rate(texts: Iterable[str]) -> Decimal | None:
    for text in texts:
        if match := _RATE.search(text):
            return Decimal(match["num"])
    return None
