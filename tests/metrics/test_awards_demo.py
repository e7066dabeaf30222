"""The ASN Award, the predikat matrix and IP ASN on the generated demo against the generator's
truth (MANIFEST.json): nominations over the limit, nominees without the head's recommendation
or without last year's SKP, hasil_akhir cells that disagree with the matrix, training types."""

from __future__ import annotations

import json

import kediri_analytics as ka
from kediri_analytics.metrics import awards, ip_asn, performance


def test_asn_award_on_the_demo_follows_the_manifest(demo_small):
    root, manifest = demo_small
    manifest = json.loads(json.dumps(manifest))  # as MANIFEST.json reads (text keys)
    truth = manifest["truth"]["asn_award_nominations"]["2024"]
    ds = ka.load_folder(root)
    t = ds.tables
    sl = awards.shortlist(
        2024,
        roster=t["roster"],
        skp=t["skp"],
        assessments=t["assessments"],
        training=t["training"],
        discipline=t["discipline"],
        nominations=t["nominations"],
    )
    assert sl.groupby("opd")["shortlisted"].sum().max() <= 3  # in total, every category
    lebih = awards.over_limit(t["nominations"], 2024, sl)
    assert lebih.groupby("opd").size().to_dict() == truth["over_limit"]
    assert (lebih.groupby("opd")["shortlisted"].sum() <= 3).all()
    by_nip = sl[sl["sumber"] == "usulan"].set_index("nip")
    for n in truth["without_recommendation"]:
        assert by_nip.loc[n, "reason"] == "tanpa rekomendasi kepala OPD"
    assert truth["berkinerja_nominees_joined_this_year"]
    for n in truth["berkinerja_nominees_joined_this_year"]:
        assert by_nip.loc[n, "reason"] == "tidak ada SKP tahunan 2023 yang sudah dinilai"


def test_matrix_disagreements_and_training_types_on_the_demo(demo_small):
    root, manifest = demo_small
    manifest = json.loads(json.dumps(manifest))
    ds = ka.load_folder(root)
    p = ds.problems[ds.problems["reason"] == "predikat_matrix_mismatch"]
    assert p.groupby("file").size().to_dict() == manifest["truth"]["predikat_matrix_disagreements"]
    # the loaded predikat is the matrix's: the distribution equals the generator's truth
    # (checked in tests/loaders/test_demo_load.py); here every disagreeing row keeps both
    skp = ds.skp.set_index(["source_file", "source_row"])
    for r in p.itertuples():
        row = skp.loc[(r.file, r.row)]
        assert row["hasil_akhir"] != row["predikat"]
        assert row["predikat"] == ka.rules.predikat(row["hasil_kerja"], row["perilaku_kerja"])
    kinds = set(manifest["truth"]["training_events_by_type"]["2024"])
    assert set(ds.training_events["jenis"].dropna()) == kinds
    ip = ip_asn.scores(
        ds.roster, performance.annual_predikat(ds.skp), ds.training_events, ds.discipline, 2024
    )
    assert ip["kompetensi"].notna().all() and ip["kompetensi"].between(0, 40).all()
