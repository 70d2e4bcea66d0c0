"""``landsim validate``: check a scenario and its inventory, then summarize them.

The scenario is read before the libraries of the model are imported, so a bad scenario
file is refused in a fraction of a second.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from landsim.cli import importing

#: The line under "Adjacency" when the rule is approximate, or leaves nothing touching.
ADJACENCY_NOTES = {
    "points": "approximate: from parcel centres, without boundaries, so blocks are split or "
    "merged and contiguous areas over- or understated; polygons or a neighbour table give "
    "exact blocks (docs/inventory.md)",
    "none": "no parcel touches another: every block is one parcel, so contiguous targets "
    "cannot be met as set (see inventory.adjacency in docs/inventory.md)",
}


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
    p.add_argument(
        "--resolved",
        action="store_true",
        help="print the resolved scenario (every extends applied, every default filled in) "
        "as YAML, after the checks",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print the summary."""
    with importing(args):
        from landsim.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    with importing(args):
        from landsim.cli.advice import advice
        from landsim.inventory.prepare import prepare
        from landsim.inventory.summary import blocks, by_platform
        from landsim.report.write import resolved_yaml
        from landsim.scenario import scenario_source

    prepared = prepare(scenario)
    inventory, adjacency = prepared.inventory, prepared.adjacency
    source = scenario_source(scenario)
    title = scenario.title.get(args.lang) if scenario.title else ""
    print(f"Scenario   {scenario.name}{' — ' + title if title else ''}")
    if source is not None and len(source.files) > 1:
        _print_extends(source)
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
    method = prepared.adjacency_method
    print(
        f"Adjacency  {adjacency.nnz // 2:,} touching pairs ({method}); {len(sizes):,} connected "
        f"blocks; largest {sizes.iloc[0]:,.0f} mu; {(sizes >= 100).sum():,} blocks of ≥ 100 mu"
    )
    if method in ADJACENCY_NOTES:
        print(f"           {ADJACENCY_NOTES[method]}")
    if prepared.bridges is not None:
        adj = scenario.inventory.adjacency
        within = f"up to {adj.bridge_gap_m:g} m" if adj.bridge_gap_m else "from the table"
        print(f"Bridges    {prepared.bridges.nnz // 2:,} pairs across roads ({within})")
    _print_rules(prepared)
    notes = advice(prepared)
    for line in notes:
        print(line)
    warnings = sum(line.lstrip().startswith(("Warning", "Did you mean")) for line in notes)
    more = f" ({warnings} warning{'s' * (warnings != 1)} above)" if warnings else ""
    print(f"\nOK: the scenario and its inventory are valid{more}.")
    if args.resolved:
        print("\n" + resolved_yaml(scenario), end="")
    return 0


def _print_extends(source) -> None:
    """Print the bases (a bundled programme with its file, to read) and the overrides."""
    from landsim.scenario import bundled

    print(f"Extends    {' → '.join(bundled.shown(f) for f in source.files[1:])}")
    for file in source.files[1:]:
        if bundled.is_bundled(bundled.shown(file)):
            print(f"           {bundled.shown(file)} is {file}")
    for line in source.overrides:
        print(f"           overrides {line}")


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
    from landsim.analysis.diagnostics import rule_summary
    from landsim.analysis.sensitivity import uncertain_parameters
    from landsim.model.compile import compile_model

    model = compile_model(prepared)
    table = rule_summary(prepared.scenario, model)
    print("\nInefficient land (低效用地) by rule, first simulated year:")
    for _, row in table.iterrows():
        counts = f"{row['parcels']:>7,} parcels {row['mu']:>11,.1f} mu {row['share']:>7.1%}"
        print(f"  {row['rule']:<36}{counts}")
    uncertain = uncertain_parameters(prepared.scenario)
    if uncertain:
        print(
            f"\n{len(uncertain)} parameters are distributions (sampled with --draws; "
            f"central values in a single run): {', '.join(uncertain)}"
        )
    unlisted = model.industry == len(model.existing_ids) - 1
    if unlisted.any():
        names = sorted(set(prepared.inventory.parcels.loc[unlisted, "industry"].astype(str)))
        shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
        print(
            f"\n{int(unlisted.sum()):,} parcels have industries not in existing_industries "
            f"(baseline growth {prepared.scenario.baseline.default_growth}): {shown}"
        )
    _print_model_checks(prepared.scenario, model)


def _print_model_checks(scenario, model) -> None:
    """Defaults the inventory forces, and targets that arithmetic rules out."""
    from landsim.analysis.diagnostics import default_far_parcels, growth_target_bound

    count, mu = default_far_parcels(model)
    if count:
        far = scenario.treatments.vacate.default_far
        print(
            f"\n{count:,} parcels ({mu:,.1f} mu) have no FAR; their buildings are compensated "
            f"at FAR {far:g} (treatments.vacate.default_far)"
        )
    bound = growth_target_bound(scenario, model)
    ratio = scenario.targets.platform_growth_ratio
    if bound is not None:
        share, most = bound
        verdict = "cannot be met" if ratio > most else "can be met"
        print(
            f"\nPlatform growth target: the platforms hold {share:.1%} of base-year output, so "
            f"unless the rest of the district shrinks their growth is at most {most:.2f}× the "
            f"district's; the target of {ratio:g}× {verdict}."
        )
