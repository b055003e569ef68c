"""Indicator tables in column form, whoever printed them: one record per indicator row.

Budgets print their 绩效目标表 as ordinary column tables far more often than as one form per
project: 项目名称 | 项目总额 | 其中：财政资金 | … | 绩效目标 | 一级指标 | 二级指标 | 三级指标 |
绩效指标性质 | 本年绩效指标值 | 绩效度量单位 (Beijing 预算表12), the same with 指标值内容 /
评（扣）分标准 / 指标值类型 (Changsha), 指标名称 / 指标性质 / 指标值 / 计量单位 / 指标权重
(Chongqing), a department's grid under a few label rows (Guangzhou 申报表, Beijing 预算表13) …
They differ in wording, not in structure, so this module has no per-province code: a header
row is found by the roles its cells name (:mod:`.synonyms`), every body row is read through
the cells covering those columns (a merged project cell gives every row it spans the same
project), and whatever column has no role is kept under its printed header in ``extra``.

The layout id says what the header showed: ``project_indicator_table`` (a project column or a
项目名称 label above the grid), ``dept_indicator_table`` (a department instead),
``indicator_text`` (all of a project's indicators written in one running-text cell) and
``indicator_table`` for any other table with an indicator and a value column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract.model import Cell, Document, Notice, Table
from .amount import parse_number, split_amount, tidy, to_wan, unit_in
from .column_headers import (
    LAYOUT_GENERIC,
    LAYOUT_TEXT,
    Header,
    find_headers,
    label_context,
    side_label,
)
from .headers import Roles, header_key, match_role
from .layout import forget_tables
from .result import FundData, ParsedReport, ProjectData, RecordData, source_cells
from .running_text import is_running_text, running_items
from .sheet_strips import join_levels, join_strips, sheet_labels
from .synonyms import LEVEL1_NAMES, PROJECT_ROLES, RECORD_FIELDS

SECTION = "performance_indicators"

_CODE_NAME = re.compile(r"^(?P<code>[0-9A-Z]{6,})\s*[-－—]\s*(?P<name>\S.*)$", re.S)
_LEVELS = re.compile(
    "^(?P<level1>" + "|".join(LEVEL1_NAMES) + r")(?P<level2>\S{1,10}?指标)(?P<rest>\S.*)$", re.S
)
_RECORD_COLUMNS = frozenset({*RECORD_FIELDS, "indicator", "indicator_group", "target", "weight"})


# ------------------------------------------------------------------ reading


@dataclass(slots=True)
class _Project:
    data: ProjectData
    cell: Cell | None
    goal_cells: list[Cell] = field(default_factory=list)
    records: list[RecordData] = field(default_factory=list)


@dataclass(slots=True)
class _State:
    doc: Document
    roles: Roles
    report: ParsedReport
    header: Header | None = None  # the header the last table was read with
    base: Header | None = None  # the last header printed in full (continuations shift it)
    project: _Project | None = None
    projects: list[_Project] = field(default_factory=list)
    previous_indicator: Cell | None = None
    layouts: dict[int, str] = field(default_factory=dict)  # id(record) → layout
    recovered: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (table, column)
    split_tables: set[int] = field(default_factory=set)  # tables whose level cells were split

    def warn(self, code: str, message: str, page: int | None) -> None:
        self.report.warnings.append(Notice(code, message, page))


def _continuation(state: _State, table: Table) -> Header | None:
    """The previous page's header for a table that has none of its own: same columns, or
    the same columns without the leading project ones (the project cell left on the page
    before). Only for the page right after, and when the first row reads like a grid row."""
    last, base = state.header, state.base
    if last is None or base is None or table.n_rows == 0:
        return None
    if table.pages[0] > last.table.pages[-1] + 1:
        return None
    offset = base.table.n_columns - table.n_columns
    if offset < 0:
        return None
    columns = {role: c - offset for role, c in base.columns.items() if c - offset >= 0}
    indicator = columns.get("indicator", columns.get("indicator_group"))
    if indicator is None or (offset and "level1" not in columns):
        return None
    if "level1" in columns:
        first = table.cell_at(0, columns["level1"])
        if first is None or not header_key(first.text).endswith("指标"):
            return None
    printed = {c - offset: t for c, t in base.printed.items() if c - offset >= 0}
    return Header(
        table=table,
        row=-1,
        columns=columns,
        printed=printed,
        context=base.context,
        unit=base.unit,
        inherited=True,
        repeated=True,
        family=base.layout,
    )


def _complete(state: _State, header: Header) -> Header:
    """A header repeated on the next page continues the table: it keeps the unit printed
    above the first page and the first page's wording and columns, even when text clipped
    from the rows it interrupts was drawn over its cells (Beijing 预算表12: 项目名称 read as
    5703-统计人员岗位知识培项训目名称). It is taken for a repeat when it has the same number
    of columns and at least two thirds of the previous header's roles in the same columns."""
    last = state.header
    if last is None or last.table.n_columns != header.table.n_columns:
        return header
    if header.table.pages[0] > last.table.pages[-1] + 1:
        return header
    same = [role for role, column in last.columns.items() if header.columns.get(role) == column]
    if 3 * len(same) < 2 * len(last.columns):
        return header
    header.repeated = True
    differ = sorted(set(last.columns.items()) ^ set(header.columns.items()))
    header.columns = dict(last.columns)
    header.printed = dict(last.printed)
    header.unit = header.unit or last.unit
    if differ:
        header.inherited = True
        state.warn(
            "header_inherited",
            "header cells overprinted or unreadable ("
            + ", ".join(sorted({role for role, _ in differ}))
            + "); columns taken from the previous page's header",
            header.table.pages[0],
        )
    return header


