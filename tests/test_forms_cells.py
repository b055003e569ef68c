"""parsers/forms.py on real form rows typed as cells, no PDF read (fast enough for mutmut).

Each table below is a real published form typed cell by cell from its rendered page
(``pdftoppm -r 110``) and text layer (``pdftotext -layout``); the expected values are read
off the same page, never taken from jixiao's output:

* 福州市民政局 2026 部门预算 p28 (fujian_fuzhou_civil_affairs_2026_budget_word2016.pdf):
  e福州留守困境儿童关爱帮扶专栏项目绩效目标表, title row inside the table.
* 泉州市政府办公室 2026 部门预算 p29 (fujian_quanzhou_gov_office_2026_budget_word2010.pdf):
  市级机关保留公务用车委托管理费项目绩效目标表, title printed above a table that has no
  项目名称 and opens with 专项资金情况（万元）.
* 西安市卫生健康委员会 2022 决算 p98 (shaanxi_xian_health_commission_…selfeval.pdf):
  公共卫生事业发展资金 项目绩效自评表; its 执行率 cell prints 1000% for 400/400 (a real
  error on the page) and its 年度资金总额 line prints 得分 10 but no 分值.

Column geometry is made up (60 pt columns, 20 pt rows); only the grid structure (which
cell spans what) is the page's.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.extract.model import Cell, Document, Notice, Table, TextLine
from jixiao.parsers import forms
from jixiao.parsers.forms import (
    Form,
    FormRow,
    budget_funds,
    check_budget,
    check_scores,
    document_title,
    document_year,
    form_title_name,
    form_unit,
    label_key,
    other_labels,
    read_budget,
    read_indicators,
    read_labels,
    split_forms,
)
from jixiao.parsers.result import BudgetLineData, RecordData

W, H = 60.0, 20.0


def _cell(r: int, c: int, text: str, cs: int = 1, rs: int = 1, *, page: int = 1) -> Cell:
    return Cell(r, c, rs, cs, text, page, (W * c, H * r, W * (c + cs), H * (r + rs)))


def _table(cells: list[Cell], n_columns: int, *, page: int = 1, top: float = 0.0) -> Table:
    n_rows = max(c.row + c.rowspan for c in cells)
    moved = [
        Cell(c.row, c.column, c.rowspan, c.colspan, c.text, page,
             (c.bbox[0], c.bbox[1] + top, c.bbox[2], c.bbox[3] + top))
        for c in cells
    ]  # fmt: skip
    return Table(
        [page],
        n_rows,
        n_columns,
        moved,
        (0.0, top, W * n_columns, top + H * n_rows),
        row_pages=[page] * n_rows,
        column_edges=[W * i for i in range(n_columns + 1)],
    )


def fuzhou_cells() -> list[Cell]:
    """福州 p28, five columns: label | 一级 | 二级 | 三级 | 指标值."""
    return [
        _cell(0, 0, "e福州留守困境儿童关爱帮扶专栏项目绩效目标表", cs=5),
        _cell(1, 0, "项目名称"),
        _cell(1, 1, "e福州留守困境儿童关爱帮扶专栏", cs=4),
        _cell(2, 0, "主管部门"),
        _cell(2, 1, "福州市民政局", cs=2),
        _cell(2, 3, "实施单位"),
        _cell(2, 4, "福州市民政局"),
        _cell(3, 0, "专项资金情况（万元）", rs=3),
        _cell(3, 1, "资金总额"),
        _cell(3, 2, "21.50", cs=3),
        _cell(4, 1, "财政拨款"),
        _cell(4, 2, "21.50", cs=3),
        _cell(5, 1, "其他资金"),
        _cell(5, 2, "0.00", cs=3),
        _cell(6, 0, "年度目标"),
        _cell(
            6,
            1,
            "通过专栏畅通帮扶渠道，汇聚更多社会力量关心关爱特殊少年群体，提升全市孤弃儿童、"
            "农村留守困境儿童福利保障和关爱服务能力水平。",
            cs=4,
        ),
        _cell(7, 0, "绩效目标指标", rs=7),
        _cell(7, 1, "一级指标"),
        _cell(7, 2, "二级指标"),
        _cell(7, 3, "三级指标"),
        _cell(7, 4, "指标值"),
        _cell(8, 1, "成本指标"),
        _cell(8, 2, "经济成本指标"),
        _cell(8, 3, "总支出成本控制率"),
        _cell(8, 4, "≤100%"),
        _cell(9, 1, "产出指标", rs=3),
        _cell(9, 2, "数量指标"),
        _cell(9, 3, "媒体发稿数量"),
        _cell(9, 4, "≥3篇"),
        _cell(10, 2, "质量指标"),
        _cell(10, 3, "资金结算（拨付、下达、发放）准确率"),
        _cell(10, 4, "=100%"),
        _cell(11, 2, "时效指标"),
        _cell(11, 3, "资金拨付（下达、结算）及时率"),
        _cell(11, 4, "=100%"),
        _cell(12, 1, "效益指标"),
        _cell(12, 2, "社会效益指标"),
        _cell(12, 3, "实现“微心愿”数"),
        _cell(12, 4, "≥800个"),
        _cell(13, 1, "满意度指标"),
        _cell(13, 2, "服务对象满意度指标"),
        _cell(13, 3, "受益对象满意度"),
        _cell(13, 4, "≥90%"),
        _cell(14, 0, "备注"),
        _cell(14, 1, "", cs=4),
    ]


FUZHOU_ROWS = [
    ("成本指标", "经济成本指标", "总支出成本控制率", "≤100%"),
    ("产出指标", "数量指标", "媒体发稿数量", "≥3篇"),
    ("产出指标", "质量指标", "资金结算（拨付、下达、发放）准确率", "=100%"),
    ("产出指标", "时效指标", "资金拨付（下达、结算）及时率", "=100%"),
    ("效益指标", "社会效益指标", "实现“微心愿”数", "≥800个"),
    ("满意度指标", "服务对象满意度指标", "受益对象满意度", "≥90%"),
]


def quanzhou_cells() -> list[Cell]:
    """泉州 p29, five columns; the title 市级机关保留公务用车委托管理费项目绩效目标表 is a page
    line above the table."""
    return [
        _cell(0, 0, "专项资金情况（万元）", rs=3),
        _cell(0, 1, "资金总额："),
        _cell(0, 2, "1778.31", cs=3),
        _cell(1, 1, "财政拨款："),
        _cell(1, 2, "1778.31", cs=3),
        _cell(2, 1, "其他资金："),
        _cell(2, 2, "0.00", cs=3),
        _cell(3, 0, "项目实施期目标"),
        _cell(
            3,
            1,
            "优化平台驾驶员、车辆配比，提高车辆使用效益，有效保障市直机关单位日常公务出行。",
            cs=4,
        ),
        _cell(4, 0, "绩效目标指标", rs=7),
        _cell(4, 1, "一级指标"),
        _cell(4, 2, "二级指标"),
        _cell(4, 3, "三级指标"),
        _cell(4, 4, "目标值"),
        _cell(5, 1, "成本指标"),
        _cell(5, 2, "经济成本指标"),
        _cell(5, 3, "预算执行率"),
        _cell(5, 4, "≥90%"),
        _cell(6, 1, "产出指标", rs=3),
        _cell(6, 2, "时效指标"),
        _cell(6, 3, "目标完成率"),
        _cell(6, 4, "≥90%"),
        _cell(7, 2, "数量指标"),
        _cell(7, 3, "财政支出项目完成率"),
        _cell(7, 4, "≥90%"),
        _cell(8, 2, "质量指标"),
        _cell(8, 3, "政府采购项目合规率"),
        _cell(8, 4, "=100%"),
        _cell(9, 1, "效益指标"),
        _cell(9, 2, "经济效益指标"),
        _cell(9, 3, "固定资产利用率"),
        _cell(9, 4, "≥100%"),
        _cell(10, 1, "满意度指标"),
        _cell(10, 2, "服务对象满意度指标"),
        _cell(10, 3, "公车使用单位满意率"),
        _cell(10, 4, "≥90%"),
    ]


def xian_cells() -> list[Cell]:
    """西安 p98, nine columns: label | row label / 一级 | 年初 / 二级 | 全年预算 / 三级 |
    全年执行 / 年度指标值 | 分值 / 实际完成值 | 执行率 / 分值 | 得分 / 得分 | 偏差原因."""
    return [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "公共卫生事业发展资金", cs=8),
        _cell(1, 0, "主管部门"),
        _cell(1, 1, "西安市卫生健康委员会", cs=3),
        _cell(1, 4, "实施单位", cs=2),
        _cell(1, 6, "西安市儿童医院", cs=3),
        _cell(2, 0, "项目资金（万元）", rs=5),
        _cell(2, 1, ""),
        _cell(2, 2, "年初预算数"),
        _cell(2, 3, "全年预算数（A）"),
        _cell(2, 4, "全年执行数（B）"),
        _cell(2, 5, "分值"),
        _cell(2, 6, "执行率（B/A）"),
        _cell(2, 7, "得分", cs=2),
        _cell(3, 1, "年度资金总额"),
        _cell(3, 2, "0"),
        _cell(3, 3, "400"),
        _cell(3, 4, "400"),
        _cell(3, 5, ""),
        _cell(3, 6, "1000%"),
        _cell(3, 7, "10", cs=2),
        _cell(4, 1, "其中：当年财政拨款"),
        _cell(4, 2, "0"),
        _cell(4, 3, "400"),
        _cell(4, 4, "400"),
        _cell(4, 5, ""),
        _cell(4, 6, "—"),
        _cell(4, 7, "—", cs=2),
        _cell(5, 1, "上年结转资金"),
        _cell(5, 2, ""),
        _cell(5, 3, ""),
        _cell(5, 4, ""),
        _cell(5, 5, ""),
        _cell(5, 6, ""),
        _cell(5, 7, "", cs=2),
        _cell(6, 1, "其他资金"),
        _cell(6, 2, ""),
        _cell(6, 3, ""),
        _cell(6, 4, ""),
        _cell(6, 5, ""),
        _cell(6, 6, "—"),
        _cell(6, 7, "—", cs=2),
        _cell(7, 0, "年度"),
        _cell(7, 1, "预期目标", cs=4),
        _cell(7, 5, "实际完成情况", cs=4),
        _cell(8, 0, "总体目标"),
        _cell(
            8,
            1,
            "通过购置超声内镜系统，提升消化系统疾病内镜下诊断及治疗水平，保障消化内镜中心正常运转",
            cs=4,
        ),
        _cell(8, 5, "购置设备后，科室临床诊治业务开展顺利，切实提升了业务能力。", cs=4),
        _cell(9, 0, "绩效指标", rs=7),
        _cell(9, 1, "一级指标"),
        _cell(9, 2, "二级指标"),
        _cell(9, 3, "三级指标"),
        _cell(9, 4, "年度指标值"),
        _cell(9, 5, "实际完成值"),
        _cell(9, 6, "分值"),
        _cell(9, 7, "得分"),
        _cell(9, 8, "偏差原因分析及改进措施"),
        _cell(10, 1, "产出指标50分", rs=4),
        _cell(10, 2, "数量指标"),
        _cell(10, 3, "购置超声内镜系统设备数量"),
        _cell(10, 4, "1套"),
        _cell(10, 5, "1套"),
        _cell(10, 6, "15"),
        _cell(10, 7, "15"),
        _cell(10, 8, ""),
        _cell(11, 2, "质量指标"),
        _cell(11, 3, "设备质量"),
        _cell(11, 4, "达到国家标准"),
        _cell(11, 5, "达到国家标准"),
        _cell(11, 6, "15"),
        _cell(11, 7, "15"),
        _cell(11, 8, ""),
        _cell(12, 2, "时效指标"),
        _cell(12, 3, "项目实施时效"),
        _cell(12, 4, "12月"),
        _cell(12, 5, "12月"),
        _cell(12, 6, "10"),
        _cell(12, 7, "10"),
        _cell(12, 8, ""),
        _cell(13, 2, "成本指标"),
        _cell(13, 3, "预算控制数"),
        _cell(13, 4, "财政资金400万元"),
        _cell(13, 5, "财政资金400万元"),
        _cell(13, 6, "10"),
        _cell(13, 7, "10"),
        _cell(13, 8, ""),
        _cell(14, 1, "效益指标（30分）"),
        _cell(14, 2, "社会效益指标"),
        _cell(14, 3, "提升治疗水平（提高检查准确率等）"),
        _cell(14, 4, "≥95%"),
        _cell(14, 5, "97.50%"),
        _cell(14, 6, "30"),
        _cell(14, 7, "30"),
        _cell(14, 8, ""),
        _cell(15, 1, "满意度指标10"),
        _cell(15, 2, "服务对象满意度指标"),
        _cell(15, 3, "服务对象满意度"),
        _cell(15, 4, "≥95%"),
        _cell(15, 5, "98%"),
        _cell(15, 6, "10"),
        _cell(15, 7, "10"),
        _cell(15, 8, ""),
        _cell(16, 0, "总分", cs=6),
        _cell(16, 6, "100"),
        _cell(16, 7, "100"),
        _cell(16, 8, ""),
    ]


XIAN_TITLE = "西安市级公共卫生事业发展资金项目绩效自评表"


def _retyped(cells: list[Cell], texts: dict[tuple[int, int], str]) -> list[Cell]:
    """The same grid with the text of some cells changed."""
    return [
        _cell(c.row, c.column, texts.get((c.row, c.column), c.text), c.colspan, c.rowspan)
        for c in cells
    ]


def _doc(*tables: Table, lines: tuple[TextLine, ...] = ()) -> Document:
    pages = sorted({p for t in tables for p in t.pages})
    return Document(max(pages), list(tables), list(lines), [], len(pages))


def _one_form(table: Table, *labels: str) -> Form:
    (form,) = split_forms(_doc(table), labels or ("项目名称",))
    return form


def _levels(records: list[RecordData]) -> list[tuple]:
    return [(r.level1, r.level2, r.indicator, r.target) for r in records]


# ---------------------------------------------------------------- labels and forms


def test_label_key_drops_brackets_colons_spaces_and_a_leading_qizhong() -> None:
    assert label_key("其中：当年财政拨款") == "当年财政拨款"
    assert label_key("资金总额：") == "资金总额"
    assert label_key("专项资金情况（万元）") == "专项资金情况万元"
    assert label_key(" 项目 名称 ") == "项目名称"
    assert label_key("其中") == ""
    assert label_key("财政拨款其中") == "财政拨款其中"  # only a leading 其中


def test_fuzhou_form_starts_at_its_name_with_the_title_row_as_intro() -> None:
    table = _table(fuzhou_cells(), 5, page=28)
    form = _one_form(table)
    assert [fr.row for fr in form.intro] == [0]
    assert [fr.row for fr in form.rows] == list(range(1, 15))
    assert form.pages == [28]
    assert form_title_name(form) == "e福州留守困境儿童关爱帮扶专栏"
    assert form_unit(form) == "万元"  # 专项资金情况（万元）
    texts = list(form.texts())
    assert texts[0] == "e福州留守困境儿童关爱帮扶专栏项目绩效目标表"  # intro first
    assert "" not in texts  # the blank 备注 value is no text
    assert texts[-1] == "备注"


def test_fuzhou_labels_read_right_of_their_label() -> None:
    form = _one_form(_table(fuzhou_cells(), 5, page=28))
    cells: dict[str, list[Cell]] = {}
    values = read_labels(
        form,
        {
            "name": ("项目名称",),
            "department": ("主管部门",),
            "implementer": ("实施单位",),
            "goal": ("年度目标",),
            "code": ("项目编码",),
            "note": ("备注",),
        },
        cells=cells,
    )
    assert values == {
        "name": "e福州留守困境儿童关爱帮扶专栏",
        "department": "福州市民政局",
        "implementer": "福州市民政局",
        "goal": "通过专栏畅通帮扶渠道，汇聚更多社会力量关心关爱特殊少年群体，提升全市孤弃儿童、"
        "农村留守困境儿童福利保障和关爱服务能力水平。",
        "note": None,  # 备注 printed with an empty value: read, but no text
    }
    assert [(c.row, c.column) for c in cells["implementer"]] == [(2, 4)]
    assert [(c.row, c.column) for c in cells["name"]] == [(1, 1)]
    assert "note" not in cells  # no cell for an empty value


def test_fuzhou_indicators_take_merged_levels_without_warning() -> None:
    form = _one_form(_table(fuzhou_cells(), 5, page=28))
    warnings: list[Notice] = []
    found = read_indicators(form, "e福州留守困境儿童关爱帮扶专栏", warnings, "project_target_form")
    assert _levels(found.records) == FUZHOU_ROWS
    assert warnings == []
    assert (found.total_weight, found.total_score) == (None, None)  # no 总分 row
    first = found.records[0]
    assert (first.project, first.layout, first.section, first.pages) == (
        "e福州留守困境儿童关爱帮扶专栏",
        "project_target_form",
        "performance_indicators",
        [28],
    )
    assert (first.weight, first.score, first.actual, first.extra) == (None, None, None, {})
    assert [r.origin[1] for r in found.records if r.origin] == [8, 9, 10, 11, 12, 13]
    assert forms.indicator_roles(form) == {"level1", "level2", "indicator", "target"}


def test_quanzhou_form_without_a_name_is_cut_at_its_money_block_and_named_by_its_title() -> None:
    """The head label 资金总额 opens the form; the name comes from the line above."""
    table = _table(quanzhou_cells(), 5, page=29, top=100.0)
    lines = (
        TextLine(29, "26", (280.0, 800.0, 300.0, 810.0)),  # page number, below the table
        TextLine(29, "市级机关保留公务用车委托管理费项目绩效目标表", (40.0, 70.0, 300.0, 90.0)),
    )
    doc = _doc(table, lines=lines)
    assert split_forms(doc, ("项目名称",)) == []  # no 项目名称 and no head labels: no form
    (form,) = split_forms(doc, ("项目名称",), ("资金总额",))
    assert form.above == ["市级机关保留公务用车委托管理费项目绩效目标表"]
    assert [fr.row for fr in form.rows] == list(range(11))
    assert form_title_name(form) == "市级机关保留公务用车委托管理费"
    values = read_labels(form, {"goal": ("项目实施期目标",), "total": ("资金总额",)})
    assert values["total"] == "1778.31"
    assert (
        values["goal"]
        == "优化平台驾驶员、车辆配比，提高车辆使用效益，有效保障市直机关单位日常公务出行。"
    )
    assert _levels(read_indicators(form, None, []).records) == [
        ("成本指标", "经济成本指标", "预算执行率", "≥90%"),
        ("产出指标", "时效指标", "目标完成率", "≥90%"),
        ("产出指标", "数量指标", "财政支出项目完成率", "≥90%"),
        ("产出指标", "质量指标", "政府采购项目合规率", "=100%"),
        ("效益指标", "经济效益指标", "固定资产利用率", "≥100%"),
        ("满意度指标", "服务对象满意度指标", "公车使用单位满意率", "≥90%"),
    ]


def test_lines_above_stop_at_the_previous_table_on_the_page() -> None:
    """Two forms on one page: the second's title line is the one between the tables."""
    first = _table(fuzhou_cells(), 5, page=5)  # rows 0-14: y 0..300
    second = _table(quanzhou_cells(), 5, page=5, top=340.0)
    lines = (
        TextLine(5, "1.项目支出绩效目标表", (0.0, -30.0, 200.0, -10.0)),  # above the first
        TextLine(5, "市级机关保留公务用车委托管理费项目绩效目标表", (40.0, 310.0, 300.0, 330.0)),
    )
    doc = _doc(first, second, lines=lines)
    assert forms._lines_above(doc, second) == ["市级机关保留公务用车委托管理费项目绩效目标表"]
    assert forms._lines_above(doc, first) == []  # the line above lies outside the page top
    found = split_forms(doc, ("项目名称",), ("资金总额",))
    assert [form_title_name(f) for f in found] == [
        "e福州留守困境儿童关爱帮扶专栏",
        "市级机关保留公务用车委托管理费",
    ]


