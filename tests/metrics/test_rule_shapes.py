"""Every rule file has a declared shape, checked when it loads: the shipped files fit, and a
malformed copy in an override folder is an error naming the file and the key."""

from __future__ import annotations

import pytest
import yaml

from kediri_analytics import rules
from kediri_analytics.loaders import vocab

NAMES = sorted(rules.shapes.SHAPES)


def test_every_rule_file_has_a_shape_and_an_accessor():
    files = sorted(p.stem for p in rules.PACKAGE_DIR.glob("*.yaml"))
    assert files == NAMES
    for name in NAMES:
        typed = getattr(rules, name)()
        assert isinstance(typed, rules.shapes.SHAPES[name]), name
        assert typed.source


def _part(name: str) -> tuple[dict, str]:
    """The shipped file as data, and its first key holding a list or mapping."""
    data = yaml.safe_load(rules.rule_path(name).read_text(encoding="utf-8"))
    key = next(k for k, v in data.items() if isinstance(v, (dict, list)) and k != "assumptions")
    return data, key


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_value_names_the_file_and_key(name, tmp_path):
    data, key = _part(name)
    data[key] = "tidak berlaku"
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    want = rf"{tmp_path}/{name}\.yaml: key '{key}'"
    with pytest.raises(rules.RuleError, match=want):
        rules.load(name, tmp_path)
    with pytest.raises(rules.RuleError, match=want):
        getattr(rules, name)(tmp_path)


@pytest.mark.parametrize("name", NAMES)
def test_a_misspelt_key_names_the_file_and_key(name, tmp_path):
    data, key = _part(name)
    data[key + "x"] = data.pop(key)
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(rules.RuleError, match=rf"{name}\.yaml: .*key '{key}x': unknown key"):
        rules.load(name, tmp_path)


def test_a_nested_error_names_the_path_to_the_key(tmp_path):
    text = rules.rule_path("jpm").read_text(encoding="utf-8")
    (tmp_path / "jpm.yaml").write_text(text.replace("{min: 90,", "{min: tinggi,"), "utf-8")
    with pytest.raises(rules.RuleError, match=r"jpm\.yaml: key 'scales\.pemetaan\[0\]\.min'"):
        rules.jpm_category(85, rules_dir=tmp_path)


@pytest.mark.parametrize(
    "text, key",
    [
        ("weights: {kualifikasi: 25, kompetensi: 40, kinerja: 30, disiplin: 10}", "weights"),
        ("disiplin_points: {none: 5, ringan: 3, sedang: 1}", "disiplin_points.berat"),
    ],
)
def test_rules_between_values_are_checked_too(text, key, tmp_path):
    data = yaml.safe_load(rules.rule_path("ip_asn").read_text(encoding="utf-8"))
    data.update(yaml.safe_load(text))
    (tmp_path / "ip_asn.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(rules.RuleError, match=rf"ip_asn\.yaml: key '{key}'"):
        rules.ip_asn(tmp_path)


def test_a_quota_rule_needs_exactly_one_bound(tmp_path):
    data = yaml.safe_load(rules.rule_path("predikat_quota").read_text(encoding="utf-8"))
    data["by_opd_predikat"]["Istimewa"][0]["min"] = 0.1
    (tmp_path / "predikat_quota.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(rules.RuleError, match=r"by_opd_predikat\.Istimewa\[0\]'.*exactly one"):
        rules.predikat_quota(tmp_path)


def test_an_agency_headers_addition_is_checked(tmp_path):
    (tmp_path / "headers.yaml").write_text("common:\n  nip: [NIP BARU]\nkinds: []\n", "utf-8")
    with pytest.raises(rules.RuleError, match=r"headers\.yaml: key 'kinds': Input should be"):
        vocab.load(tmp_path)
    (tmp_path / "headers.yaml").write_text("common:\n  nip: [NIP BARU]\nkomon: {}\n", "utf-8")
    with pytest.raises(rules.RuleError, match=r"headers\.yaml: key 'komon': unknown key"):
        vocab.load(tmp_path)
    (tmp_path / "headers.yaml").write_text("common:\n  nip: [NIP BARU]\n", "utf-8")
    assert vocab.load(tmp_path).concept("siasn_roster", "NIP BARU")[0] == "nip"
