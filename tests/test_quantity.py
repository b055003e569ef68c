"""Table-driven tests for :mod:`jixiao.parsers.quantity`.

Every string below is real: taken from the seed report (广州市科学技术协会 2021 年部门整体绩效
完成情况表, ``../shared/seeds``) or from the real PDFs in ``../shared/real-pdfs`` (普陀区万里街道
2023 预算 pp. 31-32, a 财政项目支出绩效目标填报表, read with pdfplumber), plus the 填报表 forms
quoted in issue 3. The expectations are what a person reading the string says it means; they
were written by hand, not copied from the parser.

Expected quantities are tuples ``(op, value, upper, unit, approx, subject)``; ``subject`` is
``None`` (no subject), a string (exact), a tuple of fragments that must all occur in it, or
``...`` (not checked).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.parsers import quantity
from jixiao.parsers.quantity import (
    MONEY_UNITS,
    Quantity,
    canonical_text,
    parse_quantities,
    split_clauses,
)

S = "seed"  # 广州市科协 2021 绩效完成情况表
P = "putuo"  # putuo-wanli-2023-budget-pages1-32.pdf
F = "form"  # 填报表 forms quoted in issue 3
X = "xian"  # shaanxi_xian_health_commission_2022_…pdf, 项目支出绩效自评表 pp. 55-143
C = "column"  # column-form target tables (重庆水利, 北京): 指标值 with 计量单位

CASES: list[tuple[str, str, list[tuple]]] = [
    # ---- comparators, bare numbers, subjects (seed)
    (S, "宣传不少于 60人次", [(">=", "60", None, "人次", None, "宣传")]),
    (S, "托举 40名 32岁以下青年科技工作者", [("=", "40", None, "名", None, "托举青年科技工作者")]),
    (S, "宣传 230余人次", [(">=", "230", "240", "人次", "余", "宣传")]),
    (S, "宣传科技人物逾 230余人\n次", [(">", "230", "240", "人次", "余", "宣传科技人物")]),
    (
        S,
        "创交会成果交易金额 87.85亿\n元以上",
        [(">=", "87.85", None, "亿元", "以上", "创交会成果交易金额")],
    ),
    (S, "交易中心交易金额\n100亿以上", [(">=", "100", None, "亿元", "以上", "交易中心交易金额")]),
    (S, "不少于 35个院\n士专家工作站", [(">=", "35", None, "个", None, "院士专家工作站")]),
    (S, "全年开展科普活动\n1000场次", [("=", "1000", None, "场次", None, "全年开展科普活动")]),
    (S, "参与市民\n1500万人次", [("=", "15000000", None, "人次", None, "参与市民")]),
    (S, "参与市民 6000万人次", [("=", "60000000", None, "人次", None, "参与市民")]),
    (
        S,
        "市民对科\n普工作满意度达 90%\n以上",
        [(">=", "90", None, "%", "以上", "市民对科普工作满意度")],
    ),
    (
        S,
        "科普活动服务对象满意度达\n到 95.1%",
        [("=", "95.1", None, "%", None, "科普活动服务对象满意度")],
    ),
    (S, "思想库课题研究专项\n立项 12项", [("=", "12", None, "项", None, "思想库课题研究专项立项")]),
    (S, "调研报告 6\n篇", [("=", "6", None, "篇", None, "调研报告")]),
    (S, "科技工作者建议 6\n期", [("=", "6", None, "期", None, "科技工作者建议")]),
    (S, "申报各类立项课题\n约 21 项", [("~", "21", None, "项", "约", "申报各类立项课题")]),
    (S, "各类知识产\n权申请数量在 30 件", [("=", "30", None, "件", None, "各类知识产权申请数量")]),
    (S, "公开发表论文在 100\n篇", [("=", "100", None, "篇", None, "公开发表论文")]),
    (S, "出版著作、教材 5\n部", [("=", "5", None, "部", None, "出版著作、教材")]),
    (
        S,
        "建设面积 3000\n平米的创新工场",
        [("=", "3000", None, "平方米", None, ("面积", "创新工场"))],
    ),
    (
        S,
        "支持\n创新创业教育改革项\n目 60 余个",
        [(">=", "60", "70", "个", "余", "支持创新创业教育改革项目")],
    ),
    (S, "建设 3 个\n专业实训中心", [("=", "3", None, "个", None, "建设专业实训中心")]),
    (S, "推\n动产业学院建设 1个", [("=", "1", None, "个", None, "推动产业学院建设")]),
    (
        S,
        "完成占地面积 2000多平\n方米的基础建设",
        [(">=", "2000", "3000", "平方米", "多", ("占地面积", "基础建设"))],
    ),
    (S, "在校生人数达\n9000人规模", [("=", "9000", None, "人", None, ("在校生人数",))]),
    (
        S,
        "建设质量工程\n项目 79 项及高职院校创新能\n力提升计划项目 25 项",
        [
            ("=", "79", None, "项", None, "建设质量工程项目"),
            ("=", "25", None, "项", None, "高职院校创新能力提升计划项目"),
        ],
    ),
    (
        S,
        "出\n版著作 1本、教材 5部",
        [("=", "1", None, "本", None, "出版著作"), ("=", "5", None, "部", None, "教材")],
    ),
    (
        S,
        "建设 3个专业实训中心\n及占地面积 2000 多平方米的\n创新工场",
        [
            ("=", "3", None, "个", None, "建设专业实训中心"),
            (">=", "2000", "3000", "平方米", "多", ("占地面积", "创新工场")),
        ],
    ),
    (S, "7项。", [("=", "7", None, "项", None, None)]),
    (S, "国际学术会议 10场", [("=", "10", None, "场", None, "国际学术会议")]),
    (
        S,
        "吸引“广州市杰出专\n家”级专家作为主要\n会议参与者 30人次",
        [("=", "30", None, "人次", None, ("广州市杰出专家", "参与者"))],
    ),
    (
        S,
        "针对本市科技创新\n的专项研讨 10场及\n形成决策咨询报告\n数量 10份。",
        [
            ("=", "10", None, "场", None, ("专项研讨",)),
            ("=", "10", None, "份", None, ("决策咨询报告",)),
        ],
    ),
    (S, "发表高质量论文\n260篇", [("=", "260", None, "篇", None, "发表高质量论文")]),
    (S, "创交会成果交易金额 90亿\n元", [("=", "90", None, "亿元", None, "创交会成果交易金额")]),
    (
        S,
        "交易中心已促成技术成\n果转化交易金额 190亿元",
        [("=", "190", None, "亿元", None, ("交易中心", "交易金额"))],
    ),
    (S, "开展学术交流活动\n18项", [("=", "18", None, "项", None, "开展学术交流活动")]),
    (S, "建设管理工作站不少于 37\n个", [(">=", "37", None, "个", None, "建设管理工作站")]),
    (S, "参与建站院士专家数量\n40多人", [(">=", "40", "50", "人", "多", ("院士专家",))]),
    (S, "完成两批建站阶\n段评估", [("=", "2", None, "批", None, ("建站",))]),
    (S, "企业依托工作站开展\n技术攻关 10余项", [(">=", "10", None, "项", "余", ("技术攻关",))]),
    (
        S,
        "企业依\n托工作站开展技术\n攻关不少于 10个",
        [(">=", "10", None, "个", None, ("技术攻关",))],
    ),
    (S, "打造 20个社区科普\ne站", [("=", "20", None, "个", None, ("社区科普", "e站"))]),
    (S, "全年开展科普活动的次数达 1000次", [("=", "1000", None, "次", None, ("科普活动",))]),
    (
        S,
        "全\n年直接和间接接受科普传\n播总人数达到 6000万人次\n以上",
        [(">=", "60000000", None, "人次", "以上", ("总人数",))],
    ),
    (S, "科学馆筹\n建外出调研 2次", [("=", "2", None, "次", None, ("调研",))]),
    (S, "形成\n5份调研报告", [("=", "5", None, "份", None, "形成调研报告")]),
    (S, "抖音发布视频 120\n条", [("=", "120", None, "条", None, "抖音发布视频")]),
    (
        S,
        "科博士制作 40\n期视频通过各平台\n发布内容 200篇",
        [
            ("=", "40", None, "期", None, ("科博士", "视频")),
            ("=", "200", None, "篇", None, ("发布内容",)),
        ],
    ),
    (
        S,
        "长廊\n制作宣传图 9期 333\n幅",
        [
            ("=", "9", None, "期", None, ("宣传图",)),
            ("=", "333", None, "幅", None, ("宣传图",)),
        ],
    ),
    (
        S,
        "一日游制作 1000\n份问卷和 1份报告",
        [("=", "1000", None, "份", None, ("问卷",)), ("=", "1", None, "份", None, ("报告",))],
    ),
    (S, "满意度超 90%。", [(">", "90", None, "%", "超", "满意度")]),
    (
        S,
        "第八届公民科学素质竞赛\n线上线下结合共举办 27场\n专题竞赛",
        [("=", "27", None, "场", None, ("公民科学素质竞赛", "专题竞赛"))],
    ),
    (
        S,
        "开展专家校园行活\n动次数不少于 50场",
        [(">=", "50", None, "场", None, "开展专家校园行活动次数")],
    ),
    (
        S,
        "青少年科技竞赛获\n奖率不少于 30%",
        [(">=", "30", None, "%", None, "青少年科技竞赛获奖率")],
    ),
    (
        S,
        "维\n持青少年科技馆正\n常运作免费开放 264\n天。",
        [("=", "264", None, "天", None, ("青少年科技馆", "免费开放"))],
    ),
    (
        S,
        "开展专家校园行活动为 1.6\n万多名青少年开展科普讲\n座 60场",
        [
            (">=", "16000", "17000", "名", "多", ("青少年",)),
            ("=", "60", None, "场", None, ("科普讲座",)),
        ],
    ),
    (S, "青少年科技竞赛\n获奖率 77.09%", [("=", "77.09", None, "%", None, "青少年科技竞赛获奖率")]),
    (
        S,
        "广州青少年科技馆全年\n对公众免费开放天数 220\n天",
        [("=", "220", None, "天", None, ("青少年科技馆", "开放天数"))],
    ),
    (S, "召开 3场花城院士科\n技峰会", [("=", "3", None, "场", None, "召开花城院士科技峰会")]),
    (S, "预计\n建设专业 22个", [("=", "22", None, "个", None, "建设专业")]),
    (
        S,
        "新增 2个省级高水平专业\n群、专业产业学院 12个、\n建设专业 29个",
        [
            ("=", "2", None, "个", None, ("省级高水平专业群",)),
            ("=", "12", None, "个", None, "专业产业学院"),
            ("=", "29", None, "个", None, "建设专业"),
        ],
    ),
    (
        S,
        "建设 7个高水平专业\n群，培养人才预计数\n量 9000人/年。",
        [
            ("=", "7", None, "个", None, "建设高水平专业群"),
            ("=", "9000", None, "人/年", None, ("培养人才",)),
        ],
    ),
    (S, "培\n养人才 9000余人。", [(">=", "9000", "10000", "人", "余", "培养人才")]),
    (S, "支持项\n目 60余项", [(">=", "60", "70", "项", "余", "支持项目")]),
    (S, "建设工\n作室 20余个", [(">=", "20", "30", "个", "余", "建设工作室")]),
    (S, "举办 4\n项院级大赛及教育\n成果展", [("=", "4", None, "项", None, ("院级大赛",))]),
    (
        S,
        "1.完成占地面积 2000多平\n方米的基础建设。2.完成 60\n"
        "项校级创新创业教育改革\n项目的立项与建设；",
        [
            (">=", "2000", "3000", "平方米", "多", ("占地面积",)),
            ("=", "60", None, "项", None, ("创新创业教育改革",)),
        ],
    ),
    (S, "参赛人数达 2257人；", [("=", "2257", None, "人", None, "参赛人数")]),
    (S, "资助学生数\n853人次", [("=", "853", None, "人次", None, "资助学生数")]),
    (
        S,
        "2021年春季学期资助人次\n972人",
        [("=", "972", None, "人", None, ("春季学期", "资助人次"))],
    ),
    (S, "学生满意\n度达到 98%。", [("=", "98", None, "%", None, "学生满意度")]),
    (S, "研发 10-15件特色岭\n南文创产品。", [("range", "10", "15", "件", None, ("文创产品",))]),
    (
        S,
        "5G\n基站及维护职业技\n能考证中心 1个。",
        [("=", "1", None, "个", None, ("基站", "考证中心"))],
    ),
    (
        S,
        "完成 2021\n年信息安全等保(安\n全等保二级)1项",
        [("=", "1", None, "项", None, ("信息安全等保",))],
    ),
    (S, "比去\n年增长 29%", [("=", "29", None, "%", None, ("增长",))]),
    (
        S,
        "开展科普宣传\n活动 8次受众 4000人次。",
        [
            ("=", "8", None, "次", None, ("科普宣传活动",)),
            ("=", "4000", None, "人次", None, ("受众",)),
        ],
    ),
    (
        S,
        "通过职称评审专任\n教师中级及以上职\n称人员所占比例提\n升率 1%",
        [("=", "1", None, "%", None, ("所占比例提升率",))],
    ),
    (
        S,
        "引进博士\n等高层次人才及其\n他类型人才 10人",
        [("=", "10", None, "人", None, ("高层次人才",))],
    ),
    (S, "一、设立四个专题，拟于\n12月份组织结题评审", [("=", "4", None, "个", None, ("专题",))]),
    (
        S,
        "可\n形成政策研究报告 12份、科技工作者建议 12份",
        [
            ("=", "12", None, "份", None, ("政策研究报告",)),
            ("=", "12", None, "份", None, "科技工作者建议"),
        ],
    ),
    (
        S,
        "为 200多名本校学\n生开展课程理实一体化教学",
        [(">=", "200", "300", "名", "多", ("本校学生",))],
    ),
    (S, "土石方清运工作完成了 4万方（约九分之一）", [("=", "4", None, "万方", None, ("土石方",))]),
    (S, "近百名专家教授进行指导", [("~", "100", None, "名", "近", ("专家",))]),
    (S, "青少年科技竞赛活动覆盖广州市十一个区", [("=", "11", None, "个", None, ...)]),
    (S, "全年受众人数约 2万人次", [("~", "20000", None, "人次", "约", ("受众人数",))]),
    (S, "实施建站计划科研攻关解决技术难题十余项", [(">=", "10", None, "项", "余", ("技术难题",))]),
    (S, "工作站调研咨询 40余\n次", [(">=", "40", "50", "次", "余", ("调研咨询",))]),
    (
        S,
        "获得国家发明专\n利 10余件、申请国家发明专利 50余件",
        [
            (">=", "10", None, "件", "余", ("获得", "发明专利")),
            (">=", "50", "60", "件", "余", ("申请", "发明专利")),
        ],
    ),
    (
        S,
        "共主持国家自然基金、省自然基金等重大项目 50多\n个",
        [(">=", "50", "60", "个", "多", ("重大项目",))],
    ),
    (S, "技术经纪人培训活动、项目路\n演对接活动等约 40场", [("~", "40", None, "场", "约", ...)]),
    (
        S,
        "组织考\n试 7次，面向社会引进各类人才 41人",
        [("=", "7", None, "次", None, ("考试",)), ("=", "41", None, "人", None, ("人才",))],
    ),
    (
        S,
        "线上展会累计访问量超\n过 300万人次",
        [(">", "3000000", None, "人次", "超过", ("访问量",))],
    ),
    (S, "逾 10万人次阅读转发", [(">", "100000", None, "人次", "逾", ("阅读转发",))]),
    (
        S,
        "三天展会共计产生成交金额达 3.1亿元",
        [("=", "3", None, "天", None, ...), ("=", "3.1", None, "亿元", None, ("成交金额",))],
    ),
    (
        S,
        "其中：部门年度整体预算完成率： 99.14%",
        [("=", "99.14", None, "%", None, ("预算完成率",))],
    ),
    (S, "（239万元）", [("=", "239", None, "万元", None, None)]),
    (
        S,
        "印制《2021年广州市领导干部和公务员科学素质读本》1.5万册",
        [("=", "15000", None, "册", None, ("读本",))],
    ),
    (
        S,
        "播放 50期《科学大求真》、360期《科普一\n分钟》",
        [("=", "50", None, "期", None, ...), ("=", "360", None, "期", None, ...)],
    ),
    # ---- not quantities (seed)
    (S, "完成拆迁", []),
    (S, "学院办学质量、教育教学改革、科研能力等有显著提升", []),
    (S, "在服务期限内有效保障校园业务系统和网络的正常运行", []),
    (S, "完成困难学生资助全覆盖", []),
    (S, "2021—2025年", []),
    (S, "2021年", []),
    (S, "拟于\n12月份组织结题评审", []),
    (S, "承办“1+X”相关职业技能等级证书师资培训项目", []),
    (S, "吸引“广州市杰出专家”级\n以上专家作为主要会议参与者", []),
    (S, "二、服务创新\n驱动发展战略", []),
    (S, "第六届粤港澳大湾区 IT应用系统开发大赛", []),
    (S, "以实施《广州市全民科\n学素质行动规划纲要实施\n方案（2021—2025年）》\n为主线", []),
    (S, "服务期限为 2020年 5\n月至 2021年 5月", []),
    (S, "信息安全等保(安全等保二级)", []),
    (S, "5G基站", []),
    (S, "已按计划实施科普 8大工程", []),
    (S, "推进“建家\n交友”工作，不断做好四\n个服务职责定位", []),
    # ---- 财政项目支出绩效目标填报表 (real PDF and the forms quoted in issue 3)
    (P, "≥13459.00(平方米)", [(">=", "13459", None, "平方米", None, None)]),
    (P, "=100.00(%)", [("=", "100", None, "%", None, None)]),
    (P, "补贴对象生活改善度不低于80%", [(">=", "80", None, "%", None, "补贴对象生活改善度")]),
    (P, "≥80.00(%)", [(">=", "80", None, "%", None, None)]),
    (P, "4,100,000.00", [("=", "4100000", None, None, None, None)]),
    (P, "及时率", []),
    (P, "合规", []),
    (
        P,
        "在建工程1项12277.73万元",
        [
            ("=", "1", None, "项", None, "在建工程"),
            ("=", "12277.73", None, "万元", None, "在建工程"),
        ],
    ),
    (
        P,
        "无形资产471项234.37万元",
        [
            ("=", "471", None, "项", None, "无形资产"),
            ("=", "234.37", None, "万元", None, "无形资产"),
        ],
    ),
    (
        P,
        "单价50万元以上通用设备0台/套",
        [(">=", "50", None, "万元", "以上", ...), ("=", "0", None, "台/套", None, ...)],
    ),
    (F, "≥12.00(次)", [(">=", "12", None, "次", None, None)]),
    (F, ">6.00(次)", [(">", "6", None, "次", None, None)]),
    (F, "=5.00(万人次)", [("=", "50000", None, "人次", None, None)]),
    (F, "满意率100%", [("=", "100", None, "%", None, "满意率")]),
    (F, "不低于50%", [(">=", "50", None, "%", None, None)]),
    (F, "控制在 5%以内", [("<=", "5", None, "%", "以内", None)]),
    (F, "投诉率不超过 1%", [("<=", "1", None, "%", None, "投诉率")]),
    # ---- full-width forms
    (F, "宣传不少于６０人次", [(">=", "60", None, "人次", None, "宣传")]),
    (F, "满意度达９０％以上", [(">=", "90", None, "%", "以上", "满意度")]),
    (F, "≥１２．００（次）", [(">=", "12", None, "次", None, None)]),
    (F, "建设面积３０００平米", [("=", "3000", None, "平方米", None, "建设面积")]),
    # ---- units, tolerances and rates printed in the Xi'an 2022 决算 (shaanxi_xian_health_…,
    # pp. 55-143) and the Chongqing / Beijing target tables (issue 17, issue 9)
    (X, "总建筑面积288164㎡", [("=", "288164", None, "平方米", None, "总建筑面积")]),
    (X, "275148㎡", [("=", "275148", None, "平方米", None, None)]),
    (X, "350人（±10%）", [("range", "315.0", "385.0", "人", "±10%", None)]),
    (X, "上涨5%-10%", [("range", "5", "10", "%", None, "上涨")]),
    (X, "小于十万分之一", [("<", "0.001", None, "%", None, None)]),
    (X, "全年累计断水断电时长≤24h", [("<=", "24", None, "小时", None, "全年累计断水断电时长")]),
    (X, "100辆", [("=", "100", None, "辆", None, None)]),
    (X, "购置设备（台、套）5517台(套)", [("=", "5517", None, "台/套", None, "购置设备")]),
    (X, "60元/人次", [("=", "60", None, "元/人次", None, None)]),
    (X, "≧60万人次", [(">=", "600000", None, "人次", None, None)]),
    (X, "200亩", [("=", "200", None, "亩", None, None)]),
    (C, "新增库容 2.5万m³", [("=", "25000", None, "立方米", None, "新增库容")]),
    (C, "治理河道 12km", [("=", "12", None, "公里", None, "治理河道")]),
    (C, "新增供水能力 3万吨", [("=", "30000", None, "吨", None, "新增供水能力")]),
    (C, "新增床位 120床", [("=", "120", None, "床", None, "新增床位")]),
    (C, "新建面积 1.2万㎡", [("=", "12000.0", None, "平方米", None, "新建面积")]),
    (C, "婴儿死亡率≤5‰", [("<=", "5", None, "‰", None, "婴儿死亡率")]),
    (C, "培训 2次/年", [("=", "2", None, "次/年", None, "培训")]),
    (C, ">=95%", [(">=", "95", None, "%", None, None)]),
    (C, "<=3天", [("<=", "3", None, "天", None, None)]),
    (C, "＝100%", [("=", "100", None, "%", None, None)]),
    (C, "≦2%", [("<=", "2", None, "%", None, None)]),
]


def _check_subject(actual: str | None, expected: object) -> None:
    if expected is ...:
        return
    if expected is None or isinstance(expected, str):
        assert actual == expected
        return
    assert actual is not None
    for fragment in expected:  # type: ignore[attr-defined]
        assert fragment in actual, f"{fragment!r} not in subject {actual!r}"


def _dec(x: str | None) -> Decimal | None:
    return None if x is None else Decimal(x)


# ASCII ids: mutmut 3.8 cannot select escaped non-ASCII ids (docs/mutation.md)
@pytest.mark.parametrize(
    ("source", "text", "expected"), CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)]
)
def test_parse(source: str, text: str, expected: list[tuple]) -> None:
    got = parse_quantities(text)
    assert len(got) == len(expected), [(q.op, q.value, q.unit, q.subject) for q in got]
    for q, (op, value, upper, unit, approx, subject) in zip(got, expected, strict=True):
        assert (q.op, q.value, q.upper, q.unit, q.approx) == (
            op,
            _dec(value),
            _dec(upper),
            unit,
            approx,
        ), q
        _check_subject(q.subject, subject)


def test_case_table_is_large_and_real() -> None:
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if c[0] == P) >= 5


def test_money_normalised_to_wan() -> None:
    (q,) = parse_quantities("创交会成果交易金额 87.85亿元以上")
    assert q.value_wan == Decimal("878500")
    (q,) = parse_quantities("总成交额达 5638万元")
    assert (q.unit, q.value_wan) == ("万元", Decimal("5638"))
    (q,) = parse_quantities("项目资金 4100000元")
    assert (q.unit, q.value_wan) == ("元", Decimal("410"))
    (q,) = parse_quantities("参与市民 6000万人次")
    assert q.value_wan is None and q.upper_wan is None


def test_money_unit_inferred_from_context() -> None:
    (q,) = parse_quantities("交易中心交易金额 100亿以上")
    assert (q.unit, q.value, q.value_wan) == ("亿元", Decimal(100), Decimal(1000000))
    assert q.inferred is not None and "亿元" in q.inferred and "金额" in q.inferred
    (q,) = parse_quantities("新增播放量 3628.2万")  # not money: the magnitude is folded in
    assert (q.unit, q.value, q.inferred) == (None, Decimal("36282000"), None)


def test_rate_unit_inferred() -> None:
    (q,) = parse_quantities("补贴对象申请审核完成率 =100.00")
    assert q.unit == "%" and q.inferred is not None and "完成率" in q.inferred


def test_count_unit_inferred_from_subject() -> None:
    (q,) = parse_quantities("全年参与竞赛活动人次达到 308万")
    assert (q.value, q.unit) == (Decimal(3080000), "人次")
    assert q.inferred == "unit 人次 inferred from 人次"


def test_range_money_has_both_bounds_in_wan() -> None:
    (q,) = parse_quantities("投资 10-15亿元")
    assert (q.op, q.value_wan, q.upper_wan) == ("range", Decimal(100000), Decimal(150000))


def test_interval_rule_for_yu_duo() -> None:
    """余/多: one unit of the last significant digit as written, times the magnitude."""
    cases = {
        "230余人次": ("230", "240"),
        "40多人": ("40", "50"),
        "2000多平方米": ("2000", "3000"),
        "1.6万多名": ("16000", "17000"),
        "二十多个": ("20", "30"),
        "15余次": ("15", "16"),
    }
    for text, (low, high) in cases.items():
        (q,) = parse_quantities(text)
        assert (q.value, q.upper) == (Decimal(low), Decimal(high)), text


def test_yu_duo_after_a_one_and_zeros_has_no_upper_bound() -> None:
    """100余人 says "more than 100"; its step would be 100 itself, and [100, 200) would hold
    the report to fewer than 200, which no writer of 100余 means. Only the lower bound."""
    for text, low, unit in [
        ("培训100余人", "100", "人"),
        ("技术攻关 10余项", "10", "项"),
        ("十余项", "10", "项"),
        ("10多万人次", "100000", "人次"),
        ("1000多平方米", "1000", "平方米"),
        ("1万余人", "10000", "人"),
    ]:
        (q,) = parse_quantities(text)
        assert (q.op, q.value, q.upper, q.unit) == (">=", Decimal(low), None, unit), text
    # a leading digit other than 1, or a second significant digit, keeps the interval
    for text, low, high in [("200余人", "200", "300"), ("110余人", "110", "120")]:
        (q,) = parse_quantities(text)
        assert (q.value, q.upper) == (Decimal(low), Decimal(high)), text
    (q,) = parse_quantities("逾100余人")
    assert (q.op, q.value, q.upper) == (">", Decimal(100), None)


def test_clauses_split_and_text_kept() -> None:
    clauses = split_clauses("宣传不少于 60人次；托\n举 40名 32岁以下青年科\n技工作者。")
    assert clauses == ["宣传不少于60人次", "托举40名32岁以下青年科技工作者"]
    assert split_clauses("1.完成占地面积。2.完成 60项；3.完成4项") == [
        "完成占地面积",
        "完成60项",
        "完成4项",
    ]
    assert split_clauses("") == []
    qs = parse_quantities("宣传不少于 60人次；托举 40名 32岁以下青年科技工作者。")
    assert [q.text for q in qs] == ["宣传不少于60人次", "托举40名32岁以下青年科技工作者"]


def test_a_number_after_a_word_is_a_list_marker_only_when_it_goes_on_the_numbering() -> None:
    """满意度95、合格率90 enumerates two values: 95、 is no list marker (it was taken for one,
    and 满意度 lost its 95); 2、 after 人 goes on from 1、 and still is one."""
    assert split_clauses("满意度95、合格率90") == ["满意度95、合格率90"]
    assert [(q.subject, q.value) for q in parse_quantities("满意度95、合格率90")] == [
        ("满意度", Decimal("95")),
        ("合格率", Decimal("90")),
    ]
    assert split_clauses("1、培训100人2、宣传30次") == ["培训100人", "宣传30次"]
    assert split_clauses("目标:1.培训 2.宣传") == ["目标", "培训", "宣传"]
    assert split_clauses("培训100人3、宣传30次") == ["培训100人3、宣传30次"]
    assert split_clauses("年度目标1.支持培育；2.支持推进") == ["年度目标", "支持培育", "支持推进"]
    # Printed in the real reports (text layer): each lost its number to the marker rule.
    assert split_clauses("“安全事故发生数”为0、“成本控制率”不超过100%") == [
        "安全事故发生数”为0、“成本控制率”不超过100%"  # a clause's edge quotes are trimmed
    ]
    assert split_clauses("W060701单元W-07、W-08街坊") == ["W060701单元W-07、W-08街坊"]


def test_normalize_keeps_ascii_words_apart() -> None:
    assert canonical_text("发表 SCI 论文\n260 篇") == "发表SCI论文260篇"
    assert canonical_text("12 20") == "12 20"
    assert canonical_text("４,１００,０００．００（元）") == "4100000.00(元)"


def test_money_units_exported() -> None:
    assert {"元", "万元", "亿元"} <= set(MONEY_UNITS)
    assert isinstance(parse_quantities("7项")[0], Quantity)


@pytest.mark.parametrize("bad", [None, "", "   ", 123, "。；，"])
def test_garbage_gives_nothing(bad: object) -> None:
    assert parse_quantities(bad) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "nature", "unit", "expected"),
    [
        ("7", "≥", "种", (">=", "7", "种")),
        ("95", "≧", "%", (">=", "95", "%")),
        ("0", "≤", "起", ("<=", "0", "起")),
        ("100", "=", "%", ("=", "100", "%")),
        ("100", "＝", "%", ("=", "100", "%")),
        ("95%", "≥", "%", (">=", "95", "%")),  # a unit already printed is not doubled
        ("≥90%", "≥", "%", (">=", "90", "%")),
        ("3", "<=", "天", ("<=", "3", "天")),
        ("10", "定性", "—", ("=", "10", None)),  # 定性 and a dash add nothing
        ("12", "正向", "个", ("=", "12", "个")),
    ],
)
def test_nature_and_unit_columns(
    text: str, nature: str, unit: str, expected: tuple[str, str, str | None]
) -> None:
    (q,) = parse_quantities(text, nature=nature, unit=unit)
    assert (q.op, q.value, q.unit) == (expected[0], Decimal(expected[1]), expected[2])


@pytest.mark.parametrize(
    "absurd",
    [
        "（" + "9" * 29,
        "9" * 40 + "个",
        "编号 1234567890123456789",
        "9" * 16 + "亿元",
    ],
)
def test_absurd_numbers_are_text(absurd: str) -> None:
    """A run of digits too long for the 15-digit output contract is no quantity, not an error."""
    assert parse_quantities(absurd) == []


def test_only_power_of_ten_fractions_are_rates() -> None:
    assert parse_quantities("九分之一") == []
    (q,) = parse_quantities("万分之三")
    assert (q.value, q.unit) == (Decimal("0.03"), "%")


def test_chinese_numerals_with_units_of_ten_thousand_and_a_hundred_million() -> None:
    """Values read by hand: 万 scales only what follows the last 亿 (一亿五千万 = 150 000 000),
    亿 scales everything before it (一万亿 = 10¹²)."""
    from jixiao.parsers.quantity import _cn_to_decimal

    cases = {
        "三": 3,
        "十一": 11,
        "二十": 20,
        "一百零五": 105,
        "两千": 2000,
        "一千二百三十四": 1234,
        "十万": 100000,
        "一万二千": 12000,
        "三亿": 300000000,
        "一亿五千万": 150000000,
        "一万亿": 10**12,
        "二〇二一": 2021,
        "百": 100,
        "万": 10000,
    }
    for text, value in cases.items():
        assert _cn_to_decimal(text) == value, text
    assert _cn_to_decimal("一" * 16) is None  # more digits than the output holds
    assert _cn_to_decimal("一亿亿") is None  # 10**16: too large
    (q,) = parse_quantities("服务群众一亿五千万人次")
    assert (q.value, q.unit) == (Decimal(150000000), "人次")


def test_step_is_one_unit_of_the_last_significant_digit() -> None:
    from jixiao.parsers.quantity import _step

    cases = {"230": "10", "2000": "1000", "1.6": "0.1", "15": "1", "0.05": "0.01", "0": "1"}
    for raw, step in cases.items():
        assert _step(Decimal(raw)) == Decimal(step), raw


# --- the jieba dictionary and the regex alternations -------------------------------------
# Expected values read from parsers/data/jieba_compact.txt and jieba_dict.txt by hand.


def test_compact_dictionary_holds_the_file_words_and_their_prefixes_at_zero() -> None:
    freq, total = quantity._compact_dictionary()
    assert total == 60101967  # the file's first line: "total 60101967"
    assert freq["X光"] == 3  # the first word line
    assert freq["X射线"] == 3
    assert freq["一体化"] == 1178
    assert freq["一体"] == 1526  # a word that is also a prefix keeps its own count
    assert freq["X"] == 0 and freq["X射"] == 0  # prefixes only, so jieba can walk to X射线
    assert "total" not in freq


def test_tokenizer_is_built_from_the_compact_slice_and_the_domain_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jieba

    monkeypatch.setattr(quantity, "_tokenizer", None)
    tk = quantity._get_tokenizer()
    assert tk is not jieba.dt and quantity._tokenizer is tk
    assert quantity._get_tokenizer() is tk  # built once
    assert tk.total >= 60101967 and tk.FREQ["X射线"] == 3
    # never initialised from jieba's full dictionary (350,000 words and their prefixes)
    assert len(tk.FREQ) < 100_000
    # 不得少于 is in jieba_dict.txt (20000 v) and not in the compact slice
    assert "不得少于" not in quantity._compact_dictionary()[0]
    assert tk.FREQ["不得少于"] == 20000
    assert tk.lcut("不得少于", HMM=False) == ["不得少于"]


def test_alternation_tries_the_longest_word_first_and_escapes_it() -> None:
    assert re.match(quantity._alt(["人", "人次"]), "人次").group() == "人次"
    assert re.match(quantity._alt({"及以上": ">=", "以上": ">="}), "及以上").group() == "及以上"
    pattern = quantity._alt(["台(套)", "m2"])
    assert re.fullmatch(pattern, "台(套)") and re.fullmatch(pattern, "m2")
    assert re.fullmatch(pattern, "台套") is None


# --- rules read from the module's docstring, values worked out by hand --------------------


def _one(text: str) -> tuple:
    (q,) = parse_quantities(text)
    return (q.op, q.value, q.upper, q.unit, q.approx, q.subject)


def test_a_heading_before_a_colon_is_no_part_of_the_subject() -> None:
    # 数量指标 heads the clause; what is counted is 开展培训
    assert _one("数量指标：开展培训 50场次") == ("=", 50, None, "场次", None, "开展培训")
    # after the number a colon heads nothing: the 3 项 are 任务, which stays in the subject
    subject = _one("完成 3项 任务：调研、评估")[5]
    assert subject is not None and "任务" in subject


def test_chinese_numerals_at_the_digit_limit_and_a_bare_hundred_million() -> None:
    assert quantity._cn_to_decimal("一" * 15) == Decimal("111111111111111")  # 15 digits: kept
    assert quantity._cn_to_decimal("一万五千亿") == Decimal(15 * 10**11)  # 1.5 万亿
    assert quantity._cn_to_decimal("亿") == Decimal(10**8)


def test_fractions_with_arabic_parts_and_their_digit_limit() -> None:
    # 千分之1.5: 1.5 / 1000 = 0.0015 = 0.15 %
    assert _one("千分之1.5") == ("=", Decimal("0.15"), None, "%", None, None)
    # 15 significant digits are read (1.23456789012345 / 1000 as a percentage, to the 12
    # digits a rate keeps: 0.123456789012 %); 16 are no number (the output holds 15)
    assert _one("千分之1.23456789012345")[1] == Decimal("0.123456789012")
    assert parse_quantities("千分之1.234567890123456") == []
    assert parse_quantities("万分之1234567890123456") == []


def test_a_tolerance_widens_an_approximate_quantity_and_keeps_its_magnitude() -> None:
    # 约350人（±10%）: 350 × 0.9 = 315 to 350 × 1.1 = 385
    assert _one("约 350人（±10%）") == ("range", 315, 385, "人", "±10%", None)
    # 约5万人（±10%）: 5万 = 50000, so 45000 to 55000 人
    assert _one("约5万人（±10%）") == ("range", 45000, 55000, "人", "±10%", None)


def test_a_rate_range_without_unit_is_in_percent_and_other_ranges_stay_unitless() -> None:
    # 合格率90-100: a rate, so 90 % to 100 %; an age share of 20-600 is no percentage
    assert _one("合格率90-100")[:4] == ("range", 90, 100, "%")
    assert _one("年龄结构比例 20-600")[:4] == ("range", 20, 600, None)


def test_subject_edges_and_the_written_magnitude() -> None:
    # 其中 ("of which") and the outer heading of two are trimmed from the subject
    assert _one("其中开展培训 20场次")[5] == "开展培训"
    assert _one("一级：数量指标：开展培训 50场次")[5] == "开展培训"
    (q,) = parse_quantities("参与市民\n1500万人次")
    assert (q.value, q.magnitude) == (15000000, "万")
    # 万方 is a unit of its own: 2万万方 keeps the written 2 (万万方 would be nonsense)
    (q,) = parse_quantities("清淤 2万万方")
    assert (q.value, q.unit) == (2, "万方")


def test_rate_inference_bounds_and_the_digit_limit_of_the_output() -> None:
    # a rate is 0 to 100: 0 and 100 are percentages, 101 cannot be one
    assert _one("安全事故发生率 0")[:4] == ("=", 0, None, "%")
    assert _one("满意度 100")[3] == "%"
    assert _one("满意度 101")[3] is None
    # 15 digits are what the output holds; 15 nines of 亿元 are 19 digits in 万元: no quantity
    assert _one("999999999999999个")[1] == Decimal("999999999999999")
    assert parse_quantities("999999999999999亿元") == []


def test_a_magnitude_before_a_bracketed_unit_and_what_follows_a_bare_number() -> None:
    assert _one("服务 5万(人次)")[:4] == ("=", 50000, None, "人次")  # 5万 人次
    # a bare number before 、 is a value; one before a further .digit is a version number
    got = [(q.value, q.unit) for q in parse_quantities("合格率100、优良率95")]
    assert got == [(100, "%"), (95, "%")]
    assert parse_quantities("升级至 2.1.3") == []


def test_only_powers_of_ten_over_a_readable_number_are_rates() -> None:
    assert parse_quantities("十二分之一") == []  # a share of twelve, not a rate
    assert parse_quantities("10000000000000000分之1") == []  # 17 digits: no number


def test_chinese_numerals_that_count_nothing() -> None:
    assert parse_quantities("更换零件") == []  # 零件 are parts, not 0 件
    assert parse_quantities("二者合一") == []  # a Chinese numeral needs a unit
    # 一起 is "together"; the 3 场 are the only count
    assert [(q.value, q.unit) for q in parse_quantities("与专家一起开展活动 3场")] == [(3, "场")]


def test_comparator_words_before_and_after_the_number() -> None:
    # a range whose ends are equal is one value
    assert _one("合格率 100-100%")[:4] == ("=", 100, None, "%")
    # 超过/低于 exclude the number and win over an inclusive 以上/以下 after it
    assert _one("超过 50人以上")[:5] == (">", 50, None, "人", "超过")
    assert _one("低于 5%以下")[:5] == ("<", 5, None, "%", "以下")
    # a hedge after the number (左右) is the approx word, 及 is no part of it
    assert _one("约 50人左右")[:5] == ("~", 50, None, "人", "左右")
    assert _one("培训 50人及以上")[:5] == (">=", 50, None, "人", "以上")


def test_titles_serial_numbers_and_masked_spans() -> None:
    # 《科普3分钟》 is a title even at the start of the clause: only the 20 期 count
    assert [(q.value, q.unit) for q in parse_quantities("《科普3分钟》播放 20期")] == [(20, "期")]
    # leading zeros make a serial number, not 123
    assert parse_quantities("编号 0000000000000000123") == []
    # the upper end of a range may have the 15 digits the output holds
    assert _one("1-999999999999999个")[:4] == ("range", 1, Decimal("999999999999999"), "个")
    # a masked span keeps its length: 2021年 is five characters
    assert quantity.mask_non_quantities("2021年培训 50人") == "□□□□□培训 50人"


def test_ranges_joined_across_a_range_sign() -> None:
    # the module's own example: 5万-10万人 is one range, 50000 to 100000 人
    assert _one("5万-10万人")[:4] == ("range", 50000, 100000, "人")
    # a joined range does not end the clause: 合格率 90% follows
    got = [(q.op, q.value, q.upper, q.unit) for q in parse_quantities("比例 5%-10%及合格率 90%")]
    assert got == [("range", 5, 10, "%"), ("=", 90, None, "%")]
    # nor does a tolerance: 培训 5场 follows ±10%
    got = [(q.op, q.value, q.unit) for q in parse_quantities("约 350人（±10%）、培训 5场")]
    assert got == [("range", 315, "人"), ("=", 5, "场")]


def test_fraction_rates_keep_their_comparator_and_skip_shares() -> None:
    assert _one("万分之三")[:5] == ("=", Decimal("0.03"), None, "%", None)
    assert _one("约万分之三")[:5] == ("~", Decimal("0.03"), None, "%", "约")
    assert _one("十分之一")[:4] == ("=", 10, None, "%")  # ten is a power of ten: 10 %
    # 九分之一 is a share; the rate after it is still read
    assert [(q.value, q.unit) for q in parse_quantities("九分之一和万分之三")] == [
        (Decimal("0.03"), "%")
    ]


def test_clause_edges_and_text_without_row_columns_are_kept_as_printed() -> None:
    assert split_clauses("（一）、培训 50人") == ["培训50人"]  # the 、 after a marker goes too
    assert quantity.with_columns("培训 50人", None, None) == "培训 50人"


def test_circled_numbers_break_clauses_and_a_unit_cell_keeps_text_as_printed() -> None:
    got = [(q.value, q.unit, q.subject) for q in parse_quantities("①培训 5场②宣传 3场")]
    assert got == [(5, "场", "培训"), (3, "场", "宣传")]
    assert quantity.with_columns("50 人", None, None) == "50 人"  # no column adds anything
