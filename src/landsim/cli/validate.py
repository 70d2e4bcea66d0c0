"""``landsim validate``: check a scenario and its inventory, then summarize them."""

from __future__ import annotations

import argparse
from pathlib import Path

from landsim.analysis.diagnostics import rule_summary
from landsim.analysis.sensitivity import uncertain_parameters
from landsim.inventory.prepare import prepare
from landsim.inventory.summary import blocks, by_platform
from landsim.model.compile import compile_model
from landsim.scenario import scenario_source


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "validate",
        help="check a scenario and its inventory; print a summary",
        description="Check the scenario file (and what it extends) and its parcel "
        "inventory. Every problem is listed; nothing is run or written.",
    )
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of names")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print the summary."""
    prepared = prepare(args.scenario)
    scenario, inventory, adjacency = prepared.scenario, prepared.inventory, prepared.adjacency
    source = scenario_source(scenario)
    title = scenario.title.get(args.lang) if scenario.title else ""
    print(f"Scenario   {scenario.name}{' — ' + title if title else ''}")
    if source is not None and len(source.files) > 1:
        print(f"Extends    {' → '.join(f.name for f in source.files[1:])}")
        for line in source.overrides:
            print(f"           overrides {line}")
    h = scenario.horizon
    print(f"Horizon    {h.start}–{h.end} (the inventory describes {h.base_year})")
    enc = f", {inventory.encoding}" if inventory.encoding else ""
    print(f"Inventory  {inventory.source} ({inventory.n:,} parcels{enc})")
    print(f"CRS        {_crs_line(inventory)}")
    table = by_platform(inventory, scenario.platforms, args.lang)
    print()
    print(_format(table))
    sizes = blocks(adjacency, inventory.parcels["area_mu"].to_numpy(float))
    print()
    print(
        f"Adjacency  {adjacency.nnz // 2:,} touching pairs; {len(sizes):,} connected blocks; "
        f"largest {sizes.iloc[0]:,.0f} mu; {(sizes >= 100).sum():,} blocks of ≥ 100 mu"
    )
    if prepared.road_links is not None:
        gap = scenario.inventory.adjacency.road_gap_m
        print(f"Road links {prepared.road_links.nnz // 2:,} across roads up to {gap:g} m")
    _print_rules(prepared)
    print("\nOK: the scenario and its inventory are valid.")
    return 0


def _crs_line(inventory) -> str:
    if inventory.geometry is None and not inventory.has_coordinates:
        return "no coordinates"
    if inventory.crs is None:
        return "none named: coordinates taken as metres (set inventory.crs to name it)"
    if inventory.crs != inventory.source_crs:
        return f"{inventory.crs} (projected on load from {inventory.source_crs[:60]})"
    return inventory.crs


def _format(table) -> str:
    lines = [f"{'platform':<34}{'parcels':>9}{'mu':>12}{'idle mu':>10}{'share':>8}"]
    for pid, row in table.iterrows():
        label = f"{row['name']} ({pid})" if pid != "district" else row["name"]
        lines.append(
            f"{label:<34}{row['parcels']:>9,}{row['mu']:>12,.1f}{row['idle_mu']:>10,.1f}"
            f"{row['share']:>8.1%}"
        )
    return "\n".join(lines)


def _print_rules(prepared) -> None:
    compiled = compile_model(prepared)
    table = rule_summary(compiled)
    print("\nInefficient land (低效用地) by rule, first simulated year:")
    for _, row in table.iterrows():
        counts = f"{row['parcels']:>7,} parcels {row['mu']:>11,.1f} mu {row['share']:>7.1%}"
        print(f"  {row['rule']:<36}{counts}")
    uncertain = uncertain_parameters(compiled)
    if uncertain:
        print(
            f"\n{len(uncertain)} parameters are distributions (sampled with --draws; "
            f"central values in a single run): {', '.join(uncertain)}"
        )
    unlisted = compiled.industry == len(compiled.existing_ids) - 1
    if unlisted.any():
        names = sorted(set(prepared.inventory.parcels.loc[unlisted, "industry"].astype(str)))
        shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
        print(
            f"\n{int(unlisted.sum()):,} parcels have industries not in existing_industries "
            f"(baseline growth {prepared.scenario.baseline.default_growth}): {shown}"
        )