def read_tables(
    doc: Document, tables: Iterable[Table], roles: Roles, report: ParsedReport
) -> dict[int, str]:
    """Records (and projects) of every indicator table among ``tables`` into ``report``;
    returns the layout id of each record, keyed by ``id(record)``."""
    try:
        return _read_tables(doc, tables, roles, report)
    finally:
        forget_tables()  # the parse's last step: see layout.table_memo


def _read_tables(
    doc: Document, tables: Iterable[Table], roles: Roles, report: ParsedReport
) -> dict[int, str]:
    state = _State(doc=doc, roles=roles, report=report)
    for table in tables:
        headers = find_headers(doc, table, roles)
        if not headers:
            header = _continuation(state, table)
            if header is None:
                state.header = state.base = None
                continue
            full = state.base.columns if state.base is not None else {}
            lost = sorted(full.keys() - header.columns.keys())
            header.lost = tuple(lost)
            if {"project", "code"} & set(lost):
                _spanning_project(state, header)
            state.warn(
                "header_inherited",
                "table without a header read with the previous page's columns"
                + (f"; its {', '.join(lost)} columns were not found as cells" if lost else ""),
                table.pages[0],
            )
            headers = [header]
        for index, header in enumerate(headers):
            header = _complete(state, header)
            from_strips = index == 0 and _strip_context(state, header)
            if index == 0 and header.context.get("project"):
                state.project = None  # a new form-like block: its own project
            state.header = header
            if header.row >= 0:
                state.base = header
            end = headers[index + 1].top if index + 1 < len(headers) else table.n_rows
            before = len(report.records)
            _read_body(state, header, header.row + 1, end)
            rows = report.records[before:]
            body = range(header.row + 1, end)
            joined: list[Notice] = []
            if (header.layout == LAYOUT_GENERIC or from_strips) and not header.inherited:
                joined = join_levels(doc, table, rows, roles)
                if from_strips and state.project is not None and not state.project.data.annual_goal:
                    # the 年度目标 the level strip prints is the sheet's, so its project's
                    state.project.data.annual_goal = next((r.goal for r in rows if r.goal), None)
            if header.row >= 0 and not joined:
                joined = join_strips(doc, table, body, rows, roles, before=True)
            if header.row >= 0:
                joined += join_strips(doc, table, body, rows, roles)
            report.warnings += joined
    _finish(state)
    return state.layouts


def _strip_context(state: _State, header: Header) -> bool:
    """A header with no label rows of its own takes those of the sheet it is a strip of:
    label rows above it on its page, joined by row height with the strips printed beside
    them (the label on one page, its value on another), said in a warning."""
    if header.context or header.row < 0 or header.repeated:
        return False
    found = sheet_labels(state.doc, header.table, header.top)
    if found is None:
        return False
    block, pages = found
    context, funds = label_context(block, block.n_rows, state.roles)
    if "project" not in context:
        return False
    header.context, header.context_funds = context, funds
    state.warn(
        "labels_joined_by_row_position",
        f"label rows printed on pages {', '.join(map(str, pages))} (strips of the same sheet, "
        f"rows at the same heights) joined: project {context['project'][:30]}",
        header.table.pages[0],
    )
    return True


