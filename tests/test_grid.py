"""The grid finder (extract/grid.py) on rulings typed by hand: which lines make a table,
which slots merge into cells, what becomes a caption row, an implied wall, a spare piece.

Every expectation is worked out from the drawing described in the test (and the rules the
module's docstrings state), never from the finder's own output. The inputs are plain
segments, so each test runs in milliseconds (this file pins grid.py under mutation testing,
see docs/mutation.md).
"""

from __future__ import annotations

from jixiao.extract.grid import _coverage, _covered, _nearest, _touch, find_grids
from jixiao.extract.model import Notice, Segment
from jixiao.extract.settings import DEFAULT_SETTINGS

TOL = DEFAULT_SETTINGS.snap_tolerance  # 3 points


def _h(y: float, x0: float, x1: float) -> Segment:
    return Segment(x0, y, x1, y)


def _v(x: float, top: float, bottom: float) -> Segment:
    return Segment(x, top, x, bottom)


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    return [_h(top, x0, x1), _h(bottom, x0, x1), _v(x0, top, bottom), _v(x1, top, bottom)]


def _spans(grid) -> list[tuple[int, int, int, int]]:
    return [(c.row, c.column, c.rowspan, c.colspan) for c in grid.cells]


# --- the tolerance rules, at their boundaries -----------------------------------------------


def test_lines_exactly_the_snap_tolerance_apart_still_meet() -> None:
    """Tolerances are inclusive, as in edges.cluster_values (a gap of exactly the tolerance
    joins): a vertical 3 pt beyond either end of a rule, or a rule 3 pt beyond either end of
    a vertical, touches it; 3.5 pt does not; a vertical far below the rule never does."""
    rule = _h(0.0, 0.0, 100.0)
    assert _touch(rule, _v(-3.0, -10.0, 10.0), TOL)
    assert _touch(rule, _v(103.0, -10.0, 10.0), TOL)
    assert _touch(rule, _v(50.0, 3.0, 40.0), TOL)
    assert _touch(rule, _v(50.0, -40.0, -3.0), TOL)
    assert not _touch(rule, _v(-3.5, -10.0, 10.0), TOL)
    assert not _touch(rule, _v(50.0, 3.5, 40.0), TOL)
    assert not _touch(rule, _v(50.0, 100.0, 140.0), TOL)


def test_nearest_boundary_is_the_closest_and_the_first_on_a_tie() -> None:
    positions = [0.0, 10.0, 20.0, 30.0]
    assert [_nearest(positions, at) for at in (-5.0, 14.0, 16.0, 15.0, 26.0, 100.0)] == [
        0, 1, 2, 1, 3, 3,
    ]  # fmt: skip


def test_a_rule_exactly_the_tolerance_off_a_boundary_lies_on_it() -> None:
    spans = _coverage([_h(3.0, 0.0, 100.0), _h(16.0, 0.0, 50.0)], [0.0, 20.0], True, TOL)
    assert spans == [[(0.0, 100.0)], []]  # 16 is 4 pt off 20: on no boundary


def test_a_border_counts_as_drawn_when_what_is_missing_is_within_the_gap() -> None:
    """Missing at most ``gap`` points, or 5 % of the slot's side when that is more."""
    assert _covered([(0.0, 18.0)], 0.0, 20.0, 2.0)  # 2 pt missing: exactly the gap
    assert not _covered([(0.0, 17.5)], 0.0, 20.0, 2.0)  # 2.5 pt missing
    assert _covered([(0.0, 96.0)], 0.0, 100.0, 2.0)  # 4 pt of 100: within 5 %
    assert not _covered([(100.0, 117.5)], 100.0, 120.0, 2.0)  # 2.5 of 20 (5 % is 1)
    # a dashed border: a 1 pt dash and the rest, 0.5 pt missing of 20 (5 % is 1)
    assert _covered([(0.0, 1.0), (1.5, 20.0)], 0.0, 20.0, 0.25)


# --- which lines make which tables ------------------------------------------------------------


def test_tables_are_listed_top_to_bottom_then_left_to_right() -> None:
    """Three boxes given bottom one first: a one-cell box (a single row, a single column)
    at the top left, a two-row table at its right (its middle rule drawn first), a narrow
    box below. Boxes one above the other with overlapping x ranges stay separate tables."""
    low = _box(0, 100, 50, 140)
    right = [_h(20, 200, 300), *_box(200, 0, 300, 40)]
    left = _box(0, 0, 100, 40)
    grids, notices = find_grids([*low, *right, *left], 7, DEFAULT_SETTINGS)
    assert [g.bbox for g in grids] == [(0, 0, 100, 40), (200, 0, 300, 40), (0, 100, 50, 140)]
    assert [_spans(g) for g in grids] == [
        [(0, 0, 1, 1)], [(0, 0, 1, 1), (1, 0, 1, 1)], [(0, 0, 1, 1)],
    ]  # fmt: skip
    assert [g.page for g in grids] == [7, 7, 7] and notices == []


