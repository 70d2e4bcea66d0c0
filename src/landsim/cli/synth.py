"""``landsim synth``: write a synthetic Xiaoshan inventory, or a synthetic treatment history."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from landsim.errors import LandsimError
from landsim.io.atomic import atomic_file
from landsim.synthetic import xiaoshan


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "synth",
        help="generate a synthetic Xiaoshan inventory or treatment history",
        description="Generate the deterministic synthetic Xiaoshan inventory "
        "(the bundled default is seed 20240101, 8,000 parcels); or, with --history, a "
        "treatment history made by running --scenario at its central values with a seed "
        "of its own, written as a district keeps one (for testing landsim backtest and "
        "landsim calibrate: the right parameter values are known).",
    )
    p.add_argument("output", type=Path, nargs="?", help="inventory CSV file to write (UTF-8)")
    p.add_argument(
        "--seed",
        type=int,
        help=f"generator seed (default {xiaoshan.DEFAULT_SEED}); with --history, the "
        "run's seed (default: the scenario's seed + 1)",
    )
    p.add_argument(
        "--parcels",
        type=int,
        default=xiaoshan.DEFAULT_PARCELS,
        help="approximate number of parcels (area scales with it)",
    )
    p.add_argument(
        "--adjacency",
        type=Path,
        help="also write the touching pairs (CSV) for adjacency method: table",
    )
    p.add_argument(
        "--bridges",
        type=Path,
        help="also write the pairs facing each other across a road (CSV), for "
        "inventory.adjacency.bridges_path",
    )
    p.add_argument(
        "--geojson",
        type=Path,
        help="also write the parcels as GeoJSON polygons (local metres, no CRS)",
    )
    p.add_argument(
        "--gpkg",
        type=Path,
        help="also write the parcels as a GeoPackage of polygons in EPSG:4549, placed where "
        "Xiaoshan is (needs the gis extra)",
    )
    history = p.add_argument_group("treatment history")
    history.add_argument(
        "--history", type=Path, help="write a treatment history (CSV) instead of an inventory"
    )
    history.add_argument("--scenario", type=Path, help="the scenario to run (with --history)")
    history.add_argument("--from", dest="start", type=int, help="first year (horizon.start)")
    history.add_argument("--to", dest="end", type=int, help="last year (horizon.end)")
    history.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a scenario value first, e.g. selection.refusal_probability=0.15 (repeatable)",
    )
    history.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="zh: the template's Chinese headers and words (default); en: canonical names",
    )
    history.add_argument(
        "--encoding",
        choices=("gb18030", "utf-8", "utf-8-sig"),
        help="text encoding (default: gb18030 in Chinese, as Chinese Excel saves, else utf-8)",
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate and write."""
    if args.history is not None:
        return _history(args)
    if args.output is None:
        raise LandsimError("give the inventory file to write, or --history FILE --scenario S")
    for path in (args.output, args.geojson, args.adjacency, args.bridges, args.gpkg):
        if path is not None and path.exists() and not args.force:
            raise LandsimError(f"{path} exists; use --force to overwrite it")
    seed = xiaoshan.DEFAULT_SEED if args.seed is None else args.seed
    synth = xiaoshan.generate(seed, args.parcels)
    frame = synth.parcels
    with atomic_file(args.output) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    if args.adjacency is not None:
        with atomic_file(args.adjacency) as tmp:
            synth.touching_pairs().to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    if args.bridges is not None:
        with atomic_file(args.bridges) as tmp:
            synth.bridge_pairs().to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    if args.geojson is not None:
        shells = synth.geometry.shells()
        features = [
            {
                "type": "Feature",
                "properties": _props(row),
                "geometry": {"type": "Polygon", "coordinates": [shell.round(2).tolist()]},
            }
            for row, shell in zip(frame.to_dict("records"), shells, strict=True)
        ]
        with atomic_file(args.geojson) as tmp:
            tmp.write_text(
                json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                encoding="utf-8",
            )
    if args.gpkg is not None:
        _write_gpkg(synth, args.gpkg)
    print(f"wrote {len(frame):,} parcels, {frame['area_mu'].sum():,.0f} mu to {args.output}")
    return 0


def _history(args: argparse.Namespace) -> int:
    """Run the scenario with its own seed and write its treatments as a district's history."""
    if args.scenario is None or args.output is not None:
        raise LandsimError(
            "with --history, give --scenario (the scenario to run) and no inventory file"
        )
    if args.history.exists() and not args.force:
        raise LandsimError(f"{args.history} exists; use --force to overwrite it")
    from landsim.analysis.backtest_years import backtest_scenario

    scenario = backtest_scenario(args.scenario, args.start, args.end, _overrides(args.set))
    seed = scenario.seed + 1 if args.seed is None else args.seed
    if seed == scenario.seed:
        print(
            "note: the history uses the scenario's own seed, so a back-test of the same "
            "scenario replays its very refusals; use another --seed for an honest test"
        )
    from landsim.runs import run as run_scenario

    table = run_scenario(scenario, seed=seed).to_history(lang=args.lang)
    encoding = args.encoding or ("gb18030" if args.lang == "zh" else "utf-8")
    with atomic_file(args.history) as tmp:
        table.to_csv(tmp, index=False, encoding=encoding, lineterminator="\n")
    h = scenario.horizon
    print(
        f"wrote {len(table):,} treatments of {h.start}–{h.end} to {args.history} "
        f"({encoding}; scenario {scenario.name}, seed {seed})"
    )
    return 0


def _overrides(items: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` items as a nested mapping (values read as YAML: 0.15, [C, D], …)."""
    import yaml

    out: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise LandsimError(f"--set {item!r}: write KEY=VALUE, e.g. selection.strategy=random")
        node = out
        parts = key.strip().split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = yaml.safe_load(text)
    return out


def _props(row: dict) -> dict:
    return {
        k: (None if isinstance(v, float) and v != v else v)
        for k, v in row.items()
        if k not in ("x", "y")
    }


def _write_gpkg(synth: xiaoshan.Synthetic, path: Path) -> None:
    """Write the parcels' attributes (not x/y: the polygons carry them) and rectangles."""
    from landsim.inventory.gis import write_layer

    frame = synth.parcels.drop(columns=["x", "y"])
    columns = {c: frame[c] for c in frame.columns}
    with atomic_file(path) as tmp:
        write_layer(tmp, synth.placed(), columns, xiaoshan.CRS, "gpkg", layer="parcels")
