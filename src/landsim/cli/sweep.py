"""``landsim sweep``: run a grid (or a Latin hypercube) of variants of one scenario."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landsim.cli.cluster import add_scheduler_argument, scheduler_from
from landsim.cli.console import wrote_line
from landsim.cli.sweep_console import sweep_text, targets_lines
from landsim.errors import LandsimError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from landsim.analysis.distributed import Scheduler
    from landsim.analysis.sweep_design import Variant
    from landsim.analysis.sweep_spec import Vary
    from landsim.analysis.sweep_store import SweepStore
    from landsim.scenario import Scenario

HELP = "run a grid of scenario variants; P(target met) for each"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "sweep",
        help=HELP,
        description="Run every combination of the values given with --vary (or a Latin "
        "hypercube of --samples variants), each with --draws Monte Carlo draws, and write "
        "one tidy table (variant × year × indicator), the probability of meeting each "
        "target for each variant, and heat maps of it. An interrupted sweep resumes: run "
        "the same command again.",
    )
    p.add_argument("scenario", type=Path, help="scenario YAML file")
    p.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="KEY=VALUES",
        help="a scenario key and its values: start:stop:step (both ends included), a,b,c, "
        "or low:high with --samples; e.g. quotas.vacate_mu=2000:5000:500 or "
        "land_compensation_per_mu=60,85,120 (a key's unambiguous end is enough). Repeat it",
    )
    p.add_argument(
        "--samples",
        type=int,
        help="a Latin hypercube of this many variants instead of the full grid",
    )
    p.add_argument("--draws", type=int, default=1, help="Monte Carlo draws per variant")
    p.add_argument("--seed", type=int, help="override the scenario's seed (same in every variant)")
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    add_scheduler_argument(p)
    p.add_argument(
        "--all-platforms",
        action="store_true",
        help="keep every platform in the table (default: the district only)",
    )
    p.add_argument(
        "--heatmap",
        metavar="X,Y",
        help="the two varied keys of the heat maps (default: the first two)",
    )
    p.add_argument("--year", type=int, help="heat maps for this year (default: met in every year)")
    p.add_argument(
        "--lang", choices=("zh", "en"), help="label language (default: the scenario's plots.lang)"
    )
    p.add_argument("-o", "--output", type=Path, help="folder (default: runs/<scenario>-sweep)")
    p.add_argument("--force", action="store_true", help="start over in an existing folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build and check every variant, run those not done yet, write the tables and maps."""
    _check_numbers(args)
    scheduler = scheduler_from(args)
    from landsim.analysis.sweep_store import SweepStore
    from landsim.io.locks import folder_lock

    base, varies, variants, scenarios = _variants(args)
    heat = _heat_keys(args.heatmap, varies)
    _check_year(args.year, base)
    folder = args.output or Path("runs") / f"{base.name}-sweep"
    with folder_lock(folder, what=f"landsim sweep {args.scenario}"):
        store = SweepStore.open(folder, _spec(args, base, varies, variants), force=args.force)
        _run_missing(args, store, base, variants, scenarios, scheduler)
        try:
            tables = store.assemble(variants)
            files = _write(args, store, base, tables, heat)
        except KeyboardInterrupt:
            raise KeyboardInterrupt(
                f"every variant is kept in {store.work}, but the final files are not all "
                "written; run the same command again to write them"
            ) from None
        store.finish()
    lang = args.lang or base.plots.lang
    print("\n".join(targets_lines(tables["targets"], [v.key for v in varies], lang)))
    if args.year is not None and heat is not None:
        print(sweep_text("one_year", lang, year=args.year))
    print("\n" + wrote_line(folder, files, lang))
    return 0


def _check_numbers(args: argparse.Namespace) -> None:
    if args.draws < 1 or args.workers < 1:
        raise LandsimError("--draws and --workers must be at least 1")
    if args.samples is not None and not 2 <= args.samples <= 10_000:
        raise LandsimError(f"--samples {args.samples}: give 2 to 10,000 variants")
    if args.seed is not None and args.seed < 0:
        raise LandsimError(f"--seed {args.seed}: a seed is a whole number ≥ 0")
    cpus = os.cpu_count() or 1
    if args.workers > cpus:
        raise LandsimError(f"--workers {args.workers} is more than the {cpus} processors")


def _variants(
    args: argparse.Namespace,
) -> tuple[Scenario, list[Vary], list[Variant], list[Scenario]]:
    """Read the scenario and --vary; build and validate every variant."""
    from landsim.analysis.sweep_design import grid, latin_hypercube, variant_scenarios
    from landsim.analysis.sweep_spec import parse_varies
    from landsim.scenario import load_scenario
    from landsim.streams import Streams

    fixed = {} if args.seed is None else {"seed": args.seed}
    base = load_scenario(args.scenario, overrides=fixed)
    varies = parse_varies(args.vary, base, sampled=args.samples is not None, samples=args.samples)
    if args.samples is None:
        variants = grid(varies)
    else:
        variants = latin_hypercube(varies, args.samples, Streams(base.seed).sweep())
    return base, varies, variants, variant_scenarios(args.scenario, variants, fixed)


def _heat_keys(text: str | None, varies: list[Vary]) -> tuple[str, str] | None:
    from landsim.analysis.sweep_spec import resolve_key
    from landsim.errors import InputError, Problem

    keys = [v.key for v in varies]
    if text is None:
        return (keys[0], keys[1]) if len(keys) >= 2 else None
    parts = [t.strip() for t in text.split(",")]
    try:
        if len(parts) != 2:
            raise ValueError("give two varied keys, X,Y")
        x, y = (resolve_key(p, keys) for p in parts)
        if x == y:
            raise ValueError(f"both name {x}; give two different varied keys")
    except ValueError as exc:
        raise InputError(
            "--heatmap: cannot draw it", [Problem("--heatmap", text, str(exc))]
        ) from None
    return x, y


