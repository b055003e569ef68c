"""Shared reading of the Ministry-of-Finance style forms: 填报表 and 自评表.

These forms are not column tables like the Guangzhou layout. Each is a sheet of label cells
with their value beside them (项目名称 | 新建……中心) or below them (项目总目标 over its text),
a money block, and an indicator grid (一级指标 / 二级指标 / 三级指标 / 指标值 …) that may
end with a 总分 row. One PDF holds many forms, one per project; a form may be one table
per page (the real 填报表), one table stitched over pages, or several tables (Word puts a
repeated header only on a table's first rows, so producers split the indicator grid off).

So a document is first cut into forms (:func:`split_forms`): a form starts at the row that
holds its start label (项目名称, 部门名称) and takes the following rows and tables until the
next start label, or until a table that is plainly not part of it. Readers then look up
labels by exact wording (after removing brackets, colons and a leading 其中), which is why
layout modules are mostly synonym tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..extract.model import Cell, Document, Notice, Table
from .amount import MAX_DIGITS, split_amount
from .assess import assess
from .headers import header_key
from .layout import SectionSpec, header_roles
from .meta import find_department, find_title
from .result import BudgetLineData, ParsedReport, ProjectData, RecordData

SECTION = "performance_indicators"

# Indicator grid roles, in matching priority order (the first synonym contained wins, so
# 实际完成值 is tried before the 指标值 of 年度指标值).
INDICATOR_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("indicator", ("三级指标",)),
    ("actual", ("实际完成值", "实际完成情况", "全年实际值", "实际值")),
    ("target", ("年度指标值", "项目指标值", "指标值", "目标值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("deviation_reason", ("偏差原因", "未完成原因", "改进措施")),
)
INDICATOR_SPEC = SectionSpec(
    id=SECTION, roles=INDICATOR_ROLES, required=frozenset({"level1", "level2", "indicator"})
)

TOTAL_LABELS = ("总分", "合计", "总计")

# 自评表 budget block: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分.
BUDGET_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("initial_budget_wan", ("年初预算数", "年初预算")),
    ("full_year_budget_wan", ("全年预算数", "调整后预算数", "全年预算")),
    ("executed_wan", ("全年执行数", "实际执行数", "全年执行")),
    ("weight", ("分值",)),
    ("execution_rate", ("执行率",)),
    ("score", ("得分",)),
)
BUDGET_SPEC = SectionSpec(
    id="budget",
    roles=BUDGET_ROLES,
    required=frozenset({"full_year_budget_wan", "executed_wan", "execution_rate"}),
)

_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]")
_NUMBER = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_YEAR = re.compile(r"(19\d{2}|20\d{2})\s*年")
_WAN_PER_YUAN = -4  # 1 万元 = 10^4 元: a decimal shift, so conversions stay exact


def label_key(text: str) -> str:
    """Label wording without brackets, colons, whitespace and a leading 其中."""
    key = header_key(text)
    return key[2:] if key.startswith("其中") else key


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros (410.000000 → 410) the way amounts are written elsewhere."""
    value = value.normalize()
    if value == value.to_integral_value() and value.adjusted() < MAX_DIGITS:
        value = value.quantize(Decimal(1))  # an absurdly long one would overflow quantize
    return value


def parse_number(text: str | None) -> Decimal | None:
    """A printed number (4,100,000.00 / 7595500.00 / 95.5% / 10分); None for blanks and —."""
    if not text:
        return None
    raw = re.sub(r"\s+", "", text).replace("−", "-")
    raw = raw.removesuffix("%").removesuffix("万元").removesuffix("元").removesuffix("分")
    if not _NUMBER.match(raw):
        return None
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def yuan_to_wan(yuan: Decimal) -> Decimal:
    return tidy(yuan.scaleb(_WAN_PER_YUAN))


def unit_of(text: str) -> str | None:
    """元 or 万元 from a block label such as 项目资金（元）."""
    match = _UNIT.search(text)
    return match.group(1) if match else None