def test_form_title_name_from_the_last_lines_above() -> None:
    assert form_title_name(Form(above=["市级机关保留公务用车委托管理费项目", "绩效目标表"])) == (
        "市级机关保留公务用车委托管理费"
    )
    assert form_title_name(
        Form(above=["（二）绩效目标表", "市行政中心保安服务项目绩效目标表"])
    ) == ("市行政中心保安服务")
    # the heading printed just above a form's title (福州 p28) is not part of the name
    assert form_title_name(
        Form(above=["1.项目支出绩效目标表", "市行政中心保安服务项目绩效目标表"])
    ) == ("市行政中心保安服务")
    assert form_title_name(Form(above=["项目支出绩效目标表"])) is None  # a heading, no name
    assert form_title_name(Form(above=["2023年度部门预算"])) is None
    assert form_title_name(Form()) is None


# ---------------------------------------------------------------- 自评表: budget block


def test_xian_self_eval_budget_lines_as_printed() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    assert form_unit(form) == "万元"  # 项目资金（万元）
    lines = read_budget(form, "万元")
    assert [(b.item, b.label) for b in lines] == [
        ("total", "年度资金总额"),
        ("appropriation", "其中：当年财政拨款"),
        ("carryover", "上年结转资金"),
        ("other", "其他资金"),
    ]
    total = lines[0]
    assert (
        total.initial_budget_wan,
        total.full_year_budget_wan,
        total.executed_wan,
        total.weight,
        total.execution_rate,
        total.score,
    ) == (Decimal(0), Decimal(400), Decimal(400), None, Decimal(1000), Decimal(10))
    fiscal = lines[1]
    assert (fiscal.full_year_budget_wan, fiscal.execution_rate, fiscal.score) == (
        Decimal(400),
        None,  # — is no value
        None,
    )
    assert all(
        getattr(lines[3], a) is None
        for a in ("initial_budget_wan", "full_year_budget_wan", "executed_wan", "score")
    )
    goals = read_labels(form, {"goal": ("预期目标",), "result": ("实际完成情况",)}, below=True)
    assert goals == {
        "goal": "通过购置超声内镜系统，提升消化系统疾病内镜下诊断及治疗水平，保障消化内镜中心正常运转",
        "result": "购置设备后，科室临床诊治业务开展顺利，切实提升了业务能力。",
    }


