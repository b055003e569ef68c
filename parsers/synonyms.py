"""Header wording of column-form indicator tables, by role: the data the generic reader uses.

A role is what a column holds (the indicator, its target value, the project …). A header cell
takes the first role, in this order, with a synonym contained in its text (after removing
spaces, brackets and colons; see :mod:`.headers`), so more specific wording comes first:
指标值内容 and 指标值类型 before 指标值, 绩效指标性质 before 绩效指标. A new province's variant is
usually one more synonym here, or in a user's TOML file (``jixiao convert --synonyms``).

Roles named ``fund.<item>`` are money columns; ``<item>`` becomes the :class:`Fund` item key.
``indicator_group`` is a header such as 绩效指标 that names the indicator column only when no
column says 三级指标 / 指标名称 (in Guangzhou project tables that column holds every
indicator of the project as running text).
"""

from __future__ import annotations

ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "explanation": ("指标值内容", "指标解释", "指标说明", "指标内涵"),
    "scoring_rule": ("评（扣）分标准", "评扣分标准", "评分标准", "扣分标准", "评分规则"),
    "nature": ("指标值类型", "绩效指标性质", "指标性质", "指标方向", "指标类型"),
    "period_target": ("实施周期指标值", "中长期指标值", "长期指标值", "实施期指标值"),
    "target": (
        "本年绩效指标值",
        "年度指标值",
        "本年指标值",
        "绩效指标值",
        "指标值",
        "目标值",
        "预期目标值",
        "预期实现值",
        "绩效标准",
    ),
    "unit": ("绩效度量单位", "度量单位", "计量单位", "指标单位"),
    "weight": ("指标权重", "权重", "分值"),
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "indicator": ("三级指标", "指标名称", "绩效指标名称", "指标内容", "关键性指标", "关键指标"),
    "indicator_group": ("绩效指标",),
    "goal": ("绩效目标", "整体绩效目标", "年度目标", "总体目标"),
    "code": ("项目编码", "项目代码", "项目编号"),
    "project": ("项目名称", "单位（项目）名称", "二级项目名称"),
    "department": ("部门名称", "单位名称", "预算单位"),
    "fund.total": ("项目总额", "资金总额", "项目总金额", "预算支出总额", "总计", "预算总额"),
    "fund.fiscal": ("财政资金",),
    "fund.special_account": ("财政专户拨款", "财政专户管理资金", "财政专户"),
    "fund.appropriation": ("当年财政拨款", "财政拨款", "一般公共预算"),
    "fund.government_fund": ("政府性基金",),
    "fund.other": ("其他资金",),
    "fund.basic": ("基本支出",),
    "fund.project": ("项目支出",),
}

# Column roles that describe the project (or department) a row belongs to, not the row itself.
PROJECT_ROLES = frozenset({"project", "code", "goal", "department"})
# Roles whose column is copied to a record field of the same name.
RECORD_FIELDS = ("level1", "level2", "nature", "unit", "explanation", "scoring_rule")

# Labels that, in a row of label-value pairs above an indicator header (a small form around
# the grid, as in Chongqing's and Guangzhou's 申报表), name the project, department or goal.
CONTEXT_LABELS: dict[str, tuple[str, ...]] = {
    "project": ("项目名称",),
    "code": ("项目编码", "项目代码"),
    "department": ("部门名称", "单位名称", "主管部门"),
    "goal": ("当年绩效目标", "年度绩效目标", "总体绩效目标", "整体绩效目标", "当年整体绩效目标"),
}

# Money labels in those label rows (当年预算 | 12,700.00 | 市级支出 | … ); with the fund.*
# column synonyms above they become the project's fund lines, keyed by the item here.
CONTEXT_FUNDS: dict[str, tuple[str, ...]] = {
    "budget": ("当年预算", "年度预算", "本年预算", "本年度项目金额", "本年度金额"),
    "municipal": ("市级支出", "本级支出"),
    "subsidy": ("补助区县", "补助下级", "对下补助"),
}

# The 一级指标 every performance framework uses (财预〔2020〕10号); a cell that starts with one
# and a 二级指标 (产出指标数量指标开展监测工作) is split into the three levels.
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")

# Money units as tables print them, in a header (（万元）) or above the table (单位：万元).
UNIT_WORDS = ("万元", "元")