def _check_year(year: int | None, base: Scenario) -> None:
    from landsim.errors import InputError, Problem

    start, end = base.horizon.start, base.horizon.end
    if year is not None and not start <= year <= end:
        raise InputError(
            f"--year {year}: cannot draw it",
            [Problem("--year", str(year), f"targets apply in the programme years {start}–{end}")],
        )


def _spec(
    args: argparse.Namespace, base: Scenario, varies: list[Vary], variants: list[Variant]
) -> dict[str, Any]:
    """Describe this sweep: a resumed sweep must match it."""
    from landsim.analysis.sweep_store import input_hashes
    from landsim.version import __version__

    return {
        "command": "sweep",
        "landsim": __version__,
        "scenario": str(args.scenario.resolve()),
        "inputs": input_hashes(base),
        # the keys, not the --vary text: 2000:4000:1000 and 2000,3000,4000 are one grid
        # (the variants below hold the values)
        "vary": [v.key for v in varies],
        "samples": args.samples,
        "draws": args.draws,
        "seed": base.seed,
        "all_platforms": args.all_platforms,
        "variants": [[v.id, v.values] for v in variants],
    }


def _run_missing(
    args: argparse.Namespace,
    store: SweepStore,
    base: Scenario,
    variants: list[Variant],
    scenarios: list[Scenario],
    scheduler: Scheduler | None,
) -> None:
    """Run the variants not done yet, keeping each as it finishes."""
    from landsim.analysis.distributed import executor_for
    from landsim.analysis.sweep import Settings, every_variant, run_variants
    from landsim.cli.progress import progress_bar
    from landsim.inventory.prepare import prepare

    done = store.done()
    pending = [(v, s) for v, s in zip(variants, scenarios, strict=True) if v.id not in done]
    lang = args.lang or base.plots.lang
    print(
        sweep_text("count", lang, n=len(variants))
        + (sweep_text("resumed", lang, n=len(done)) if done else "")
        + (sweep_text("draws_each", lang, n=args.draws) if args.draws > 1 else ""),
        file=sys.stderr,
    )
    if not pending:
        return
    todo = every_variant([v for v, _ in pending], [s for _, s in pending], prepare(base))
    bar = progress_bar(sweep_text("progress", lang), already=len(done), lang=lang)
    finished = len(done)
    try:
        with executor_for(scheduler, args.workers) as (pool, workers):
            settings = Settings(draws=args.draws, all_platforms=args.all_platforms)
            for variant, tables in run_variants(todo, settings, executor=pool, workers=workers):
                store.save(variant, tables)
                finished += 1
                bar(finished, len(variants))
    except KeyboardInterrupt:
        raise KeyboardInterrupt(
            f"{finished} of {len(variants)} variants are kept in {store.work}; run the same "
            "command again to resume"
        ) from None


def _write(
    args: argparse.Namespace,
    store: SweepStore,
    base: Scenario,
    tables: dict[str, pd.DataFrame],
    heat: tuple[str, str] | None,
) -> list[str]:
    """Write the final tables (each complete or absent), heat maps, then the manifest."""
    import json

    from landsim.io.atomic import atomic_file
    from landsim.report.write import CSV_ENCODING, has, resolved_yaml

    files = []
    for name, frame in tables.items():
        with atomic_file(store.folder / f"{name}.csv") as tmp:
            frame.to_csv(tmp, index=False, encoding=CSV_ENCODING)
        files.append(f"{name}.csv")
    if has("pyarrow"):
        with atomic_file(store.folder / "sweep.parquet") as tmp:
            tables["sweep"].to_parquet(tmp, index=False)
        files.append("sweep.parquet")
    with atomic_file(store.folder / "scenario.yaml") as tmp:
        tmp.write_text(resolved_yaml(base), encoding="utf-8")
    files.append("scenario.yaml")
    if heat is not None:
        files += _heatmaps(args, store.folder, base, tables, heat)
    else:
        print("(no heat map: it needs two varied keys)", file=sys.stderr)
    created = datetime.now(UTC).isoformat(timespec="seconds")  # as a run's manifest
    info = {**store.spec, "created": created, "files": files}
    with atomic_file(store.folder / "manifest.json") as tmp:
        tmp.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    return [*files, "manifest.json"]


def _heatmaps(
    args: argparse.Namespace,
    folder: Path,
    base: Scenario,
    tables: dict[str, pd.DataFrame],
    heat: tuple[str, str],
) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from landsim.io.atomic import atomic_file
    from landsim.plots.style import glyph_guard
    from landsim.plots.sweep import sweep_heatmap

    lang = args.lang or base.plots.lang
    table = tables["targets"] if args.year is None else tables["probabilities"]
    files = []
    for target in dict.fromkeys(table["target"]):
        with glyph_guard():
            ax = sweep_heatmap(
                table, *heat, target=target, year=args.year, scenario=base, lang=lang
            )
            for ext in ("png", "svg"):
                name = f"heatmap_{target}.{ext}"
                with atomic_file(folder / name) as tmp:
                    ax.figure.savefig(tmp, dpi=200)  # as a run's figures (plots/style.py)
                files.append(name)
        plt.close(ax.figure)
    return files
