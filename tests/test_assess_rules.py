"""The assessment rules pinned to the letter: whole reasons, bases and paired quantities.

Written from the survivors of a mutation run over ``parsers/assess.py`` (issue 18,
docs/mutation.md): each case is a cell pair an auditor can decide by hand, and the
expected reason is the sentence a reader should see, written out here rather than
taken from jixiao's output. ``tests/test_assess.py`` holds the broader cases.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.extract.model import Table
from jixiao.parsers import assess as assess_module
from jixiao.parsers.assess import Assessment, Check, assess, assess_records, self_score_ratio
from jixiao.parsers.quantity import Quantity
from jixiao.parsers.result import RecordData


def _checks(result: Assessment) -> list[tuple[str, str, str]]:
    return [(c.status, c.basis, c.reason) for c in result.checks]


def _values(result: Assessment) -> tuple[list[Decimal | None], list[Decimal | None]]:
    return [q.value for q in result.targets], [q.value for q in result.actuals]


# --------------------------------------------------------------------------- assess()


def test_cells_that_are_no_text_count_as_not_printed() -> None:
    """A spreadsheet reader can hand over a number or NaN for an empty cell."""
    result = assess(7, "7项")  # type: ignore[arg-type]
    assert _checks(result) == [("unclear", "none", "no target printed")]
    assert _values(result) == ([], [Decimal(7)])
    result = assess("7项", 7)  # type: ignore[arg-type]
    assert _checks(result) == [("qualitative", "none", "no actual printed")]


def test_missing_cells_say_which_is_missing() -> None:
    result = assess("7项", None)
    assert _checks(result) == [("qualitative", "none", "no actual printed")]
    assert result.checks[0] == Check(None, None, "qualitative", "no actual printed", "none")
    assert _values(result) == ([Decimal(7)], [])
    both = assess("  ", "")
    assert _checks(both) == [("qualitative", "none", "neither target nor actual printed")]
    assert _checks(assess(None, None)) == [
        ("qualitative", "none", "neither target nor actual printed")
    ]
    no_target = assess("", "完成 7项")
    assert _checks(no_target) == [("unclear", "none", "no target printed")]
    assert _values(no_target) == ([], [Decimal(7)])


def test_unit_column_applies_to_the_actual_too() -> None:
    result = assess("7", "8", "课题种类", unit="种")
    assert [q.unit for q in result.actuals] == ["种"]
    assert _checks(result) == [("met", "numeric", "8种 ≥ 7种")]


def test_denial_keeps_the_quantities() -> None:
    result = assess("完成 7项", "未完成")
    assert _checks(result) == [("not_met", "stated", "actual states 未完成")]
    assert _values(result) == ([Decimal(7)], [])


def test_indicator_decides_direction_of_a_bare_count() -> None:
    """投诉 is in the indicator only: fewer complaints is better."""
    met = assess("5件", "3件", "投诉件数")
    assert _checks(met) == [
        ("met", "numeric", "3件 ≤ 5件 (reverse indicator (投诉): lower is better)")
    ]
    assert _checks(assess("5件", "8件", "投诉件数")) == [
        ("not_met", "numeric", "8件 > 5件 (reverse indicator (投诉): lower is better)")
    ]


def test_level2_cost_indicator_makes_money_spending() -> None:
    """二级指标 成本指标: 229.19 of 240 planned is under-spent, which the page does not explain."""
    result = assess("240万元", "229.19万元", "设备", level2="成本指标")
    assert _checks(result) == [
        (
            "unclear",
            "numeric",
            "229.19万元 spent of 240万元 planned (成本): 95.5% executed -- a saving or an "
            "unfinished job, the page does not say",
        )
    ]


def test_targets_without_actual_quantity_and_no_outcome_words() -> None:
    result = assess("完成 7项", "详见附件")
    assert _checks(result) == [("unclear", "none", "actual states no quantity and no outcome")]
    assert _values(result) == ([Decimal(7)], [])
    neither = assess("按时完成", "详见附件")
    assert _checks(neither) == [
        ("unclear", "none", "the actual neither confirms nor denies the target")
    ]
    assert _values(neither) == ([], [])


def test_percent_of_a_target_that_is_no_percentage() -> None:
    done = assess("1批", "≥100%", "设备购置")
    assert _checks(done) == [("met", "stated", "100% read as all of the target done")]
    assert _values(done) == ([Decimal(1)], [Decimal(100)])
    part = assess("1批", "80%", "设备购置")
    assert _checks(part) == [("unclear", "none", "80% of a target that is no percentage")]
    assert _values(part) == ([Decimal(1)], [Decimal(80)])


def test_percent_against_an_unpaired_percent_target_is_not_read_as_done() -> None:
    """满意度 and 完成率 share no word: the 100% is not the satisfaction."""
    result = assess("满意度≥90%", "完成率 100%")
    assert result.status == "unclear"
    assert [c.status for c in result.checks] == ["unmatched"]
    assert _values(result) == ([Decimal(90)], [Decimal(100)])


def test_stated_unclear_has_no_basis() -> None:
    result = assess("满意", "基本满意", "缓解患者看病难")
    assert [(c.status, c.basis) for c in result.checks] == [("unclear", "none")]
    met = assess("7项", "已完成")
    assert [(c.status, c.basis) for c in met.checks] == [("met", "stated")]
    assert _values(met) == ([Decimal(7)], [])


def test_dates_are_compared_as_dates() -> None:
    """A year and a month are no counts: no quantities, the deadline decides."""
    result = assess("2023年 7月", "预计2023年12月", "项目完成时间")
    assert _checks(result) == [("not_met", "numeric", "2023年12月 is after the deadline 2023年7月")]
    assert (result.targets, result.actuals) == ([], [])


# --------------------------------------------------------------------------- repeats


def test_repeated_cell_reasons_use_the_indicator() -> None:
    result = assess("5件", "5件", "投诉件数")
    assert _checks(result) == [
        ("met", "numeric", "5件 ≤ 5件 (reverse indicator (投诉): lower is better)")
    ]


def test_repeated_cell_reasons_use_the_nature_column() -> None:
    result = assess("5", "5", "事项数", nature="反向", unit="件")
    assert _checks(result) == [
        ("met", "numeric", "5件 ≤ 5件 (reverse indicator (指标性质 反向): lower is better)")
    ]


def test_repeated_cell_reasons_use_level2() -> None:
    result = assess("240万元", "240万元", "设备", level2="成本指标")
    assert _checks(result) == [
        ("met", "numeric", "240万元 spent of 240万元 planned (成本): as planned")
    ]


def test_repeated_hedge_is_met_as_the_same_claim() -> None:
    """近百名 does not reach 100 by the numbers, but twice the same words is the same claim."""
    result = assess("指导专家近百名", "指导专家近百名")
    assert result.status == "met" and result.basis == "numeric"
    assert _checks(result) == [("met", "numeric", "actual repeats the target (近100名)")]
    (check,) = result.checks
    assert check.target is not None and check.actual is not None
    assert (check.target.value, check.actual.value) == (Decimal(100), Decimal(100))
    assert _values(result) == ([Decimal(100)], [Decimal(100)])


def test_repeated_words_without_numbers() -> None:
    result = assess("完成拆迁", "完成拆迁")
    assert _checks(result) == [("met", "stated", "actual repeats the target")]
    assert _values(result) == ([], [])


def test_repeated_words_with_a_number_rest_on_it() -> None:
    """A repeated 2022年 holds a number, so the repeat is a numeric claim."""
    result = assess("2022年完成", "2022年完成")
    assert _checks(result) == [("met", "numeric", "actual repeats the target")]
    assert (result.targets, result.actuals) == ([], [])


# --------------------------------------------------------------------------- judging


@pytest.mark.parametrize(
    ("target", "actual", "status", "reason"),
    [
        # bounds exactly on the target
        (
            ">90%",
            "满意度90%以上",
            "unclear",
            "90%以上 ∈ [90, ∞) straddles > 90%; cannot confirm either way",
        ),
        (">90%", "满意度超过90%", "met", "超过90% ∈ (90, ∞) > 90%"),
        (
            ">90%",
            "满意度超过80%",
            "unclear",
            "超过80% ∈ (80, ∞) straddles > 90%; cannot confirm either way",
        ),
        (
            "参与专家不少于100人",
            "参与专家80-100人",
            "unclear",
            "80-100人 ∈ [80, 100] straddles ≥ 100人; cannot confirm either way",
        ),
        (
            ">80人",
            "80-100人",
            "unclear",
            "80-100人 ∈ [80, 100] straddles > 80人; cannot confirm either way",
        ),
        ("<5件", "近5件", "met", "近5件 ∈ [4.5, 5) < 5件 (近 read as [0.9×, ×))"),
        ("<5件", "5件", "not_met", "5件 ≥ 5件"),
        ("<5件", "3-5件", "unclear", "3-5件 ∈ [3, 5] straddles < 5件; cannot confirm either way"),
        ("<5件", "5件以上", "not_met", "5件以上 ∈ [5, ∞) ≥ 5件"),
        (
            "<5件",
            "不超过8件",
            "unclear",
            "≤8件 ∈ (-∞, 8] straddles < 5件; cannot confirm either way",
        ),
        ("≤8件", "不超过8件", "met", "≤8件 ∈ (-∞, 8] ≤ 8件"),
        (
            "指导专家 95名",
            "指导专家将近100名",
            "unclear",
            "将近100名 ∈ [90, 100) straddles ≥ 95名; cannot confirm either way (将近 read as [0.9×, ×))",
        ),
        (
            "指导专家 100名",
            "指导专家接近100名",
            "not_met",
            "接近100名 ∈ [90, 100) < 100名 (接近 read as [0.9×, ×))",
        ),
        (">100人", "约100人", "not_met", "约100人 ≤ 100人 (约 read as the number itself)"),
        ("<100人", "约100人", "not_met", "约100人 ≥ 100人 (约 read as the number itself)"),
        ("满意度 90%", "满意度 95.1%以上", "met", "95.1%以上 ∈ [95.1, ∞) ≥ 90%"),
        ("参与 90人", "参与 100人左右", "met", "100人左右 ≥ 90人 (左右 read as the number itself)"),
        ("≥100亿元", "交易额 190亿元以上", "met", "190亿元以上 ∈ [190, ∞) ≥ 100亿元"),
        (
            "开展培训 4次/年",
            "开展培训 4次",
            "met",
            "4次 ≥ 4次/年 (units 次/年 and 次 treated as equivalent)",
        ),
        (
            "开展培训 4次",
            "开展培训 4次/年",
            "met",
            "4次/年 ≥ 4次 (units 次 and 次/年 treated as equivalent)",
        ),
        ("研发 10-15件", "研发 16件", "not_met", "16件 outside 10-15件"),
        ("研发 10-15件", "研发 12件", "met", "12件 within 10-15件"),
        (
            "成交金额不少于 0.5亿元",
            "总成交额达 5638万元",
            "met",
            "5638万元 ≥ 0.5亿元 (compared in 万元: 5638 vs 5000)",
        ),
        (
            "支持项目 60余项",
            "支持项目 61项",
            "met",
            "61项 ≥ 60项 (target 60余项 counted from its lower bound)",
        ),
        (
            "投诉 5件",
            "投诉 3件以下",
            "met",
            "3件以下 ∈ (-∞, 3] ≤ 5件 (reverse indicator (投诉): lower is better)",
        ),
        (
            "差错率 2%",
            "差错率 1%以内",
            "met",
            "1%以内 ∈ (-∞, 1] ≤ 2% (reverse indicator (差错): lower is better)",
        ),
        ("参与 90人", "参与 100人上下", "met", "100人上下 ≥ 90人 (上下 read as the number itself)"),
        ("≥5件", "≥6件", "met", "≥6件 ∈ [6, ∞) ≥ 5件"),
        ("≥5件", ">6件", "met", ">6件 ∈ (6, ∞) ≥ 5件"),
        ("≥5件", "<6件", "unclear", "<6件 ∈ (-∞, 6) straddles ≥ 5件; cannot confirm either way"),
        ("≥5件", "≤4件", "not_met", "≤4件 ∈ (-∞, 4] < 5件"),
        ("50人", "超过60余人", "met", "逾60余人 ∈ (60, 70) ≥ 50人"),
        # 余/多 with a magnitude is shown as printed (1.6万多, 10多万), never as 16000多
        ("≥10000名", "1.6万多名", "met", "1.6万多名 ∈ [16000, 17000) ≥ 10000名"),
        ("≥20000名", "1.6万多名", "not_met", "1.6万多名 ∈ [16000, 17000) < 20000名"),
        ("≥100000人次", "10多万人次", "met", "10多万人次 ∈ [100000, ∞) ≥ 100000人次"),
        # 100余 says "at least 100" and nothing about 200 or 300
        (
            "≥300人",
            "100余人",
            "unclear",
            "100余人 ∈ [100, ∞) straddles ≥ 300人; cannot confirm either way",
        ),
        (
            "支持项目 60多项",
            "支持项目 61项",
            "met",
            "61项 ≥ 60项 (target 60多项 counted from its lower bound)",
        ),
    ],
)
def test_reasons_read_as_written(target: str, actual: str, status: str, reason: str) -> None:
    result = assess(target, actual)
    assert _checks(result) == [(status, "numeric", reason)]


# --------------------------------------------------------------------------- money spent


@pytest.mark.parametrize(
    ("target", "actual", "indicator", "status", "reason"),
    [
        (
            "约240万元",
            "229.19万元",
            "项目经费",
            "unclear",
            "229.19万元 spent of 约240万元 planned (经费): 95.5% executed -- a saving or an unfinished job, the page does not say",
        ),
        (
            "240万元",
            "约229.19万元",
            "项目经费",
            "unclear",
            "约229.19万元 spent of 240万元 planned (经费): 95.5% executed -- a saving or an unfinished job, the page does not say",
        ),
        (
            "240万元",
            "240",
            "项目经费",
            "met",
            "240万元 spent of 240万元 planned (经费): as planned (actual unit 万元 taken from the target)",
        ),
        (
            "240万元",
            "250",
            "项目经费",
            "not_met",
            "250万元 spent of 240万元 planned (经费): over plan, 104.2% executed (actual unit 万元 taken from the target)",
        ),
        (
            "0万元",
            "0万元",
            "项目经费",
            "met",
            "0万元 ≤ 0万元 (reverse indicator (经费): lower is better)",
        ),
    ],
)
def test_spending_reasons(
    target: str, actual: str, indicator: str, status: str, reason: str
) -> None:
    result = assess(target, actual, indicator)
    assert _checks(result) == [(status, "numeric", reason)]
    (check,) = result.checks
    assert check.target is not None and check.actual is not None


# --------------------------------------------------------------------------- units taken from the target


def test_actual_takes_target_magnitude_and_keeps_it_in_reasons() -> None:
    result = assess("4157万", "4173", "取消药品加成收入")
    assert _checks(result) == [
        ("met", "numeric", "4173万 ≥ 4157万 (actual unit 万 taken from the target)")
    ]
    (actual,) = result.actuals
    assert (actual.value, actual.magnitude) == (Decimal(41730000), "万")


def test_actual_with_its_own_magnitude_is_not_guessed() -> None:
    result = assess("4157万", "4173万", "取消药品加成收入")
    assert _checks(result) == [("met", "numeric", "4173万 ≥ 4157万")]
    assert result.actuals[0].inferred is None


def test_actual_with_magnitude_takes_only_the_unit() -> None:
    """``0.4万`` under ``1.2万人``: the 万 is printed, only 人 is guessed."""
    result = assess("1.2万人", "0.4万", "年接诊患者")
    assert _checks(result) == [
        ("not_met", "numeric", "4000人 < 12000人 (actual unit 人 taken from the target)")
    ]


def test_unit_only_target_scales_nothing() -> None:
    result = assess("接诊 5件", "3")
    assert _values(result) == ([Decimal(5)], [Decimal(3)])
    assert _checks(result) == [
        ("not_met", "numeric", "3件 < 5件 (actual unit 件 taken from the target)")
    ]


def test_range_actual_takes_the_unit_for_both_ends() -> None:
    result = assess("就餐 350人", "300-400")
    assert _checks(result) == [
        (
            "unclear",
            "numeric",
            "300-400人 ∈ [300, 400] straddles ≥ 350人; cannot confirm either way "
            "(actual unit 人 taken from the target)",
        )
    ]
    money = assess("180万元", "60-80", "医疗收入")
    assert _checks(money) == [
        (
            "not_met",
            "numeric",
            "60-80万元 ∈ [60, 80] < 180万元 (actual unit 万元 taken from the target)",
        )
    ]
    (actual,) = money.actuals
    assert (actual.value_wan, actual.upper_wan) == (Decimal(60), Decimal(80))


def test_money_magnitude_range_under_a_money_target() -> None:
    result = assess("≤396万元", "300-378.27万", "采购成本")
    (actual,) = result.actuals
    assert (actual.value, actual.upper, actual.unit) == (Decimal(300), Decimal("378.27"), "万元")
    assert (actual.value_wan, actual.upper_wan) == (Decimal(300), Decimal("378.27"))
    assert result.status == "met"


def test_every_actual_after_one_with_a_unit_still_takes_the_unit() -> None:
    result = assess("建设 10个；购置 20个", "建设 10个；购置 20")
    assert [q.unit for q in result.actuals] == ["个", "个"]
    assert result.status == "met"


# --------------------------------------------------------------------------- pairing


def test_a_wrong_unit_or_wrong_subject_first_does_not_stop_the_search() -> None:
    assert _checks(assess("培训 5人", "培训 3场；培训 6人")) == [("met", "numeric", "6人 ≥ 5人")]
    assert _checks(assess("引进人才 10人", "职称评审 9人；引进人才 12人")) == [
        ("met", "numeric", "12人 ≥ 10人")
    ]


def test_exact_unit_wins_over_an_equivalent_one() -> None:
    """10场 against 8场 (same unit) and 12次 (场/次 loose): the exact unit decides."""
    result = assess("开展活动 10场", "开展活动 12次；开展活动 8场")
    assert _checks(result) == [("not_met", "numeric", "8场 < 10场")]


def test_reading_order_pairs_by_relative_position() -> None:
    """Two targets against four unlabelled actuals: the second target is halfway."""
    result = assess("≥80%；≥90%", "85%；50%；95%；60%")
    assert [c.reason for c in result.checks] == ["85% ≥ 80%", "95% ≥ 90%"]
    ties = assess("≥80%；≥90%", "85%；95%；50%")
    assert [c.reason for c in ties.checks] == ["85% ≥ 80%", "95% ≥ 90%"]


def test_extra_target_is_the_last_one_unmatched() -> None:
    result = assess("≥80%；≥90%；≥70%", "85%；95%")
    assert [c.status for c in result.checks] == ["met", "met", "unmatched"]
    assert result.checks[2].reason == (
        "no matching actual for ≥70%: same-unit actuals paired elsewhere"
    )
    assert result.checks[2].target is not None and result.checks[2].basis == "none"


def test_an_actual_is_used_once() -> None:
    result = assess("≥80%；≥90%", "95%")
    assert [c.status for c in result.checks] == ["met", "unmatched"]
    assert result.checks[1].reason == (
        "no matching actual for ≥90%: same-unit actuals paired elsewhere"
    )


def test_money_never_pairs_with_a_count() -> None:
    result = assess("投入 100万元", "购置 5台")
    assert _checks(result)[0] == ("unmatched", "none", "no actual in 万元 for 100万元")


def test_unitless_target_has_no_same_unit_actual() -> None:
    result = assess("≥5", "完成 3人")
    assert _checks(result)[0] == ("unmatched", "none", "no actual in the same unit for ≥5")


def test_mixed_target_units_leave_a_bare_actual_alone() -> None:
    result = assess("建设 10个；培训 5人", "10")
    assert [q.unit for q in result.actuals] == [None]
    assert [c.status for c in result.checks] == ["unmatched", "unmatched"]


def test_at_most_three_refusals_are_named() -> None:
    result = assess("引进人才 10人", "职称评审 1人；退休 2人；调出 3人；借调 4人")
    (check,) = result.checks
    assert check.status == "unmatched"
    assert check.reason == (
        "no matching actual for 10人: 1人 (职称评审) counts something else; "
        "2人 (退休) counts something else; 3人 (调出) counts something else"
    )


# --------------------------------------------------------------------------- the stage


def _row(
    target: str | None,
    actual: str | None,
    *,
    indicator: str = "指标",
    score: str | None = None,
    pages: list[int] | None = None,
    **columns: str,
) -> RecordData:
    return RecordData(
        section="annual_goals",
        category=None,
        goal=None,
        indicator=indicator,
        indicator_name=indicator,
        amount_wan=None,
        target=target,
        actual=actual,
        detail=None,
        pages=[3] if pages is None else pages,
        weight=Decimal(10) if score is not None else None,
        score=Decimal(score) if score is not None else None,
        **columns,  # type: ignore[arg-type]
    )


def test_stage_target_only_form_reads_nature_and_unit() -> None:
    rows = [_row("3", None, nature="≥", unit="篇"), _row("及时", None)]
    assert assess_records(rows) == []
    first = rows[0].assessment
    assert first is not None
    assert first.status == "target_only" and first.actuals == []
    assert first.checks == [Check(None, None, "target_only", "form has no actual column", "none")]
    (target,) = first.targets
    assert (target.op, target.value, target.unit) == (">=", Decimal(3), "篇")
    second = rows[1].assessment
    assert second is not None and second.targets == [] and second.status == "target_only"


def test_stage_an_actual_without_score_is_no_target_only_form() -> None:
    rows = [_row("≥3篇", "5篇"), _row("及时", None)]
    assess_records(rows)
    assert [r.assessment.status for r in rows if r.assessment] == ["met", "qualitative"]


def test_stage_passes_every_column_to_the_judge() -> None:
    rows = [
        _row("5件", "3件", indicator="投诉件数", score="10"),
        _row("5", "3", indicator="事项数", nature="反向", unit="件", score="10"),
        _row("240万元", "229.19万元", indicator="设备", level2="成本指标", score="9"),
    ]
    assess_records(rows)
    got = [(r.assessment.status, r.assessment.consistency) for r in rows if r.assessment]
    assert got == [("met", "agrees"), ("met", "agrees"), ("unclear", None)]
    second = rows[1].assessment
    assert second is not None and [q.unit for q in second.actuals] == ["件"]


def test_stage_warns_about_units_taken_from_the_target() -> None:
    table = Table(pages=[7], n_rows=5, n_columns=4, cells=[], bbox=(0.0, 0.0, 1.0, 1.0))
    rows = [
        _row("4157万", "4173", indicator="取消药品加成收入", score="10", pages=[7, 8]),
        _row("240万元", "240", indicator="项目经费", score="10", pages=[]),
        _row("交易金额 100亿元", "交易金额 190亿", score="10"),
    ]
    rows[0].origin = (table, 4)
    notices = assess_records(rows)
    assert [(n.code, n.message, n.page) for n in notices] == [
        (
            "actual_unit_inherited",
            "取消药品加成收入: actual 4173 read as 4173万 (unit 万 taken from the target)",
            7,
        ),
        (
            "actual_unit_inherited",
            "项目经费: actual 240 read as 240万元 (unit 万元 taken from the target)",
            None,
        ),
    ]
    assert notices[0].origin == (table, 4) and notices[1].origin is None


@pytest.mark.parametrize(
    ("target", "actual", "indicator", "status", "reason"),
    [
        # a guessed target unit is named as the target's
        (
            "交易中心交易金额 100亿以上",
            "交易中心已促成技术成果转化交易金额 190亿元",
            None,
            "met",
            "190亿元 ≥ 100亿元 (target unit 亿元 inferred from 金额)",
        ),
        # two notes, in order
        (
            "投诉 5件",
            "3",
            None,
            "met",
            "3件 ≤ 5件 (reverse indicator (投诉): lower is better; actual unit 件 taken from the target)",
        ),
        # a reverse range is a cap at its upper end, not a band
        (
            "投诉 3-5件",
            "投诉 4件",
            None,
            "met",
            "4件 ≤ 5件 (reverse indicator (投诉): lower is better)",
        ),
        # 60余 is no band either: 75 is well above it
        (
            "支持项目 60余项",
            "支持项目 75项",
            None,
            "met",
            "75项 ≥ 60项 (target 60余项 counted from its lower bound)",
        ),
        # 约 targets follow the indicator's direction like bare ones
        (
            "约5件",
            "3件",
            "投诉件数",
            "met",
            "3件 ≤ 5件 (reverse indicator (投诉): lower is better)",
        ),
        # a planned spending range is a cap at its upper end
        (
            "资金 200-240万元",
            "250万元",
            "项目经费",
            "not_met",
            "250万元 > 240万元 (reverse indicator (经费): lower is better)",
        ),
    ],
)
def test_direction_and_notes(
    target: str, actual: str, indicator: str | None, status: str, reason: str
) -> None:
    assert _checks(assess(target, actual, indicator)) == [(status, "numeric", reason)]


def test_a_contrasting_actual_first_does_not_stop_the_search() -> None:
    result = assess("知识产权申请 30件", "知识产权授权 25件；知识产权申请 32件")
    assert _checks(result) == [("met", "numeric", "32件 ≥ 30件")]


def test_every_bare_magnitude_under_a_money_target_is_money() -> None:
    result = assess("≤396万元", "378.27万；120万")
    assert [(q.value, q.unit) for q in result.actuals] == [
        (Decimal("378.27"), "万元"),
        (Decimal(120), "万元"),
    ]


@pytest.mark.parametrize(
    ("actual", "status", "reason"),
    [
        ("超过8件", "not_met", "超过8件 ∈ (8, ∞) > 8件"),
        ("8件以上", "unclear", "8件以上 ∈ [8, ∞) straddles ≤ 8件; cannot confirm either way"),
    ],
)
def test_cap_against_an_open_lower_bound(actual: str, status: str, reason: str) -> None:
    assert _checks(assess("≤8件", actual)) == [(status, "numeric", reason)]


def test_nature_in_words() -> None:
    assert assess("5", "3", "事项数", nature="越小越好", unit="件").status == "met"
    assert assess("5", "3", "投诉件数", nature="越大越好", unit="件").status == "not_met"


def test_repeat_ignores_brackets_and_spaces() -> None:
    """The same hedge in other brackets is still the same claim, not a miss of 100."""
    result = assess("指导专家（近百名）", "指导专家 近百名")
    assert _checks(result) == [("met", "numeric", "actual repeats the target (近100名)")]


def test_self_score_ratio_of_a_one_point_row() -> None:
    assert self_score_ratio(Decimal(1), Decimal("0.5")) == Decimal("0.5000")


# --------------------------------------------------------------------------- helpers pinned
# The survivors docs/mutation.md listed as "not equivalent, left alive": each helper on
# inputs whose answer follows from its rule by hand.


def _q(subject: str | None, unit: str | None, value: str = "1", text: str = "") -> Quantity:
    return Quantity(text or (subject or ""), subject, "=", Decimal(value), None, unit, None)


def test_fmt_prints_no_exponent_no_negative_zero_and_a_question_mark_for_nothing() -> None:
    assert assess_module._fmt(None) == "?"
    assert assess_module._fmt(Decimal("-0")) == "0"
    assert assess_module._fmt(Decimal("-0.00")) == "0"
    assert assess_module._fmt(Decimal("1.50")) == "1.5"
    assert assess_module._fmt(Decimal("1E+2")) == "100"
    assert assess_module._fmt(Decimal("-2.50")) == "-2.5"


def test_contrast_names_the_words_in_their_group_order() -> None:
    """市级 comes before 区级 in the level group (国家级 … 市级, 区级), whatever their code
    points (区 sorts before 市)."""
    t = _q("市级和区级示范点", "个")
    a = _q("国家级示范点", "个")
    assert assess_module._contrast(t, a) == ("市级/区级", "国家级")
    assert assess_module._contrast(a, t) == ("国家级", "市级/区级")
    # a shared word of the group is no contrast, nor is a group only one side mentions
    assert assess_module._contrast(t, _q("市级示范点", "个")) is None
    assert assess_module._contrast(t, _q("示范点", "个")) is None
    assert assess_module._contrast(_q(None, "个"), a) is None


def test_similarity_falls_back_to_the_clauses_at_half_weight() -> None:
    """Subjects that share no word are compared through their whole clauses, at half
    weight: identical clauses give 0.5, clauses with no word in common 0."""
    t, a = _q("科普讲座", "场"), _q("青少年", "场")
    clause = "开展专家校园行活动为青少年开展科普讲座"
    assert assess_module._similarity(t, a, clause, clause) == (0.5, False)
    assert assess_module._similarity(t, a, "科普讲座", "青少年") == (0.0, False)
    # subjects that share every word: 1, the clauses not consulted
    assert assess_module._similarity(t, _q("科普讲座", "场"), "甲", "乙") == (1.0, False)
    # a side without a subject: no score, and said so
    assert assess_module._similarity(_q(None, "场"), a, clause, clause) == (0.0, True)
    assert assess_module._similarity(t, _q(None, "场"), clause, clause) == (0.0, True)


def test_context_words_drop_single_characters_units_and_magnitudes() -> None:
    words = assess_module._context_words("完成培训1000人次，万人参与，亿元投资，千人计划")
    assert words  # the clause has words of its own (培训 …)
    assert "培训" in words
    assert all(len(w) >= 2 for w in words)
    assert "人次" not in words and "亿元" not in words
    assert not any(w[0] in "万亿千" for w in words)
    assert assess_module._context_words("") == frozenset()


def test_contexts_are_the_clauses_each_quantity_came_from() -> None:
    text = "宣传不少于 60人次；托举 40名青年科技工作者"
    result = assess(text, "宣传 61人次")
    assert assess_module._contexts(text, result.targets) == [
        "宣传不少于60人次",
        "托举40名青年科技工作者",
    ]
    # a quantity whose text is in no clause keeps its own text
    stray = _q("别处", "个", text="别处5个")
    assert assess_module._contexts(text, [stray]) == ["别处5个"]


def test_spending_word_needs_money_on_both_sides_or_no_unit_at_all() -> None:
    wan, other_wan, bare, count = _q(None, "万元"), _q(None, "万元"), _q(None, None), _q(None, "台")
    # both amounts: purchase verbs count too
    assert assess_module._spending(wan, other_wan, "采购设备") == "采购"
    assert assess_module._spending(wan, other_wan, "项目经费") == "经费"
    # both bare numbers: only money nouns make them an amount spent
    assert assess_module._spending(bare, bare, "采购设备") is None
    assert assess_module._spending(bare, bare, "项目实施成本") == "成本"
    # money against a bare number or a count: not a spending pair
    assert assess_module._spending(wan, bare, "项目经费") is None
    assert assess_module._spending(bare, wan, "项目经费") is None
    assert assess_module._spending(count, count, "项目经费") is None
    # the word may be in the target's subject instead of the clause
    assert assess_module._spending(_q("项目经费", "万元"), other_wan, "总额") == "经费"