def _cell(table: Table, row: int, column: int | None) -> Cell | None:
    return table.cell_at(row, column) if column is not None and column >= 0 else None


def _row_top(table: Table, row: int) -> float | None:
    tops = [c.bbox[1] for c in table.own_cells(row)]
    return min(tops) if tops else None


def _recover(state: _State, table: Table, row: int, column: int) -> Cell | None:
    """A cell the ruling analysis lost: a merged cell left open at the foot of the page (its
    bottom rule is on the next page). Its lines are outside every table, between its first
    row's top and the table's bottom on that page (or the column's next cell), in that
    column. The cell is made once, so the rows it spans share it."""
    key = (id(table), column)
    known = state.recovered.get(key)
    page_of_row = table.row_pages[row] if row < len(table.row_pages) else None
    if known is not None and known.row <= row and known.page == page_of_row:
        return known
    if column + 1 >= len(table.column_edges) or row >= len(table.row_pages):
        return None
    page = table.row_pages[row]
    top = _row_top(table, row)
    if top is None:
        return None
    x0, x1 = table.column_edges[column], table.column_edges[column + 1]
    bottom = max(c.bbox[3] for c in table.cells if c.page == page and c.end_page is None)
    below = [
        c.bbox[1]
        for c in table.cells
        if c.column <= column < c.column + c.colspan and c.row > row and c.page == page
    ]
    bottom = min([bottom, *below])  # the lost cell ends where the column's next cell starts
    text = _lines_in(state, page, x0, x1, top, bottom)
    cell = Cell(
        row=row,
        column=column,
        rowspan=table.n_rows - row,
        colspan=1,
        text=text,
        page=page,
        bbox=(x0, top, x1, bottom),
    )
    state.recovered[key] = cell
    if text:
        state.warn(
            "cell_text_recovered",
            f"cell open at the page foot read from the text in its column: {text[:30]}",
            page,
        )
    return cell


def _text(state: _State, header: Header, row: int, role: str) -> tuple[Cell | None, str | None]:
    column = header.columns.get(role)
    cell = _cell(header.table, row, column)
    if cell is not None and column is not None:
        state.recovered.pop((id(header.table), column), None)  # a real cell ends the run
    elif column is not None and (role in PROJECT_ROLES or role.startswith("fund.")):
        cell = _recover(state, header.table, row, column)
    return cell, (cell.text or None) if cell is not None else None


def _own_pages(table: Table, row: int) -> list[int]:
    pages = {table.row_pages[row]} if row < len(table.row_pages) else {table.pages[0]}
    for cell in table.own_cells(row):
        if cell.rowspan == 1:
            pages.update(range(cell.page, (cell.end_page or cell.page) + 1))
    return sorted(pages)


def _read_body(state: _State, header: Header, start: int, end: int) -> None:
    table = header.table
    ind_col = header.indicator_column
    for row in range(max(start, 0), end):
        own = table.own_cells(row)
        if len(own) == 1 and own[0].colspan >= table.n_columns - 1:
            continue  # one cell across: a title or note line, not a grid row
        indicator = _cell(table, row, ind_col)
        if indicator is not None and indicator is state.previous_indicator:
            continue  # a grid line inside a merged indicator cell
        target_cell = _cell(table, row, header.columns.get("target"))
        if not (indicator and indicator.text) and not (target_cell and target_cell.text):
            continue  # totals and subtotal lines (合计, the unit's own line) have no indicator
        state.previous_indicator = indicator
        project = _project_for(state, header, row)
        running = indicator is not None and is_running_text(indicator.text)
        items = running_items(indicator.text) if running and indicator else [None]
        for item in items:
            record = _record(state, header, row, project, item)
            state.report.records.append(record)
            state.layouts[id(record)] = LAYOUT_TEXT if running else header.layout
            if project is not None:
                project.records.append(record)