def test_budget_block_in_yuan_is_converted_and_kept_as_printed() -> None:
    cells = _retyped(
        xian_cells(),
        {(2, 0): "项目资金（元）", (3, 3): "4,000,000.00", (3, 4): "3,512,345.67"},
    )
    form = _one_form(_table(cells, 9, page=98))
    assert form_unit(form) == "元"
    lines = read_budget(form, "元")
    assert (lines[0].full_year_budget_wan, lines[0].executed_wan) == (
        Decimal(400),
        Decimal("351.234567"),
    )
    assert lines[0].initial_budget_wan == 0
    assert lines[0].score == 10  # not money: never scaled
    funds = budget_funds(lines, "元")
    assert [(f.item, f.label, f.yuan, f.wan, f.amount, f.unit) for f in funds[:3]] == [
        ("total.initial_budget", "年度资金总额", Decimal(0), Decimal(0), Decimal(0), "元"),
        ("total.full_year_budget", "年度资金总额", Decimal(4000000), Decimal(400),
         Decimal(4000000), "元"),
        ("total.executed", "年度资金总额", Decimal("3512345.67"), Decimal("351.234567"),
         Decimal("3512345.67"), "元"),
    ]  # fmt: skip


def test_budget_funds_in_wan_keep_every_printed_amount_in_column_order() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    funds = budget_funds(read_budget(form, "万元"), "万元")
    assert [(f.item, f.label, f.yuan, f.wan, f.amount, f.unit) for f in funds] == [
        ("total.initial_budget", "年度资金总额", None, Decimal(0), Decimal(0), "万元"),
        ("total.full_year_budget", "年度资金总额", None, Decimal(400), Decimal(400), "万元"),
        ("total.executed", "年度资金总额", None, Decimal(400), Decimal(400), "万元"),
        ("appropriation.initial_budget", "其中：当年财政拨款", None, Decimal(0), Decimal(0), "万元"),
        ("appropriation.full_year_budget", "其中：当年财政拨款", None, Decimal(400), Decimal(400),
         "万元"),
        ("appropriation.executed", "其中：当年财政拨款", None, Decimal(400), Decimal(400), "万元"),
    ]  # fmt: skip


def test_xian_execution_rate_printed_1000_percent_is_flagged() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    notices = check_budget(read_budget(form, "万元"), "project 公共卫生事业发展资金", 98)
    assert notices == [
        Notice(
            "execution_rate_mismatch",
            "project 公共卫生事业发展资金 年度资金总额: 执行率 printed 1000% but "
            "全年执行数/全年预算数 = 400/400 = 100.00%",
            98,
        )
    ]


def test_execution_rate_tolerance_allows_the_printed_rounding_only() -> None:
    """300.00 budget, 100.00 spent: 33.333…%. The printed 33.33 and 33.34 are both within
    half a unit of the rate (0.005) plus what the amounts' rounding can move it (100 ×
    0.005 × 400 / 300² ≈ 0.0022); 33.35 is not, nor is 33.32."""

    def line(rate: str) -> BudgetLineData:
        return BudgetLineData(
            "total", "年度资金总额", None, Decimal("300.00"), Decimal("100.00"), None,
            Decimal(rate), None,
        )  # fmt: skip

    assert check_budget([line("33.33")], "p", 1) == []
    assert check_budget([line("33.34")], "p", 1) == []
    assert [n.code for n in check_budget([line("33.35")], "p", 1)] == ["execution_rate_mismatch"]
    assert [n.code for n in check_budget([line("33.32")], "p", 1)] == ["execution_rate_mismatch"]
    # a budget of 0 or a missing amount is not checked
    zero = BudgetLineData("total", "x", None, Decimal(0), Decimal(5), None, Decimal(100), None)
    assert check_budget([zero], "p", 1) == []
    missing = BudgetLineData("total", "x", None, Decimal(5), None, None, Decimal(100), None)
    assert check_budget([missing], "p", 1) == []


def test_budget_line_score_above_its_weight_is_flagged_equal_is_not() -> None:
    over = BudgetLineData("total", "年度资金总额", weight=Decimal(10), score=Decimal("10.5"))
    full = BudgetLineData("total", "年度资金总额", weight=Decimal(10), score=Decimal(10))
    assert check_budget([full], "p", 3) == []
    assert check_budget([over], "project A", 3) == [
        Notice("score_exceeds_weight", "project A 年度资金总额: 得分 10.5 exceeds 分值 10", 3)
    ]