def test_a_ruled_shape_without_a_closed_cell_does_not_hide_the_next_table() -> None:
    """First on the page, lines that touch but close no slot (top rule and left rule each
    cover a part of their side only); below them, a one-cell box."""
    shape = [_h(0, 50, 100), _h(40, 0, 100), _v(0, 30, 40), _v(100, 0, 40)]
    grids, _ = find_grids([*shape, *_box(0, 100, 100, 140)], 1, DEFAULT_SETTINGS)
    assert [g.bbox for g in grids] == [(0, 100, 100, 140)]


def test_lines_forming_a_shape_of_their_own_are_not_borrowed_by_the_table() -> None:
    """Beside a one-cell box, an L (a vertical running the box's height and a rule at its
    foot); above it, a T (a rule as wide as the box with a tick through it). Neither is a
    lone wall nor a lone caption rule: the box stays one cell. Further down, a rule with a
    tick at each end (a bracket) over a lone rule: one rule is no table to caption."""
    box = _box(0, 100, 100, 140)
    ell = [_v(150, 100, 140), _h(140, 150, 200)]
    tee = [_h(70, 0, 100), _v(50, 60, 75)]
    bracket = [_h(300, 0, 100), _v(0, 300, 310), _v(100, 300, 310), _h(330, 0, 100)]
    grids, notices = find_grids([*box, *ell, *tee, *bracket], 1, DEFAULT_SETTINGS)
    assert [(g.xs, g.ys, _spans(g), g.spare) for g in grids] == [
        ([0, 100], [100, 140], [(0, 0, 1, 1)], [])
    ]
    assert notices == []


# --- slots into cells --------------------------------------------------------------------------


def test_a_fully_ruled_grid_gives_each_printed_cell_and_no_notice() -> None:
    """Two rows, three columns; the last column's cell is merged over both rows."""
    lines = [_h(0, 0, 300), _h(20, 0, 200), _h(40, 0, 300)]
    lines += [_v(x, 0, 40) for x in (0, 100, 200, 300)]
    (grid,), notices = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert _spans(grid) == [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 2, 1), (1, 0, 1, 1), (1, 1, 1, 1)]
    assert grid.spare == [] and notices == []


def test_an_l_shaped_area_opening_into_the_row_below_is_split_row_first() -> None:
    """Two by two: the rule under the first row covers the right column only, the middle
    vertical the first row only. The free area is (0,0) plus the whole second row: a row
    run first, so the top-left slot and the full-width second row, with a notice at the
    top-left slot's centre."""
    lines = [_h(0, 0, 200), _h(20, 100, 200), _h(40, 0, 200)]
    lines += [_v(0, 0, 40), _v(100, 0, 20), _v(200, 0, 40)]
    (grid,), notices = find_grids(lines, 4, DEFAULT_SETTINGS)
    assert _spans(grid) == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 2)]
    assert notices == [
        Notice(
            "irregular_cell",
            "a non-rectangular cell at row 0, column 0 was split into 2 rectangles",
            4,
            at=(50.0, 10.0),
        )
    ]
    assert notices[0].at == (50.0, 10.0)  # ``at`` is left out of Notice equality


def test_a_u_shaped_area_becomes_two_columns_over_one_row() -> None:
    """Right of a fully ruled column, a two-column area whose middle divider stops above
    its last row: the two tall pieces (rows 0-1) and the last row across both columns."""
    lines = [_h(0, 0, 300), _h(20, 0, 100), _h(40, 0, 100), _h(60, 0, 300)]
    lines += [_v(0, 0, 60), _v(100, 0, 60), _v(200, 0, 40), _v(300, 0, 60)]
    (grid,), notices = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert _spans(grid) == [
        (0, 0, 1, 1), (0, 1, 2, 1), (0, 2, 2, 1), (1, 0, 1, 1), (2, 0, 1, 1), (2, 1, 1, 2),
    ]  # fmt: skip
    assert [n.message for n in notices] == [
        "a non-rectangular cell at row 0, column 1 was split into 3 rectangles"
    ]


