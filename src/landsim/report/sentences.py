"""A :class:`~landsim.report.headline.Headline`'s targets, risks and projects in words.

In Chinese or English, with the helpers every brief's words share (years, money, signs,
target names). The same lines serve the PDF, the Word file and the workbook; output,
money and jobs are :mod:`landsim.report.economy_sentences`', the answer box in order
:mod:`landsim.report.answers`'. Chinese text uses full-width punctuation; money is in
亿元 (Chinese) or CNY bn (English).
"""

from __future__ import annotations

import math
import re

from landsim.plots.labels import Words, cause, year_span
from landsim.report.headline import Headline, Shortfall, TargetRow


def year_runs(years: list[int] | tuple[int, ...], lang: str) -> str:
    """Consecutive years as spans (:func:`~landsim.plots.labels.year_span`).

    >>> year_runs([2026, 2029, 2030], "zh"), year_runs([2026, 2029, 2030], "en")
    ('2026年、2029—2030年', '2026 and 2029–2030')
    """
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [year_span(r[0], r[-1], lang) for r in runs]
    if lang == "zh":
        return "、".join(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def money(st: Words, wan: float, digits: int = 1) -> str:
    """Write a sum in 万元 in the style's money unit (no sign).

    *digits* are for 亿元; CNY bn, ten times larger, get one more, so both languages show
    the same precision (0.1 亿元 = CNY 0.01 bn), which a small district needs.
    """
    digits += round(math.log10(st.money_divisor / 1e4))
    return f"{abs(wan) / st.money_divisor:,.{digits}f}"


def signed(text: str, value: float, plus: bool = False) -> str:
    """Put *value*'s sign before *text*, its magnitude as written.

    A true minus (−); a plus when *plus*; no sign when *text* rounds to zero (never
    "−0.0").
    """
    if not any(c in "123456789" for c in text):
        return text
    if value < 0:
        return "−" + text
    return ("+" if plus and value > 0 else "") + text


def item_name(st: Words, item: str, ratio: float = 1.5) -> str:
    """Name of a target or quota item."""
    return st.t(f"item_{item}", ratio=ratio)


def target_sentence(
    st: Words, row: TargetRow, ratio: float, chances: tuple[float, ...] | None = None
) -> str:
    """Say how often a target was met, e.g. 连片腾换产业空间7年中5年达标，2029—2030年未达标.

    A target over one year names it (连片腾换产业空间2024年达标), never "1年中1年" or
    "every year". A Monte Carlo run gives *chances* (the share of draws meeting it each
    year, maybe empty): its ✓/✗ are the run's at central values, which the sentence says
    (中心值情景下), followed by what the draws say (:func:`chance_text`).
    """
    name = item_name(st, row.item, ratio)
    if chances is not None:
        name = st.t("at_central", item=name)
    met = sum(row.met)
    if len(row.met) == 1:
        text = st.t("met_in_year" if met else "missed_in_year", item=name, year=row.years[0])
    elif met == len(row.met):
        text = st.t("all_met", item=name)
    elif met == 0:
        text = st.t("none_met", item=name)
    else:
        years = year_runs(row.missed_years, st.lang)
        text = st.t("some_met", item=name, n=len(row.met), met=met, years=years)
    chance = chance_text(st, row, chances or ())
    return text + st.t("chance_note", text=chance) if chance else text


def chance_text(st: Words, row: TargetRow, chances: tuple[float, ...]) -> str:
    """Say what the draws say of a target the run at central values met or missed.

    The years whose verdict most draws do not share (✓ met by fewer than half of the
    draws, ✗ met by half or more) are named with their chance (2025年达标概率47%);
    otherwise the chance every year, or its range over the years. Empty without chances.
    """
    pairs = [(y, p, m) for y, p, m in zip(row.years, chances, row.met, strict=False) if p == p]
    if not pairs:
        return ""
    off = [st.t("chance_part", year=y, p=p) for y, p, m in pairs if (p >= 0.5) != m]
    if off:
        return ("，" if st.lang == "zh" else "; ").join(off)
    shown = sorted({round(p, 2) for _, p, _ in pairs})
    if len(shown) == 1:
        return st.t("chance_same", p=shown[0])
    return st.t("chance_range", lo=shown[0], hi=shown[-1])


def finding_title(st: Words, row: TargetRow, ratio: float) -> str:
    """Write a chart title that states the finding ("连片腾换产业空间2029年起未达标：…").

    One year met or missed is named ("…2026年未达标：…"), never "1 years" or "every year".
    """
    name = item_name(st, row.item, ratio)
    missed = row.missed_years
    if not missed:
        one = len(row.years) == 1
        key = "title_met_in_year" if one else "title_all_met"
        return st.t(key, item=name, year=row.years[0])
    why = _cause_of(st, row.cause)
    if missed == list(range(missed[0], row.years[-1] + 1)) and missed[0] > row.years[0]:
        text = st.t("title_short_from", item=name, year=missed[0], cause=why)
    elif len(missed) == 1:
        text = st.t("title_short_one", item=name, year=missed[0], cause=why)
    elif len(missed) == len(row.years):  # "7年均未达标" read as 7年年均: the years, 各年
        years = year_runs(row.years, st.lang)
        text = st.t("title_short_all", item=name, n=len(missed), years=years, cause=why)
    else:
        text = st.t("title_short_some", item=name, n=len(missed), cause=why)
    return text if why else text.rstrip("：: ")


def _cause_of(st: Words, code: str | None) -> str:
    """Say a shortfall's cause in words; none for the growth gap, which the item says."""
    return cause(code, st.lang) if code and code != "growth_gap" else ""


def failure_text(st: Words, f: Shortfall, ratio: float) -> str:
    """One failure: what, which years, how much, why."""
    years = year_runs(f.years, st.lang)
    why = _cause_of(st, f.cause)
    name = item_name(st, f.item, ratio)
    if st.lang == "en":  # inside a sentence ("Main risk: contiguous vacating missed …")
        name = name[:1].lower() + name[1:]
    if f.kind == "target":
        # platform growth: the ratio missing, summed over the years missed that have a
        # ratio → the mean share (years without one, the district not growing, are left out)
        if f.item != "platform_growth":
            gap = st.t("gap_mu", value=f"{f.missing:,.0f}")
        elif f.measured:
            gap = st.t("gap_ratio", value=1 - f.missing / (f.measured * ratio))
        else:
            gap = st.t("gap_no_ratio")
        text = st.t("risk_target", item=name, years=years, gap=gap)
    else:
        text = st.t("risk_quota", item=name, years=years, gap=f"{f.missing:,.0f}")
    return st.t("risk_cause", text=text, cause=why) if why else text


def risk_sentences(st: Words, h: Headline, ratio: float) -> list[str]:
    """Name the one main risk (the worst failure), then up to two other shortfalls."""
    if not h.failures:
        return [st.t("risk_line", text=st.t("no_failures"))]
    main = h.failures[0]
    text = failure_text(st, main, ratio)
    vacated, contiguous = h.get("area|vacated"), h.get("area|contiguous")
    if (
        main.item == "contiguous"
        and main.cause == "scattered"
        and vacated
        and contiguous is not None
    ):
        # "scattered" next to 2.1万 mu vacated and 241 in blocks says how scattered
        text += st.t(
            "scattered_detail",
            vacated=f"{vacated:,.0f}",
            contiguous=f"{contiguous:,.0f}",
            min_mu=f"{h.get('contiguity|min_mu') or 100:g}",
        )
    lines = [st.t("risk_line", text=text)]
    others = [failure_text(st, f, ratio) for f in h.failures[1:3]]
    if others:
        lines.append(
            st.t("other_shortfalls", text=("；" if st.lang == "zh" else "; ").join(others))
        )
    return lines


def project_sentence(st: Words, h: Headline) -> str | None:
    """Major projects: placed when, or not placed (the reason only in English)."""
    if not h.projects:
        return None
    parts = []
    phased = {p["project"] for p in h.projects if int(p.get("phase", 1) or 1) > 1}
    for p in h.projects:
        name = p["name_zh"] if st.lang == "zh" else p["name_en"]
        if p["project"] in phased:
            name += st.t("phase_suffix", n=int(p["phase"]))
        if p["status"] == "placed":
            parts.append(st.t("project_placed", name=name, year=int(p["year_placed"])))
        else:
            parts.append(_project_failed(st, name, str(p["reason"]), p.get("reason_zh")))
    return st.t("projects_line", text=("；" if st.lang == "zh" else "; ").join(parts))


def _project_failed(st: Words, name: str, reason: str, reason_zh: object = None) -> str:
    """Say a phase is not placed, with its reason in the brief's language when known.

    *reason_zh* is the Chinese reason of runs that wrote one (``projects.reason_zh``);
    a Chinese brief of an older run folder points to the project table instead.
    """
    chance = re.fullmatch(r"did not go ahead \(probability (\d+%)\)", reason)
    if chance:
        return st.t("project_not_going_ahead", name=name, p=chance.group(1))
    if reason.startswith("the phase before"):
        return st.t("project_phase_before", name=name)
    if st.lang == "zh" and isinstance(reason_zh, str) and reason_zh:
        return st.t("project_failed_because", name=name, reason=clipped(reason_zh, 60, "，；"))
    return st.t("project_failed", name=name, reason=clipped(reason, 80, " "))


def clipped(text: str, limit: int, breaks: str) -> str:
    """Return *text*, or its start up to the last of *breaks* within *limit*, then "…".

    A reason cut at a fixed length ended mid-word ("…reaches 100 mu; the l)").
    """
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(b) for b in breaks)
    return (head[:cut] if cut > 0 else head).rstrip(" ,;，；") + "…"


def range_sentence(st: Words, h: Headline, pct: float) -> str | None:
    """Monte Carlo: the range of the output gained at the programme's end."""
    if h.output_range is None:
        return None
    lo, hi = h.output_range
    return st.t(
        "range_line",
        n=h.draws,
        year=h.end,
        pct=pct,
        lo=f"{lo / st.money_divisor:,.1f}",
        hi=f"{hi / st.money_divisor:,.1f}",
    )