def test_half_unit_of_the_last_printed_place() -> None:
    assert forms._half_unit(Decimal("94.81")) == Decimal("0.005")
    assert forms._half_unit(Decimal("10")) == Decimal("0.5")
    assert forms._half_unit(Decimal("400.0")) == Decimal("0.05")


# ---------------------------------------------------------------- 自评表: indicators, 总分


def test_xian_indicators_with_scores_and_the_total_row() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    warnings: list[Notice] = []
    found = read_indicators(form, "公共卫生事业发展资金", warnings)
    rows = [
        (r.level1, r.level2, r.indicator, r.target, r.actual, r.weight, r.score)
        for r in found.records
    ]
    assert rows == [
        ("产出指标50分", "数量指标", "购置超声内镜系统设备数量", "1套", "1套", 15, 15),
        ("产出指标50分", "质量指标", "设备质量", "达到国家标准", "达到国家标准", 15, 15),
        ("产出指标50分", "时效指标", "项目实施时效", "12月", "12月", 10, 10),
        ("产出指标50分", "成本指标", "预算控制数", "财政资金400万元", "财政资金400万元", 10, 10),
        ("效益指标（30分）", "社会效益指标", "提升治疗水平（提高检查准确率等）", "≥95%", "97.50%",
         30, 30),
        ("满意度指标10", "服务对象满意度指标", "服务对象满意度", "≥95%", "98%", 10, 10),
    ]  # fmt: skip
    assert all(r.deviation_reason is None for r in found.records)
    assert (found.total_weight, found.total_score) == (Decimal(100), Decimal(100))
    assert warnings == []


def test_xian_totals_flag_the_missing_budget_weight() -> None:
    """得分: 10 (budget line) + 90 = 100 as printed; 分值: the budget line prints none, so
    the 分值 add up to 90 against the printed 100."""
    form = _one_form(_table(xian_cells(), 9, page=98))
    found = read_indicators(form, "公共卫生事业发展资金", [])
    budget = read_budget(form, "万元")
    notices = check_scores(found.records, budget, found.total_weight, found.total_score, "p")
    assert notices == [
        Notice(
            "total_weight_mismatch", "p: 总分 分值 printed 100 but the 分值 above add up to 90", 98
        )
    ]
    # sub-lines (其中：当年财政拨款) are parts of the total line, never added to it
    budget[1].score = Decimal(10)
    assert [n.code for n in check_scores(found.records, budget, None, Decimal(100), "p")] == []


def test_a_total_of_the_grid_alone_adds_up_too() -> None:
    """Xi'an's p70 prints 总分 90 / 90 under a grid whose 分值 and 得分 add up to 90, below a
    budget line worth 10: the department totalled the grid alone (p73 of the same report
    totals 10 + 90 = 100). Either sum is arithmetic that adds up; a total matching neither is
    flagged."""
    form = _one_form(_table(xian_cells(), 9, page=98))
    found = read_indicators(form, "公共卫生事业发展资金", [])
    budget = read_budget(form, "万元")
    budget[0].weight = Decimal(10)
    grid_weight = sum(r.weight for r in found.records if r.weight is not None)
    grid_score = sum(r.score for r in found.records if r.score is not None)
    assert (grid_weight, grid_score) == (90, 90) and budget[0].score == 10
    assert check_scores(found.records, budget, Decimal(90), Decimal(90), "p") == []
    assert check_scores(found.records, budget, Decimal(100), Decimal(100), "p") == []
    mismatch = check_scores(found.records, budget, Decimal(95), None, "p")
    assert [(n.code, n.message) for n in mismatch] == [
        (
            "total_weight_mismatch",
            "p: 总分 分值 printed 95 but the 分值 above add up to 100",
        )
    ]


def test_indicator_score_above_its_weight_is_flagged() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    records = read_indicators(form, None, []).records
    records[2].score = Decimal(11)
    notices = check_scores(records, [], None, None, "p")
    assert [(n.code, n.message, n.page) for n in notices] == [
        ("score_exceeds_weight", "p 项目实施时效: 得分 11 exceeds 分值 10", 98)
    ]
    records[2].score = Decimal(10)
    assert check_scores(records, [], None, None, "p") == []
    mismatch = check_scores(records, [], None, Decimal(91), "p")
    assert [(n.code, n.message) for n in mismatch] == [
        ("total_score_mismatch", "p: 总分 得分 printed 91 but the 得分 above add up to 90")
    ]


def _grid_with_total(total_row: list[Cell]) -> Table:
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "示例", cs=5),
        _cell(1, 0, "一级指标"),
        _cell(1, 1, "二级指标"),
        _cell(1, 2, "三级指标"),
        _cell(1, 3, "指标值"),
        _cell(1, 4, "分值"),
        _cell(1, 5, "得分"),
        _cell(2, 0, "产出指标"),
        _cell(2, 1, "数量指标"),
        _cell(2, 2, "培训次数"),
        _cell(2, 3, "≥3次"),
        _cell(2, 4, "90"),
        _cell(2, 5, "85"),
        *total_row,
    ]
    return _table(cells, 6)


def test_total_row_numbers_in_order_when_not_under_the_columns() -> None:
    """Some templates print 总分 | 100 | 95 left-aligned, not under 分值 / 得分."""
    table = _grid_with_total(
        [_cell(3, 0, "总分", cs=2), _cell(3, 2, "100"), _cell(3, 3, "95"), _cell(3, 4, "", cs=2)]
    )
    found = read_indicators(_one_form(table), None, [])
    assert (found.total_weight, found.total_score) == (Decimal(100), Decimal(95))
    assert [r.indicator for r in found.records] == ["培训次数"]
    one = _grid_with_total([_cell(3, 0, "合计", cs=3), _cell(3, 3, "100"), _cell(3, 4, "", cs=2)])
    assert read_indicators(_one_form(one), None, []).total_weight == Decimal(100)
    assert read_indicators(_one_form(one), None, []).total_score is None
    under = _grid_with_total([_cell(3, 0, "总计", cs=4), _cell(3, 4, "100"), _cell(3, 5, "95")])
    found = read_indicators(_one_form(under), None, [])
    assert (found.total_weight, found.total_score) == (Decimal(100), Decimal(95))


def test_rows_after_the_total_are_not_indicators() -> None:
    table = _grid_with_total(
        [
            _cell(3, 0, "总分", cs=4),
            _cell(3, 4, "90"),
            _cell(3, 5, "85"),
            _cell(4, 0, "备注"),
            _cell(4, 1, "无", cs=2),
            _cell(4, 3, "1"),
            _cell(4, 4, "2"),
            _cell(4, 5, "3"),
        ]
    )
    found = read_indicators(_one_form(table), None, [])
    assert [r.indicator for r in found.records] == ["培训次数"]


def test_blank_level_cell_is_filled_from_above_with_a_warning() -> None:
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "示例", cs=3),
        _cell(1, 0, "一级指标"),
        _cell(1, 1, "二级指标"),
        _cell(1, 2, "三级指标"),
        _cell(1, 3, "指标值"),
        _cell(2, 0, "产出指标"),
        _cell(2, 1, "数量指标"),
        _cell(2, 2, "培训次数"),
        _cell(2, 3, "≥3次"),
        _cell(3, 0, ""),  # a merged 产出指标 cut by a page break
        _cell(3, 1, "质量指标"),
        _cell(3, 2, "培训合格率"),
        _cell(3, 3, "≥90%"),
        _cell(4, 0, "效益指标"),
        _cell(4, 1, ""),
        _cell(4, 2, "受益人数"),
        _cell(4, 3, "≥100人"),
    ]
    warnings: list[Notice] = []
    found = read_indicators(_one_form(_table(cells, 4, page=7)), None, warnings)
    assert _levels(found.records) == [
        ("产出指标", "数量指标", "培训次数", "≥3次"),
        ("产出指标", "质量指标", "培训合格率", "≥90%"),
        ("效益指标", "质量指标", "受益人数", "≥100人"),
    ]
    assert [(w.code, w.message, w.page) for w in warnings] == [
        ("value_forward_filled", "blank level1 cell filled from the row above: 产出指标", 7),
        ("value_forward_filled", "blank level2 cell filled from the row above: 质量指标", 7),
    ]
    assert [w.origin[1] for w in warnings if w.origin] == [3, 4]


def test_unclaimed_columns_go_to_extra_under_their_heading() -> None:
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "示例", cs=4),
        _cell(1, 0, "一级指标"),
        _cell(1, 1, "二级指标"),
        _cell(1, 2, "三级指标"),
        _cell(1, 3, "指标值"),
        _cell(1, 4, "是否核心"),
        _cell(2, 0, "产出指标"),
        _cell(2, 1, "数量指标"),
        _cell(2, 2, "培训次数"),
        _cell(2, 3, "≥3次"),
        _cell(2, 4, "是"),
        _cell(3, 0, "产出指标"),
        _cell(3, 1, "数量指标"),
        _cell(3, 2, "培训人数"),
        _cell(3, 3, "≥30人"),
        _cell(3, 4, ""),
    ]
    records = read_indicators(_one_form(_table(cells, 5)), None, []).records
    assert [r.extra for r in records] == [{"是否核心": "是"}, {}]
    assert forms._extra_headers(_table(cells, 5), 1, {"level1": 0, "level2": 1}) == {
        2: "三级指标",
        3: "指标值",
        4: "是否核心",
    }