def test_a_c_shaped_area_around_a_cell_never_covers_it() -> None:
    """A box drawn in the right half of a two-row-tall area: the area around it is the top
    row, the left slot beside the box and the bottom row. The top and bottom rows have the
    same columns but the box lies between them: they are not stacked into one piece."""
    lines = [_h(0, 0, 200), _h(20, 100, 200), _h(40, 100, 200), _h(60, 0, 200)]
    lines += [_v(0, 0, 60), _v(100, 20, 40), _v(200, 0, 60)]
    (grid,), notices = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert _spans(grid) == [(0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 2)]
    assert [n.code for n in notices] == ["irregular_cell"]


def test_a_cell_open_at_the_left_and_bottom_is_outside_the_table() -> None:
    """The left rule covers the first row only: the last row's left slot is open at the
    left and at the bottom (the bottom rule covers the right column only)."""
    lines = [_h(0, 0, 100), _h(20, 0, 100), _h(40, 50, 100)]
    lines += [_v(0, 0, 20), _v(50, 0, 40), _v(100, 0, 40)]
    (grid,), _ = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert _spans(grid) == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 1, 1, 1)]
    assert [(s.row, s.column, s.bbox) for s in grid.spare] == [(1, 0, (0, 20, 50, 40))]


def test_a_column_cut_by_both_page_edges_keeps_its_first_and_last_cells() -> None:
    """The right column's top and bottom rules are not printed (its cells continue from the
    previous page and onto the next); each of those cells is open on one side only."""
    lines = [_h(0, 0, 50), _h(20, 0, 100), _h(40, 0, 100), _h(60, 0, 50)]
    lines += [_v(x, 0, 60) for x in (0, 50, 100)]
    (grid,), _ = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert len(grid.cells) == 6 and grid.spare == []


def test_a_border_stopping_exactly_the_gap_short_still_closes_the_cell() -> None:
    lines = [_h(y, 0, 200) for y in (0, 20, 40)] + [_v(0, 0, 40), _v(200, 0, 40)]
    lines.append(_v(100, 2, 40))  # 2 pt short of the top rule: border_gap is 2
    (grid,), _ = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert _spans(grid) == [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)]


def test_a_row_band_without_side_rules_in_the_middle_is_no_caption() -> None:
    """Only a band at the table's top or bottom is a caption row; one between body rows,
    with no side rules, lies outside the drawn shape (a spare piece)."""
    lines = [_h(y, 0, 200) for y in (0, 20, 40, 60)]
    # side rules 3 pt short of the band (so it is open) yet touching its lower rule, which
    # keeps the two blocks one table; below it, new side rules from 1 pt under its rule
    lines += [_v(0, 0, 37), _v(200, 0, 37), _v(0, 41, 60), _v(200, 41, 60)]
    (grid,), notices = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert _spans(grid) == [(0, 0, 1, 1), (2, 0, 1, 1)]
    assert [(s.row, s.bbox) for s in grid.spare] == [(1, (0, 20, 200, 40))]
    assert notices == []


# --- walls and rules read into a table -----------------------------------------------------------


def test_lone_walls_on_both_sides_are_both_read_into_the_table() -> None:
    """Merged cells longer than the page in the first and the last column: their outer side
    rules touch no rule. The left one stands out 3 pt (the tolerance) above and below."""
    lines = [_h(y, 50, 150) for y in (100, 120, 140)]
    lines += [_v(x, 100, 140) for x in (50, 100, 150)]
    lines += [_v(0, 97, 143), _v(200, 100, 140)]
    (grid,), _ = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert grid.xs == [0, 50, 100, 150, 200]
    assert _spans(grid) == [
        (0, 0, 2, 1), (0, 1, 1, 1), (0, 2, 1, 1), (0, 3, 2, 1), (1, 1, 1, 1), (1, 2, 1, 1),
    ]  # fmt: skip
    assert grid.spare == []


def test_a_short_lone_vertical_leaves_no_piece_in_the_table() -> None:
    lines = [_h(0, 50, 150), _h(20, 100, 150), _h(40, 50, 150)]
    lines += [_v(0, 0, 30), *(_v(x, 0, 40) for x in (50, 100, 150))]
    (grid,), _ = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert grid.xs == [50, 100, 150] and grid.spare == []


