"""Chinese budget tables, one per table class, drawn with reportlab; the truth is the data
they are drawn from (``CASES``), never jixiao's output.

Classes: full grid; partial rules (outer frame and row rules, no inner verticals); three-line
table (三线表: rules above and below the header and at the bottom only); no rules at all;
dense numbers (no rules, 1.5 pt between lines, so a naive wrap-join runs amounts together);
a borderless table under a ruled page-header bar, with a ruled page-number box (decorations).
Text is left-aligned, amounts right-aligned, as budget tables print them.
"""

from __future__ import annotations

from pathlib import Path

HEADER = ["科目编码", "科目名称", "上年决算数", "本年预算数", "增减%"]
BODY = [
    ["201", "一般公共服务支出", "34,573.21", "13,278.00", "-61.6"],
    ["20101", "人大事务", "58,326.40", "30,983.50", "-46.9"],
    ["205", "教育支出", "1,826.00", "2,104.30", "15.2"],
    ["208", "社会保障和就业支出", "986.75", "1,020.00", "3.4"],
    ["213", "农林水支出", "12,450.00", "11,980.60", "-3.8"],
    ["221", "住房保障支出", "3,310.00", "3,502.90", "5.8"],
]
ROWS = [HEADER, *BODY]
TWO_COLUMNS = [["项目", "金额"], ["工资福利支出", "1,234.56"], ["商品和服务支出", "789.00"],
               ["对个人和家庭的补助", "45.10"], ["资本性支出", "300.00"]]  # fmt: skip

CASES: dict[str, list[list[str]]] = {
    "full_grid": ROWS,
    "partial_rules": ROWS,
    "three_line": ROWS,
    "no_rules": ROWS,
    "dense_numbers": ROWS,
    "decorated": ROWS,
    "two_columns": TWO_COLUMNS,
}

PAGE = (595.0, 842.0)
LEFT, TOP = 60.0, 150.0
WIDTHS = [60.0, 130.0, 80.0, 80.0, 60.0]
FONT = 10.0


def _edges(widths: list[float]) -> list[float]:
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def render(name: str, folder: Path, turn: int = 0) -> Path:
    """Draw case ``name`` into ``folder``; returns the PDF's path. ``turn`` 90 or 270: the
    table is drawn on a landscape sheet turned that far clockwise onto a portrait page (the
    page has no /Rotate; its content is turned), so the text runs down or up the page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = CASES[name]
    widths = [150.0, 90.0] if name == "two_columns" else WIDTHS
    xs = _edges(widths)
    pitch = FONT + 1.5 if name == "dense_numbers" else 20.0
    ys = [TOP + pitch * i for i in range(len(rows) + 1)]
    path = folder / (f"{name}_turned{turn}.pdf" if turn else f"{name}.pdf")
    c = canvas.Canvas(str(path), pagesize=PAGE)
    height = PAGE[1]
    if turn == 90:  # landscape (x, y) lands on the page at (y, 842 - x)
        c.translate(0, PAGE[1])
        c.rotate(-90)
        height = PAGE[0]
    elif turn == 270:  # landscape (x, y) lands on the page at (595 - y, x)
        c.translate(PAGE[0], 0)
        c.rotate(90)
        height = PAGE[0]
    c.setLineWidth(0.6)

    def hline(y: float, x0: float = xs[0], x1: float = xs[-1]) -> None:
        c.line(x0, height - y, x1, height - y)

    def vline(x: float, top: float = ys[0], bottom: float = ys[-1]) -> None:
        c.line(x, height - top, x, height - bottom)

    c.setFont("STSong-Light", 16)
    c.drawString(LEFT + 80, height - 100, "2024年部门支出预算表")
    c.setFont("STSong-Light", 9)
    c.drawString(xs[-1] - 60, height - TOP + 8, "单位：万元")
    if name == "full_grid":
        for y in ys:
            hline(y)
        for x in xs:
            vline(x)
    elif name == "partial_rules":
        for y in ys:
            hline(y)
        vline(xs[0])
        vline(xs[-1])
    elif name == "three_line":
        hline(ys[0])
        hline(ys[1])
        hline(ys[-1])
    elif name == "decorated":
        c.rect(LEFT, height - 70, xs[-1] - LEFT, 30)  # header bar with the report's name
        c.setFont("STSong-Light", 12)
        c.drawString(LEFT + 10, height - 60, "北京市某某局2024年部门预算")
        c.rect(280, height - 800, 40, 20)  # page-number box
        c.setFont("STSong-Light", 10)
        c.drawString(292, height - 793, "- 3 -")
    c.setFont("STSong-Light", FONT)
    for r, row in enumerate(rows):
        baseline = ys[r] + (pitch + FONT) / 2 - 1.5
        for i, text in enumerate(row):
            if r > 0 and i >= max(1, len(widths) - 3):  # amounts: right-aligned
                c.drawRightString(xs[i + 1] - 4, height - baseline, text)
            else:
                c.drawString(xs[i] + 4, height - baseline, text)
    c.save()
    return path