@dataclass(slots=True)
class FormRow:
    table: Table
    row: int

    @property
    def page(self) -> int:
        rows = self.table.row_pages
        return rows[self.row] if self.row < len(rows) else self.table.pages[0]

    def own(self) -> list[Cell]:
        """Cells that start in this row, left to right."""
        return sorted((c for c in self.table.cells if c.row == self.row), key=lambda c: c.column)

    def right_of(self, cell: Cell) -> Cell | None:
        """The cell just right of ``cell`` in this row (a label's value)."""
        return self.table.cell_at(self.row, cell.column + cell.colspan)

    def below(self, cell: Cell) -> Cell | None:
        """The cell just below ``cell`` in its first column (a heading's text)."""
        row = cell.row + cell.rowspan
        return self.table.cell_at(row, cell.column) if row < self.table.n_rows else None


@dataclass(slots=True)
class Form:
    """The rows of one form, across tables; ``intro`` holds its title rows."""

    rows: list[FormRow] = field(default_factory=list)
    intro: list[FormRow] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        pages: set[int] = set()
        for fr in self.rows:
            pages.add(fr.page)
            for cell in fr.own():
                pages.update(range(cell.page, (cell.end_page or cell.page) + 1))
        return sorted(pages)

    def texts(self) -> Iterator[str]:
        for fr in self.intro + self.rows:
            for cell in fr.own():
                if cell.text:
                    yield cell.text


def _has_label(table: Table, row: int, keys: frozenset[str]) -> bool:
    return any(c.row == row and label_key(c.text) in keys for c in table.cells)


def _header_rows(table: Table) -> list[int]:
    return [r for r in range(table.n_rows) if header_roles(table, r, INDICATOR_SPEC) is not None]


def _form_open(form: Form) -> bool:
    """Has the form's indicator grid started and not yet reached its 总分 row?"""
    started = False
    for fr in form.rows:
        if header_roles(fr.table, fr.row, INDICATOR_SPEC) is not None:
            started = True
        elif started and any(label_key(c.text) in TOTAL_LABELS for c in fr.own()):
            return False
    return started


def _title_row(fr: FormRow) -> bool:
    """A row that is one cell across the table (a form's title or year line)."""
    own = fr.own()
    return len(own) == 1 and own[0].colspan >= fr.table.n_columns - 1


def _continues(form: Form, table: Table) -> bool:
    """A table without a start label belongs to the open form when it repeats the indicator
    header, or is a headerless piece of the same grid (same column count)."""
    if _header_rows(table):
        return True
    last = form.rows[-1].table if form.rows else None
    return last is not None and last.n_columns == table.n_columns and _form_open(form)


def split_forms(doc: Document, start_labels: Sequence[str]) -> list[Form]:
    """Cut the document's tables into forms, each starting at a start-label row."""
    keys = frozenset(label_key(s) for s in start_labels)
    forms: list[Form] = []
    current: Form | None = None
    for table in doc.tables:
        starts = [r for r in range(table.n_rows) if _has_label(table, r, keys)]
        first = starts[0] if starts else table.n_rows
        pre = [FormRow(table, r) for r in range(first)]
        titles_only = bool(starts) and all(_title_row(fr) for fr in pre)
        if current is not None and not titles_only and _continues(current, table):
            current.rows.extend(pre)
            intro: list[FormRow] = []
        else:
            intro = pre
            current = None
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else table.n_rows
            current = Form(
                rows=[FormRow(table, r) for r in range(start, end)],
                intro=intro if index == 0 else [],
            )
            forms.append(current)
    return forms


def read_labels(
    form: Form, fields: dict[str, tuple[str, ...]], *, below: bool = False
) -> dict[str, str | None]:
    """Value of each field: the cell right of (or below) its label, first occurrence."""
    lookup = {label_key(s): name for name, synonyms in fields.items() for s in synonyms}
    values: dict[str, str | None] = {}
    for fr in form.rows:
        for cell in fr.own():
            name = lookup.get(label_key(cell.text))
            if name is None or name in values:
                continue
            value = fr.below(cell) if below else fr.right_of(cell)
            if value is None or value is cell:
                continue
            values[name] = value.text or None
    return values


