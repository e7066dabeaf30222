"""The declared shape of every metric output: columns and what their values may be.

``check(name, frame)`` validates an output with pandera (all problems at once) and returns it;
each metric calls it on its result, so a wrong total or a share outside 0-1 fails loudly where
it is made, not in a report.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ..core import TAG

NUMBER, SHARE, COUNT, ANY = "number", "share", "count", "any"

OUTPUTS: dict[str, dict[str, str]] = {
    "annual_predikat": {
        "year": COUNT,
        "nip": ANY,
        "opd": ANY,
        "regime": ANY,
        "predikat": ANY,
        "rated": ANY,
        "bridged": ANY,
    },
    "distribution": {"predikat": ANY, "count": COUNT, "share": SHARE},
    "compliance": {
        "year": COUNT,
        "period": ANY,
        "asn": COUNT,
        "has_skp": COUNT,
        "approved": COUNT,
        "rated": COUNT,
        "no_skp": COUNT,
        "share_has_skp": SHARE,
        "share_approved": SHARE,
        "share_rated": SHARE,
    },
    "quota_check": {
        "year": COUNT,
        "opd": ANY,
        "opd_predikat": ANY,
        "rated": COUNT,
        "rule": ANY,
        "share": SHARE,
        "ok": ANY,
    },
    "meets_requirement": {
        "year": COUNT,
        "nip": ANY,
        "education": ANY,
        "min_education": ANY,
        "meets": ANY,
        "reason": ANY,
    },
    "share_meeting": {
        "asn": COUNT,
        "judged": COUNT,
        "meeting": COUNT,
        "no_standard": COUNT,
        "share": SHARE,
    },
    "education_mix": {"year": COUNT, "education": ANY, "count": COUNT, "share": SHARE},
    "jpm_categories": {
        "jpm": NUMBER,
        "kategori_pemetaan": ANY,
        "kategori_seleksi": ANY,
        "kategori": ANY,
    },
    "gaps": {"assessed_people": COUNT, "mean_gap": NUMBER, "share_below": SHARE},
    "coverage": {"year": COUNT, "asn": COUNT, "assessed": COUNT, "share": SHARE},
    "training_rule": {
        "year": COUNT,
        "asn": COUNT,
        "meeting": COUNT,
        "mean_jp": NUMBER,
        "share": SHARE,
        "rule_jp": NUMBER,
    },
    "nine_box": {
        "year": COUNT,
        "nip": ANY,
        "kinerja": ANY,
        "potensi": NUMBER,
        "box": COUNT,
        "reason": ANY,
    },
    "pools": {"placed": COUNT, "pool_instansi": COUNT, "pool_nasional": COUNT},
    "ip_asn": {
        "year": COUNT,
        "nip": ANY,
        "kualifikasi": NUMBER,
        "kompetensi": NUMBER,
        "kinerja": NUMBER,
        "disiplin": NUMBER,
        "total": NUMBER,
        "category": ANY,
    },
    "ip_asn_opd": {
        "year": COUNT,
        "opd": ANY,
        "asn": COUNT,
        "scored": COUNT,
        "mean": NUMBER,
        "category": ANY,
    },
    "merit_index": {"year": COUNT, "framework": ANY, "score": NUMBER, "index": SHARE, "band": ANY},
    "merit_aspects": {
        "year": COUNT,
        "aspek_no": COUNT,
        "score": NUMBER,
        "max": NUMBER,
        "share": SHARE,
    },
    "readiness": {
        "award_year": COUNT,
        "category": ANY,
        "metric": ANY,
        "value": NUMBER,
        "threshold": NUMBER,
        "met": ANY,
        "why": ANY,
        "score": SHARE,
        "status": ANY,
    },
    "monthly_summary": {
        "asn": COUNT,
        "has_skp": COUNT,
        "no_skp": COUNT,
        "approved": COUNT,
        "not_approved": COUNT,
        "rated": COUNT,
        "not_rated": COUNT,
        "share_has_skp": SHARE,
        "share_approved": SHARE,
        "share_rated": SHARE,
    },
    "jabatan": {"year": COUNT, "nip": ANY, "kategori_jabatan": ANY, "jenjang": ANY},
    "jabatan_mix": {"kategori_jabatan": ANY, "jenjang": ANY, "count": COUNT, "share": SHARE},
    "not_expected": {"year": COUNT, "nip": ANY, "kedudukan_hukum": ANY},
    "standing": {"kedudukan_hukum": ANY, "expected": ANY, "count": COUNT},
    "headcount": {"asn": COUNT, "expected": COUNT, "not_expected": COUNT},
    "shortlist": {
        "year": COUNT,
        "kategori": ANY,
        "opd": ANY,
        "nip": ANY,
        "jpm": NUMBER,
        "jp": NUMBER,
        "shortlisted": ANY,
        "rank": COUNT,
        "reason": ANY,
    },
}


def _min(s: pd.Series) -> float:
    v = pd.to_numeric(s, errors="coerce") if not pd.api.types.is_numeric_dtype(s) else s
    return float(v.min()) if v.notna().any() else 0.0


def _max(s: pd.Series) -> float:
    v = pd.to_numeric(s, errors="coerce") if not pd.api.types.is_numeric_dtype(s) else s
    return float(v.max()) if v.notna().any() else 0.0


# column-wise reductions (min / max), never element-wise: outputs have millions of rows
_CHECKS = {
    SHARE: [
        pa.Check(lambda s: _min(s) >= -1e-9 and _max(s) <= 1 + 1e-9, error="share outside 0-1")
    ],
    COUNT: [pa.Check(lambda s: _min(s) >= 0, error="negative count")],
    NUMBER: [
        pa.Check(lambda s: pd.api.types.is_numeric_dtype(s) or s.isna().all(), error="not numeric")
    ],
    ANY: [],
}
_SCHEMAS: dict[str, pa.DataFrameSchema] = {}


def schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of metric output ``name`` (built once)."""
    if name not in _SCHEMAS:
        cols = {
            c: pa.Column(None, checks=_CHECKS[k], nullable=True) for c, k in OUTPUTS[name].items()
        }
        _SCHEMAS[name] = pa.DataFrameSchema(cols, strict=False, name=name)
    return _SCHEMAS[name]


def check(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a metric output against its declaration; returns it tagged with its name
    (``attrs[core.TAG]``: Jupyter then shows it styled, see present/display.py)."""
    frame.attrs[TAG] = name
    if frame.empty:
        missing = [c for c in OUTPUTS[name] if c not in frame.columns]
        if missing:
            raise ValueError(f"metric output {name!r} lacks columns {missing}")
        return frame
    # inplace: the schemas only check (no coercion), so there is nothing to copy for
    return schema(name).validate(frame, lazy=True, inplace=True)
