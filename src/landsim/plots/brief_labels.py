"""The words of briefs, page by page: headers, sentences, tables and notes, in Chinese and English.

Part of the label catalogue (:mod:`landsim.plots.labels`, whose :func:`~landsim.plots.labels.t`
reads it after the charts' :data:`~landsim.plots.labels.TEXT`); kept apart because a
brief has more words than all the charts together.
"""

from __future__ import annotations

#: Phrases of briefs (zh with full-width punctuation).
BRIEF: dict[str, tuple[str, str]] = {
    "subtitle": (
        "{years}｜与不实施的基准情景比较",
        "{years} | against a baseline without it",
    ),
    "synthetic_note": (
        "注：本简报基于内置的萧山合成地块数据，不是真实数据。",
        "Note: this brief uses the bundled synthetic Xiaoshan inventory, not real data.",
    ),
    "points_note": (
        "注：连片面积依据地块中心点距离近似推算（无地块边界），可能偏大或偏小，仅供参考。",
        "Note: contiguous areas are approximated from parcel centres (no boundaries) and may "
        "be over- or understated.",
    ),
    "none_note": (
        "注：本次运行无地块相邻关系，地块不会连成片，连片面积只计单个大地块，连片目标按设定无法达成。",
        "Note: this run has no parcel adjacency: parcels never join into blocks, so contiguous "
        "areas count single large parcels only and contiguous targets cannot be met as set.",
    ),
    "answers": ("结论", "The answer"),
    "appendix": ("附图", "Charts"),
    "uncertainty_page": ("不确定性（{n:,}次抽样）", "Uncertainty ({n:,} draws)"),
    "targets_table": ("年度目标完成情况（✓ 达标，✗ 未达标）", "Yearly targets (✓ met, ✗ missed)"),
    # a Monte Carlo run's ✓/✗ are those of its run at central values, not of its draws
    "targets_table_central": (
        "年度目标完成情况（中心值情景；✓ 达标，✗ 未达标）",
        "Yearly targets, run at central values (✓ met, ✗ missed)",
    ),
    "central_note": (
        "注：除注明“抽样”者外，各数字均为中心值情景（各参数取中心值运行一次）的结果。",
        "Note: figures are the run's at central values, except those said to come from draws.",
    ),
    "at_central": ("{item}中心值情景下", "{item} at central values"),
    "chance_part": ("{year}年达标概率{p:.0%}", "met in {p:.0%} of draws in {year}"),
    "chance_same": ("各年达标概率均为{p:.0%}", "met in {p:.0%} of draws every year"),
    "chance_range": (
        "各年达标概率为{lo:.0%}～{hi:.0%}",
        "met in {lo:.0%} to {hi:.0%} of draws, by year",
    ),
    "chance_note": ("（{text}）", " ({text})"),
    "figures_table": ("主要指标", "Key figures"),
    "money_table": (
        "政府资金（{years}累计，亿元）",
        "Public money ({years}, CNY bn)",
    ),
    # the workbook's headline sheet: the new projects' investment is firms' money, apart
    # from the public money above it
    "investment_table": (
        "社会投资（{years}累计，亿元）",
        "Private investment ({years}, CNY bn)",
    ),
    "row_private_investment": (
        "新项目社会投资（企业投资，不计入政府收支）",
        "Investment in new projects (firms' money, not government money)",
    ),
    "rounding_note": (
        "注：因四舍五入，分项之和与合计可能略有出入。",
        "Note: parts may not add up to the total because of rounding.",
    ),
    # in a sentence whose figures are rounded parts of another's (搬迁企业 + the rest)
    "rounding_inline": (
        "（因四舍五入，分项之和与合计可能略有出入）",
        " (parts may not add up to the total because of rounding)",
    ),
    "col_item": ("指标", "Indicator"),
    "col_value": ("数值", "Value"),
    "yearly_table": ("逐年结果（与基准情景之差）", "Year by year (against the baseline)"),
    "col_met": ("达标年数", "Years met"),
    "col_base": ("{year}年（现状）", "{year} (current)"),
    "col_baseline": ("{year}年基准情景", "{year} baseline"),
    "col_programme": ("{year}年实施情景", "{year} programme"),
    "col_difference": ("差值", "Difference"),
    "row_target_mu": ("{item}（亩，目标{target}）", "{item} (mu; target {target})"),
    "row_target_varies": ("{item}（亩）", "{item} (mu)"),
    "row_target_values": ("　目标（亩）", "  target (mu)"),
    "row_probability": ("　达标概率（{n:,}次抽样）", "  chance met ({n:,} draws)"),
    "row_platform_growth": (
        "平台与全区增速之比（目标≥{ratio:g}）",
        "Platform ÷ district growth (goal ≥ {ratio:g})",
    ),
    "row_output": ("产值（亿元/年）", "Output (CNY bn a year)"),
    "row_tax": ("税收（亿元/年）", "Tax (CNY bn a year)"),
    "row_jobs": (
        "就业（人；存量企业按基年人数计）",
        "Jobs (persons; existing firms at the base year's)",
    ),
    "row_tax_per_mu": ("亩均税收（万元/亩）", "Tax per mu (CNY 10,000/mu)"),
    "row_output_per_mu": ("亩均产值（万元/亩）", "Output per mu (CNY 10,000/mu)"),
    "met_count": ("{met}/{n}", "{met}/{n}"),
    "item_contiguous": ("连片腾换产业空间", "Contiguous vacating"),
    "item_revitalized": ("盘活低效用地", "Revitalization"),
    "item_platform_growth": (
        "平台增速目标（全区的{ratio:g}倍）",
        "Platform growth goal ({ratio:g} × the district's)",
    ),
    "item_vacate": ("腾退指标", "the vacating quota"),
    "item_upgrade": ("整治提升指标", "the upgrade quota"),
    "item_reactivate": ("盘活闲置指标", "the reactivation quota"),
    "all_met": ("{item}各年均达标", "{item}: met every year"),
    "none_met": ("{item}各年均未达标", "{item}: missed every year"),
    # a target over one year (a one-year horizon, or one year compared): the year, not "1年中1年"
    "met_in_year": ("{item}{year}年达标", "{item}: met in {year}"),
    "missed_in_year": ("{item}{year}年未达标", "{item}: missed in {year}"),
    "some_met": (
        "{item}{n}年中{met}年达标，{years}未达标",
        "{item}: met in {met} of {n} years, missed in {years}",
    ),
    "output_line": (
        "{year}年产值比基准情景{dir}{value}亿元（{pct:+.1%}），税收{dir_t}{tax}亿元；{passes}",
        "Output {year}: CNY {value} bn {dir} the baseline "
        "({pct:+.1%}); tax CNY {tax} bn {dir_t}; {passes}",
    ),
    "higher": ("高", "above"),
    "lower": ("低", "below"),
    "passes": ("产值自{year}年起超过基准情景", "output exceeds the baseline from {year} on"),
    "never_passes": (
        "到{year}年产值仍未超过基准情景",
        "output is still below the baseline in {year}",
    ),
    "money_line": (
        "政府累计净{dir}{net}亿元（{years}）：腾退补偿{comp}亿元、提升补助{sub}亿元，"
        "土地出让收入{land}亿元",
        "Net public {dir} of CNY {net} bn: compensation {comp}, upgrade "
        "subsidies {sub}, land revenue {land} (CNY bn, {years})",
    ),
    "spending": ("支出", "spending"),
    "income": ("收入", "income"),
    "jobs_dip": (
        "就业：{dip_year}年比基准情景少{dip}人（{why}），{year}年{dir}{value}人",
        "Jobs: {dip} fewer than the baseline in {dip_year} ({why}); {value} {dir} in {year}",
    ),
    # why jobs dip, by what the run's land says in the year of the dip
    "dip_nothing_new": ("腾退企业已停产、新项目尚未投产", "firms vacated before new ones produce"),
    "dip_little_producing": (
        "腾退企业已停产，腾出的土地仅{share:.0%}已投产",
        "firms vacated have stopped; only {share:.0%} of the land freed is in production",
    ),
    "dip_catching_up": (
        "腾退企业已停产，新产业就业尚未补足",
        "firms vacated have stopped; new industries do not yet employ as many",
    ),
    "jobs_still_fewer": (
        "就业：{year}年比基准情景少{value}人（{dip_year}年减少最多，为{dip}人）",
        "Jobs: {value} fewer than the baseline in {year} (at most {dip} fewer, in {dip_year})",
    ),
    "jobs_still_falling": (
        "就业：{year}年比基准情景少{value}人，期末仍在减少",
        "Jobs: {value} fewer than the baseline in {year}, and still falling",
    ),
    "relocation_line": (
        "其中区内搬迁企业{year}年产值{output}亿元、就业{jobs}人；若这些企业迁出本区，"
        "产值比基准情景{dir}{without}亿元，就业{jdir}{jobs_without}人",
        "Of this, firms relocated within the district produce CNY {output} bn and employ "
        "{jobs} in {year}; had they left the district, output would be CNY {without} bn "
        "{dir} the baseline and jobs {jobs_without} {jdir}",
    ),
    "jobs_no_dip": (
        "就业：{year}年比基准情景{dir}{value}人",
        "Jobs: {value} {dir} than the baseline in {year}",
    ),
    "phase_suffix": ("第{n}期", ", phase {n}"),
    "more_people": ("多", "more"),
    "fewer_people": ("少", "fewer"),
    "per_mu_line": (
        "{label}：{base}年{before}万元/亩，{year}年{after}万元/亩（基准情景{baseline}万元/亩）",
        "{label}: {before} in {base}, {after} in {year} (baseline {baseline}; CNY 10,000 per mu)",
    ),
    "tax_per_mu": ("亩均税收", "Tax per mu"),
    "output_per_mu": ("亩均产值", "Output per mu"),
    "risk_line": ("主要风险：{text}", "Main risk: {text}"),
    "risk_target": ("{item}{years}未达标，{gap}", "{item} missed in {years}, {gap}"),
    "risk_quota": (
        "{item}{years}未完成，共缺{gap}亩",
        "{item} unfilled in {years}, {gap} mu short",
    ),
    "risk_cause": ("{text}（{cause}）", "{text}: {cause}"),
    "gap_mu": ("共缺{value}亩", "{value} mu short"),
    "gap_ratio": ("平均为目标的{value:.0%}", "on average {value:.0%} of the goal"),
    "gap_no_ratio": ("全区未增长，无法计算倍数", "no ratio: the district did not grow"),
    "no_failures": ("各年目标和指标均已完成", "every target and quota was met"),
    "other_shortfalls": ("其他缺口：{text}", "Other shortfalls: {text}"),
    "scattered_detail": (
        "；规划期内腾退{vacated}亩，其中位于{min_mu}亩及以上连片区块的仅{contiguous}亩",
        "; of {vacated} mu vacated in the programme years, {contiguous} mu lie in blocks of "
        "≥ {min_mu} mu",
    ),
    "projects_line": ("重大项目：{text}", "Major projects: {text}"),
    "project_placed": ("{name}（{year}年落地）", "{name} (placed {year})"),
    "project_failed": ("{name}（未落地，原因见项目表）", "{name} (not placed: {reason})"),
    "project_failed_because": ("{name}（未落地：{reason}）", "{name} (not placed: {reason})"),
    "project_not_going_ahead": (
        "{name}本情景按未落地测算（落地概率{p}）",
        "{name} (not landed in this scenario; probability {p})",
    ),
    "project_phase_before": (
        "{name}（未落地，因前一期未落地）",
        "{name} (not placed: the phase before is not placed)",
    ),
    "range_line": (
        "{n:,}次抽样：{year}年产值增加的{pct:.0%}概率区间为{lo}～{hi}亿元",
        "{n:,} draws: {pct:.0%} range of the output gained in {year}: CNY {lo} to {hi} bn",
    ),
    "prob_line": (
        "{n:,}次抽样中达成目标的概率：连片腾换产业空间{cont}；盘活低效用地{rev}",
        "Probability of meeting the targets over {n:,} draws: contiguous {cont}; revitalized {rev}",
    ),
    "title_all_met": ("{item}：各年均达标", "{item}: met every year"),
    "title_short_from": (
        "{item}{year}年起未达标：{cause}",
        "{item} falls short from {year}: {cause}",
    ),
    "title_met_in_year": ("{item}：{year}年达标", "{item}: met in {year}"),
    "title_short_one": ("{item}{year}年未达标：{cause}", "{item} missed in {year}: {cause}"),
    "title_short_some": ("{item}有{n}年未达标：{cause}", "{item} missed in {n} years: {cause}"),
    "title_short_all": (
        "{item}{years}各年均未达标：{cause}",
        "{item} missed every year, {years}: {cause}",
    ),
    "title_output": (
        "{year}年产值比基准情景{dir}{value}亿元",
        "Output {year}: CNY {value} bn {dir} the baseline",
    ),
    "title_money": (
        "各年政府资金收支：累计净{dir}{value}亿元",
        "Public money by year: net {dir} of CNY {value} bn in all",
    ),
    "compare_title": ("情景比较", "Scenarios compared"),
    "tied": ("{n}个情景并列", "{n} scenarios alike"),
    "tied_met": ("{n}个情景", "{n} scenarios"),
    "compare_subtitle": (
        "{years}｜{n}个情景，各与不实施的基准情景比较",
        "{years} | {n} scenarios, each against a baseline without it",
    ),
    "compare_scenarios": ("情景说明", "The scenarios"),
    "compare_inventories": (
        "各情景的地块不同（{files}），差异中含地块本身的差异",
        "The scenarios' parcels differ ({files}); their differences include the parcels'",
    ),
    "compare_seeds": (
        "各情景的随机种子不同（{seeds}），权利人不同意等随机事件的差异属偶然；比较政策请用同一种子",
        "Different seeds ({seeds}): owners' refusals differ by chance; use one seed to "
        "compare policies",
    ),
    "compare_points_note": (
        "注：{names}的连片面积依据地块中心点距离近似推算（无地块边界），可能偏大或偏小，仅供参考。",
        "Note: in {names}, contiguous areas are approximated from parcel centres (no "
        "boundaries) and may be over- or understated.",
    ),
    "compare_none_note": (
        "注：{names}无地块相邻关系，地块不会连成片，连片面积只计单个大地块，连片目标按设定无法达成。",
        "Note: in {names}, no parcel touches another: parcels never join into blocks, so "
        "contiguous areas count single large parcels only and contiguous targets cannot be "
        "met as set.",
    ),
    "every_scenario": ("各情景", "every scenario"),
    "compare_draws": (
        "按中心值比较，未比较各情景的抽样结果（区间与概率见各情景简报）",
        "Compared at central values; the draws are not compared (each run's brief has "
        "its bands and probabilities)",
    ),
    "compare_horizons": (
        "各情景年限不同（{spans}），目标与增量按共同年份{common}比较，资金按{summed}累计",
        "Different years ({spans}): targets and gains compared on {common}, "
        "money summed over {summed}",
    ),
    "compare_targets_table": (
        "年度目标完成情况（✓ 达标，✗ 未达标；目标：{targets}）",
        "Yearly targets (✓ met, ✗ missed; targets: {targets})",
    ),
    "cmp_target_mu": ("{item}{value}亩", "{item} {value} mu"),
    "cmp_target_growth": (
        "平台增速为全区的{ratio:g}倍",
        "platform growth {ratio:g} × the district's",
    ),
    "cmp_row_platform_growth": ("平台与全区增速之比", "Platform ÷ district growth"),
    "cmp_title_none": (
        "{item}：各情景各年均未达标",
        "{item}: missed in every scenario, every year",
    ),
    "cmp_title_none_year": (
        "{item}：各情景{year}年均未达标",
        "{item}: missed in every scenario in {year}",
    ),
    "cmp_title_same": (
        "{item}：各情景均为{n}年中{met}年达标",
        "{item}: every scenario meets it in {met} of {n} years",
    ),
    "cmp_title_same_year": (
        "{item}：各情景{year}年均达标",
        "{item}: every scenario meets it in {year}",
    ),
    "cmp_title_targets": (
        "{item}：{name}达标年数{most}（{n}年中{met}年）",
        "{item}: met {most} often by {name} ({met} of {n} years)",
    ),
    # two runs, one meeting a target every year: who misses it, and when
    "cmp_title_all_but": (
        "{item}：{name}各年均达标，{other}{years}未达标",
        "{item}: met every year by {name}; missed by {other} in {years}",
    ),
    "cmp_title_all_none": (
        "{item}：{name}各年均达标，{other}各年均未达标",
        "{item}: met every year by {name}; missed every year by {other}",
    ),
    "cmp_title_targets_year": ("{item}：{year}年{name}达标", "{item}: met in {year} by {name}"),
    "cmp_title_output": (
        "{year}年产值增加：{name}{most}（{value}亿元）",
        "Output gained in {year}: {most} in {name} (CNY {value} bn)",
    ),
    # when every run loses output, the best one loses least (compare_cells.gained_key)
    "cmp_title_output_fewest_lost": (
        "{year}年产值比基准情景减少：{name}减少{least}（{value}亿元）",
        "Output lost against the baseline in {year}: {least} lost in {name} (CNY {value} bn)",
    ),
    # net public money says what is less (spending) or more (income), never which is "best"
    "cmp_title_money_spending": (
        "政府累计净支出：{name}{least}（{value}亿元）",
        "Net public spending: {least} in {name} (CNY {value} bn)",
    ),
    "cmp_title_money_income": (
        "政府累计净收入：{name}{most}（{value}亿元）",
        "Net public income: {most} in {name} (CNY {value} bn)",
    ),
    "cmp_title_jobs": (
        "{year}年就业：{name}{highest}（比基准情景{dir}{value}人）",
        "Jobs in {year}: {highest} in {name} ({value} {dir} than the baseline)",
    ),
    "cmp_title_jobs_fewest_lost": (
        "{year}年就业：{name}减少{least}（比基准情景{dir}{value}人）",
        "Jobs in {year}: {name} {closest} to the baseline ({value} {dir})",
    ),
    # the words of the titles above: of three runs or more the superlative, of two the
    # comparative (最多 of two read as "the best scenario")
    "cmp_most": ("最多", "most"),
    "cmp_most_two": ("较多", "more"),
    "cmp_least": ("最少", "least"),
    "cmp_least_two": ("较少", "less"),
    "cmp_highest": ("最高", "highest"),
    "cmp_highest_two": ("较高", "higher"),
    "cmp_closest": ("最接近", "closest"),
    "cmp_closest_two": ("较接近", "closer"),
    "compare_figures_table": (
        "主要指标（产值、税收、就业为与基准情景之差；年份见各行）",
        "Key figures (output, tax and jobs against the baseline; years in each row)",
    ),
    "compare_money_table": (
        "政府资金（{years}累计，亿元；支出为负）",
        "Public money ({years}, CNY bn; spending negative)",
    ),
    "compare_line": ("{name}：{text}", "{name}: {text}"),
    "compare_output_part": (
        "{year}年产值比基准情景{dir}{value}亿元",
        "output CNY {value} bn {dir} the baseline in {year}",
    ),
    "compare_money_part": ("政府累计净{dir}{value}亿元", "net public {dir} CNY {value} bn"),
    "compare_jobs_part": (
        "{year}年就业比基准情景{dir}{value}人",
        "{value} {dir} jobs than the baseline in {year}",
    ),
    "never": ("未超过", "never"),
    "col_scenario": ("情景", "Scenario"),
    "col_money_net": ("政府累计净收支（亿元）", "Net public money (CNY bn)"),
    "col_output_gain": ("产值增加（亿元/年）", "Output gained (CNY bn a year)"),
    "col_tax_gain": ("税收增加（亿元/年）", "Tax gained (CNY bn a year)"),
    "col_jobs_gain": ("就业较基准情景变化（人）", "Jobs against the baseline (persons)"),
    "col_jobs_dip": (
        "就业较基准情景的最低值（人）",
        "Jobs at their lowest against the baseline (persons)",
    ),
}