# ---------------------------------------------------------------- a grid over two pages


def _continued(second_page: int, columns: int, *, closed: bool = False) -> Document:
    """The Fuzhou grid cut after 媒体发稿数量; the rest printed on the next page as a
    headerless table. With 4 columns, the label column is missing there. ``closed`` adds a
    总分 row under the first part."""
    head = [
        _cell(c.row, c.column, c.text, c.colspan, min(c.rowspan, 10 - c.row))
        for c in fuzhou_cells()
        if c.row <= 9
    ]
    if closed:
        head += [_cell(10, 0, "总分", cs=4), _cell(10, 4, "100")]
    first = _table(head, 5, page=28)
    if columns == 5:
        rest = [
            _cell(0, 0, "", rs=2),
            _cell(0, 1, "产出指标"),
            _cell(0, 2, "质量指标"),
            _cell(0, 3, "资金结算（拨付、下达、发放）准确率"),
            _cell(0, 4, "=100%"),
            _cell(1, 1, "效益指标"),
            _cell(1, 2, "社会效益指标"),
            _cell(1, 3, "实现“微心愿”数"),
            _cell(1, 4, "≥800个"),
        ]
        second = _table(rest, 5, page=second_page)
    else:
        rest = [
            _cell(0, 0, "产出指标"),
            _cell(0, 1, "质量指标"),
            _cell(0, 2, "资金结算（拨付、下达、发放）准确率"),
            _cell(0, 3, "=100%"),
            _cell(1, 0, "效益指标"),
            _cell(1, 1, "社会效益指标"),
            _cell(1, 2, "实现“微心愿”数"),
            _cell(1, 3, "≥800个"),
        ]
        second = _table(rest, 4, page=second_page)
        # printed under the header's columns 1-4: shift the grid one column right
        second.column_edges = [W * i for i in range(1, 6)]
    return _doc(first, second)


CONTINUED_ROWS = [
    ("成本指标", "经济成本指标", "总支出成本控制率", "≤100%"),
    ("产出指标", "数量指标", "媒体发稿数量", "≥3篇"),
    ("产出指标", "质量指标", "资金结算（拨付、下达、发放）准确率", "=100%"),
    ("效益指标", "社会效益指标", "实现“微心愿”数", "≥800个"),
]


def test_a_headerless_grid_on_the_next_page_continues_the_form() -> None:
    (form,) = split_forms(_continued(29, 5), ("项目名称",))
    assert form.pages == [28, 29]
    found = read_indicators(form, None, [])
    assert _levels(found.records) == CONTINUED_ROWS
    assert [r.pages for r in found.records] == [[28], [28], [29], [29]]


def test_a_continuation_with_other_columns_is_read_by_position() -> None:
    doc = _continued(29, 4)
    header = doc.tables[0]
    assert forms.position_map(header, 7, doc.tables[1], 0) == {1: 0, 2: 1, 3: 2, 4: 3}
    (form,) = split_forms(doc, ("项目名称",))
    assert _levels(read_indicators(form, None, []).records) == CONTINUED_ROWS


def test_a_headerless_table_two_pages_later_is_not_the_form() -> None:
    (form,) = split_forms(_continued(30, 5), ("项目名称",))
    assert form.pages == [28]
    assert _levels(read_indicators(form, None, []).records) == CONTINUED_ROWS[:2]


def test_a_closed_grid_is_not_continued() -> None:
    """After its 总分 row a form is closed: a headerless table on the next page is not its."""
    (form,) = split_forms(_continued(29, 5, closed=True), ("项目名称",))
    assert form.pages == [28]


def test_a_table_left_under_an_open_grid_is_said() -> None:
    """The borderless 自评表's light scan before the OCR box fix: the grid's last rows were
    cut off as a table of their own (标 | 意度指标, then 低层住户满意度 …) whose columns do
    not line up under the header, so no form took it and two records vanished without a
    word. Such a table, on the grid's last page or the next while the grid is open, is
    kept on the form and reported (table_not_read); a continuation that lines up, a table
    two pages on and one after the 总分 row are not."""
    first = _table(fuzhou_cells(), 5, page=28)
    cut = _table([_cell(0, 0, "标"), _cell(0, 1, "意度指标"), _cell(1, 1, "低层住户满意度")], 2,
                 page=28, top=400.0)  # fmt: skip
    (form,) = split_forms(_doc(first, cut), ("项目名称",))
    assert form.left_out == [cut] and form.pages == [28]
    (notice,) = forms.left_out_tables(form, "加装电梯")
    assert notice.code == "table_not_read" and notice.page == 28
    assert "「标 | 意度指标」" in notice.message and "加装电梯" in notice.message
    assert notice.origin == (cut, 0)
    for doc in (_continued(29, 4), _continued(30, 5), _continued(29, 5, closed=True)):
        assert all(f.left_out == [] for f in split_forms(doc, ("项目名称",)))


def test_a_table_with_its_own_head_starts_another_form() -> None:
    """Two Fuzhou-style forms back to back: the second table prints its name, so it is
    never glued to the first even on the next page."""
    first = _table(fuzhou_cells(), 5, page=28)
    second = _table(fuzhou_cells(), 5, page=29)
    found = split_forms(_doc(first, second), ("项目名称",))
    assert [f.pages for f in found] == [[28], [29]]
    assert [[fr.row for fr in f.intro] for f in found] == [[0], [0]]


def test_a_name_heading_a_column_is_no_form_start() -> None:
    """Column-form tables (北京): 项目名称 heads a column of the indicator header row."""
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "一级指标"),
        _cell(0, 2, "二级指标"),
        _cell(0, 3, "三级指标"),
        _cell(0, 4, "指标值"),
        _cell(1, 0, "统计调查"),
        _cell(1, 1, "产出指标"),
        _cell(1, 2, "数量指标"),
        _cell(1, 3, "调查次数"),
        _cell(1, 4, "≥4次"),
    ]
    assert split_forms(_doc(_table(cells, 5)), ("项目名称",)) == []


# ---------------------------------------------------------------- other labels, year, title


def test_other_labels_keep_unread_head_pairs() -> None:
    """A 实施期限 | 1年 row no field reads is kept as printed; read labels and the block
    label over labelled lines (专项资金情况 | 资金总额) are not."""
    cells = fuzhou_cells()
    cells[-2] = _cell(14, 0, "实施期限")
    cells[-1] = _cell(14, 1, "1年", cs=4)
    known = ["项目名称", "主管部门", "实施单位", "年度目标", "资金总额", "财政拨款", "其他资金"]
    form = _one_form(_table(cells, 5, page=28))
    read = ["e福州留守困境儿童关爱帮扶专栏", "福州市民政局"]
    assert other_labels(form, known, read) == {}  # 实施期限 is below the grid header
    head = [c for c in cells if c.row < 7] + [_cell(7, 0, "实施期限"), _cell(7, 1, "1年", cs=4)]
    head += [_cell(c.row + 1, c.column, c.text, c.colspan, c.rowspan) for c in cells if c.row >= 7]
    form = _one_form(_table(head[:-2], 5, page=28))
    found: dict[str, list[Cell]] = {}
    assert other_labels(form, known, read, found) == {"实施期限": "1年"}
    assert [(c.row, c.column) for c in found["extra.实施期限"]] == [(7, 1)]


def test_year_from_title_form_title_rows_or_a_year_line() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    year_line = TextLine(98, "（ 2022年度）", (200.0, -20.0, 300.0, -5.0))
    title_line = TextLine(98, XIAN_TITLE, (100.0, -45.0, 400.0, -25.0))
    doc = _doc(_table(xian_cells(), 9, page=98), lines=(title_line, year_line))
    assert document_year(doc, XIAN_TITLE, [form]) == 2022  # from the （2022年度） line
    assert document_year(doc, "西安市卫生健康委员会2022年度部门决算", [form]) == 2022
    assert document_year(_doc(form.rows[0].table), None, [form]) is None
    no_nian = TextLine(98, "2022年", (200.0, -20.0, 300.0, -5.0))  # no 年度: not the year line
    assert document_year(_doc(form.rows[0].table, lines=(no_nian,)), None, [form]) is None
    titled = Form(intro=[FormRow(_table([_cell(0, 0, "（2023年度）", cs=3)], 3), 0)])
    assert forms.form_year(titled) == 2023
    assert document_year(doc, None, [form, titled]) == 2023  # a form's title row first


def test_document_title_falls_back_to_a_year_line_then_a_form_title_row() -> None:
    fuzhou = _table(fuzhou_cells(), 5, page=28)
    (form,) = split_forms(_doc(fuzhou), ("项目名称",))
    assert document_title(_doc(fuzhou), [form]) == "e福州留守困境儿童关爱帮扶专栏项目绩效目标表"
    year_only = Form(intro=[FormRow(_table([_cell(0, 0, "（2023年度）", cs=3)], 3), 0)])
    assert document_title(_doc(fuzhou), [year_only]) is None


