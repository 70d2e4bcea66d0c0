"""Consistency rules that span several parts of a scenario.

Each rule is a small function ``rule(scenario) -> [(path, message), ...]``. They run
after the schema has validated every field, so they can rely on types, and their
messages point at the offending key (``file:line:col``) when the scenario came from YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from landsim.scenario.schema.scenario import Scenario, iter_values
from landsim.scenario.yearly import ALWAYS, Yearly, check_coverage

Finding = tuple[tuple[Any, ...], str]
Rule = Callable[[Scenario], Iterable[Finding]]


def yearly_values_cover_start(scenario: Scenario) -> Iterable[Finding]:
    """Every yearly mapping has a value for the horizon's first year."""
    for path, value in iter_values(scenario):
        if isinstance(value, Yearly) and (msg := check_coverage(value, scenario.horizon.start)):
            yield path, msg


def unused_years(scenario: Scenario) -> Iterable[Finding]:
    """Years of yearly mappings that never apply: after the horizon, or replaced before it.

    Not in :data:`RULES`: :func:`~landsim.scenario.load.load_scenario` refuses those
    written in the scenario file itself and leaves inherited ones (a base's schedule that
    runs past a variant's shorter horizon) to ``landsim validate``, which lists them.
    """
    h = scenario.horizon
    for path, value in iter_values(scenario):
        if not isinstance(value, Yearly):
            continue
        years = [y for y, _ in value.steps if y != ALWAYS]
        for k, year in enumerate(years):
            if year > h.end:
                yield (
                    (*path, year),
                    f"{year} is after the horizon's end ({h.end}), so this value would "
                    "never apply; remove it, or extend horizon.end",
                )
            elif year < h.start and k + 1 < len(years) and years[k + 1] <= h.start:
                yield (
                    (*path, year),
                    f"the value for {year} never applies: the value for {years[k + 1]} "
                    f"replaces it by the horizon's start ({h.start}); remove it",
                )


def platform_references(scenario: Scenario) -> Iterable[Finding]:
    """Every platform id used elsewhere is defined in `platforms`."""
    known = set(scenario.platforms)

    def unknown(pid: str, path: tuple[Any, ...]) -> Iterable[Finding]:
        if pid not in known:
            yield path, f"unknown platform {pid!r}; use one of {', '.join(sorted(known))}"

    for pid in scenario.quotas.by_platform:
        yield from unknown(pid, ("quotas", "by_platform", pid))
    for pid in scenario.pipeline.land_price_by_platform:
        yield from unknown(pid, ("pipeline", "land_price_by_platform", pid))
    for iid, ind in scenario.target_industries.items():
        for k, pid in enumerate(ind.platforms):
            yield from unknown(pid, ("target_industries", iid, "platforms", k))
    for jid, proj in scenario.major_projects.items():
        yield from unknown(proj.platform, ("major_projects", jid, "platform"))
    if scenario.relocation.platform is not None:
        yield from unknown(scenario.relocation.platform, ("relocation", "platform"))


def industry_references(scenario: Scenario) -> Iterable[Finding]:
    """Industry ids used in rules and projects are defined."""
    existing = set(scenario.existing_industries)
    targets = set(scenario.target_industries)
    lists = [
        (("candidates", "exit_industries"), scenario.candidates.exit_industries),
        (("restrictions", "industries"), scenario.restrictions.industries),
        (("relocation", "share_by_industry"), list(scenario.relocation.share_by_industry)),
    ]
    for path, ids in lists:
        for k, iid in enumerate(ids):
            if iid not in existing:
                yield (
                    (*path, k),
                    (
                        f"unknown existing industry {iid!r}; define it in "
                        f"existing_industries ({', '.join(sorted(existing)) or 'none yet'})"
                    ),
                )
    for jid, proj in scenario.major_projects.items():
        if proj.industry not in targets:
            yield (
                ("major_projects", jid, "industry"),
                (
                    f"unknown target industry {proj.industry!r}; "
                    f"use one of {', '.join(sorted(targets))}"
                ),
            )
    order = scenario.pipeline.assign_order
    for k, iid in enumerate(order):
        if iid not in targets:
            yield ("pipeline", "assign_order", k), f"unknown target industry {iid!r}"
    if len(set(order)) != len(order):
        yield ("pipeline", "assign_order"), "list each target industry once"


def project_years(scenario: Scenario) -> Iterable[Finding]:
    """Major projects (and their phases) are due inside the horizon, in order."""
    h = scenario.horizon
    for jid, proj in scenario.major_projects.items():
        single = not proj.phases
        previous = h.start
        for k, phase in enumerate(proj.all_phases()):
            where = ("major_projects", jid) if single else ("major_projects", jid, "phases", k)
            if not h.start <= phase.year <= h.end:
                yield (*where, "year"), f"{phase.year} is outside the horizon {h.start}–{h.end}"
            elif phase.year < previous:
                yield (*where, "year"), f"{phase.year} is before the phase before ({previous})"
            if phase.earliest is not None and not h.start <= phase.earliest <= phase.year:
                yield (
                    (*where, "earliest"),
                    f"must lie between the horizon start {h.start} and year {phase.year}",
                )
            previous = max(previous, phase.year)


RULES: list[Rule] = [
    yearly_values_cover_start,
    platform_references,
    industry_references,
    project_years,
]


def check(scenario: Scenario, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run every consistency rule and return all findings."""
    return [f for rule in (RULES if rules is None else rules) for f in rule(scenario)]