def _project_for(state: _State, header: Header, row: int) -> _Project | None:
    table = header.table
    if {"project", "code"} & set(header.lost):
        if state.project is not None:
            _extend(state.project, table, row)
        return state.project
    if "project" not in header.columns and "code" not in header.columns:
        name = header.context.get("project")
        if name is None:
            return None
        current = state.project
        if current is None or current.data.name != name or current.cell is not None:
            code = header.context.get("code")
            state.project = _new_project(state, header, row, name, code, None)
            state.project.data.annual_goal = header.context.get("goal")
        return state.project
    cell, text = _text(state, header, row, "project")
    code_cell, code = _text(state, header, row, "code")
    key = cell if cell is not None else code_cell
    current = state.project
    first_row = (header.repeated and row == header.row + 1) or (
        0 < row < len(table.row_pages) and table.row_pages[row] != table.row_pages[row - 1]
    )
    if current is not None and key is not None and key is current.cell:
        _extend(current, table, row)
        if first_row:  # the project cell goes on over the page break; its goal may restart
            _join_goal(state, header, row, current)
        return current
    if first_row and current is not None and not current.data.name and (text or code):
        # The open cell's name is printed on this page, where its merged cell goes on.
        name = text or ""
        if code is None and (match := _CODE_NAME.match(name)):
            code = match["code"]
        current.data.name, current.data.code = name, current.data.code or code
        if not any(f.wan is not None or f.yuan is not None for f in current.data.funds):
            _new_funds(state, header, row, current.data)
        return _name_goes_on(
            state,
            header,
            row,
            current,
            key,
            f"project name printed on the next page of its merged cell: {name[:30]}",
        )
    if not first_row and key is not None and not (text or code):
        # A new merged cell whose text is printed further down, on the next page.
        state.project = _new_project(state, header, row, "", None, key)
        return state.project
    if first_row and current is not None and text and not code and _continues_name(current, text):
        # The project cell split by the page break: its name goes on at the top of the page.
        current.data.name += text
        return _name_goes_on(
            state,
            header,
            row,
            current,
            key,
            f"project name continued on the next page joined: {current.data.name[:30]}",
        )
    if text or code:
        state.project = _new_project(state, header, row, text or "", code, key)
        return state.project
    if current is not None:
        state.warn(
            "value_forward_filled",
            f"blank project cell filled from the row above: {current.data.name[:30]}",
            _own_pages(table, row)[0],
        )
        current.cell = key
        _extend(current, table, row)
        _join_goal(state, header, row, current)
        return current
    return None


def _lines_in(state: _State, page: int, x0: float, x1: float, top: float, bottom: float) -> str:
    """Text lines outside every table whose centre lies in the box, top to bottom."""
    lines = [
        line
        for line in state.doc.lines
        if line.page == page
        and x0 - 1 <= (line.bbox[0] + line.bbox[2]) / 2 <= x1 + 1
        and top - 1 <= (line.bbox[1] + line.bbox[3]) / 2 <= bottom + 1
    ]
    return "".join(line.text for line in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])))


def _spanning_project(state: _State, header: Header) -> None:
    """A page whose project columns no rule crosses: one merged project cell spans the whole
    page, the one left open at the foot of the page before. Its rows keep that project;
    text printed in those columns here (a name is centred in its cell, so it can fall on a
    later page than the cell's first rows) names it when it had no name yet."""
    table, base = header.table, state.base
    if base is None:
        return
    edges = base.table.column_edges
    texts: dict[str, str | None] = {}
    for role in header.lost:
        column = base.columns[role]
        if column + 1 < len(edges):
            found = _lines_in(
                state, table.pages[0], edges[column], edges[column + 1], 0.0, table.bbox[3]
            )
            texts[role] = found or None
    current = state.project
    name, code = texts.get("project"), texts.get("code")
    if name and code is None and (match := _CODE_NAME.match(name)):
        code = match["code"]
    if current is None or (current.data.name and name):
        if name:  # a project whose name is all this page shows of it
            data = ProjectData(name=name, code=code, annual_goal=texts.get("goal"))
            _set_funds(state, base, texts, table.pages[0], data)
            current = _Project(data=data, cell=None)
            state.projects.append(current)
            state.report.projects.append(data)
            state.project = current
        return
    if name:
        current.data.name, current.data.code = name, current.data.code or code
        if not any(f.wan is not None or f.yuan is not None for f in current.data.funds):
            _set_funds(state, base, texts, table.pages[0], current.data)
        state.warn(
            "cell_text_recovered",
            f"project name printed on a later page of its merged cell: {name[:30]}",
            table.pages[0],
        )
    state.warn(
        "value_forward_filled",
        "no project cell on this page (a merged cell across the page): rows kept "
        f"with the project above: {current.data.name[:30] or '(name not printed)'}",
        table.pages[0],
    )


def _name_goes_on(
    state: _State, header: Header, row: int, project: _Project, key: Cell | None, message: str
) -> _Project:
    """The project's name (or its rest) printed at the top of the next page: that cell is
    now the project's, its goal may go on too, and the join is said in a warning."""
    project.cell = key
    if key is not None:
        project.data.cells.setdefault("name", []).append(key)
    _extend(project, header.table, row)
    _join_goal(state, header, row, project)
    state.warn("cell_rejoined", message, _own_pages(header.table, row)[0])
    return project


