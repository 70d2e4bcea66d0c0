"""Bad scenario files: YAML, tags, aliases, sizes, numbers, years, extends, references."""

from __future__ import annotations

from tests.corpus.case import Case, scenario, variant

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
MERGE_BOMB = "a: &m0 {x0: 1, x1: 2}\n" + "".join(
    f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}\n" for i in range(1, 40)
)
BASE_WITH_ERROR = "extends: {tiny}\nquotas:\n  vacate_mu: -5\n"

CASES: list[Case] = [
    scenario("yaml_syntax", "horizon: {start: 2024\n", ("s.yaml:2:1", "not valid YAML"), 2),
    scenario("yaml_tab", "inventory:\n\tpath: x.csv\n", ("s.yaml:2:1", "not valid YAML"), 2),
    variant(
        "duplicate_key",
        "seed: 1\nseed: 2\n",
        ("s.yaml:3:1", "duplicate key (first given at line 2)"),
        2,
    ),
    variant(
        "unknown_key", "quotas: {vacat_mu: 5}\n", ("s.yaml:2:10", "did you mean 'vacate_mu'"), 2
    ),
    variant("wrong_type", "quotas: {vacate_mu: lots}\n", ("s.yaml:2:10", "quotas.vacate_mu"), 2),
    scenario(
        "missing_horizon",
        "inventory: {path: p.csv}\nplatforms: {a: {name: {zh: 甲, en: A}}}\n",
        ("s.yaml:1:1: horizon: required",),
        2,
    ),
    scenario("empty_file", "", ("s.yaml", "empty"), 1),
    scenario("not_a_mapping", "- a\n- b\n", ("s.yaml:1:1", "key: value"), 2),
    Case(
        "not_utf8",
        {"s.yaml": "seed: 1 # 种子\n".encode("gbk")},
        expect=("s.yaml:1", "UTF-8"),
        lines=2,
    ),
    variant(
        "tag_python_apply",
        "seed: !!python/object/apply:os.system ['echo owned']\n",
        ("s.yaml:2:7", "YAML tag !!python/object/apply:os.system is not allowed"),
        2,
    ),
    variant(
        "tag_python_name",
        "title: !!python/name:os.system\n",
        ("s.yaml:2:8", "!!python/name:os.system"),
        2,
    ),
    variant("tag_binary", "description: !!binary aGVsbG8=\n", ("s.yaml:2:14", "!!binary"), 2),
    variant("tag_str", "seed: !!str 5\n", ("s.yaml:2:7", "!!str"), 2),
    variant("tag_local", "description: !include other.yaml\n", ("s.yaml:2:14", "!include"), 2),
    variant("tag_map", "quotas: !!map {vacate_mu: 1}\n", ("s.yaml:2:9", "!!map"), 2),
    variant(
        "tags_every_one",
        "seed: !!int 5\ndescription: !!str x\n",
        ("s.yaml:2:7", "s.yaml:3:14", "2 YAML tags refused"),
        3,
    ),
    scenario("alias_bomb", BOMB, ("s.yaml:2:", "aliases expand it to more than 20,000"), 2),
    scenario("merge_key_bomb", MERGE_BOMB, ("s.yaml:2:", "more than 20,000 values"), 2),
    variant("alias_recursive", "description: &a [1, *a]\n", ("s.yaml:2:", "refers to itself"), 2),
    scenario(
        "deep_nesting",
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        ("s.yaml:1:", "more than 50 levels of nesting"),
        2,
    ),
    scenario("oversize", "# padding\n" * 30_000, ("s.yaml", "more than any scenario"), 1),
    variant("quota_nan", "quotas: {vacate_mu: .nan}\n", ("s.yaml:2:21", "not a finite number"), 2),
    variant("quota_inf", "quotas: {vacate_mu: .inf}\n", ("s.yaml:2:21", "not a finite number"), 2),
    variant(
        "distribution_inf",
        "treatments: {vacate: {land_compensation_per_mu: {dist: uniform, low: 1, high: .inf}}}\n",
        ("s.yaml:2:", "land_compensation_per_mu.high", "not a finite number"),
        2,
    ),
    variant(
        "horizon_nan",
        "horizon: {start: .nan, end: 2026}\n",
        ("s.yaml:2:18", "horizon.start", "not a finite number"),
        2,
    ),
    variant(
        "yearly_value_nan",
        "quotas: {vacate_mu: {2024: 5, 2025: .nan}}\n",
        ("s.yaml:2:", "not a finite number"),
        2,
    ),
    variant(
        "quota_huge_int",
        "quotas: {vacate_mu: " + "9" * 400 + "}\n",
        ("s.yaml:2:10", "400 digits"),
        2,
    ),
    variant(
        "float_overflow", "contiguity: {min_cluster_mu: 1.0e+400}\n", ("s.yaml:2:", "finite"), 2
    ),
    variant(
        "quota_after_horizon",
        "quotas:\n  vacate_mu: {2024: 10, 2035: 20}\n",
        ("s.yaml:3:25", "quotas.vacate_mu[2035]", "after the horizon's end (2026)"),
        2,
    ),
    variant(
        "year_never_applies",
        "quotas:\n  vacate_mu: {2020: 1, 2023: 5, 2025: 20}\n",
        ("s.yaml:3:15", "the value for 2020 never applies"),
        2,
    ),
    variant("year_not_int", "quotas: {vacate_mu: {2024a: 5}}\n", ("s.yaml:2:10", "whole years"), 2),
    variant(
        "yearly_gap", "quotas: {vacate_mu: {2025: 5}}\n", ("s.yaml:2:10", "add a value for 2024"), 2
    ),
    Case(
        "extends_cycle",
        {"s.yaml": "extends: t.yaml\n", "t.yaml": "extends: s.yaml\n"},
        expect=("extends", "cycle s.yaml → t.yaml → s.yaml"),
        lines=2,
    ),
    scenario(
        "extends_missing", "extends: nowhere.yaml\n", ("s.yaml:1:1", "no file nowhere.yaml"), 2
    ),
    scenario("extends_number", "extends: 5\n", ("s.yaml:1:1", "give a file name"), 2),
    scenario("extends_self", "extends: s.yaml\n", ("cycle s.yaml → s.yaml",), 2),
    variant(
        "distribution_kind",
        "quotas: {vacate_mu: {dist: gamma, shape: 2}}\n",
        ("s.yaml:2:10", "unknown distribution 'gamma'"),
        2,
    ),
    variant(
        "distribution_order",
        "treatments: {upgrade: {output_uplift: {dist: uniform, low: 2, high: 1}}}\n",
        ("s.yaml:2:", "low must not exceed high"),
        2,
    ),
    variant(
        "distribution_unbounded",
        "selection: {refusal_probability: {dist: normal, mean: 0.1, sd: 0.1}}\n",
        ("s.yaml:2:", "add low: 0 to truncate it"),
        2,
    ),
    variant(
        "refusal_above_one", "selection: {refusal_probability: 1.5}\n", ("s.yaml:2:", "≤ 1"), 2
    ),
    variant(
        "unknown_platform_reference",
        "quotas: {by_platform: {zz: {vacate_mu: 5}}}\n",
        ("s.yaml:2:", "unknown platform 'zz'"),
        2,
    ),
    variant(
        "unknown_industry_reference",
        "candidates: {exit_industries: [dyeing]}\n",
        ("s.yaml:2:", "unknown existing industry 'dyeing'"),
        2,
    ),
    variant(
        "horizon_backwards", "horizon: {start: 2026, end: 2024}\n", ("s.yaml:2:", "before start"), 2
    ),
    variant(
        "class_shares",
        "evaluation: {classes: {method: percentile, shares: {A: 0.5, B: 0.5, C: 0.5, D: 0}}}\n",
        ("s.yaml:2:", "add up to 1"),
        2,
    ),
    variant(
        "bad_platform_id",
        "platforms: {Zone-A: {name: {zh: 甲, en: A}}}\n",
        ("s.yaml:2:", "not a valid id"),
        2,
    ),
    variant(
        "bad_unit", "inventory: {units: {area: 亩亩}}\n", ("s.yaml:2:", "unknown area unit"), 2
    ),
    variant("bad_decimal", "inventory: {decimal: ';'}\n", ("s.yaml:2:", "inventory.decimal"), 2),
    variant(
        "separators_equal",
        "inventory: {decimal: ',', thousands: ','}\n",
        ("s.yaml:2:", "they must differ"),
        2,
    ),
    variant("seed_negative", "seed: -1\n", ("s.yaml:2:1", "seed"), 2),
    variant(
        "plausible_negative", "inventory: {plausible: {max_far: -1}}\n", ("s.yaml:2:", "max_far"), 2
    ),
    Case(
        "inherited_bad_value",
        {"s.yaml": "extends: base.yaml\nseed: 3\n", "base.yaml": BASE_WITH_ERROR},
        expect=("base.yaml:3:3", "quotas.vacate_mu: must be ≥ 0; got -5"),
        lines=2,
    ),
    Case(
        "scenario_is_a_folder",
        {"s.yaml/readme.txt": "not a scenario"},
        expect=("s.yaml", "not a file"),
        lines=1,
    ),
    Case(
        "scenario_is_binary",
        {"s.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"},
        expect=("s.yaml", "UTF-8"),
        lines=2,
    ),
    scenario("two_documents", "seed: 1\n---\nseed: 2\n", ("s.yaml:2:1", "a second document"), 2),
    Case("scenario_missing", {}, expect=("s.yaml", "file not found"), lines=1),
    # a Chinese input method's full-width space: one problem where it is, not its effects
    # (an empty quotas section and an unknown top-level key)
    variant(
        "fullwidth_space_indent",
        "quotas:\n\u3000vacate_mu: 10\n\u3000upgrade_mu: 5\n",
        ("s.yaml:3:1", "全角空格", "indent with ordinary spaces", "1 more like it: line 4:1"),
        2,
    ),
    variant("fullwidth_colon", "quotas:\n  vacate_mu：10\n", ("s.yaml:3:12", "全角冒号"), 2),
    variant(
        "share_as_percent",
        "relocation: {share: 15%, keep: 90}\n",
        ("s.yaml:2:", "write 15% as 0.15", "90 means 90 %? write 0.9"),
        3,
    ),
]
