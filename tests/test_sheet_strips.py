"""Wide spreadsheets printed in strips (issue 9): the right-hand column block of a sheet,
printed on a later page, joined to the rows it belongs to by their printed heights.

The constructed documents below model what LibreOffice prints (rows of every strip at the
same heights, the same left margin); the joins that must not happen differ from it in one
thing each. The real case is Shenzhen's 申报表 (pages 3 and 5, 57 and 59, read off the
rendered pages and the text layer).
"""

from __future__ import annotations

import pytest

from conftest import parsed, real_pdf
from jixiao.extract.model import Cell, Document, Table, TextLine
from jixiao.parsers import parse_document

SHENZHEN = "shenzhen_baoan_songgang_project_target_declaration_libreoffice.pdf"
LEFT, WIDTH, TOP, HEIGHT = 50.0, 150.0, 500.0, 30.0


def _table(page: int, rows: list[list[str]], top: float = TOP, left: float = LEFT) -> Table:
    """A grid of one-slot cells, ``HEIGHT`` points a row, on one page."""
    cells = [
        Cell(
            r,
            c,
            1,
            1,
            text,
            page,
            (left + c * WIDTH, top + r * HEIGHT, left + (c + 1) * WIDTH, top + (r + 1) * HEIGHT),
        )
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    n_columns = len(rows[0])
    return Table(
        pages=[page],
        n_rows=len(rows),
        n_columns=n_columns,
        cells=cells,
        bbox=(left, top, left + n_columns * WIDTH, top + len(rows) * HEIGHT),
        row_pages=[page] * len(rows),
        column_edges=[left + c * WIDTH for c in range(n_columns + 1)],
    )


INDICATORS = [["三级指标", "目标值"], ["发放宣传资料数", "≧5000册"], ["宣传到位率", "≧95%"]]
EXPLAINED = [["指标解释"], ["发放创文宣传资料数"], ["宣传到位率"]]


def _parse(*tables: Table, lines: list[TextLine] | None = None):
    pages = max(p for t in tables for p in t.pages)
    return parse_document(Document(pages, list(tables), lines or [], [], pages))


def test_right_hand_strip_joined_by_row_position() -> None:
    report = _parse(_table(1, INDICATORS), _table(2, EXPLAINED))
    assert [(r.indicator, r.explanation, r.pages) for r in report.records] == [
        ("发放宣传资料数", "发放创文宣传资料数", [1, 2]),
        ("宣传到位率", "宣传到位率", [1, 2]),
    ]
    (notice,) = [w for w in report.warnings if w.code == "columns_joined_by_row_position"]
    assert "by row position" in notice.message and notice.page == 1


def test_unknown_strip_header_kept_under_its_printed_name() -> None:
    strip = [["责任科室"], ["宣传科"], ["办公室"]]
    report = _parse(_table(1, INDICATORS), _table(2, strip))
    assert [r.extra for r in report.records] == [{"责任科室": "宣传科"}, {"责任科室": "办公室"}]


@pytest.mark.parametrize(
    "strip",
    [
        pytest.param(_table(2, [*EXPLAINED, ["多一行"]]), id="one-row-more"),
        pytest.param(_table(2, EXPLAINED[:2]), id="one-row-fewer"),
        pytest.param(_table(2, EXPLAINED, top=TOP + 12), id="rows-lower"),
        pytest.param(_table(2, EXPLAINED, left=LEFT + 40), id="other-left-margin"),
        pytest.param(_table(5, EXPLAINED), id="too-many-pages-on"),
        pytest.param(_table(2, [["三级指标"], ["甲"], ["乙"]]), id="same-header-again"),
        pytest.param(_table(2, [[""], ["甲"], ["乙"]]), id="no-header"),
    ],
)
def test_unrelated_table_is_not_joined(strip: Table) -> None:
    report = _parse(_table(1, INDICATORS), strip)
    rows = [r for r in report.records if r.indicator in ("发放宣传资料数", "宣传到位率")]
    assert len(rows) == 2
    assert all(r.explanation is None and r.extra == {} and r.pages == [1] for r in rows)
    assert not [w for w in report.warnings if w.code == "columns_joined_by_row_position"]


def _two_pages(table: Table, rows_on_second: int) -> Table:
    """``table`` with its last ``rows_on_second`` rows moved to the top of the next page, as
    a table stitched over a page break is."""
    first = table.n_rows - rows_on_second
    moved = []
    for cell in table.cells:
        if cell.row >= first:
            x0, top, x1, bottom = cell.bbox
            shift = TOP + first * HEIGHT - 50.0
            cell = Cell(
                cell.row, cell.column, 1, 1, cell.text, 2, (x0, top - shift, x1, bottom - shift)
            )
        moved.append(cell)
    table.cells = moved
    table.pages = [1, 2]
    table.row_pages = [1] * first + [2] * rows_on_second
    return table


def test_strip_continued_without_rules_is_read_from_text_positions() -> None:
    """Pages 1-2 the table, 3-4 its strip; page 4 prints the strip's last row with no rule
    at its left (the table finder sees no table there), so its text is read at the row's
    height — and said so."""
    table = _two_pages(_table(1, [*INDICATORS, ["满意度", "≥90%"]]), 1)
    line = TextLine(4, "群众满意度", (LEFT + 40, 58.0, LEFT + 100, 70.0))
    stray = TextLine(4, "页脚", (LEFT + 40, 200.0, LEFT + 100, 212.0))
    report = _parse(table, _table(3, EXPLAINED), lines=[line, stray])
    assert [(r.explanation, r.pages) for r in report.records] == [
        ("发放创文宣传资料数", [1, 3]),
        ("宣传到位率", [1, 3]),
        ("群众满意度", [2, 4]),
    ]
    pages = [w.page for w in report.warnings if w.code == "columns_joined_by_row_position"]
    assert pages == [1, 4]


def test_shenzhen_explanations_joined_from_the_right_hand_strips() -> None:
    """指标解释 of pages 5-6 and 59-60 as printed, beside the 三级指标 of pages 3-4, 57-58."""
    report = parsed(real_pdf(SHENZHEN))
    by_page = {
        page: [(r.indicator, r.explanation) for r in report.records if page in r.pages]
        for page in (3, 4, 57, 58)
    }
    assert by_page[3] == [
        ("发放宣传资料数", "发放创文宣传资料数"),
        ("宣传到位率", "宣传到位率"),
        ("开展活动及时性", "开展活动及时"),
        ("总成本", "总成本不超过项目金额"),
        ("不适用", "不适用"),
        ("推进街道文明建设环境宣传", "对推进街道文明建设环境宣传能力得到提升"),
        ("不适用", "不适用"),
    ]
    assert by_page[4] == [("不适用", "不适用")] * 3
    assert by_page[57][0] == ("受惠人数", "考察受惠人数")
    assert by_page[58] == [
        ("不适用", "不适用"),
        ("参与群众满意度", "群众文化参与度"),
        ("文化钟点工服务满意度", "文化钟点工服务满意度"),
    ]
    # Pages 6 and 60 rule the rows of 指标解释 above, below and on the right only: they are
    # read as the strip's cells (open_side_rows), no longer from text positions.
    notices = {(w.page, w.code) for w in report.warnings}
    assert {(3, "columns_joined_by_row_position"), (6, "open_side_rows")} <= notices
    assert (6, "columns_joined_by_row_position") not in notices


def test_shenzhen_levels_placed_by_row_position_where_rows_are_blank() -> None:
    """Pages 31/33/35: rows 5 and 7 of the 三级指标 strip are printed blank, so the five
    indicators are not the ten level rows in order; by their heights 增加企业沟通与交流率
    sits beside 效益 / 社会效益 (rendered pages, text layer)."""
    report = parsed(real_pdf(SHENZHEN))
    rows = {r.indicator: r for r in report.records if 33 in r.pages}
    assert len(rows) == 5
    cost, social = rows["活动举办成本"], rows["增加企业沟通与交流率"]
    assert (cost.level1, cost.level2, cost.explanation) == (
        "产出",
        "成本",
        "该指标主要考察实际采购金额不超过采购成本20万元/场",
    )
    assert (social.level1, social.level2, social.explanation) == (
        "效益",
        "社会效益",
        "考察本项目交流率的情况，根据企业参加活动数量取值，计算方式=参加活动企业数/企业会员数",
    )
    assert social.pages == [31, 33, 35]
    notices = [w.message for w in report.warnings if w.code == "columns_joined_by_row_position"]
    assert any("page 31" in m and "page 33" in m for m in notices)


def test_shenzhen_project_named_by_labels_joined_over_strips() -> None:
    """项目名称： ends the middle strip (page 3, under a comment box) and its value starts the
    right-hand one (page 5); 项目编码： and its value print on page 1, at the same row heights
    (rendered pages, text layer). Pages 55/57/59 print the second truth sheet the same way."""
    report = parsed(real_pdf(SHENZHEN))
    projects = {p.name: p for p in report.projects}
    first, second = projects["全国文明城市创建工作经费"], projects["系列文化活动经费"]
    assert first.code == "440306221390300900000"
    assert second.code == "440306210600300003833"
    assert (
        first.annual_goal
        == "全国文明城市创建工作扎实推进,坚持价值引领,着力培养和践行社会主义核心价值观。"
    )
    on_page_3 = [r for r in report.records if 3 in r.pages]
    assert on_page_3 and all(r.project == "全国文明城市创建工作经费" for r in on_page_3)
    joined = [w.message for w in report.warnings if w.code == "labels_joined_by_row_position"]
    assert any(m.startswith("label rows printed on pages 1, 3, 5 ") for m in joined)


POLICY_1 = (
    "深入学习贯彻习近平总书记中国特色社会主义思想和党的十九大精神，严格对照《全国文明城市测评体系》、"
    "《全国未成年人思想道德建设工作测评体系》和《全国文明城市创建动态管理措施》（负面清单）要求，"
    "坚持问题导向，以环境卫生、公共秩序、基础设施等短板为重点，迅速组织开展文明城市创建整改行动，"
    "进一步提升市民文明素质和城市文明水平，确保圆满完成全国文明城市创建各项工作任务。"
)
BASIS_2 = (
    "依据《关于印发<宝安区2018年文化春雨工作实施方案>的通知》（深宝文发〔2018〕21号）"
    "《关于印发<宝安区社区综合性文化服务中心提质增效建设工作方案>的通知》，"
    "《关于开展社区综合性文化服务中心示范点推荐评选工作的通知》、"
    "〈关于做好2022年度宝安区文化馆总分馆制建设工作的通知〉"
    "1.文化春雨行动（文化钟点工经费）31.8万；2.社区综合性文化服务中心区级示范点创建活动经费10万；"
    "3.文化馆总分馆制经费2万元"
)


def _cells(report, page: int) -> list[str]:
    return [c.text for t in report.tables for c in t.cells if c.page == page]


def _flat(text: str) -> str:
    return "".join(text.split())


def test_shenzhen_long_texts_kept_whole_in_the_strip_they_start_on() -> None:
    """政策依据 (page 1) and 测算依据 (page 55) run under the strip edges: the image clips
    them at the strip's right rule, the text layer holds every line whole (pdftotext, and
    the truth file's whole strings). The cell they start in holds them whole, said in a
    warning; the stray pieces of the lines are no longer page text."""
    report = parsed(real_pdf(SHENZHEN))
    assert _flat(POLICY_1) in [_flat(t) for t in _cells(report, 1)]
    assert _flat(BASIS_2) in [_flat(t) for t in _cells(report, 55)]
    past = {w.page for w in report.warnings if w.code == "text_past_table_edge"}
    assert {1, 3, 55, 57} <= past


def test_shenzhen_title_band_and_open_sided_rows_are_cells() -> None:
    """Page 3 (57): the title 二级项目支出绩效目标申报表 is ruled above and below, no side
    rules, across the strip's width; page 60: the last three 指标解释 rows have top, bottom
    and right rules but no left one (rendered pages at 110 dpi)."""
    report = parsed(real_pdf(SHENZHEN))
    for page in (3, 57):
        (title,) = [
            t for t in report.tables if t.pages[0] == page and t.cells[0].text.endswith("申报表")
        ]
        assert (title.cells[0].row, title.cells[0].colspan) == (0, title.n_columns)
        assert title.cells[0].text == "二级项目支出绩效目标申报表"
    assert _cells(report, 60) == ["不适用", "群众文化参与度", "文化钟点工服务满意度"]
    codes = {(w.page, w.code) for w in report.warnings}
    assert {(3, "caption_row"), (57, "caption_row"), (60, "open_side_rows")} <= codes