def _continues_name(project: _Project, text: str) -> bool:
    """Text at the top of a page continues the previous project's name when that project
    printed a code before its name and this text has none (every project of the table
    starts with one)."""
    return project.data.code is not None and _CODE_NAME.match(text) is None


def _join_goal(state: _State, header: Header, row: int, project: _Project) -> None:
    goal_cell, goal = _text(state, header, row, "goal")
    if goal and goal_cell is not None and all(goal_cell is not c for c in project.goal_cells):
        project.goal_cells.append(goal_cell)
        project.data.cells["annual_goal"] = project.goal_cells
        project.data.annual_goal = (project.data.annual_goal or "") + goal
        state.warn(
            "cell_rejoined",
            "a project goal continued on the next page is joined to its first part",
            goal_cell.page,
        )


def _extend(project: _Project, table: Table, row: int) -> None:
    pages = set(project.data.pages) | set(_own_pages(table, row))
    project.data.pages = sorted(pages)


def _new_project(
    state: _State, header: Header, row: int, text: str, code: str | None, cell: Cell | None
) -> _Project:
    name = text  # as printed: 11000024T000002830551-统计监测分析… keeps its code
    if code is None and (match := _CODE_NAME.match(text)):
        code = match["code"]
    goal_cell, goal = _text(state, header, row, "goal")
    data = ProjectData(
        name=name,
        code=code,
        annual_goal=goal or header.context.get("goal"),
        pages=_own_pages(header.table, row),
    )
    _new_funds(state, header, row, data)
    goal_cells = [goal_cell] if goal_cell else []
    if cell is not None:
        data.cells["name"] = [cell]
    if goal_cells:
        data.cells["annual_goal"] = goal_cells  # the same list: later parts join it
    project = _Project(data=data, cell=cell, goal_cells=goal_cells)
    state.projects.append(project)
    state.report.projects.append(data)
    return project


def _new_funds(state: _State, header: Header, row: int, data: ProjectData) -> None:
    texts = {r: _text(state, header, row, r)[1] for r in header.columns if r.startswith("fund.")}
    page = _own_pages(header.table, row)[0]
    _set_funds(state, header, texts, page, data)
    for label, (item, text) in header.context_funds.items():
        unit = unit_in(label) or header.unit  # 本年度项目金额（万元）: the label's own unit
        data.funds.append(_fund(state, unit, item, label, text, page, data))


def _set_funds(
    state: _State, header: Header, texts: dict[str, str | None], page: int, data: ProjectData
) -> None:
    """The project's fund lines from the money columns' texts (role → text)."""
    data.funds = [
        _fund(
            state,
            header.unit,
            role.removeprefix("fund."),
            header.printed.get(column) or role,
            texts.get(role),
            page,
            data,
        )
        for role, column in header.columns.items()
        if role.startswith("fund.")
    ]


def _fund(
    state: _State,
    unit: str | None,
    item: str,
    label: str,
    text: str | None,
    page: int,
    data: ProjectData,
) -> FundData:
    """One fund line in the unit the table prints; without a printed unit the amount stays
    as printed in the project's ``extra`` only, with a warning."""
    value = parse_number(text)
    if value is not None and unit is None:
        state.warn(
            "amount_unit_missing",
            f"{label} {text}: the table prints no money unit (no （万元）, no 单位：); "
            "the amount is kept as printed in the project's extra, not converted",
            page,
        )
        data.extra[label] = text or ""
    if value is None or unit is None:
        return FundData(item, label, None, None)
    yuan = tidy(value) if unit == "元" else None
    return FundData(item, label, yuan, to_wan(tidy(value), unit), tidy(value), unit)


