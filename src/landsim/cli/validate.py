"""``landsim validate``: check a scenario and its inventory, then summarize them.

The scenario is read before the libraries of the model are imported, so a bad scenario
file is refused in a fraction of a second. The summary speaks ``--lang`` (default: the
scenario's ``plots.lang``); its words are in :mod:`landsim.cli.validate_console`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from landsim.cli import importing
from landsim.cli.validate_console import labelled, platform_table, rule_lines, say
from landsim.plots.labels import joined, year_span

#: Adjacency rules that get a line under "Adjacency": approximate, or nothing touching.
NOTED_METHODS = ("points", "none")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "validate",
        help="check a scenario and its inventory; print a summary",
        description="Check the scenario file (and what it extends) and its parcel "
        "inventory. Every problem is listed; nothing is run or written.",
    )
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of the summary (default: the scenario's plots.lang, as run); "
        "problems with the input are said in English",
    )
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
    lang = args.lang = args.lang or scenario.plots.lang
    with importing(args):
        from landsim.cli.advice import advice, count_warnings
        from landsim.inventory.prepare import prepare
        from landsim.inventory.summary import blocks, by_platform
        from landsim.report.write import resolved_yaml
        from landsim.scenario import scenario_source

    prepared = prepare(scenario)
    inventory, adjacency = prepared.inventory, prepared.adjacency
    source = scenario_source(scenario)
    title = scenario.title.get(lang) if scenario.title else ""
    named = say("title", lang, title=title) if title else ""
    print(labelled("scenario", f"{scenario.name}{named}", lang))
    if source is not None and len(source.files) > 1:
        _print_extends(source, lang)
    h = scenario.horizon
    print(
        labelled(
            "horizon",
            say("years", lang, years=year_span(h.start, h.end, lang), base=h.base_year),
            lang,
        )
    )
    enc = say("encoding", lang, encoding=inventory.encoding) if inventory.encoding else ""
    said = say("parcels_file", lang, source=inventory.source, n=inventory.n, encoding=enc)
    print(labelled("inventory", said, lang))
    print(labelled("crs", _crs_line(inventory, lang), lang))
    table = by_platform(inventory, scenario.platforms, lang)
    print()
    print(platform_table(table, lang))
    sizes = blocks(adjacency, inventory.parcels["area_mu"].to_numpy(float))
    print()
    method = prepared.adjacency_method
    pairs = say(
        "pairs",
        lang,
        pairs=adjacency.nnz // 2,
        method=say(f"method:{method}", lang),
        blocks=len(sizes),
        largest=sizes.iloc[0],
        large=(sizes >= 100).sum(),
    )
    print(labelled("adjacency", pairs, lang))
    if method in NOTED_METHODS:
        print(labelled("", say(f"{method}_note", lang), lang))
    if prepared.bridges is not None:
        adj = scenario.inventory.adjacency
        gap = adj.bridge_gap_m
        within = say("bridge_gap", lang, gap=gap) if gap else say("bridge_table", lang)
        said = say("bridge_pairs", lang, n=prepared.bridges.nnz // 2, within=within)
        print(labelled("bridges", said, lang))
    _print_rules(prepared, lang)
    notes = advice(prepared, lang)
    for line in notes:
        print(line)
    warnings = count_warnings(notes)
    more = say("warnings_above", lang, n=warnings, s="s" * (warnings != 1)) if warnings else ""
    print(say("ok", lang, more=more))
    if args.resolved:
        print("\n" + resolved_yaml(scenario), end="")
    return 0


def _print_extends(source, lang: str = "en") -> None:
    """Print the bases (a bundled programme with its file, to read) and the overrides."""
    from landsim.scenario import bundled

    print(labelled("extends", " → ".join(bundled.shown(f) for f in source.files[1:]), lang))
    for file in source.files[1:]:
        if bundled.is_bundled(bundled.shown(file)):
            said = say("bundled_file", lang, name=bundled.shown(file), file=file)
            print(labelled("", said, lang))
    for line in source.overrides:
        file, _, key = line.partition(": ")
        print(labelled("", say("overrides", lang, file=file, key=key), lang))


def _crs_line(inventory, lang: str = "en") -> str:
    if inventory.geometry is None and not inventory.has_coordinates:
        return say("no_coordinates", lang)
    if inventory.crs is None:
        return say("crs_unnamed", lang)
    if inventory.crs != inventory.source_crs:
        return say("crs_projected", lang, crs=inventory.crs, source=inventory.source_crs[:60])
    return inventory.crs


def _print_rules(prepared, lang: str = "en") -> None:
    from landsim.analysis.diagnostics import rule_summary, tax_threshold
    from landsim.analysis.sensitivity import uncertain_parameters
    from landsim.evaluation.candidates import industrial_land
    from landsim.model.compile import compile_model

    scenario = prepared.scenario
    model = compile_model(prepared)
    # land that is not industrial is never a candidate: the rules count the programme's land
    industrial = industrial_land(
        prepared.inventory.parcels, scenario.inventory.industrial_land_uses
    )
    table = rule_summary(scenario, model, industrial)
    for line in rule_lines(table, scenario, tax_threshold(model), lang):
        print(line)
    uncertain = uncertain_parameters(scenario)
    if uncertain:
        print(say("distributions", lang, n=len(uncertain), names=joined(uncertain, lang)))
    # the lines below count industrial land too; they name it when some land is left out
    parcels = say("parcels_all" if industrial.all() else "parcels_industrial", lang)
    unlisted = (model.industry == len(model.existing_ids) - 1) & industrial
    if unlisted.any():
        names = sorted(set(prepared.inventory.parcels.loc[unlisted, "industry"].astype(str)))
        shown = joined(names[:8], lang) + (" …" if len(names) > 8 else "")
        growth = scenario.baseline.default_growth
        n = int(unlisted.sum())
        print(say("unlisted", lang, n=n, parcels=parcels, growth=growth, names=shown))
    _print_model_checks(scenario, model, industrial, parcels, lang)


def _print_model_checks(scenario, model, industrial, parcels: str, lang: str = "en") -> None:
    """Defaults the inventory forces (on *industrial* land), and targets ruled out."""
    from landsim.analysis.diagnostics import default_far_parcels, growth_target_bound

    count, mu = default_far_parcels(model, industrial)
    if count:
        far = scenario.treatments.vacate.default_far
        print(say("default_far", lang, n=count, parcels=parcels, mu=mu, far=far))
    bound = growth_target_bound(scenario, model)
    ratio = scenario.targets.platform_growth_ratio
    if bound is not None:
        share, most = bound
        verdict = say("cannot_be_met" if ratio > most else "can_be_met", lang)
        print(say("growth_bound", lang, share=share, most=most, ratio=ratio, verdict=verdict))
