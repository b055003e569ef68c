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
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..extract.model import Cell, Document, Notice, Table
from .amount import parse_number, split_amount, tidy, to_wan, unit_in

# Kept importable from here too (the money helpers lived in this module before amount.py).
from .amount import yuan_to_wan as yuan_to_wan
from .headers import header_key
from .layout import SectionSpec, header_roles, table_memo
from .meta import find_department, find_title
from .result import (
    BudgetLineData,
    FundData,
    ParsedReport,
    ProjectData,
    RecordData,
    source_cells,
)

SECTION = "performance_indicators"

# Indicator grid roles, in matching priority order (the first synonym contained wins, so
# 实际完成值 is tried before the 指标值 of 年度指标值).
INDICATOR_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("indicator", ("三级指标", "指标内容", "指标名称")),
    ("actual", ("实际完成值", "实际完成情况", "全年实际值", "实际值")),
    # Before target: 指标值类型 / 指标值内容 contain 指标值.
    ("nature", ("指标值类型", "指标性质", "绩效指标性质")),
    ("explanation", ("指标值内容", "指标解释", "指标说明")),
    ("unit", ("计量单位", "度量单位")),
    ("scoring_rule", ("评扣分标准", "评分标准", "扣分标准")),
    # A second target column (实施周期 beside 年度): kept in extra under its printed heading.
    ("period_target", ("实施周期指标值", "实施期指标值", "中期指标值")),
    ("target", ("年度指标值", "项目指标值", "指标值", "目标值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("deviation_reason", ("偏差原因", "未完成原因", "改进措施")),
)
INDICATOR_SPEC = SectionSpec(
    id=SECTION, roles=INDICATOR_ROLES, required=frozenset({"level1", "level2", "indicator"})
)

# Roles recognised only so that they do not take another role's column; their cells go to
# ``extra`` under the printed heading.
EXTRA_ROLES = frozenset({"period_target"})

TOTAL_LABELS = ("总分", "合计", "总计")
# Labels that open a form of any family (project or department): a table printing one
# before its indicator grid is another form, never the continuation of the open one.
FORM_LABELS = (
    "项目名称",
    "部门名称",
    "部门（单位）名称",
    "单位名称",
    "预算部门名称",
    "预算单位名称",
)

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

_YEAR = re.compile(r"(19\d{2}|20\d{2})\s*年")


def label_key(text: str) -> str:
    """Label wording without brackets, colons, whitespace and a leading 其中."""
    key = header_key(text)
    return key[2:] if key.startswith("其中") else key


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
        return sorted(self.table.own_cells(self.row), key=lambda c: c.column)

    def right_of(self, cell: Cell) -> Cell | None:
        """The cell just right of ``cell`` in this row (a label's value)."""
        return self.table.cell_at(self.row, cell.column + cell.colspan)

    def below(self, cell: Cell) -> Cell | None:
        """The cell just below ``cell`` in its first column (a heading's text)."""
        row = cell.row + cell.rowspan
        return self.table.cell_at(row, cell.column) if row < self.table.n_rows else None


@dataclass(slots=True)
class Form:
    """The rows of one form, across tables; ``intro`` holds its title rows and ``above`` the
    page lines printed just above its first table (a title such as XX项目绩效目标表)."""

    rows: list[FormRow] = field(default_factory=list)
    intro: list[FormRow] = field(default_factory=list)
    above: list[str] = field(default_factory=list)
    # Tables printed under the form's open indicator grid (on its last page or the next)
    # that neither continue it nor start a form: their rows are in no record (said, see
    # :func:`left_out_tables`).
    left_out: list[Table] = field(default_factory=list)

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
    return any(label_key(c.text) in keys for c in table.own_cells(row))


def _first_header_row(table: Table) -> int | None:
    """The table's first indicator header row, if any. Why the first only: finding every
    header row read every row of every table, and split_forms asks this of each table
    twice per layout (3 % of a warm conversion, most of it after the first header). Why
    remembered (:func:`~.layout.table_memo`): split_forms runs six times a document."""
    return table_memo("first_header_row", table, _scan_first_header_row)


def _scan_first_header_row(table: Table) -> int | None:
    rows = range(table.n_rows)
    return next((r for r in rows if header_roles(table, r, INDICATOR_SPEC) is not None), None)


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


def grid_header(form: Form) -> tuple[Table, int, dict[str, int]] | None:
    """The table, row and role columns of the form's last indicator header."""
    found = None
    for fr in form.rows:
        roles = header_roles(fr.table, fr.row, INDICATOR_SPEC)
        if roles is not None:
            found = (fr.table, fr.row, roles)
    return found


def position_map(header: Table, header_row: int, table: Table, row: int) -> dict[int, int]:
    """Header column → column of ``table`` printed under it (centre inside the header cell).

    A grid continued on the next page is often drawn as a new table whose columns differ
    (a merged 指标值 cell splits, an empty column disappears), so columns are matched by
    where they are printed rather than by index.
    """
    out: dict[int, int] = {}
    edges = table.column_edges
    for column in range(table.n_columns):
        cell = table.cell_at(row, column)
        if len(edges) > column + 1:
            centre = (edges[column] + edges[column + 1]) / 2
        elif cell is not None:
            centre = (cell.bbox[0] + cell.bbox[2]) / 2
        else:
            continue
        for head in header.row_cells(header_row):
            if head.column not in out and head.bbox[0] - 2 <= centre <= head.bbox[2] + 2:
                out[head.column] = column
                break
    return out


def aligned_columns(
    header: Table, header_row: int, roles: dict[str, int], table: Table, row: int
) -> dict[str, int] | None:
    """Role columns of a headerless piece of a grid, by position under the header; None
    when the levels and the indicator cannot all be placed."""
    placed = position_map(header, header_row, table, row)
    columns = {role: placed[col] for role, col in roles.items() if col in placed}
    return columns if INDICATOR_SPEC.required <= columns.keys() else None


def _continues(form: Form, table: Table) -> bool:
    """A table without a start label belongs to the open form when it repeats the indicator
    header, or is a headerless piece of the same grid (same columns, or columns printed
    under the header's), on the page after the form's last one."""
    if _first_header_row(table) is not None:
        return True
    if not form.rows or not _form_open(form):
        return False
    if table.pages[0] > max(form.pages) + 1:
        return False
    header = grid_header(form)
    if header is None:
        return False
    head_table, head_row, roles = header
    if head_table.n_columns == table.n_columns:
        return True
    return aligned_columns(head_table, head_row, roles, table, 0) is not None


def _under_open_grid(form: Form, table: Table) -> bool:
    """Whether a table no form takes was printed where the form's indicator grid could go
    on: the grid started and not closed by 总分, the table on its last page or the next, with
    text. Its rows then are most likely indicator rows whose columns could not be placed
    under the grid's header (the borderless scan's last rows, cut off as a table of their
    own by a misread header), and are in no record."""
    if not form.rows or not _form_open(form) or table.pages[0] > max(form.pages) + 1:
        return False
    return any(c.text.strip() for c in table.cells)


def left_out_tables(form: Form, name: str | None) -> list[Notice]:
    """One ``table_not_read`` warning per table under the form's open grid that no form
    took (:func:`_under_open_grid`), quoting its first row: rows lost to the records are
    said, never silently dropped (they stay in the output's tables). ``name``: the form's
    project or department, as the message names it. Every form layout asks (the project
    forms and the department 自评表)."""
    out = []
    for table in form.left_out:
        row = next(r for r in range(table.n_rows) if any(c.text for c in table.own_cells(r)))
        cells = sorted(table.own_cells(row), key=lambda c: c.column)
        first = " | ".join(c.text for c in cells if c.text)
        out.append(
            Notice(
                "table_not_read",
                f"a table of {table.n_rows} rows under the indicator grid of "
                f"{name or 'an unnamed form'}, first row 「{first}」, continues neither "
                "the grid (its columns do not line up under the grid's header) nor starts a "
                "form: its rows are in the output's tables but in no record; check the page",
                table.pages[0],
                origin=(table, row),
            )
        )
    return out


def _head_row(table: Table, keys: frozenset[str]) -> int | None:
    """Row 0 when the table opens with a form's head (its money block, its goal) before its
    indicator header: a form that prints no 项目名称 and is named by its title."""
    return 0 if keys and _own_head(table, keys) else None


def _form_label_row(table: Table, row: int, keys: frozenset[str]) -> bool:
    """Does ``row`` hold a form's start label? Not when the label heads a column: when it
    stands in (or spans down to) an indicator header row (项目名称 | … | 一级指标, or 单位名称
    over a two-row header, in a column-form table)."""
    for cell in table.own_cells(row):
        if label_key(cell.text) not in keys:
            continue
        spanned = range(row, row + cell.rowspan)
        if all(header_roles(table, r, INDICATOR_SPEC) is None for r in spanned):
            return True
    return False


def _own_head(table: Table, keys: frozenset[str]) -> bool:
    """Does the table print a head (money block) before its first indicator header?"""
    first = _first_header_row(table)
    return first is not None and any(_has_label(table, r, keys) for r in range(first))


def _lines_above(doc: Document, table: Table) -> list[str]:
    """Page lines between the previous table on the page (or the page top) and ``table``."""
    page, top = table.pages[0], table.bbox[1]
    floor = 0.0
    for other in doc.tables:
        if other is table:
            continue
        # The lowest cell bottom above the table: the last one not below top + 1.
        bottoms = table_memo("cell_bottoms", other, _cell_bottoms).get(page)
        if bottoms and (end := bisect_right(bottoms, top + 1)):
            floor = max(floor, bottoms[end - 1])
    return [
        line.text
        for line in doc.lines
        if line.page == page and floor - 1 <= line.bbox[1] and line.bbox[3] <= top + 1
    ]


def _cell_bottoms(table: Table) -> dict[int, list[float]]:
    """The bottoms of the table's cells on each page, sorted (NaN, never above a table,
    left out). Remembered for the parse (:func:`~.layout.table_memo`): each split into
    forms asks the lines above a form's first table, which read every cell of every table
    of the document for each (0.6 s of the samples and real PDFs under cProfile)."""
    out: dict[int, list[float]] = {}
    for cell in table.cells:
        if cell.bottom == cell.bottom:
            out.setdefault(cell.page, []).append(cell.bottom)
    for bottoms in out.values():
        bottoms.sort()
    return out


def split_forms(
    doc: Document, start_labels: Sequence[str], head_labels: Sequence[str] = ()
) -> list[Form]:
    """Cut the document's tables into forms, each starting at a start-label row, or at the
    top of a table that opens with one of ``head_labels`` (the form names itself only in
    its title)."""
    keys = frozenset(label_key(s) for s in start_labels)
    heads = frozenset(label_key(s) for s in head_labels)
    others = heads | {label_key(s) for s in FORM_LABELS}
    forms: list[Form] = []
    current: Form | None = None
    for table in doc.tables:
        starts = [r for r in range(table.n_rows) if _form_label_row(table, r, keys)]
        if not starts and (head := _head_row(table, heads)) is not None:
            titled = Form(intro=[FormRow(table, r) for r in range(head)])
            titled.above = _lines_above(doc, table)
            if form_title_name(titled) is not None:
                starts = [head]
        first = starts[0] if starts else table.n_rows
        pre = [FormRow(table, r) for r in range(first)]
        titles_only = bool(starts) and all(_title_row(fr) for fr in pre)
        if _own_head(table, others):
            current = None  # a table with its own head (name, money block) is another form
        if current is not None and not titles_only and _continues(current, table):
            current.rows.extend(pre)
            intro: list[FormRow] = []
        else:
            if current is not None and not starts and _under_open_grid(current, table):
                current.left_out.append(table)
            intro = pre
            current = None
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else table.n_rows
            current = Form(
                rows=[FormRow(table, r) for r in range(start, end)],
                intro=intro if index == 0 else [],
                above=_lines_above(doc, table) if index == 0 and start == 0 else [],
            )
            forms.append(current)
    return forms


_TITLE_SUFFIX = re.compile(r"(?:项目)?(?:支出)?绩效目标(?:申报|填报)?表$")


def form_title_name(form: Form) -> str | None:
    """The project named by the form's title: 市级机关保留公务用车委托管理费项目绩效目标表 →
    市级机关保留公务用车委托管理费 (for forms that print no 项目名称)."""
    candidates = [" ".join(cell.text for cell in fr.own()) for fr in form.intro]
    # A title wrapped over two lines is joined; a line that holds 表 is a heading or a
    # title of its own (（二）绩效目标表及说明 above 市行政中心保安服务项目绩效目标表).
    if len(form.above) >= 2 and "表" not in form.above[-2]:
        candidates.append("".join(form.above[-2:]))
    candidates.append(form.above[-1] if form.above else "")
    for text in candidates:
        text = re.sub(r"\s+", "", text)
        if _TITLE_SUFFIX.search(text):
            name = _TITLE_SUFFIX.sub("", text)
            if name:
                return name
    return None


def read_labels(
    form: Form,
    fields: dict[str, tuple[str, ...]],
    *,
    below: bool = False,
    cells: dict[str, list[Cell]] | None = None,
) -> dict[str, str | None]:
    """Value of each field, first occurrence: the cell right of its label; with ``below``,
    the cell below when the label has no value on its right (项目总目标 beside 年度总体目标,
    texts under both). A label spanning rows with only labels right of it groups them
    (总体目标 over 实施期总目标 | 年度总目标) and has no value of its own. ``cells`` collects
    the value cell of each field read, for provenance."""
    lookup = {label_key(s): name for name, synonyms in fields.items() for s in synonyms}
    values: dict[str, str | None] = {}
    for fr in form.rows:
        for cell in fr.own():
            name = lookup.get(label_key(cell.text))
            if name is None or name in values:
                continue
            value = fr.right_of(cell)
            beside = value is not None and value is not cell and bool(value.text)
            if below and (not beside or (value and label_key(value.text) in lookup)):
                if cell.rowspan > 1:
                    continue
                value = fr.below(cell)
                if value is not None and label_key(value.text) in lookup:
                    continue
            if value is None or value is cell:
                continue
            values[name] = value.text or None
            if cells is not None and value.text:
                cells[name] = [value]
    return values


def other_labels(
    form: Form,
    known: Iterable[str],
    read: Iterable[str | None],
    cells: dict[str, list[Cell]] | None = None,
) -> dict[str, str]:
    """Label-value pairs of the form's head (above its indicator grid) that no field reads,
    e.g. 实施期限 | 1年: kept as printed so that no printed cell is lost. ``known`` are the
    labels fields read, ``read`` the texts they took (goal texts read below their label);
    ``cells`` collects each value's cell as ``extra.<label>``."""
    keys = {label_key(s) for s in known}
    taken = {text for text in read if text}
    consumed: list[Cell] = []
    out: dict[str, str] = {}
    for fr in form.rows:
        if header_roles(fr.table, fr.row, INDICATOR_SPEC) is not None:
            break
        if _title_row(fr):
            continue
        for cell in fr.own():
            value = fr.right_of(cell)
            if value is None or value is cell or any(cell is c for c in consumed):
                continue
            key = label_key(cell.text)
            if key in keys:
                consumed.append(value)
                continue
            if not key or parse_number(cell.text) is not None or not value.text:
                continue
            if cell.text in taken:
                continue
            if label_key(value.text) in keys:
                continue  # a block label over labelled lines (专项资金情况 | 资金总额)
            if cell.text not in out:
                out[cell.text] = value.text
                if cells is not None:
                    cells[f"extra.{cell.text}"] = [value]
            consumed.append(value)
    return out


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


# Words of a label that heads money: its bracketed unit is the unit of the amounts it holds.
MONEY_WORDS = ("资金", "金额", "预算", "执行数", "经费", "拨款", "总额")


def form_unit(form: Form) -> str | None:
    """The unit the form prints for its money: in a money label (项目资金（元）, 专项资金情况
    （万元）, 全年预算数（万元）), a 单位：万元 cell, or a line just above the form's table.
    None when the form prints none: callers warn rather than assume a unit."""
    texts = list(form.texts())
    for text in texts:
        if any(word in text for word in MONEY_WORDS) and (unit := unit_in(text)):
            return unit
    for text in [*texts, *reversed(form.above)]:
        if "单位" in text and (unit := unit_in(text)):
            return unit
    return None


def unit_missing(where: str, page: int | None) -> Notice:
    """The warning for amounts printed without a unit: kept as printed, not converted."""
    return Notice(
        "amount_unit_missing",
        f"{where}: the form prints no money unit (no （万元）/（元） label, no 单位：); "
        "amounts are kept as printed and not converted to 万元",
        page,
    )


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
        # Row labels stand left of the amounts; a sub-heading under 全年预算数 (总额 | 财政拨款)
        # is not a budget line.
        left = min(columns.values())
        label = next((c for c in fr.own() if label_key(c.text) in lookup and c.column < left), None)
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
            if value is not None and unit is not None and role.endswith("_wan"):
                value = to_wan(value, unit)
            setattr(line, role, value)
        lines.append(line)
    return lines


_BUDGET_AMOUNTS = ("initial_budget_wan", "full_year_budget_wan", "executed_wan")


def budget_funds(lines: Sequence[BudgetLineData], unit: str) -> list[FundData]:
    """Every amount the budget block prints, as fund lines labelled by their row
    (年度资金总额, 其中：当年财政拨款) and keyed ``<line>.<column>`` (total.full_year_budget),
    in column order; 元 also kept as printed. ``unit`` is the one the form prints (its
    caller assumes the template's 万元 with a warning when the form prints none)."""
    funds: list[FundData] = []
    for line in lines:
        for role in _BUDGET_AMOUNTS:
            wan = getattr(line, role)
            if wan is None:
                continue
            yuan = tidy(wan.scaleb(4)) if unit == "元" else None
            printed = yuan if yuan is not None else wan
            item = f"{line.item}.{role.removesuffix('_wan')}"
            funds.append(FundData(item, line.label, yuan, wan, printed, unit))
    return funds


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


def _extra_headers(table: Table, row: int, roles: dict[str, int]) -> dict[int, str]:
    """Header text of the printed columns no role claims, so their cells are kept too; a
    column printed without a heading (a 绩效指标 block label column) is keyed by ""."""
    claimed = {column for role, column in roles.items() if role not in EXTRA_ROLES}
    out: dict[int, str] = {}
    for cell in table.row_cells(row):
        if cell.row + cell.rowspan - 1 != row or cell.column in claimed:
            continue  # a block label spanning the body rows, or a claimed column
        out[cell.column] = cell.text
    return out


def read_indicators(
    form: Form, project: str | None, warnings: list[Notice], layout: str | None = None
) -> Indicators:
    """Records of the indicator grid; merged 一级/二级 cells cover every row they span, and a
    blank unmerged one (a merged cell cut by a page break, a borderless table) takes the
    value above with a ``value_forward_filled`` warning. A headerless table continuing the
    grid on the next page is read through the header's columns (by position when its
    columns differ); printed columns no role claims go to ``extra``."""
    out = Indicators()
    header: tuple[Table, int, dict[str, int]] | None = None
    columns: dict[str, int] | None = None
    extras: dict[int, str] = {}
    table: Table | None = None
    previous: Cell | None = None
    previous_cells: dict[str, Cell | None] = {}
    last: dict[str, Cell | None] = {}  # the cell each level was last read from
    for fr in form.rows:
        roles = header_roles(fr.table, fr.row, INDICATOR_SPEC)
        if roles is not None:
            header, columns, table = (fr.table, fr.row, roles), roles, fr.table
            extras = _extra_headers(fr.table, fr.row, roles)
            continue
        if header is None:
            continue
        if fr.table is not table:
            head_table, head_row, head_roles = header
            table = fr.table
            head_extras = _extra_headers(head_table, head_row, head_roles)
            if fr.table.n_columns == head_table.n_columns:
                columns, extras = head_roles, head_extras
            else:
                columns = aligned_columns(head_table, head_row, head_roles, fr.table, fr.row)
                placed = position_map(head_table, head_row, fr.table, fr.row)
                extras = {placed[c]: h for c, h in head_extras.items() if c in placed}
        if columns is None:
            continue
        total = _total(fr, columns)
        if total is not None:
            out.total_weight, out.total_score = total
            columns, header = None, None
            continue
        cells = {
            role: fr.table.cell_at(fr.row, col)
            for role, col in columns.items()
            if role not in EXTRA_ROLES
        }
        indicator = cells.get("indicator")
        if indicator is None:
            continue
        # Under an indicator merged over several rows, a row is a record of its own only
        # when it prints its own target, actual or score; else it is a grid line inside
        # merged cells.
        if indicator is previous and not _own_values(cells, previous_cells):
            continue
        text = {role: (c.text or None) if c is not None else None for role, c in cells.items()}
        if not any(text.get(r) for r in ("indicator", "target", "actual", "score")):
            continue
        previous, previous_cells = indicator, cells
        for role in ("level1", "level2"):
            above = last.get(role)
            if text.get(role) is None and above is not None and cells.get(role) is not None:
                text[role], cells[role] = above.text, above
                warnings.append(
                    Notice(
                        "value_forward_filled",
                        f"blank {role} cell filled from the row above: {above.text}",
                        fr.page,
                        origin=(fr.table, fr.row),
                    )
                )
            last[role] = cells.get(role) if text.get(role) else None
        extra: dict[str, str] = {}
        for column, heading in extras.items():
            cell = fr.table.cell_at(fr.row, column)
            if cell is not None and cell.text and all(cell is not c for c in cells.values()):
                extra[heading] = cell.text
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
                nature=text.get("nature"),
                unit=text.get("unit"),
                explanation=text.get("explanation"),
                scoring_rule=text.get("scoring_rule"),
                extra=extra,
                layout=layout,
                cells=source_cells(cells),
                origin=(fr.table, fr.row),
            )
        )
    return out


