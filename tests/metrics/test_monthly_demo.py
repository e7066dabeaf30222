"""Monthly SKP compliance on the generated demo equals the generator's truth (MANIFEST.json),
for every month, city-wide, per OPD and per kind of ASN."""

from __future__ import annotations

import kediri_analytics as ka
from kediri_analytics.metrics import monthly

KEYS = ("asn", "has_skp", "no_skp", "approved", "rated")


def _counts(frame, by):
    s = monthly.summary(frame, by=(by,)).set_index(by)
    return {k: {c: int(s.loc[k, c]) for c in KEYS} for k in s.index}


def test_every_month_matches_the_manifest_truth(demo_small):
    root, manifest = demo_small
    truth = manifest["truth"]["skp_compliance_monthly"]
    assert len(truth) == 12
    t = ka.load_folder(root).tables
    for tr in truth:
        m = monthly.status(t["roster"], t["skp"], t["skp_documents"], tr["year"], tr["month"])
        city = monthly.summary(m.people, by=()).iloc[0]
        assert {c: int(city[c]) for c in KEYS} == {c: tr[c] for c in KEYS}, tr["month"]
        assert _counts(m.people, "opd") == tr["by_opd"], tr["month"]
        assert _counts(m.people, "jenis_pegawai") == tr["by_jenis_pegawai"], tr["month"]
        assert len(m.not_in_roster) == tr["not_in_roster"]
        assert m.duplicates == 0 and m.people["nip"].is_unique
