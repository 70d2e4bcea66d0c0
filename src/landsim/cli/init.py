"""``landsim init FILE``: write a scenario for your own parcel file, then check it.

The scenario extends the default programme (``landsim:xiaoshan_2024``, bundled with the
package, so init works from any folder wherever landsim is installed) and says how to
read the file: encoding, header row, the mapping of your headers to landsim's columns,
units, number format and the adjacency rule, each with a comment saying why. Anything
that is a guess is marked "check". The command then validates the scenario and lists
what is left to decide; it exits 2 when something is (the scenario is written all the
same), so ``landsim init X && landsim run X.yaml`` stops there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from landsim.errors import InputError, LandsimError

if TYPE_CHECKING:  # pragma: no cover
    from landsim.inventory.proposal import Proposal
    from landsim.scenario import Scenario

#: The scenario init starts from: the default programme, bundled with the package.
DEFAULT = "landsim:xiaoshan_2024"
#: How each adjacency method is explained in the scenario.
ADJACENCY = {
    "polygons": "parcels touch when their polygons share a boundary (needs landsim[gis])",
    "points": "parcels touch when their x/y are as close as their sizes allow; an "
    "approximation (docs/inventory.md)",
    "none": "the file has no coordinates or polygons, so no parcel touches another and "
    "contiguity targets cannot be met; add X/Y columns, polygons or a neighbour table",
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the subcommand."""
    p = sub.add_parser(
        "init",
        help="write a scenario for your own parcel file",
        description="Read a parcel file (CSV, Excel, GeoJSON, …), recognize its headers, "
        "units and encoding, and write a commented scenario that runs the default "
        "programme on it. Then check it as `landsim validate` would. Exits 0 when the "
        "scenario is valid, 2 when the file or the scenario still has problems that would "
        "stop `landsim run` (the scenario is written all the same, to be corrected).",
    )
    p.add_argument("file", type=Path, help="your parcel inventory")
    p.add_argument("-o", "--output", type=Path, help="scenario to write (default: FILE with .yaml)")
    p.add_argument(
        "--extends",
        metavar="SCENARIO",
        help="the scenario to start from: a file, or a programme bundled with landsim "
        f"(default: {DEFAULT})",
    )
    p.add_argument("--force", action="store_true", help="replace an existing scenario file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Propose, write and check the scenario."""
    from landsim.inventory.proposal import look_at
    from landsim.io.atomic import atomic_file
    from landsim.scenario import load_scenario

    out = args.output or args.file.with_suffix(".yaml")
    extends = args.extends or DEFAULT
    base_path = base_file(extends)
    check_output(out, [args.file, base_path], force=args.force)
    # a programme has no inventory of its own: the base is read as it will run, on FILE
    base = load_scenario(base_path, overrides={"inventory": {"path": str(args.file)}})
    proposal = look_at(args.file)
    text = scenario_text(proposal, out, base_path, base)
    with atomic_file(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    try:
        print(f"Wrote {out} for {args.file} ({proposal.rows:,} rows).")
        for line in summary(proposal, base):
            print(f"  {line}")
        print()
        return check(out)
    except KeyboardInterrupt:
        raise KeyboardInterrupt(f"{out} was written; check it with landsim validate") from None


def check_output(out: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse a scenario file *out* that would replace something other than a scenario.

    Never the parcel file or the scenario extended (``-o FILE --force`` replaced the
    user's inventory with YAML); with ``--force``, only a ``.yaml`` or ``.yml`` file.
    """
    if out.is_dir():
        raise LandsimError(f"{out} is a folder; -o names the scenario file to write")
    for given in inputs:
        if out.resolve() == Path(given).resolve():
            raise LandsimError(
                f"-o {out} is {given}, which init reads; choose another name for the scenario"
            )
    if not out.exists():
        return
    if not force:
        raise LandsimError(f"{out} already exists; use --force to replace it, or -o another name")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise LandsimError(
            f"{out} is not a scenario (.yaml) file; --force replaces only a scenario. "
            "Choose a name ending in .yaml with -o"
        )


def base_file(extends: str) -> Path:
    """Return the file of the scenario to start from: ``landsim:NAME`` or a path."""
    from landsim.scenario import bundled

    if bundled.is_bundled(extends):
        found = bundled.path_of(extends)
        if found is None:
            raise LandsimError(f"--extends {extends}: {bundled.unknown(extends)}")
        return found
    path = Path(extends)
    if not path.is_file():
        raise LandsimError(
            f"--extends {extends}: no such scenario file; give a scenario .yaml, or "
            f"{DEFAULT} (the default)"
        )
    return path


def check(path: Path) -> int:
    """Validate the written scenario and say what comes next.

    Returns 0 when the scenario is valid, :data:`~landsim.cli.EXIT_INPUT` (2) when
    ``landsim run`` would stop on its problems: ``landsim init X && landsim run X.yaml``
    stops at init. The scenario is written either way, to be corrected.
    """
    from landsim.cli import EXIT_INPUT
    from landsim.cli.advice import advice
    from landsim.inventory.prepare import prepare

    try:
        prepared = prepare(path)
    except InputError as exc:
        print("Still to decide before a first run (`landsim validate` lists the same):")
        print(exc.render())
        print(f"{path} was written; correct it (or the parcel file), then run landsim validate.")
        return EXIT_INPUT
    for line in advice(prepared):
        print(line)
    print(f"OK: the scenario is valid. Run it with:\n  landsim run {_arg(path)}")
    return 0


def _arg(path: Path) -> str:
    text = str(path)
    return text if re.fullmatch(r"[\w./\\-]+", text) else f'"{text}"'  # quoted for a shell


def _q(text: object) -> str:
    """Quote a value for YAML (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(str(text), ensure_ascii=False)


def _relative(path: Path, folder: Path) -> str:
    try:
        rel = Path(os.path.relpath(path.resolve(), folder.resolve()))
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()
    return rel.as_posix() if rel.parts[:3] != ("..",) * 3 else path.resolve().as_posix()


#: The title and the description are made from the file's name, which leaders then read
#: on the brief's first lines ("亩均评价2023：腾笼换鸟情景").
TITLE_CHECK = (
    "the title and description are made from the file's name; give the programme's real "
    "name (e.g. 萧山区2024年腾笼换鸟方案) and name the parcels as leaders know them"
)


def _base_name(base_path: Path) -> str:
    """Name the base in the comment: ``landsim:NAME, bundled with landsim,`` or its file."""
    from landsim.scenario import bundled

    name = bundled.shown(base_path)
    return f"{name}, bundled with landsim," if bundled.is_bundled(name) else name


def _extends(base_path: Path, folder: Path) -> str:
    """Write the base as ``extends`` names it: ``landsim:NAME``, or a path from *folder*."""
    from landsim.scenario import bundled

    name = bundled.shown(base_path)
    return name if bundled.is_bundled(name) else _relative(base_path, folder)


def _programme(base: Scenario, lang: str) -> str:
    """Name the base scenario's programme for the brief: its title, else its name."""
    return base.title.get(lang) if base.title else base.name


def scenario_text(p: Proposal, out: Path, base_path: Path, base: Scenario) -> str:
    """Render the proposed scenario as commented YAML."""
    stem = re.sub(r'[/\\:*?"<>|\x00-\x1f]', "_", p.path.stem)  # the scenario name's rule
    zh, en = _programme(base, "zh"), _programme(base, "en")
    lines = [
        f"# landsim scenario for {p.path.name}, written by `landsim init` on {date.today()}.",
        f"# It runs the programme of {_base_name(base_path)} on your parcels.",
        "# Lines marked 'check' are guesses; correct what is wrong, then run",
        "# landsim validate and landsim run.",
        f"extends: {_q(_extends(base_path, out.parent))}",
        "",
        f"name: {_q(stem)}",
        f"# check: {TITLE_CHECK}",
        "title:",
        f"  zh: {_q(stem + '：腾笼换鸟情景')}",
        f"  en: {_q(stem + ': industrial land renewal')}",
        "description:",
        f"  zh: {_q(f'以{zh}的方案处置{p.path.name}中的地块。')}",
        f"  en: {_q(f'The programme of {en} on the parcels of {p.path.name}.')}",
        *(f"# check: {c}" for c in p.checks),
        "",
        "inventory:",
        f"  path: {_q(_relative(p.path, out.parent))}",
        *_settings(p),
        *(f"  # {note}" for note in [p.notes.get("columns")] if note),
        "  columns:                     # landsim's column: your header",
        *(f"    {name}: {_q(m.header)}" for name, m in p.matches.items()),
        *_units(p),
        *_adjacency(p, base),
        *_platforms(p, base),
        *_missing(p),
    ]
    return "\n".join(lines) + "\n"


def bridge_gap(p: Proposal, base: Scenario) -> float | None:
    """Return the road gap init proposes to bridge, or ``None`` (see docs/gis.md).

    Polygons of parcels end at the road's edge, so parcels facing each other across a
    road never touch, and a major project with ``bridge_gaps`` can be assembled across
    roads only with a bridge gap. init proposes the bundled scenario's, for polygons,
    when the base has such a project; with points the roads are not seen.
    """
    from landsim.synthetic.xiaoshan import BRIDGE_GAP_M

    bridging = any(project.bridge_gaps for project in base.major_projects.values())
    return BRIDGE_GAP_M if p.adjacency == "polygons" and bridging else None


def _adjacency(p: Proposal, base: Scenario) -> list[str]:
    """Write the adjacency rule; for polygons, with a bridge gap (:func:`bridge_gap`)."""
    gap = bridge_gap(p, base)
    if gap is None:
        return [f"  adjacency: {{method: {p.adjacency}}}", f"  # {ADJACENCY[p.adjacency]}"]
    return [
        f"  adjacency: {{method: {p.adjacency}, bridge_gap_m: {gap:g}}}",
        f"  # {ADJACENCY[p.adjacency]}.",
        f"  # check: bridge_gap_m: parcels facing each other across a road up to {gap:g} m wide",
        "  # (their polygons within that distance, not touching) may be joined into one block",
        "  # by a major project with bridge_gaps: true (the base has one); contiguity never",
        f"  # crosses a road. {gap:g} m is the bundled scenario's gap (the synthetic roads are",
        "  # 35–60 m wide, plus survey gaps): set your widest road that a project may close,",
        "  # or remove bridge_gap_m to bridge none.",
    ]


def _settings(p: Proposal) -> list[str]:
    out = []
    for key, value in p.settings.items():
        shown = str(value).lower() if isinstance(value, bool) else _q(value)
        if isinstance(value, int) and not isinstance(value, bool):
            shown = str(value)
        note = p.notes.get(key, "")
        out.append(f"  {key}: {shown}" + (f"  # {note}" if note else ""))
    return out


def _units(p: Proposal) -> list[str]:
    if not p.units:
        return []
    out = ["  units:"]
    for key in ("area", "money", "electricity"):
        if key in p.units:
            note = p.notes.get(key, "")
            out.append(f"    {key}: {_q(p.units[key])}" + (f"  # {note}" if note else ""))
    if p.units.get("columns"):
        pairs = ", ".join(f"{k}: {_q(v)}" for k, v in p.units["columns"].items())
        out.append(f"    columns: {{{pairs}}}  # columns in another unit")
    return out


def _unmatched_platforms(p: Proposal, base: Scenario) -> list[str]:
    from landsim.inventory.load_table import platform_lookup

    lookup = platform_lookup(base.platforms)
    return [v for v in p.platform_values if v.lower() not in lookup]


def _platforms(p: Proposal, base: Scenario) -> list[str]:
    """Put platform values the base does not know into its non-platform bucket, marked."""
    unknown = _unmatched_platforms(p, base)
    bucket = next((pid for pid, pl in base.platforms.items() if not pl.is_platform), None)
    if not unknown or bucket is None:
        return []
    aliases = [*base.platforms[bucket].aliases, *unknown]
    return [
        "",
        f"# check: {len(unknown)} value{'s' * (len(unknown) != 1)} of "
        f"{p.matches['platform'].header} match no platform "
        f"of the base scenario; they are put in {bucket!r} ({base.platforms[bucket].name.zh})",
        "# so that a first run works. Move each to the aliases of its platform.",
        "platforms:",
        f"  {bucket}:",
        f"    aliases: [{', '.join(_q(a) for a in aliases)}]",
    ]


def _missing(p: Proposal) -> list[str]:
    from landsim.scenario.columns import COLUMNS

    lacking = [c for c in COLUMNS if not c.required and c.name not in p.matches]
    out = []
    if p.unrecognized:
        out += ["", f"# Not recognized, not used: {', '.join(p.unrecognized)}"]
    if lacking:
        names = ", ".join(f"{c.name} ({c.zh[0]})" if c.zh else c.name for c in lacking)
        out += [
            f"# Columns landsim could use that the file lacks: {names}.",
            "# Without value added, energy, emissions, employees or R&D, 规上 firms may get",
            "# no 亩均 score; `landsim validate` says how many and what to map.",
        ]
    return out


def summary(p: Proposal, base: Scenario) -> list[str]:
    """Lines saying what was recognized and what must be checked."""
    enc = p.settings.get("encoding")
    lines = [
        f"{len(p.matches)} column{'s' * (len(p.matches) != 1)} recognized: "
        + ", ".join(f"{m.header} → {name}" for name, m in p.matches.items()),
    ]
    if "columns" in p.notes:
        lines.append(p.notes["columns"])
    if enc:
        lines.append(f"encoding {enc} ({p.notes.get('encoding', 'detected')})")
    gap = bridge_gap(p, base)
    bridged = "" if gap is None else f", bridging roads up to {gap:g} m (bridge_gap_m)"
    lines.append(f"adjacency: {p.adjacency}{bridged}")
    lines.append(f"check: {TITLE_CHECK}")
    lines += [f"check: {c}" for c in p.checks]
    unknown = _unmatched_platforms(p, base)
    if unknown:
        lines.append(
            f"check: {len(unknown)} platform value{'s' * (len(unknown) != 1)} not among the "
            "base's platforms, put "
            f"in its non-platform bucket: {', '.join(unknown[:8])}"
            + (" …" if len(unknown) > 8 else "")
        )
    return lines