def form_year(form: Form) -> int | None:
    """The year printed in the form's title rows: （2023年度）."""
    for fr in form.intro:
        for cell in fr.own():
            if match := _YEAR.search(cell.text):
                return int(match.group(1))
    return None


def document_year(doc: Document, title: str | None, forms: Sequence[Form]) -> int | None:
    """The report year: from the title, a form's title rows, or a line such as （2023年度）."""
    if title and (match := _YEAR.search(title)):
        return int(match.group(1))
    for form in forms:
        if (year := form_year(form)) is not None:
            return year
    for line in doc.lines:
        if "年度" in line.text and (match := _YEAR.search(line.text)):
            return int(match.group(1))
    return None


def form_unit(form: Form, label_prefixes: Sequence[str]) -> str | None:
    """Unit of a money block from its label cell, e.g. 项目资金（元） → 元."""
    for text in form.texts():
        key = label_key(text)
        if any(key.startswith(p) for p in label_prefixes) and (unit := unit_of(text)):
            return unit
    return None


# ------------------------------------------------------------------ budget block


BUDGET_ITEMS: dict[str, tuple[str, ...]] = {
    "total": ("年度资金总额", "资金总额", "预算资金总额"),
    "appropriation": ("本年财政拨款", "当年财政拨款", "财政拨款"),
    "carryover": ("上年结转资金", "上年结转"),
    "other": ("其他资金",),
    "basic": ("基本支出",),
    "project": ("项目支出",),
}


def read_budget(form: Form, unit: str | None) -> list[BudgetLineData]:
    """Rows of the budget-execution block, amounts converted to 万元 when printed in 元."""
    lookup = {label_key(s): item for item, synonyms in BUDGET_ITEMS.items() for s in synonyms}
    lines: list[BudgetLineData] = []
    columns: dict[str, int] | None = None
    for fr in form.rows:
        roles = header_roles(fr.table, fr.row, BUDGET_SPEC)
        if roles is not None:
            columns = roles
            continue
        if columns is None:
            continue
        label = next((c for c in fr.own() if label_key(c.text) in lookup), None)
        if label is None:
            if lines:
                break  # the block has ended
            continue
        line = BudgetLineData(item=lookup[label_key(label.text)], label=label.text)
        for role, column in columns.items():
            cell = fr.table.cell_at(fr.row, column)
            if cell is None or cell is label:
                continue
            value = parse_number(cell.text)
            if value is not None and unit == "元" and role.endswith("_wan"):
                value = yuan_to_wan(value)
            setattr(line, role, value)
        lines.append(line)
    return lines


# ------------------------------------------------------------------ indicator grid


@dataclass(slots=True)
class Indicators:
    records: list[RecordData] = field(default_factory=list)
    total_weight: Decimal | None = None
    total_score: Decimal | None = None


def _row_pages(fr: FormRow) -> list[int]:
    pages = {fr.page}
    for cell in fr.own():
        if cell.rowspan == 1:
            pages.update(range(cell.page, (cell.end_page or cell.page) + 1))
    return sorted(pages)


def _total(fr: FormRow, columns: dict[str, int]) -> tuple[Decimal | None, Decimal | None] | None:
    """(分值, 得分) of a 总分 row, or None when the row is not one."""
    own = fr.own()
    label = next((c for c in own if label_key(c.text) in TOTAL_LABELS), None)
    if label is None:
        return None
    values: dict[str, Decimal | None] = {}
    for role in ("weight", "score"):
        column = columns.get(role)
        cell = fr.table.cell_at(fr.row, column) if column is not None else None
        values[role] = None if cell is None or cell is label else parse_number(cell.text)
    if values["weight"] is None and values["score"] is None:
        # Templates that do not line the total up with the columns: numbers in order.
        numbers = [n for c in own if c is not label and (n := parse_number(c.text)) is not None]
        if numbers:
            values["weight"] = numbers[0]
            values["score"] = numbers[1] if len(numbers) > 1 else None
    return values["weight"], values["score"]