# ---------------------------------------------------------------- rows, pages, whole reports


def test_row_and_form_pages_follow_cells_continued_over_a_page_break() -> None:
    """A one-row cell continued on the next page puts the row on both pages; a merged
    (multi-row) cell's continuation belongs to the rows it reaches, not to its first."""
    cells = [
        Cell(0, 0, 1, 1, "项目名称", 28, (0.0, 0.0, 60.0, 20.0)),
        Cell(0, 1, 1, 1, "示例", 28, (60.0, 0.0, 120.0, 20.0), end_page=29),
        Cell(1, 0, 2, 1, "绩效指标", 28, (0.0, 20.0, 60.0, 60.0), end_page=30),
        Cell(1, 1, 1, 1, "甲", 28, (60.0, 20.0, 120.0, 40.0)),
        Cell(2, 1, 1, 1, "乙", 29, (60.0, 40.0, 120.0, 60.0)),
    ]
    table = Table([28, 29, 30], 3, 2, cells, (0.0, 0.0, 120.0, 60.0), row_pages=[28, 28, 29])
    assert forms._row_pages(FormRow(table, 0)) == [28, 29]
    assert forms._row_pages(FormRow(table, 1)) == [28]
    assert forms._row_pages(FormRow(table, 2)) == [29]
    assert Form(rows=[FormRow(table, 1)]).pages == [28, 29, 30]  # the merged cell's reach
    assert FormRow(table, 2).page == 29
    bare = Table([41], 3, 2, cells, (0.0, 0.0, 120.0, 60.0))  # no row pages recorded
    assert FormRow(bare, 2).page == 41
    assert FormRow(table, 1).below(cells[3]) is cells[4]
    assert FormRow(table, 2).below(cells[4]) is None  # the last row has nothing below
    assert FormRow(table, 0).right_of(cells[0]) is cells[1]
    assert FormRow(table, 0).right_of(cells[1]) is None


def test_unit_missing_says_the_amounts_stay_as_printed() -> None:
    notice = forms.unit_missing("project 示例", 12)
    assert (notice.code, notice.page) == ("amount_unit_missing", 12)
    assert notice.message.startswith("project 示例: the form prints no money unit")
    assert "not converted to 万元" in notice.message


def test_form_unit_from_a_unit_line_above_the_table() -> None:
    """No unit in a money label: a 单位：元 cell or the line above the table gives it."""
    cells = _retyped(fuzhou_cells(), {(3, 0): "专项资金情况"})
    form = _one_form(_table(cells, 5, page=28))
    assert form_unit(form) is None
    form.above = ["单位：元", "e福州留守困境儿童关爱帮扶专栏项目绩效目标表"]
    assert form_unit(form) == "元"
    form.above = ["单位：万元", "金额单位：元"]
    assert form_unit(form) == "元"  # the nearest line first


def test_self_eval_report_from_the_xian_form() -> None:
    from jixiao.parsers import project_self_eval

    lines = (
        TextLine(98, XIAN_TITLE, (100.0, -45.0, 400.0, -25.0)),
        TextLine(98, "（ 2022年度）", (200.0, -20.0, 300.0, -5.0)),
    )
    report = project_self_eval.parse(_doc(_table(xian_cells(), 9, page=98), lines=lines))
    assert report.layout == "project_self_eval"
    assert report.year == 2022
    assert report.department == "西安市卫生健康委员会"  # the form's own 主管部门
    (project,) = report.projects
    assert (project.name, project.implementer) == ("公共卫生事业发展资金", "西安市儿童医院")
    assert (project.total_weight, project.total_score) == (Decimal(100), Decimal(100))
    assert [r.project for r in report.records] == ["公共卫生事业发展资金"] * 6
    assert {r.layout for r in report.records} == {"project_self_eval"}
    assert sorted(w.code for w in report.warnings) == [
        "execution_rate_mismatch",
        "total_weight_mismatch",
    ]


def test_forms_of_several_departments_leave_the_department_to_the_document() -> None:
    from jixiao.parsers import project_self_eval

    other = _retyped(xian_cells(), {(1, 1): "西安市财政局", (0, 1): "另一项目"})
    second = _table(other, 9, page=99)
    report = project_self_eval.parse(_doc(_table(xian_cells(), 9, page=98), second))
    assert [p.name for p in report.projects] == ["公共卫生事业发展资金", "另一项目"]
    assert [p.department for p in report.projects] == ["西安市卫生健康委员会", "西安市财政局"]
    # two 主管部门 and nothing else printed (no title, no lines): no department guessed
    assert (report.department, report.title, report.year) == (None, None, None)


# ---------------------------------------------------------------- goals below their labels


def _goal_form(rows: list[Cell], columns: int = 5) -> Form:
    head = [_cell(0, 0, "项目名称"), _cell(0, 1, "示例", cs=columns - 1)]
    grid_row = max(c.row + c.rowspan for c in rows)
    grid = [
        _cell(grid_row, 0, "一级指标"),
        _cell(grid_row, 1, "二级指标"),
        _cell(grid_row, 2, "三级指标"),
        _cell(grid_row, 3, "指标值", cs=columns - 3),
        _cell(grid_row + 1, 0, "产出指标"),
        _cell(grid_row + 1, 1, "数量指标"),
        _cell(grid_row + 1, 2, "培训次数"),
        _cell(grid_row + 1, 3, "≥3次", cs=columns - 3),
    ]
    return _one_form(_table(head + rows + grid, columns))


TOTAL_GOAL = "三年内建成覆盖全市的服务网络"
ANNUAL_GOAL = "年内建成十个服务站"


def test_two_goal_labels_side_by_side_read_their_texts_below() -> None:
    """项目总目标 | 年度目标 on one row, each text under its label."""
    form = _goal_form(
        [
            _cell(1, 0, "项目总目标", cs=2),
            _cell(1, 2, "年度目标", cs=3),
            _cell(2, 0, TOTAL_GOAL, cs=2),
            _cell(2, 2, ANNUAL_GOAL, cs=3),
        ]
    )
    fields = {"overall": ("项目总目标",), "annual": ("年度目标",)}
    assert read_labels(form, fields, below=True) == {"overall": TOTAL_GOAL, "annual": ANNUAL_GOAL}
    # without ``below`` a label takes what is right of it, and one with nothing there no value
    assert read_labels(form, fields) == {"overall": "年度目标"}
    # the texts read below are no label-value pair of their own
    assert (
        other_labels(form, ["项目名称", "项目总目标", "年度目标"], [TOTAL_GOAL, ANNUAL_GOAL]) == {}
    )
    assert other_labels(form, ["项目名称", "项目总目标", "年度目标"], []) == {
        TOTAL_GOAL: ANNUAL_GOAL
    }


def test_a_label_spanning_rows_groups_the_labels_right_of_it() -> None:
    """总体目标 over 实施期总目标 | … and 年度总目标 | …: the group label has no value."""
    form = _goal_form(
        [
            _cell(1, 0, "总体目标", rs=2),
            _cell(1, 1, "实施期总目标"),
            _cell(1, 2, TOTAL_GOAL, cs=3),
            _cell(2, 1, "年度总目标"),
            _cell(2, 2, ANNUAL_GOAL, cs=3),
        ]
    )
    fields = {"overall": ("总体目标", "实施期总目标"), "annual": ("年度总目标",)}
    assert read_labels(form, fields, below=True) == {"overall": TOTAL_GOAL, "annual": ANNUAL_GOAL}


def test_a_label_over_another_label_has_no_value() -> None:
    form = _goal_form(
        [
            _cell(1, 0, "绩效目标", cs=5),
            _cell(2, 0, "年度目标"),
            _cell(2, 1, ANNUAL_GOAL, cs=4),
        ]
    )
    fields = {"block": ("绩效目标",), "annual": ("年度目标",)}
    assert read_labels(form, fields, below=True) == {"annual": ANNUAL_GOAL}


def test_other_labels_skip_title_rows_numbers_and_empty_values() -> None:
    form = _goal_form(
        [
            _cell(1, 0, "（2023年度）", cs=5),
            _cell(2, 0, "实施期限"),
            _cell(2, 1, "1年"),
            _cell(2, 2, "21.50"),
            _cell(2, 3, "不计"),
            _cell(2, 4, "备注"),
            _cell(3, 0, "联系人"),
            _cell(3, 1, "", cs=4),
        ]
    )
    # 1年 | 21.50 is a pair too: only numbers (21.50 | 不计) and empty values are left out
    assert other_labels(form, ["项目名称"], []) == {"实施期限": "1年", "不计": "备注"}


# ---------------------------------------------------------------- grids: more shapes