def test_rules_above_and_below_tables_are_their_caption_rows() -> None:
    """A one-column table and a two-column one side by side. The left one has a rule 30 pt
    above and one exactly 48 pt (the most a caption is tall) below; the right one a rule
    exactly 48 pt above, starting and ending 3 pt inside its sides."""
    body = [_h(y, 0, 200) for y in (60, 80, 100)] + [_v(0, 60, 100), _v(200, 60, 100)]
    body += [_h(y, 300, 500) for y in (60, 80, 100)]
    body += [_v(300, 60, 100), _v(400, 60, 100), _v(500, 60, 100)]
    rules = [_h(30, 0, 200), _h(148, 0, 200), _h(12, 303, 497)]
    grids, notices = find_grids([*rules, *body], 2, DEFAULT_SETTINGS)
    assert [(g.xs, g.ys) for g in grids] == [
        ([300, 400, 500], [12, 60, 80, 100]),
        ([0, 200], [30, 60, 80, 100, 148]),
    ]
    assert [_spans(g) for g in grids] == [
        [(0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 1), (2, 0, 1, 1), (2, 1, 1, 1)],
        [(0, 0, 1, 1), (1, 0, 1, 1), (2, 0, 1, 1), (3, 0, 1, 1)],
    ]
    text = "a band ruled above and below across the table's width with no side rules (a "
    text += "title merged across a spreadsheet) was read as the table's "
    by_place = sorted(notices, key=lambda n: n.at)
    assert [n.at for n in by_place] == [(100.0, 45.0), (100.0, 124.0), (400.0, 36.0)]
    assert by_place == [
        Notice("caption_row", text + "first row", 2),
        Notice("caption_row", text + "last row", 2),
        Notice("caption_row", text + "first row", 2),
    ]


def test_a_rule_as_wide_as_one_side_of_the_table_only_is_no_caption() -> None:
    body = [_h(y, 0, 200) for y in (60, 80, 100)] + [_v(0, 60, 100), _v(200, 60, 100)]
    (grid,), notices = find_grids([_h(30, 0, 150), *body], 1, DEFAULT_SETTINGS)
    assert (grid.ys, grid.spare, notices) == ([60, 80, 100], [], [])


# --- rows walled on one side only ----------------------------------------------------------------

_OPEN_SIDE = (
    "rows ruled above and below and on one side only (a strip of a wide sheet whose other "
    "side rule is printed on another page) were read as cells, closed at x={} where their "
    "rules end"
)


def test_rows_walled_on_the_left_are_closed_where_their_rules_end() -> None:
    """The middle rule starts 3 pt right of the wall and ends 3 pt past the others (both
    within the tolerance): the implied wall stands at the mean of the ends, 301."""
    lines = [_h(0, 100, 300), _h(20, 103, 303), _h(40, 100, 300), _v(100, 0, 40)]
    (grid,), notices = find_grids(lines, 5, DEFAULT_SETTINGS)
    assert (grid.xs, grid.ys, _spans(grid)) == (
        [100, 301.0], [0, 20, 40], [(0, 0, 1, 1), (1, 0, 1, 1)],
    )  # fmt: skip
    assert notices == [Notice("open_side_rows", _OPEN_SIDE.format("301.0"), 5)]
    assert notices[0].at == (301.0, 20.0)


def test_one_row_walled_on_the_right_is_a_cell() -> None:
    """The top rule ends exactly 3 pt short of the wall: it still meets it."""
    lines = [_h(50, 50, 297), _h(80, 50, 300), _v(300, 50, 80)]
    (grid,), notices = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert (grid.xs, _spans(grid)) == ([50.0, 300], [(0, 0, 1, 1)])
    assert [n.code for n in notices] == ["open_side_rows"]


def test_a_wall_within_the_tolerance_of_the_rows_implies_the_other() -> None:
    """The wall stops exactly 3 pt short of the top rule and of the bottom rule."""
    lines = [_h(50, 50, 300), _h(80, 50, 300), _v(300, 53, 77)]
    (grid,), _ = find_grids(lines, 1, DEFAULT_SETTINGS)
    assert (grid.xs, grid.ys) == ([50.0, 300], [50, 80])


def test_a_wall_running_on_past_the_rows_implies_nothing() -> None:
    """A vertical 30 pt longer than the rows it meets is no row's side wall."""
    lines = [_h(50, 50, 300), _h(80, 50, 300), _v(300, 20, 80)]
    assert find_grids(lines, 1, DEFAULT_SETTINGS) == ([], [])


def test_ticks_on_a_vertical_are_no_rows() -> None:
    """Rules at most twice the snap tolerance long off a vertical are tick marks; 7 pt long
    ones make a (narrow) row."""
    ticks = [_h(50, 294, 300), _h(80, 294, 300), _v(300, 50, 80)]
    assert find_grids(ticks, 1, DEFAULT_SETTINGS) == ([], [])
    rows = [_h(50, 293, 300), _h(80, 293, 300), _v(300, 50, 80)]
    (grid,), _ = find_grids(rows, 1, DEFAULT_SETTINGS)
    assert grid.xs == [293.0, 300]
