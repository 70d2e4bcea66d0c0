"""``landsim synth``: write a synthetic Xiaoshan inventory."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from landsim.errors import LandsimError
from landsim.io.atomic import atomic_file
from landsim.synthetic import xiaoshan


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "synth",
        help="generate a synthetic Xiaoshan parcel inventory",
        description="Generate the deterministic synthetic Xiaoshan inventory "
        "(the bundled default is seed 20240101, 8,000 parcels).",
    )
    p.add_argument("output", type=Path, help="CSV file to write (UTF-8)")
    p.add_argument("--seed", type=int, default=xiaoshan.DEFAULT_SEED)
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
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Generate and write."""
    for path in (args.output, args.geojson, args.adjacency, args.bridges, args.gpkg):
        if path is not None and path.exists() and not args.force:
            raise LandsimError(f"{path} exists; use --force to overwrite it")
    synth = xiaoshan.generate(args.seed, args.parcels)
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