def test_a_repeated_header_on_the_next_page_continues_the_form() -> None:
    first = _continued(29, 5).tables[0]  # 福州 p28 up to 媒体发稿数量 (row 9)
    repeat = [
        _cell(0, 0, "一级指标"),
        _cell(0, 1, "二级指标"),
        _cell(0, 2, "三级指标"),
        _cell(0, 3, "指标值"),
        _cell(1, 0, "效益指标"),
        _cell(1, 1, "社会效益指标"),
        _cell(1, 2, "实现“微心愿”数"),
        _cell(1, 3, "≥800个"),
    ]
    (form,) = split_forms(_doc(first, _table(repeat, 4, page=29)), ("项目名称",))
    assert form.pages == [28, 29]
    assert _levels(read_indicators(form, None, []).records)[-1] == (
        "效益指标",
        "社会效益指标",
        "实现“微心愿”数",
        "≥800个",
    )


def test_position_map_uses_cell_boxes_when_the_table_has_no_edges() -> None:
    doc = _continued(29, 4)
    second = doc.tables[1]
    second.column_edges = []
    second.cells = [
        Cell(c.row, c.column, c.rowspan, c.colspan, c.text, c.page,
             (c.bbox[0] + W, c.bbox[1], c.bbox[2] + W, c.bbox[3]))
        for c in second.cells
    ]  # fmt: skip
    assert forms.position_map(doc.tables[0], 7, second, 0) == {1: 0, 2: 1, 3: 2, 4: 3}
    sparse = _table([_cell(0, 1, "数量指标")], 3)
    sparse.column_edges = []
    # column 0 has no cell and no edges: nothing to place; column 1's cell is under 一级指标
    assert forms.position_map(doc.tables[0], 7, sparse, 0) == {1: 1}


def test_a_merged_indicator_cell_is_one_record() -> None:
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "示例", cs=3),
        _cell(1, 0, "一级指标"),
        _cell(1, 1, "二级指标"),
        _cell(1, 2, "三级指标"),
        _cell(1, 3, "指标值"),
        _cell(2, 0, "产出指标", rs=2),
        _cell(2, 1, "数量指标", rs=2),
        _cell(2, 2, "培训人数", rs=2),
        _cell(2, 3, "≥30人", rs=2),
        _cell(4, 0, "产出指标"),
        _cell(4, 1, "", cs=3),  # a blank line: no indicator, target, actual or score
    ]
    records = read_indicators(_one_form(_table(cells, 4)), None, []).records
    assert _levels(records) == [("产出指标", "数量指标", "培训人数", "≥30人")]


def test_indicator_roles_of_a_form_without_a_grid_are_empty() -> None:
    form = _one_form(_table([_cell(0, 0, "项目名称"), _cell(0, 1, "示例")], 2))
    assert forms.indicator_roles(form) == set()
    assert read_indicators(form, None, []).records == []


def test_document_title_from_a_first_page_line_naming_a_year() -> None:
    table = _table(xian_cells(), 9, page=3)
    (form,) = split_forms(_doc(table), ("项目名称",))

    def title(*lines: tuple[int, str]) -> str | None:
        text_lines = tuple(
            TextLine(p, t, (0.0, 10.0 * i, 100.0, 10.0 * i + 8)) for i, (p, t) in enumerate(lines)
        )
        return document_title(_doc(table, lines=text_lines), [form])

    assert title((3, "上海市普陀区2023年区级部门预算")) == "上海市普陀区2023年区级部门预算"
    assert title((3, "2023年"), (4, "上海市普陀区2023年区级部门预算")) is None  # short; later page
    assert title((3, "目录"), (3, "普陀区2023年预算")) == "普陀区2023年预算"


# ---------------------------------------------------------------- from the mutation run's survivors


def _header_at(left: float, right: float) -> Table:
    """A one-row indicator header whose 一级指标 cell spans x = left..right."""
    cells = [
        Cell(0, 0, 1, 1, "一级指标", 1, (left, 0.0, right, 20.0)),
        Cell(0, 1, 1, 1, "二级指标", 1, (right, 0.0, right + 60, 20.0)),
        Cell(0, 2, 1, 1, "三级指标", 1, (right + 60, 0.0, right + 120, 20.0)),
    ]
    return Table([1], 1, 3, cells, (left, 0.0, right + 120, 20.0))


def _piece(x0: float, x1: float) -> Table:
    """A one-column piece of a grid whose column spans x = x0..x1 (edges given)."""
    return Table([2], 1, 1, [_cell(0, 0, "产出指标", page=2)], (x0, 0.0, x1, 20.0),
                 column_edges=[x0, x1])  # fmt: skip


def test_position_map_allows_two_points_either_side_of_a_header_cell() -> None:
    """A column belongs under a header cell when its centre lies within the cell widened by
    2 pt each side: 58 and 122 do for a cell at 60..120, 57.5 and 122.5 do not."""
    header = _header_at(60.0, 120.0)
    assert forms.position_map(header, 0, _piece(56.0, 60.0), 0) == {0: 0}  # centre 58
    assert forms.position_map(header, 0, _piece(55.0, 60.0), 0) == {}  # centre 57.5
    # centre 122 is 2 pt right of 一级指标 and 58 left of 二级指标's centre: 一级指标 first
    assert forms.position_map(header, 0, _piece(120.0, 124.0), 0) == {0: 0}
    assert forms.position_map(header, 0, _piece(120.0, 125.0), 0) == {1: 0}  # 122.5


def test_position_map_falls_back_to_cell_boxes_past_the_last_edge() -> None:
    """Edges recorded for fewer columns than the table has: the rest use their cell."""
    header = _header_at(0.0, 60.0)
    cells = [_cell(0, 0, "产出指标"), _cell(0, 1, "数量指标"), _cell(0, 2, "培训次数")]
    table = Table([2], 1, 3, cells, (0.0, 0.0, 180.0, 20.0), column_edges=[0.0, 60.0, 120.0])
    assert forms.position_map(header, 0, table, 0) == {0: 0, 1: 1, 2: 2}


def test_aligned_columns_need_exactly_the_levels_and_the_indicator() -> None:
    header = _header_at(0.0, 60.0)
    roles = {"level1": 0, "level2": 1, "indicator": 2}
    cells = [_cell(0, 0, "产出指标"), _cell(0, 1, "数量指标"), _cell(0, 2, "培训次数")]
    table = _table(cells, 3)
    assert forms.aligned_columns(header, 0, roles, table, 0) == roles
    far = _table(cells, 3)
    far.column_edges = [1000.0, 1060.0, 1120.0, 1180.0]  # printed nowhere under the header
    assert forms.aligned_columns(header, 0, roles, far, 0) is None


def test_a_same_width_continuation_joins_even_when_printed_elsewhere() -> None:
    """Same column count as the header: the columns are taken as the header's."""
    doc = _continued(29, 5)
    doc.tables[1].column_edges = [W * i + 500 for i in range(6)]
    (form,) = split_forms(doc, ("项目名称",))
    assert form.pages == [28, 29]


def test_a_continuation_without_edges_is_placed_by_its_first_row() -> None:
    doc = _continued(29, 4)
    second = doc.tables[1]
    second.column_edges = []
    second.cells = [
        Cell(c.row, c.column, c.rowspan, c.colspan, c.text, c.page,
             (c.bbox[0] + W, c.bbox[1], c.bbox[2] + W, c.bbox[3]))
        for c in second.cells if c.row == 0
    ]  # fmt: skip
    second.n_rows = 1
    (form,) = split_forms(doc, ("项目名称",))
    assert form.pages == [28, 29]


def test_a_form_without_a_grid_takes_no_headerless_table() -> None:
    head = [c for c in fuzhou_cells() if c.row <= 6]
    rest = [_cell(0, 0, "产出指标"), _cell(0, 1, "数量指标"), _cell(0, 2, "培训次数")]
    (form,) = split_forms(_doc(_table(head, 5, page=28), _table(rest, 3, page=29)), ("项目名称",))
    assert form.pages == [28]


def test_a_titled_table_without_a_money_head_is_no_form() -> None:
    """Head labels open a form only when the table prints them before its grid."""
    grid_only = [
        _cell(c.row - 4, c.column, c.text, c.colspan, c.rowspan)
        for c in quanzhou_cells()
        if c.row >= 4
    ]
    lines = (
        TextLine(29, "市级机关保留公务用车委托管理费项目绩效目标表", (40.0, 70.0, 300.0, 90.0)),
    )
    doc = _doc(_table(grid_only, 5, page=29, top=100.0), lines=lines)
    assert split_forms(doc, ("项目名称",), ("资金总额",)) == []


def test_form_title_name_joins_title_cells_and_drops_spaces() -> None:
    row = _table([_cell(0, 0, "市级机关保留公务用车委托管理费 项目"), _cell(0, 1, "绩效目标表")], 2)
    assert form_title_name(Form(intro=[FormRow(row, 0)])) == "市级机关保留公务用车委托管理费"
    three = ["说明", "市级机关保留公务用车委托管理费项目", "绩效目标表"]
    assert form_title_name(Form(above=three)) == "市级机关保留公务用车委托管理费"
    spaced = ["市级机关保留公务用车委托管理费 项目绩效目标表"]
    assert form_title_name(Form(above=spaced)) == "市级机关保留公务用车委托管理费"