def _record(
    state: _State,
    header: Header,
    row: int,
    project: _Project | None,
    item: dict[str, str] | None,
) -> RecordData:
    table = header.table
    values: dict[str, str | None] = {}
    extra: dict[str, str] = {}
    used: set[int] = set()
    for role, column in header.columns.items():
        cell = _cell(table, row, column)
        if cell is None or (side_label(cell, header.row) and cell.row <= header.row):
            continue
        values[role] = cell.text or None
        of_project = role in PROJECT_ROLES or role.startswith("fund.")
        if (project is not None and of_project) or role in _RECORD_COLUMNS:
            used.add(column)
    for column in range(table.n_columns):
        if column in used:
            continue
        cell = _cell(table, row, column)
        if cell is None or not cell.text or cell.column != column:
            continue
        if cell.row <= header.row:
            continue  # a side label (绩效指标 down the left) or a header cell
        extra[header.printed.get(column) or f"column {column + 1}"] = cell.text
    page = _own_pages(table, row)[0]
    if item is not None:
        indicator = item.get("indicator", "")
        level1, level2 = item.get("level1"), item.get("level2")
        target = None
        for key, value in item.items():
            if key.startswith("label:"):
                label = key.removeprefix("label:")
                if match_role(label, state.roles) == "target" and target is None:
                    target = value
                else:
                    extra[label] = value
            elif key in ("序号", "前言", "其他"):
                extra[key] = value
        extra.pop(header.printed.get(header.indicator_column, ""), None)
        fields = {"level1": level1, "level2": level2}
    else:
        indicator = values.get("indicator") or values.get("indicator_group") or ""
        target = values.get("target")
        fields = {name: values.get(name) for name in RECORD_FIELDS}
        levels = _LEVELS.match(indicator) if "level1" not in header.columns else None
        if levels is not None:
            # 产出指标数量指标开展监测工作: the three levels printed in one cell (Beijing 预算表13)
            extra[header.printed.get(header.indicator_column) or "绩效指标"] = indicator
            fields["level1"], fields["level2"] = levels["level1"], levels["level2"]
            indicator = levels["rest"]
            if id(table) not in state.split_tables:
                state.split_tables.add(id(table))
                state.warn(
                    "indicator_levels_split",
                    "一级, 二级 and 三级指标 printed in one cell, split at the printed 指标 words",
                    page,
                )
    if project is None:
        goal = values.get("goal") or header.context.get("goal")
        for role in ("project", "department", "code"):
            if values.get(role):
                column = header.columns[role]
                extra[header.printed.get(column) or role] = values[role] or ""
        for role, column in header.columns.items():
            if role.startswith("fund.") and values.get(role):
                extra[header.printed.get(column) or role] = values[role] or ""
    else:
        goal = project.data.annual_goal
    if not indicator:
        state.warn("indicator_missing", "a row has no indicator text", page)
    amount = split_amount(indicator)
    for code, message in amount.guesses:
        state.warn(code, message, page)
    weight_text = values.get("weight")
    if weight_text and parse_number(weight_text) is None:
        extra[header.printed.get(header.columns["weight"]) or "weight"] = weight_text
    record = RecordData(
        section=SECTION,
        category=None,
        goal=goal,
        indicator=indicator,
        indicator_name=amount.name,
        amount_wan=amount.amount_wan,
        target=target,
        actual=None,
        detail=None,
        pages=_own_pages(table, row),
        project=project.data.name if project is not None else None,
        level1=fields.get("level1"),
        level2=fields.get("level2"),
        weight=parse_number(weight_text),
        nature=fields.get("nature"),
        unit=fields.get("unit"),
        explanation=fields.get("explanation"),
        scoring_rule=fields.get("scoring_rule"),
        extra=extra,
        cells=_sources(header, row),
        origin=(table, row),
    )
    record.cells = {k: v for k, v in record.cells.items() if getattr(record, k) not in (None, "")}
    return record


_SOURCE_FIELDS = ("level1", "level2", "indicator", "nature", "target", "unit", "weight")
_SOURCE_FIELDS += ("explanation", "scoring_rule")


def _sources(header: Header, row: int) -> dict[str, list[Cell]]:
    """Provenance: the cell each record field was read from. A running-text cell or a cell
    printing all three levels is the source of every field read out of it."""
    indicator = _cell(header.table, row, header.indicator_column)
    cells: dict[str, Cell | None] = {}
    for name in _SOURCE_FIELDS:
        column = header.columns.get(name)
        cells[name] = _cell(header.table, row, column) if column is not None else None
    cells["indicator"] = indicator
    for name in ("level1", "level2", "target"):
        if cells[name] is None and "indicator" not in header.columns:
            cells[name] = indicator  # read out of the 绩效指标 cell (running text, 产出指标…)
    return source_cells(cells)


def _finish(state: _State) -> None:
    """Records carry their project's goal as finally joined across pages."""
    for project in state.projects:
        for record in project.records:
            record.goal = project.data.annual_goal
            record.project = project.data.name or None
        if not project.data.name:
            state.warn(
                "project_name_missing",
                "a project cell without its name (not printed on the pages read)",
                project.data.pages[0] if project.data.pages else None,
            )
