"""The rule API against the official examples, overrides, malformed files."""

from __future__ import annotations

import itertools
import shutil

import pytest

import kediri_analytics as ka
from kediri_analytics import rules

DA, SE, DB = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"


@pytest.mark.parametrize(
    ("hk", "pk", "want"),
    [
        (DA, DA, "Sangat Baik"),
        (DA, SE, "Baik"),
        (DA, DB, "Kurang/Misconduct"),
        (SE, DA, "Baik"),
        (SE, SE, "Baik"),
        (SE, DB, "Kurang/Misconduct"),
        (DB, DA, "Butuh Perbaikan"),
        (DB, SE, "Butuh Perbaikan"),
        (DB, DB, "Sangat Kurang"),
    ],
)
def test_all_nine_cells_of_the_predikat_matrix(hk, pk, want):
    assert ka.rules.predikat(hk, pk) == want


def test_predikat_unknown_rating():
    with pytest.raises(ValueError, match="unknown rating"):
        rules.predikat("Luar Biasa", SE)


def test_predikat_accepts_the_spellings_the_loaders_accept():
    assert rules.predikat("DIATAS EKSPEKTASI", "Dibawah Espektasi") == "Kurang/Misconduct"
    assert rules.predikat("sesuai ekspektasi", "DI ATAS ESPEKTASI") == "Baik"
    import pandas as pd

    got = rules.predikat_of(pd.Series([DA, DB, None]), pd.Series([DA, SE, SE]))
    assert got.tolist()[:2] == ["Sangat Baik", "Butuh Perbaikan"] and pd.isna(got.iloc[2])


def test_merit_official_examples_and_band_edges():
    assert ka.rules.merit_band(254.4) == (0.636, "Baik")
    assert ka.rules.merit_band(272.5) == (0.681, "Baik")
    edges = {
        174: "Buruk",
        175: "Kurang",
        249: "Kurang",
        250: "Baik",
        324: "Baik",
        325: "Sangat Baik",
        100: "Buruk",
        400: "Sangat Baik",
    }
    for score, label in edges.items():
        assert rules.merit_band(score)[1] == label, score
    with pytest.raises(ValueError, match="outside 100-400"):
        rules.merit_band(401)


def test_merit_framework_switch_in_2026():
    assert rules.merit_framework(2025).name == "KASN 2018"
    assert rules.merit_framework(2026).name == "PermenPANRB 19/2025"
    assert len(rules.merit_framework(2026).aspects) == 8


def test_jpm_categories_both_scales():
    assert ka.rules.jpm_category(85.0, scale="pemetaan") == "Cukup Optimal"
    mp, ms = "Memenuhi Syarat", "Masih Memenuhi Syarat"
    cases = {
        90: ("Optimal", mp),
        89.99: ("Cukup Optimal", mp),
        80: ("Cukup Optimal", mp),
        79.9: ("Cukup Optimal", ms),
        78: ("Cukup Optimal", ms),
        77.9: ("Kurang Optimal", ms),
        68: ("Kurang Optimal", ms),
        67.9: ("Kurang Optimal", "Kurang Memenuhi Syarat"),
    }
    for jpm, (p, s) in cases.items():
        assert (rules.jpm_category(jpm, "pemetaan"), rules.jpm_category(jpm, "seleksi")) == (p, s)
    with pytest.raises(ValueError, match="unknown JPM scale"):
        rules.jpm_category(80, "promosi")


def test_nine_box_layout_and_pools():
    grid = {
        ("Tinggi", DB): 4,
        ("Tinggi", SE): 7,
        ("Tinggi", DA): 9,
        ("Menengah", DB): 2,
        ("Menengah", SE): 5,
        ("Menengah", DA): 8,
        ("Rendah", DB): 1,
        ("Rendah", SE): 3,
        ("Rendah", DA): 6,
    }
    for (p, k), box in grid.items():
        assert ka.rules.box_of(k, p) == box
    assert rules.box_of("Sangat Baik", 85.0) == 9  # predikat and a potensi score work too
    with pytest.raises(ValueError, match="unknown kinerja"):
        rules.box_of("Hebat", "Tinggi")


def test_ip_asn_categories():
    got = [ka.rules.ip_asn_category(s) for s in (100, 91, 90.9, 81, 71, 61, 60, 0)]
    assert got == [
        "Sangat Tinggi",
        "Sangat Tinggi",
        "Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
        "Sangat Rendah",
    ]
    with pytest.raises(ValueError):
        rules.ip_asn_category(101)


def test_legacy_bands_and_bridge():
    assert rules.legacy_band(91, "PP 46/2011") == "Sangat Baik"
    assert rules.legacy_band(90.99, "PP 46/2011") == "Baik"
    assert rules.legacy_band(60, "PP 46/2011") == "Kurang"
    assert rules.legacy_band(90, "PP 30/2019") == "Cukup"  # "> 90" is Baik
    assert rules.legacy_band(90.5, "PP 30/2019") == "Baik"
    assert rules.legacy_band(112, "PP 30/2019") == "Sangat Baik"
    assert rules.legacy_bridge("Cukup") == "Butuh Perbaikan"
    with pytest.raises(ValueError, match="unknown legacy band"):
        rules.legacy_bridge("Istimewa")


