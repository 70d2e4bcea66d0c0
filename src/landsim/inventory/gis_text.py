"""Tell a GIS layer's real text encoding when the declared one (``.cpg``, ``encoding:``) is wrong.

A Shapefile's ``.cpg`` names its attributes' encoding and GDAL obeys it, so a wrong one
is obeyed too: GBK attributes beside a ``.cpg`` saying UTF-8 (some tools write one
whatever the bytes) fail to decode, UTF-8 ones beside a ``.cpg`` saying GBK come out as
mojibake. When the declared encoding fails or garbles the text, the layer's first
features are read again as UTF-8 and as GB18030, and the one that gives real Chinese
(:func:`landsim.inventory.encoding.common_share`, the test CSV headers get) is named.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from landsim.errors import InputError, Problem
from landsim.inventory.encoding import MIN_COMMON_SHARE, common_share, looks_garbled

#: Features whose text is looked at (assumption: the field names and a few hundred rows'
#: values hold enough Chinese to judge; reading them again costs milliseconds).
SAMPLE = 500
#: Encodings tried, as GDAL names them, with the scenario's spelling and the words used.
CANDIDATES = {"UTF-8": ("utf-8", "UTF-8"), "GB18030": ("gbk", "GBK (GB18030)")}
#: How a ``.cpg`` or a scenario may spell each candidate (``.cpg`` files hold code pages).
SPELLINGS = {
    "UTF-8": {"utf-8", "utf8", "65001", "utf-8-sig"},
    "GB18030": {"gbk", "gb18030", "gb2312", "936", "cp936", "ansi 936"},
}


def sample_text(fields: list[str], values: list[np.ndarray]) -> str:
    """Join the field names and the distinct texts of the first :data:`SAMPLE` features."""
    texts = [str(f) for f in fields]
    for col in values:
        if col.dtype == object:
            texts.extend(dict.fromkeys(v for v in col[:SAMPLE] if isinstance(v, str)))
    return ",".join(texts)


def suspicious(text: str, raw: bool) -> bool:
    """Whether text read with a declared encoding looks wrong.

    Parameters
    ----------
    text
        A :func:`sample_text`.
    raw
        Whether GDAL handed over the bytes undecoded (as ISO-8859-1): then any
        non-ASCII character means it did not apply the declared encoding.
    """
    return looks_garbled(text) or (raw and not text.isascii())


def real_encoding(pyogrio: Any, path: Path, layer: str | int) -> str | None:
    """Return the GDAL name of the encoding that reads the layer's text as real Chinese.

    UTF-8 is tried first: GDAL passes valid UTF-8 through whatever encoding it is asked
    to read, so GB18030 reading real text means something only once UTF-8 has failed.
    ``None`` when neither reads the first :data:`SAMPLE` features as real Chinese.
    """
    for gdal_name in CANDIDATES:
        try:
            with warnings.catch_warnings():  # GDAL's notes on characters it cannot convert
                warnings.simplefilter("ignore", RuntimeWarning)
                meta, _, _, values = pyogrio.raw.read(
                    path, layer=layer, encoding=gdal_name, read_geometry=False, max_features=SAMPLE
                )
        except (UnicodeDecodeError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError):
            continue
        share = common_share(sample_text(list(meta["fields"]), list(values)))
        if share is not None and share >= MIN_COMMON_SHARE:
            return gdal_name
    return None


def same(gdal_name: str, declared: str) -> bool:
    """Whether *declared* (a ``.cpg``'s or the scenario's spelling) is *gdal_name*."""
    return declared.strip().lower() in SPELLINGS[gdal_name]


def wrong_encoding(path: Path, key: str, declared: str, by_cpg: bool, real: str) -> InputError:
    """Build the error for a layer whose text reads as *real*, not the *declared* encoding.

    Parameters
    ----------
    declared
        The encoding as the ``.cpg`` file or the scenario spells it.
    by_cpg
        Whether the ``.cpg`` file declared it (else ``{key}.encoding``).
    real
        A key of :data:`CANDIDATES`.
    """
    spelling, words = CANDIDATES[real]
    short = words.split(" (")[0]
    if by_cpg:
        fix = (
            f"not the {declared} the .cpg file declares: fix the .cpg (write {short}, or "
            f"delete it) or set {key}.encoding: {spelling}"
        )
    else:
        fix = f"not the {declared} that {key}.encoding names: set {key}.encoding: {spelling}"
    return InputError(
        f"{path}: the attributes are in another encoding",
        [Problem(str(path), f"{key}.encoding", f"the attributes read as {words}, {fix}")],
    )