def _own_values(cells: dict[str, Cell | None], above: dict[str, Cell | None]) -> bool:
    """Does the row print a target, actual or score in a cell of its own (not one merged
    with the row above)?"""
    return any(
        (cell := cells.get(role)) is not None and cell.text and cell is not above.get(role)
        for role in ("target", "actual", "score")
    )


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
    same for 分值), or the indicators' alone: forms of one report total either way (Xi'an's
    p73 prints 100 = 10 + 90, its p70 90 = the grid's 90 under a budget line worth 10).
    Violations are warnings: the form is still read as printed."""
    out: list[Notice] = []
    for r in records:
        if r.weight is not None and r.score is not None and r.score > r.weight:
            page = r.pages[0] if r.pages else None
            out.append(
                Notice(
                    "score_exceeds_weight",
                    f"{where} {r.indicator}: 得分 {r.score} exceeds 分值 {r.weight}",
                    page,
                    origin=r.origin,
                )
            )
    page = records[-1].pages[-1] if records and records[-1].pages else None
    overall = [b for b in budget if b.item == "total"]  # sub-lines are parts of it
    for name, total, lines, rows in (
        ("得分", total_score, [b.score for b in overall], [r.score for r in records]),
        ("分值", total_weight, [b.weight for b in overall], [r.weight for r in records]),
    ):
        printed = [v for v in rows if v is not None]
        grid = sum(printed, Decimal(0))
        whole = grid + sum((v for v in lines if v is not None), Decimal(0))
        # The grid's sum alone counts only where the grid prints some (0 is no total of it).
        sums = {whole, grid} if printed else {whole}
        if total is None or not (printed or any(v is not None for v in lines)) or total in sums:
            continue
        code = "total_score_mismatch" if name == "得分" else "total_weight_mismatch"
        out.append(
            Notice(
                code,
                f"{where}: 总分 {name} printed {total} but the {name} above add up to {whole}",
                page,
            )
        )
    return out


def _unseen_starts(form: Form, name: str | None) -> list[Notice]:
    """A form holding a second budget block holds a form whose start was not recognised
    (its 项目名称 label read fused with the name, as OCR once did on a borderless scan):
    the records below it carry this form's project. Said, since the name is then wrong."""
    heads = [fr for fr in form.rows if header_roles(fr.table, fr.row, BUDGET_SPEC) is not None]
    return [
        Notice(
            "form_start_missing",
            f"a second budget block (年初预算数 …) in the form of {name or 'an unnamed project'}: "
            "another form starts here without a recognised 项目名称 row, so the indicators "
            "below it are given this form's project; check the page",
            fr.page,
        )
        for fr in heads[1:]
    ]


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
        report.warnings += _unseen_starts(form, project.name)
        report.warnings += left_out_tables(form, project.name)
        indicators = read_indicators(form, project.name or None, report.warnings, layout_id)
        project.total_weight = indicators.total_weight
        project.total_score = indicators.total_score
        if check is not None:
            report.warnings += check(project, indicators)
        report.projects.append(project)
        report.records.extend(indicators.records)
    report.year = document_year(doc, title, found)
    departments = {p.department for p in report.projects if p.department}
    # The forms' own 主管部门 is more reliable than guessing from the title.
    if len(departments) == 1:
        report.department = departments.pop()
    else:
        report.department = find_department(doc, title, cells=not departments)
    return report