def read_indicators(form: Form, project: str | None, warnings: list[Notice]) -> Indicators:
    """Records of the indicator grid; merged 一级/二级 cells cover every row they span, and a
    blank unmerged one (a merged cell cut by a page break, a borderless table) takes the
    value above with a ``value_forward_filled`` warning."""
    out = Indicators()
    columns: dict[str, int] | None = None
    table: Table | None = None
    previous: Cell | None = None
    last: dict[str, str | None] = {}
    for fr in form.rows:
        roles = header_roles(fr.table, fr.row, INDICATOR_SPEC)
        if roles is not None:
            columns, table = roles, fr.table
            continue
        if columns is None or table is None:
            continue
        if fr.table is not table and fr.table.n_columns != table.n_columns:
            columns = None  # a different grid without its own header: not indicator rows
            continue
        total = _total(fr, columns)
        if total is not None:
            out.total_weight, out.total_score = total
            columns = None
            continue
        cells = {role: fr.table.cell_at(fr.row, col) for role, col in columns.items()}
        indicator = cells.get("indicator")
        if indicator is None or indicator is previous:
            continue  # a grid line inside merged cells, not a new record
        text = {role: (c.text or None) if c is not None else None for role, c in cells.items()}
        if not any(text.get(r) for r in ("indicator", "target", "actual", "score")):
            continue
        previous = indicator
        for role in ("level1", "level2"):
            cell = cells.get(role)
            if text.get(role) is None and last.get(role) and cell is not None:
                text[role] = last[role]
                warnings.append(
                    Notice(
                        "value_forward_filled",
                        f"blank {role} cell filled from the row above: {last[role]}",
                        fr.page,
                    )
                )
            last[role] = text.get(role)
        name = text.get("indicator") or ""
        amount = split_amount(name)
        out.records.append(
            RecordData(
                section=SECTION,
                category=None,
                goal=None,
                indicator=name,
                indicator_name=amount.name,
                amount_wan=amount.amount_wan,
                target=text.get("target"),
                actual=text.get("actual"),
                detail=None,
                pages=_row_pages(fr),
                project=project,
                level1=text.get("level1"),
                level2=text.get("level2"),
                weight=parse_number(text.get("weight")),
                score=parse_number(text.get("score")),
                deviation_reason=text.get("deviation_reason"),
                assessment=assess(text.get("target"), text.get("actual"), name),
            )
        )
    return out


def has_indicator_grid(form: Form, roles: Iterable[str] = ()) -> bool:
    """Does the form have an indicator header with all of ``roles``?"""
    wanted = set(roles)
    for fr in form.rows:
        found = header_roles(fr.table, fr.row, INDICATOR_SPEC)
        if found is not None and wanted <= found.keys():
            return True
    return False


def indicator_roles(form: Form) -> set[str]:
    """Roles of the form's first indicator header (empty when it has none)."""
    for fr in form.rows:
        found = header_roles(fr.table, fr.row, INDICATOR_SPEC)
        if found is not None:
            return set(found)
    return set()


def document_title(doc: Document, forms: Sequence[Form]) -> str | None:
    """The document's title; else its first line naming a year (上海市普陀区2023年区级部门预算,
    which the generic title rule does not take); else the first form's title row."""
    if title := find_title(doc):
        return title
    pages = [line.page for line in doc.lines]
    if pages:
        first = min(pages)
        for line in doc.lines:
            if line.page == first and _YEAR.search(line.text) and len(line.text) >= 6:
                return line.text
    for form in forms:
        for fr in form.intro:
            own = fr.own()
            if own and own[0].text and not _YEAR.fullmatch(own[0].text.strip("（）()度 ")):
                return own[0].text
    return None


