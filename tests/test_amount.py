"""Every form of the amount annotation printed in indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.parsers.amount import parse_number, split_amount, to_wan, unit_in


@pytest.mark.parametrize(
    ("indicator", "name", "amount", "codes"),
    [
        (
            "服务科技工作者：宣传科技工作者人数；培养青年科技人才人数（239万元）。",
            "服务科技工作者：宣传科技工作者人数；培养青年科技人才人数",
            "239",
            (),
        ),
        ("广州科学馆建设进度（3744.17万元）。", "广州科学馆建设进度", "3744.17", ()),
        (
            "发挥好科技工作者建言献策作用（60.41万元）。",
            "发挥好科技工作者建言献策作用",
            "60.41",
            (),
        ),
        (
            "创建高效、数据共享型现代化智慧高校，信息安保系统及项目数（1183.09）。",
            "创建高效、数据共享型现代化智慧高校，信息安保系统及项目数",
            "1183.09",
            ("amount_unit_inferred",),
        ),
        (
            "提升科研水平，申报课题项目数（119.75）。",
            "提升科研水平，申报课题项目数",
            "119.75",
            ("amount_unit_inferred",),
        ),
        (
            "创新创业能力等办学质量有显著提升（8904.53万元",
            "创新创业能力等办学质量有显著提升",
            "8904.53",
            ("amount_bracket_unclosed",),
        ),
        (
            "素质竞赛专题活动数量；自由行满意度。（634.76万元）。",
            "素质竞赛专题活动数量；自由行满意度",
            "634.76",
            (),
        ),
        ("科学普及覆盖面（1200万元）。", "科学普及覆盖面", "1200", ()),
        ("项目资金（4,100,000.00元）", "项目资金", "410", ()),
        ("交易金额（1.5亿元）", "交易金额", "15000", ()),
        ("项目经费(35 万元)", "项目经费", "35", ()),
    ],
)
def test_amount_forms(indicator: str, name: str, amount: str, codes: tuple[str, ...]) -> None:
    result = split_amount(indicator)
    assert result.name == name
    assert result.amount_wan == Decimal(amount)
    assert tuple(code for code, _ in result.guesses) == codes


@pytest.mark.parametrize(
    "indicator",
    [
        "开展专家校园行活动次数；青少年科技竞赛获奖率；青少年科技馆正常运作免费开放天数。",
        "以实施《纲要实施方案（2021—2025年）》为主线",
        "完成两批建站阶段评估（获得建站评估报告）",
        "培养 40名（32岁以下）青年人才，发表论文",
    ],
)
def test_no_amount_is_null_not_zero(indicator: str) -> None:
    result = split_amount(indicator)
    assert result.amount_wan is None
    assert result.guesses == ()


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("专项资金情况（万元）", "万元"),
        ("项目资金（元）", "元"),
        ("资金金额(万元)", "万元"),
        ("全年预算数（万元）", "万元"),
        ("金额单位：万元", "万元"),
        ("单位：元", "元"),
        ("单位:亿元", "亿元"),
        ("（单位：万元）", "万元"),
        ("专项资金情况", None),
        ("资金总额", None),
        ("考试机位单价(元/小时)", None),  # a rate, not the table's money unit
        ("项目总金额（中期规划，万元）", "万元"),  # a note before the unit (深圳 申报表)
        ("单价（元，含税）", None),  # the unit must close the bracket
    ],
)
def test_unit_in(text: str, unit: str | None) -> None:
    assert unit_in(text) == unit


@pytest.mark.parametrize(
    ("value", "unit", "wan"),
    [
        ("21.50", "万元", "21.50"),  # as printed, trailing zero kept
        ("4100000.00", "元", "410"),
        ("1234.56", "元", "0.123456"),
        ("1.5", "亿元", "15000"),
    ],
)
def test_to_wan_is_exact(value: str, unit: str, wan: str) -> None:
    got = to_wan(Decimal(value), unit)
    assert got == Decimal(wan)
    assert str(got) == wan


@pytest.mark.parametrize("text", ["-", "--", "—", "——", "－", "/", " — ", "", None])
def test_placeholders_are_no_value(text: str | None) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,083.57", "1083.57"), ("100.00%", "100.00"), ("0", "0"), ("-57,964.00", "-57964.00")],
)
def test_parse_number_keeps_the_printed_digits(text: str, value: str) -> None:
    assert str(parse_number(text)) == value


def test_an_amount_of_fifteen_digits_is_kept_exactly() -> None:
    # 15 significant digits are what the output carries exactly
    result = split_amount("项目资金（123456789012.345万元）")
    assert (result.name, result.amount_wan, result.guesses) == (
        "项目资金",
        Decimal("123456789012.345"),
        (),
    )


def test_an_amount_too_long_for_the_output_stays_in_the_indicator() -> None:
    # 16 digits: no budget is that large, and the output could not hold it exactly
    result = split_amount("。项目资金（1234567890123456万元）。")
    assert result.name == "。项目资金（1234567890123456万元）"  # only trailing punctuation goes
    assert result.amount_wan is None
    assert result.guesses == (
        (
            "amount_too_long",
            "amount （1234567890123456万元） has more than 15 digits; kept as text",
        ),
    )
    # the message quotes at most 40 characters of what was printed
    digits = "1234567890" * 5
    ((code, message),) = split_amount(f"经费（{digits}）").guesses
    assert code == "amount_too_long"
    assert message == f"amount （{digits[:39]} has more than 15 digits; kept as text"