def test_a_label_over_a_label_does_not_end_its_row() -> None:
    form = _goal_form(
        [
            _cell(1, 0, "绩效目标"),
            _cell(1, 1, ""),
            _cell(1, 2, "实施单位"),
            _cell(1, 3, "福州市民政局", cs=2),
            _cell(2, 0, "年度目标"),
            _cell(2, 1, ANNUAL_GOAL, cs=4),
        ]
    )
    fields = {"block": ("绩效目标",), "annual": ("年度目标",), "impl": ("实施单位",)}
    assert read_labels(form, fields, below=True) == {"annual": ANNUAL_GOAL, "impl": "福州市民政局"}


def test_other_labels_read_on_after_a_known_label_in_the_same_row() -> None:
    form = _goal_form(
        [
            _cell(1, 0, "项目负责人"),
            _cell(1, 1, "张三"),
            _cell(1, 2, "联系方式"),
            _cell(1, 3, "0591-87654321", cs=2),
        ]
    )
    assert other_labels(form, ["项目名称", "项目负责人"], []) == {"联系方式": "0591-87654321"}


def test_unit_missing_message_in_full() -> None:
    assert forms.unit_missing("project 示例", None) == Notice(
        "amount_unit_missing",
        "project 示例: the form prints no money unit (no （万元）/（元） label, no 单位：); "
        "amounts are kept as printed and not converted to 万元",
        None,
    )


def test_execution_rate_tolerance_at_its_edge() -> None:
    """Budget 100, spent 50 (printed to the unit: ±0.5 each): 50%, and the amounts'
    rounding moves it by up to 100 × 0.5 × 150 / 100² = 0.75. A rate printed to one
    decimal adds 0.05: 50.8 is exactly on the edge (kept), 50.76 (± 0.005) is past it."""

    def line(rate: str) -> BudgetLineData:
        return BudgetLineData("total", "x", None, Decimal(100), Decimal(50), None, Decimal(rate))

    assert check_budget([line("50.8")], "p", 1) == []
    assert [n.code for n in check_budget([line("50.76")], "p", 1)] == ["execution_rate_mismatch"]
    assert check_budget([line("50.75")], "p", 1) == []


def test_score_notices_point_at_their_record_and_the_last_page() -> None:
    form = _one_form(_table(xian_cells(), 9, page=98))
    records = read_indicators(form, None, []).records[:3]
    for record, page in zip(records, (96, 97, 98), strict=True):
        record.pages = [page]
    records[0].score = Decimal(16)
    notices = check_scores(records, [], None, Decimal(1), "p")
    assert [(n.code, n.page) for n in notices] == [
        ("score_exceeds_weight", 96),
        ("total_score_mismatch", 98),  # the last record's last page
    ]
    assert notices[0].origin is records[0].origin and records[0].origin is not None
    records[0].pages = []
    records[2].pages = []
    notices = check_scores(records, [], None, Decimal(1), "p")
    assert [(n.code, n.page) for n in notices] == [
        ("score_exceeds_weight", None),
        ("total_score_mismatch", None),
    ]


def test_a_total_row_with_a_blank_weight_keeps_the_score_in_its_column() -> None:
    """总分 | (分值 blank) | 95 under 得分: the 95 is the score, not a weight."""
    table = _grid_with_total([_cell(3, 0, "总分", cs=4), _cell(3, 4, ""), _cell(3, 5, "95")])
    found = read_indicators(_one_form(table), None, [])
    assert (found.total_weight, found.total_score) == (None, Decimal(95))
    label_wide = _grid_with_total([_cell(3, 0, "总分", cs=5), _cell(3, 5, "95")])
    found = read_indicators(_one_form(label_wide), None, [])
    assert (found.total_weight, found.total_score) == (None, Decimal(95))  # 分值 is the label


def test_half_unit_of_no_printed_place_is_zero() -> None:
    assert forms._half_unit(Decimal("Infinity")) == 0


def test_two_forms_in_one_table_are_cut_at_the_second_name() -> None:
    first = fuzhou_cells()
    second = [
        _cell(c.row + 14, c.column, c.text, c.colspan, c.rowspan)
        for c in _retyped(fuzhou_cells(), {(1, 1): "第二个项目"})
        if 1 <= c.row <= 13
    ]
    table = _table(first[:-2] + second, 5, page=28, top=100.0)
    line = TextLine(28, "1.项目支出绩效目标表", (0.0, 70.0, 200.0, 90.0))
    found = split_forms(_doc(table, lines=(line,)), ("项目名称",))
    assert [[fr.row for fr in f.rows] for f in found] == [list(range(1, 15)), list(range(15, 28))]
    assert [[fr.row for fr in f.intro] for f in found] == [[0], []]
    assert [f.above for f in found] == [[], []]  # the first starts below its title row
    assert [read_labels(f, {"name": ("项目名称",)}) for f in found] == [
        {"name": "e福州留守困境儿童关爱帮扶专栏"},
        {"name": "第二个项目"},
    ]


def test_lines_above_at_the_edges_of_the_gap() -> None:
    """A line counts when it starts at most 1 pt above the previous table's bottom and ends
    at most 1 pt below the table's top; tables on other pages set no floor."""
    first = _table(fuzhou_cells(), 5, page=5)  # bottom 300
    second = _table(quanzhou_cells(), 5, page=5, top=340.0)

    def above(*boxes: tuple[float, float], others: tuple[Table, ...] = ()) -> list[str]:
        lines = tuple(
            TextLine(5, f"L{i}", (0.0, y0, 100.0, y1)) for i, (y0, y1) in enumerate(boxes)
        )
        return forms._lines_above(_doc(first, second, *others, lines=lines), second)

    assert above((10.0, 30.0), (310.0, 330.0)) == ["L1"]  # above the first table: not it
    assert above((299.0, 320.0), (298.5, 320.0)) == ["L0"]  # floor - 1 exactly, not below
    assert above((310.0, 341.0), (310.0, 341.5)) == ["L0"]  # top + 1 exactly, not past
    elsewhere = _table([*fuzhou_cells(), _cell(19, 0, "x")], 5, page=4)  # bottom 400, p4
    assert above((310.0, 330.0), others=(elsewhere,)) == ["L0"]
    # the previous table's bottom may reach 1 pt into this table's top, not more
    base = Table(
        [5], 1, 1, [Cell(0, 0, 1, 1, "x", 5, (0.0, 200.0, 60.0, 300.0))], (0, 200, 60, 300)
    )
    lines = (TextLine(5, "L0", (0.0, 250.0, 100.0, 270.0)),)
    touching = _table(quanzhou_cells(), 5, page=5, top=299.0)  # 300 = top + 1: the floor
    assert forms._lines_above(_doc(base, touching, lines=lines), touching) == []
    overlapping = _table(quanzhou_cells(), 5, page=5, top=298.5)  # 300 > top + 1: no floor
    assert forms._lines_above(_doc(base, overlapping, lines=lines), overlapping) == ["L0"]


def test_parse_projects_keeps_every_warning_and_the_title_year() -> None:
    from jixiao.parsers import project_self_eval

    cells = _retyped(xian_cells(), {(2, 0): "项目资金"})  # no （万元）: unit assumed, warned
    title = "西安市卫生健康委员会2022年项目支出绩效自评表"
    lines = (TextLine(98, title, (100.0, -45.0, 400.0, -25.0)),)
    report = project_self_eval.parse(_doc(_table(cells, 9, page=98), lines=lines))
    assert report.title == title
    assert report.year == 2022  # from the title: no line says 年度
    assert sorted(w.code for w in report.warnings) == [
        "amount_unit_inferred",
        "execution_rate_mismatch",
        "total_weight_mismatch",
    ]


def test_an_indicator_merged_over_rows_with_their_own_targets_gives_a_record_per_row() -> None:
    """One 三级指标 merged over two rows, each row printing its own 指标值 (a two-year target),
    is two records; a row under a merged indicator whose value cells are merged too is a grid
    line inside merged cells, no record."""
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "示例", cs=3),
        _cell(1, 0, "一级指标"),
        _cell(1, 1, "二级指标"),
        _cell(1, 2, "三级指标"),
        _cell(1, 3, "指标值"),
        _cell(2, 0, "产出指标", rs=4),
        _cell(2, 1, "数量指标", rs=4),
        _cell(2, 2, "培训次数", rs=2),
        _cell(2, 3, "2025年≥3次"),
        _cell(3, 3, "2026年≥4次"),
        _cell(4, 2, "覆盖人数", rs=2),
        _cell(4, 3, "≥100人", rs=2),
    ]
    found = read_indicators(_one_form(_table(cells, 4)), None, [])
    assert _levels(found.records) == [
        ("产出指标", "数量指标", "培训次数", "2025年≥3次"),
        ("产出指标", "数量指标", "培训次数", "2026年≥4次"),
        ("产出指标", "数量指标", "覆盖人数", "≥100人"),
    ]
