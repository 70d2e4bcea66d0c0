"""What a programme does to output, public money, jobs and per-mu figures, in words.

Lines of the brief's answer box (:func:`landsim.report.answers.answer_lines`), in Chinese
or English, from a run's :class:`~landsim.report.headline.Headline`.
"""

from __future__ import annotations

from decimal import Decimal

from landsim.plots.labels import Words
from landsim.report.headline import Headline
from landsim.report.sentences import money


def _dir(st: Words, value: float, up: str = "higher", down: str = "lower") -> str:
    return st.t(up if value >= 0 else down)


def output_sentence(st: Words, h: Headline) -> str | None:
    """Output and tax gained at the programme's end, and when output passes the baseline."""
    gain, tax = h.get("output|difference"), h.get("tax|difference")
    base = h.get("output|baseline")
    if gain is None or tax is None or not base:
        return None
    year = h.passes.get("output")
    passes = st.t("passes", year=year) if year else st.t("never_passes", year=h.end)
    return st.t(
        "output_line",
        year=h.end,
        dir=_dir(st, gain),
        value=money(st, gain),
        pct=gain / base,
        dir_t=_dir(st, tax),
        tax=money(st, tax),
        passes=passes,
    )


def money_sentence(st: Words, h: Headline) -> str | None:
    """All public money items together: net = land revenue − compensation − subsidies."""
    net = h.get("money|net")
    if net is None:
        return None
    return st.t(
        "money_line",
        dir=st.t("spending" if net < 0 else "income"),
        net=money(st, net),
        comp=money(st, h.get("money|compensation") or 0.0),
        sub=money(st, h.get("money|subsidy") or 0.0),
        land=money(st, h.get("money|land_revenue") or 0.0),
        years=st.years(h.years[0], h.last),
    )


def jobs_sentence(st: Words, h: Headline) -> str | None:
    """Jobs: the temporary dip against the baseline, and the long run.

    The long run is the last simulated year (run-out years included), when land committed
    during the programme has reached production.
    """
    end, year = h.get("jobs|last"), h.get("jobs|last_year")
    if end is None or year is None:
        end, year = h.get("jobs|difference"), h.end
    if end is None:
        return None
    year = int(year)
    direction = st.t("more_people" if end >= 0 else "fewer_people")
    dip, dip_year = h.get("jobs|dip"), h.get("jobs|dip_year")
    if end < 0 and dip_year == year:  # no recovery yet: the dip is the end
        return st.t("jobs_still_falling", year=year, value=f"{abs(end):,.0f}")
    if dip is not None and dip < 0 and dip_year is not None:
        return st.t(
            "jobs_dip" if end >= 0 else "jobs_still_fewer",
            why=_dip_reason(st, h),
            dip_year=int(dip_year),
            dip=f"{abs(dip):,.0f}",
            year=year,
            dir=direction,
            value=f"{abs(end):,.0f}",
        )
    return st.t("jobs_no_dip", year=year, dir=direction, value=f"{abs(end):,.0f}")


#: Below this share of the freed land producing, the dip is said to be the land waiting.
PRODUCING_FEW = 0.5


def _dip_reason(st: Words, h: Headline) -> str:
    """Why jobs dip, as the run's land says in the year of the dip.

    Nothing new employs anyone yet: firms vacated before new ones produce. New uses
    employ people but less than half the freed land produces: that share
    (腾出的土地仅18%已投产). Otherwise new industries do not yet employ as many.
    """
    new, share = h.get("jobs|new|dip"), h.get("land|producing_share|dip")
    if not new or new <= 0 or share is None:
        return st.t("dip_nothing_new")
    if share < PRODUCING_FEW:
        return st.t("dip_little_producing", share=share)
    return st.t("dip_catching_up")


def relocation_sentence(st: Words, h: Headline) -> str | None:
    """Firms vacated that moved within the district: the effect with and without them."""
    output, jobs = h.get("output|relocated"), h.get("jobs|relocated")
    without = h.get("output|difference|excluding_relocation")
    jobs_without = h.get("jobs|difference|excluding_relocation")
    if not output or output <= 0 or without is None or jobs_without is None:
        return None
    text = st.t(
        "relocation_line",
        year=h.end,
        output=money(st, output),
        jobs=f"{jobs or 0.0:,.0f}",
        dir=_dir(st, without),
        without=money(st, without),
        jdir=st.t("more_people" if jobs_without >= 0 else "fewer_people"),
        jobs_without=f"{abs(jobs_without):,.0f}",
    )
    return text + st.t("rounding_inline") if rounded_apart(st, h) else text


def rounded_apart(st: Words, h: Headline) -> bool:
    """Whether the relocation line's rounded parts miss the total they divide, as shown.

    Its "without them" figures are the programme's gain less the relocated firms', each
    rounded on its own (34,080 + 4,363 beside 38,442). As Chinese statistical
    publications do (国家统计局: 未作机械调整), the numbers are not adjusted to add up;
    the line says so (因四舍五入，分项之和与合计可能略有出入), as the money table's note.
    """
    pairs = (
        ("output", lambda v: money(st, v)),
        ("jobs", lambda v: f"{abs(v):,.0f}"),
    )
    for q, shown in pairs:
        total, part = h.get(f"{q}|difference"), h.get(f"{q}|relocated") or 0.0
        rest = h.get(f"{q}|difference|excluding_relocation")
        if total is None or rest is None:
            continue
        if _number(shown(total), total) - _number(shown(part), part) != _number(shown(rest), rest):
            return True
    return False


def _number(text: str, value: float) -> Decimal:
    """Return the number *text* shows, with *value*'s sign."""
    return Decimal(text.replace(",", "")) * (-1 if value < 0 else 1)


def per_mu_sentences(st: Words, h: Headline) -> list[str]:
    """亩均税收 and 亩均产值 before and after (each only when the run has it)."""
    lines = []
    for key in ("tax_per_mu", "output_per_mu"):
        before, after = h.get(f"{key}|base"), h.get(f"{key}|programme")
        baseline = h.get(f"{key}|baseline")
        if before is None or after is None or baseline is None:
            continue
        lines.append(
            st.t(
                "per_mu_line",
                label=st.t(key),
                base=h.base_year,
                before=f"{before:,.1f}",
                year=h.end,
                after=f"{after:,.1f}",
                baseline=f"{baseline:,.1f}",
            )
        )
    return lines