# ------------------------------------------------------------------ consistency checks


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last printed place: 94.81 → 0.005, 10 → 0.5."""
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(int(exponent) - 1) if isinstance(exponent, int) else Decimal(0)


def check_budget(lines: Sequence[BudgetLineData], where: str, page: int | None) -> list[Notice]:
    """执行率 = 全年执行数 / 全年预算数 within rounding, and 得分 ≤ 分值, per budget line.

    "Within rounding" allows for the printed rate's last digit and for the rounding of the
    two printed amounts, so that a correctly computed form never warns.
    """
    out: list[Notice] = []
    for line in lines:
        budget, executed, rate = line.full_year_budget_wan, line.executed_wan, line.execution_rate
        if budget and executed is not None and rate is not None:
            computed = executed * 100 / budget
            amounts = max(_half_unit(budget), _half_unit(executed))
            tolerance = _half_unit(rate) + 100 * amounts * (budget + executed) / (budget * budget)
            if abs(computed - rate) > tolerance:
                out.append(
                    Notice(
                        "execution_rate_mismatch",
                        f"{where} {line.label}: 执行率 printed {rate}% but 全年执行数/全年预算数 "
                        f"= {executed}/{budget} = {computed:.2f}%",
                        page,
                    )
                )
        if line.weight is not None and line.score is not None and line.score > line.weight:
            out.append(
                Notice(
                    "score_exceeds_weight",
                    f"{where} {line.label}: 得分 {line.score} exceeds 分值 {line.weight}",
                    page,
                )
            )
    return out


def check_scores(
    records: Sequence[RecordData],
    budget: Sequence[BudgetLineData],
    total_weight: Decimal | None,
    total_score: Decimal | None,
    where: str,
) -> list[Notice]:
    """得分 ≤ 分值 per indicator; 总分 = the budget line's 得分 + the indicators' 得分 (and the
    same for 分值). Violations are warnings: the form is still read as printed."""
    out: list[Notice] = []
    for r in records:
        if r.weight is not None and r.score is not None and r.score > r.weight:
            page = r.pages[0] if r.pages else None
            out.append(
                Notice(
                    "score_exceeds_weight",
                    f"{where} {r.indicator}: 得分 {r.score} exceeds 分值 {r.weight}",
                    page,
                )
            )
    page = records[-1].pages[-1] if records and records[-1].pages else None
    overall = [b for b in budget if b.item == "total"]  # sub-lines are parts of it
    for name, total, values in (
        ("得分", total_score, [b.score for b in overall] + [r.score for r in records]),
        ("分值", total_weight, [b.weight for b in overall] + [r.weight for r in records]),
    ):
        parts = [v for v in values if v is not None]
        if total is None or not parts:
            continue
        if sum(parts, Decimal(0)) != total:
            code = "total_score_mismatch" if name == "得分" else "total_weight_mismatch"
            out.append(
                Notice(
                    code,
                    f"{where}: 总分 {name} printed {total} but the {name} above add up to "
                    f"{sum(parts, Decimal(0))}",
                    page,
                )
            )
    return out


def parse_projects(
    doc: Document,
    layout_id: str,
    found: Sequence[Form],
    read_project: Callable[[Form, list[Notice]], ProjectData],
    check: Callable[[ProjectData, Indicators], list[Notice]] | None = None,
) -> ParsedReport:
    """The report of a PDF made of project forms: one project and its indicators per form.

    Shared by the project layouts so that they differ only in how a form's facts are read
    and which arithmetic is cross-checked.
    """
    title = document_title(doc, found)
    report = ParsedReport(layout=layout_id, title=title)
    for form in found:
        project = read_project(form, report.warnings)
        indicators = read_indicators(form, project.name or None, report.warnings)
        project.total_weight = indicators.total_weight
        project.total_score = indicators.total_score
        if check is not None:
            report.warnings += check(project, indicators)
        report.projects.append(project)
        report.records.extend(indicators.records)
    report.year = document_year(doc, title, found)
    departments = {p.department for p in report.projects if p.department}
    # The forms' own 主管部门 is more reliable than guessing from the title.
    report.department = departments.pop() if len(departments) == 1 else find_department(doc, title)
    return report