def test_demo_legacy_bands_agree_with_the_rules(demo_small):
    root, _ = demo_small
    ds = ka.load_folder(root / "skp_lama", no_cache=True)
    s = ds.skp.dropna(subset=["nilai"])
    assert s["regime"].nunique() >= 2  # both legacy regimes (PP 46/2011, PP 30/2019)
    for regime, g in s.groupby("regime"):
        want = g["nilai"].map(lambda v, r=regime: rules.legacy_band(v, r))
        assert (want.str.lower() == g["sebutan"].str.lower()).all(), regime


def test_every_rule_file_names_its_source_and_years():
    files = sorted(rules.PACKAGE_DIR.glob("*.yaml"))
    assert len(files) >= 10, rules.PACKAGE_DIR  # the package's rule files were found
    for p in files:
        d = rules.load(p.stem)
        assert d["source"] and "valid_from" in d and "valid_to" in d, p.name


def test_override_folder_changes_a_result(tmp_path, monkeypatch):
    src = rules.PACKAGE_DIR / "jpm.yaml"
    text = src.read_text(encoding="utf-8").replace(
        "{min: 90, label: Optimal}", "{min: 80, label: Optimal}"
    )
    (tmp_path / "jpm.yaml").write_text(text, encoding="utf-8")
    assert rules.jpm_category(85, "pemetaan") == "Cukup Optimal"
    assert rules.jpm_category(85, "pemetaan", rules_dir=tmp_path) == "Optimal"
    monkeypatch.setenv("KEDIRI_RULES_DIR", str(tmp_path))
    assert rules.jpm_category(85, "pemetaan") == "Optimal"


def test_malformed_rule_file_names_file_and_key(tmp_path):
    shutil.copy(rules.PACKAGE_DIR / "ip_asn.yaml", tmp_path / "ip_asn.yaml")
    p = tmp_path / "ip_asn.yaml"
    p.write_text(
        p.read_text(encoding="utf-8").replace("categories:", "kategori:"), encoding="utf-8"
    )
    with pytest.raises(rules.RuleError, match=r"ip_asn\.yaml: .*key 'categories': missing key"):
        rules.ip_asn_category(80, rules_dir=tmp_path)
    (tmp_path / "jpm.yaml").write_text("scales: [1, 2\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match=r"jpm\.yaml: cannot read"):
        rules.jpm_category(80, rules_dir=tmp_path)
    (tmp_path / "nine_box.yaml").write_text("layout: {}\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match=r"nine_box\.yaml: .*key 'source': missing key"):
        rules.box_of(DA, "Tinggi", rules_dir=tmp_path)


def test_year_without_a_rule_in_force():
    with pytest.raises(rules.RuleError, match="no rule in force for 2019"):
        rules.check_year("predikat_quota", 2019)


def test_combinations_are_exhaustive():
    ratings = [DA, SE, DB]
    got = {rules.predikat(h, p) for h, p in itertools.product(ratings, ratings)}
    assert got == {"Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"}


def test_ip_asn_categories_vectorised():
    import pandas as pd

    got = ka.rules.ip_asn_categories(pd.Series([95.0, None, 59.5]))
    assert got.iloc[0] == ka.rules.ip_asn_category(95.0) and pd.isna(got.iloc[1])
    assert got.iloc[2] == ka.rules.ip_asn_category(59.5)
    with pytest.raises(ValueError, match="0-100"):
        ka.rules.ip_asn_categories([101.0])


def test_every_assumption_is_marked_in_docs_rules_md():
    """A value we chose ourselves is marked in its rule file and listed in docs/rules.md."""
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    marked = rules.assumptions()
    assert {a["rule"] for a in marked} >= {"asn_award", "bkn_award", "ip_asn", "predikat_quota"}
    for a in marked:
        assert f"| `{a['rule']}.yaml` | `{a['key']}` |" in doc, a


def test_malformed_assumptions_and_empty_source_name_the_file(tmp_path):
    src = rules.rule_path("jpm").read_text(encoding="utf-8")
    p = tmp_path / "jpm.yaml"
    p.write_text(
        src.replace(
            "assumptions:\n  - {key: training_jp_per_year",
            "assumptions:\n  - {name: training_jp_per_year",
        ),
        encoding="utf-8",
    )
    with pytest.raises(rules.RuleError, match=r"jpm.yaml: key 'assumptions\[0\]\.key': missing"):
        rules.load("jpm", tmp_path)
    p.write_text(
        src.replace("source: PermenPANRB", "source: ''\nold_source: PermenPANRB"), encoding="utf-8"
    )
    with pytest.raises(rules.RuleError, match="jpm.yaml: key 'source'"):
        rules.load("jpm", tmp_path)
