"""Monthly SKP compliance: for one month of e-Kinerja's periodic evaluation, who in the roster
has made an SKP, had it approved and been rated, per OPD and per kind of ASN.

The rules (domain: "Compliance, the thing leaders ask first"):

- **Who is expected**: the roster of the year (SIASN; the latest earlier year when the year has
  none yet), less people whose TMT falls after the month's end. People in e-Kinerja for the
  month but not in that roster (joined since it was pulled) are listed apart, never as
  missing and never in a share's denominator.
- **Has an SKP**: an own (not Plt/Plh) row in the month's "Laporan Penilaian SKP", or an own
  SKP document ("Laporan SKP") in force by the month's end. Absent from both = no SKP at all.
- **Approved**: the document in force (the latest whose period began by the month's end) has
  status Persetujuan. Without any "Laporan SKP" for the year, approval is unknown (missing),
  not 0.
- **Rated**: the month's row carries a rating (``-`` or blank is not rated).
- **One person, one place**: a person counts once per month, in the OPD of the month's row,
  else of the document in force, else of the roster. A NIP twice in one month's export (moved
  mid-month) keeps the row whose period ends last; the number dropped is reported.
- **Renamed OPDs**: ``rules/opd_renames.yaml`` maps old names to new ones in every source. A
  rename not yet in that file is found by :func:`opd_changes` (a new name whose people were
  last month under one old name) so the report can say what it could not compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import rules
from ..core.fmt import BULAN
from .keys import isin
from .outputs import check
from .population import active

#: Status of a person for the month, in the order an OPD follows them up.
STATUS = ("Belum membuat SKP", "SKP belum disetujui", "Belum dinilai", "Lengkap")
MISSING = STATUS[:3]


@dataclass(frozen=True)
class Month:
    """One month's compliance: the people expected and what could not be counted."""

    year: int
    month: int
    #: one row per person expected this month: nip, nama, jabatan, jenis_pegawai, opd,
    #: has_skp, approved (missing without documents), rated, status (ordered categorical)
    people: pd.DataFrame
    roster_year: int
    #: in e-Kinerja this month, not in the roster: nip, nama, jabatan, jenis_pegawai, opd
    not_in_roster: pd.DataFrame
    not_started: int  # in the roster, TMT after the month's end: not expected yet
    duplicates: int  # extra rows of a NIP already counted in the month's export
    has_documents: bool  # a "Laporan SKP" for the year was loaded (approval is measurable)
    renamed: dict = field(default_factory=dict)  # old -> new OPD names applied

    @property
    def label(self) -> str:
        return f"{BULAN[self.month - 1]} {self.year}"

    def of(self, opd: str | None) -> pd.DataFrame:
        """The people of one OPD (None: everyone). Raises ValueError when no one of ``opd`` is
        expected this month, naming the OPDs that are."""
        if opd is None:
            return self.people
        p = self.people[self.people["opd"] == opd]
        if p.empty:
            import difflib

            names = sorted(self.people["opd"].dropna().unique())
            near = difflib.get_close_matches(str(opd), names, n=3, cutoff=0.5)
            hint = f" Closest: {', '.join(near)}." if near else ""
            raise ValueError(
                f"no ASN of OPD {opd!r} in the roster for {self.label} (roster "
                f"{self.roster_year}).{hint} OPDs this month: {', '.join(names)}"
            )
        return p


def month_label(year: int, month: int) -> str:
    """``(2024, 10)`` -> ``"Oktober 2024"``."""
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month must be 1-12, not {month!r}")
    return f"{BULAN[int(month) - 1]} {int(year)}"


def months(skp: pd.DataFrame) -> pd.DataFrame:
    """The monthly exports loaded: one row per year and month with its own rows, rated rows
    and source files. Empty when no monthly export was loaded.

    Returns columns: year, month, rows, rated, files.
    """
    s = skp[skp["month"].notna() & ~skp["acting"].astype(bool)]
    if s.empty:
        return pd.DataFrame({"year": [], "month": [], "rows": [], "rated": [], "files": []})
    g = s.groupby(["year", "month"])
    out = g.agg(rows=("nip", "size"), rated=("rated", "sum")).reset_index()
    # the distinct files first: a join per month over a handful of names, not every row
    f = s[["year", "month", "source_file"]].drop_duplicates()
    f = f.sort_values(["year", "month", "source_file"], kind="stable")
    files = f.groupby(["year", "month"])["source_file"].agg(", ".join)
    out["files"] = files.to_numpy()
    return out.astype({"year": int, "month": int, "rows": int, "rated": int})


def pick(skp: pd.DataFrame, year: int | None = None, month: int | None = None) -> tuple[int, int]:
    """The (year, month) to report: the latest month loaded, within ``year`` if given.

    Raises ValueError naming the months that are there when the month asked for has no
    monthly export, or when there is none at all.
    """
    m = months(skp)
    if m.empty:
        raise ValueError(
            "no monthly e-Kinerja export (Laporan Penilaian SKP, Periode: Bulanan n) was loaded: "
            "download the month's report from e-Kinerja into the data folder"
        )
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"month must be 1-12, not {month!r}")
    have = m if year is None else m[m["year"] == int(year)]
    if have.empty:
        years = ", ".join(str(y) for y in sorted(m["year"].unique()))
        raise ValueError(f"no monthly e-Kinerja export for {year}; years with one: {years}")
    year = int(have["year"].max())
    have = have[have["year"] == year]
    if month is None:
        return year, int(have["month"].max())
    if int(month) not in set(have["month"]):
        there = ", ".join(BULAN[int(x) - 1] for x in sorted(have["month"]))
        raise ValueError(
            f"no monthly e-Kinerja export for {month_label(year, month)} yet (the periodic "
            f"evaluation may still be open); months loaded for {year}: {there}. Download "
            "'Laporan Penilaian SKP' for that month or choose one of these."
        )
    return year, int(month)


def renames(rules_dir=None) -> dict[str, str]:
    """Old OPD name -> current name, from ``rules/opd_renames.yaml``."""
    return {r.old: r.new for r in rules.opd_renames(rules_dir).renames}


def _renamed(s: pd.Series, mapping: dict[str, str]) -> pd.Series:
    return s.replace(mapping) if mapping else s


def _roster_for(roster: pd.DataFrame, year: int) -> tuple[pd.DataFrame, int]:
    years = roster["year"].dropna()
    earlier = years[years <= year]
    if earlier.empty:
        there = ", ".join(str(int(y)) for y in sorted(years.unique())) or "none"
        raise ValueError(f"no roster (SIASN Data ASN) for {year} or earlier; years loaded: {there}")
    ry = int(earlier.max())
    r = active(roster[roster["year"] == ry]).drop_duplicates("nip", keep="last")
    return r.reset_index(drop=True), ry


def status(
    roster: pd.DataFrame,
    skp: pd.DataFrame,
    skp_documents: pd.DataFrame | None,
    year: int,
    month: int,
    renames: dict[str, str] | None = None,
) -> Month:
    """Compliance of every ASN expected in ``month`` of ``year`` (see the module's rules).

    ``renames`` maps old OPD names to new ones (:func:`renames`). Raises ValueError when the
    month has no monthly export or there is no roster for the year or before.
    """
    year, month = int(year), int(month)
    pick(skp, year, month)
    mapping = dict(renames or {})
    end = pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)
    r, roster_year = _roster_for(roster, year)
    started = r["tmt_cpns"].isna() | (r["tmt_cpns"] <= end)
    not_started = int((~started).sum())
    r = r[started.to_numpy()].reset_index(drop=True)

    cols = ["nip", "nama", "jabatan", "jenis_pegawai", "opd", "rated", "periode_akhir"]
    m = skp.loc[(skp["year"] == year) & (skp["month"] == month) & ~skp["acting"].astype(bool), cols]
    m = m.sort_values(["periode_akhir", "rated"], kind="stable", na_position="first")
    duplicates = int(m["nip"].duplicated().sum())
    m = m.drop_duplicates("nip", keep="last").set_index("nip")

    has_documents = skp_documents is not None and bool((skp_documents["year"] == year).any())
    if has_documents:
        d = skp_documents[(skp_documents["year"] == year) & ~skp_documents["acting"].astype(bool)]
        began = d["periode_awal"].fillna(pd.Timestamp(year, 1, 1))
        d = d[(began <= end).to_numpy()].assign(_began=began)
        d = d.sort_values("_began", kind="stable").drop_duplicates("nip", keep="last")
        d = d.set_index("nip")[["nama", "jabatan", "jenis_pegawai", "opd", "approved"]]
    else:
        d = pd.DataFrame(
            columns=["nama", "jabatan", "jenis_pegawai", "opd", "approved"],
            index=pd.Index([], name="nip", dtype=r["nip"].dtype),
        )

    nip = r["nip"]
    in_month = isin(nip, m.index)
    in_docs = isin(nip, d.index)
    dt = r["opd"].dtype
    opd = nip.map(m["opd"]).astype(dt).fillna(nip.map(d["opd"]).astype(dt)).fillna(r["opd"])
    if has_documents:
        approved = pd.array(nip.map(d["approved"]).fillna(False).astype(bool), dtype="boolean")
    else:
        approved = pd.array([pd.NA] * len(r), dtype="boolean")
    rated = nip.map(m["rated"]).fillna(False).astype(bool).to_numpy()
    has = in_month | in_docs
    code = np.select([~has, ~approved.fillna(True).to_numpy(bool), ~rated], [0, 1, 2], 3)
    people = pd.DataFrame(
        {
            "nip": nip,
            "nama": r["nama"],
            "jabatan": r["jabatan"],
            "jenis_pegawai": r["jenis_pegawai"],
            "opd": _renamed(opd.astype(r["opd"].dtype), mapping),
            "has_skp": has,
            "approved": approved,
            "rated": rated,
            "status": pd.Categorical.from_codes(
                code, dtype=pd.CategoricalDtype(STATUS, ordered=True)
            ),
        }
    )

    # in e-Kinerja this month but in no row of the roster year (TMT after the month included)
    seen = pd.concat([m.reset_index(), d.reset_index()], ignore_index=True)
    seen = seen.drop_duplicates("nip", keep="first")
    outside = seen[~isin(seen["nip"], roster.loc[roster["year"] == roster_year, "nip"])]
    not_in_roster = (
        outside[["nip", "nama", "jabatan", "jenis_pegawai", "opd"]]
        .assign(opd=_renamed(outside["opd"], mapping))
        .reset_index(drop=True)
    )
    used = {k: v for k, v in mapping.items() if (opd == k).any()}
    return Month(
        year,
        month,
        people,
        roster_year,
        not_in_roster,
        not_started,
        duplicates,
        has_documents,
        used,
    )


#: the columns of :func:`summary` a report's tables show, after the group's own
SHOWN = ("asn", "no_skp", "not_approved", "not_rated", "share_approved", "share_rated")

#: the counts behind every share, per group (summable across groups and kinds of ASN)
COUNTS = ("asn", "has_skp", "no_skp", "approved", "not_approved", "rated", "not_rated")


def summary(people: pd.DataFrame, by: tuple[str, ...] | list[str] = ("opd",)) -> pd.DataFrame:
    """Counts and shares per group of a month's people (:attr:`Month.people`); ``by=()`` gives
    one row for everyone. Sorted by the share rated, then approved, lowest first.

    Returns columns: *by, asn, has_skp, no_skp, approved, not_approved, rated, not_rated,
    share_has_skp, share_approved, share_rated. ``approved`` is missing when unknown.
    """
    if people.empty:
        raise ValueError("no people to summarise: the month's roster is empty")
    f = pd.DataFrame(
        {
            "asn": 1,
            "has_skp": people["has_skp"].astype(int),
            "no_skp": (~people["has_skp"]).astype(int),
            "approved": people["approved"].astype("Int64"),
            "not_approved": people["status"].eq(STATUS[1]).astype(int),
            "rated": people["rated"].astype(int),
            "not_rated": people["status"].eq(STATUS[2]).astype(int),
        },
        index=people.index,
    )
    for c in by:
        f[c] = people[c]
    return rollup(f, by)


def rollup(counts: pd.DataFrame, by: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """Sum the :data:`COUNTS` of ``counts`` (a :func:`summary` or :func:`trend` frame) per
    ``by`` and recompute the shares; sorted by the share rated, then approved, lowest first.
    ``approved`` stays missing where it is unknown for every row summed."""
    by = list(by)
    if counts.empty:
        raise ValueError("nothing to sum: the frame of counts is empty")
    c = counts[[*by, *COUNTS]]
    if by:
        out = c.groupby(by, observed=True)[list(COUNTS)].sum(min_count=1).reset_index()
    else:
        out = c[list(COUNTS)].sum(min_count=1).to_frame().T
    out = out.astype({k: "Int64" for k in COUNTS})
    for k in ("has_skp", "approved", "rated"):
        out[f"share_{k}"] = (out[k] / out["asn"]).astype("Float64")
    out = out.sort_values(["share_rated", "share_approved", *by], kind="stable", ignore_index=True)
    return check("monthly_summary", out)


def previous(skp: pd.DataFrame, year: int, month: int) -> tuple[int, int] | None:
    """The latest monthly export loaded before ``month`` of ``year`` (December of the year
    before for January), or None. It is not always the month before: a month may be absent.
    """
    m = months(skp)
    key = m["year"] * 12 + m["month"]
    before = m[key < int(year) * 12 + int(month)]
    if before.empty:
        return None
    last = before.iloc[int((before["year"] * 12 + before["month"]).to_numpy().argmax())]
    return int(last["year"]), int(last["month"])


def trend(
    roster: pd.DataFrame,
    skp: pd.DataFrame,
    skp_documents: pd.DataFrame | None,
    year: int,
    upto: int,
    renames: dict[str, str] | None = None,
    by: tuple[str, ...] = ("opd", "jenis_pegawai"),
) -> pd.DataFrame:
    """:func:`summary` per ``by`` for every month of ``year`` loaded up to ``upto`` (months
    without an export are absent: a chart shows the gap). Sum it with :func:`rollup`.

    Returns columns: year, month, *by, and the columns of :func:`summary`.
    """
    m = months(skp)
    have = sorted(int(x) for x in m.loc[(m["year"] == year) & (m["month"] <= upto), "month"])
    if not have:
        raise ValueError(f"no monthly export for {year} up to {month_label(year, upto)}")
    out = [
        summary(status(roster, skp, skp_documents, year, mo, renames).people, by).assign(
            year=year, month=mo
        )
        for mo in have
    ]
    res = pd.concat(out, ignore_index=True)
    return res[["year", "month", *res.columns[:-2]]]


def of_dataset(ds, year: int, upto: int, renames: dict[str, str] | None = None) -> pd.DataFrame:
    """:func:`trend` by OPD and kind of ASN for a :class:`~kediri_analytics.Dataset`, kept in
    the loader's cache (``Dataset.memo``): the per-OPD runs of a report compute it once."""
    from functools import partial

    params = {"year": int(year), "upto": int(upto), "renames": sorted((renames or {}).items())}
    t = ds.tables
    compute = partial(
        trend, t["roster"], t["skp"], t["skp_documents"], int(year), int(upto), renames
    )
    return ds.memo("skp_monthly_trend", params, compute)


def change(now: pd.DataFrame, before: pd.DataFrame, by: str = "opd") -> pd.DataFrame:
    """Shares of two :func:`summary` frames side by side, per ``by`` value in both.

    Returns columns: by, share_approved, share_rated, before_approved, before_rated,
    change_approved, change_rated (percentage points as fractions), sorted by change_rated.
    Groups in only one of the two are left out (see :func:`opd_changes`).
    """
    a = now.set_index(by)[["share_approved", "share_rated"]]
    b = before.set_index(by)[["share_approved", "share_rated"]]
    j = a.join(b.rename(columns=lambda c: c.replace("share", "before")), how="inner")
    j["change_approved"] = j["share_approved"] - j["before_approved"]
    j["change_rated"] = j["share_rated"] - j["before_rated"]
    return j.reset_index().sort_values("change_rated", kind="stable", ignore_index=True)


def opd_changes(before: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    """OPD names that appear in only one of two months' people, and where their people came
    from or went. A new name whose people were mostly under one old name last month is
    probably a rename (add it to ``rules/opd_renames.yaml``); while the roster still uses
    the old name, both names appear and neither is comparable with last month.

    Returns columns: opd_before, opd_now, people (moved between the two), share (of the
    vanished OPD's people, or of the new OPD's), change ("hilang" gone, "baru" new).
    """
    gone = sorted(set(before["opd"].dropna()) - set(now["opd"].dropna()))
    new = sorted(set(now["opd"].dropna()) - set(before["opd"].dropna()))
    j = before[["nip", "opd"]].merge(now[["nip", "opd"]], on="nip", suffixes=("_before", "_now"))
    size_before = before.groupby("opd", observed=True).size()
    size_now = now.groupby("opd", observed=True).size()
    rows = []
    for o in gone:
        went = j.loc[j["opd_before"] == o, "opd_now"].value_counts()
        n = int(went.iloc[0]) if len(went) else 0
        rows.append(
            {
                "opd_before": o,
                "opd_now": went.index[0] if len(went) else None,
                "people": n,
                "share": n / int(size_before.get(o, 1)),
                "change": "hilang",
            }
        )
    for o in new:
        if any(r["opd_now"] == o for r in rows):
            continue
        came = j.loc[j["opd_now"] == o, "opd_before"].value_counts()
        n = int(came.iloc[0]) if len(came) else 0
        rows.append(
            {
                "opd_before": came.index[0] if len(came) else None,
                "opd_now": o,
                "people": n,
                "share": n / int(size_now.get(o, 1)),
                "change": "baru",
            }
        )
    return pd.DataFrame(rows, columns=["opd_before", "opd_now", "people", "share", "change"])


def missing(people: pd.DataFrame) -> pd.DataFrame:
    """The people still missing something this month, by status then name.

    Returns columns: status, nama, nip, jabatan, jenis_pegawai, opd.
    """
    p = people[people["status"].isin(MISSING)]
    p = p.assign(status=p["status"].cat.remove_unused_categories())
    cols = ["status", "nama", "nip", "jabatan", "jenis_pegawai", "opd"]
    return p.sort_values(["status", "opd", "nama"], kind="stable", ignore_index=True)[cols]


# ------------------------------------------------------------------ for the reports


def overview(now: Month, before: Month | None = None, opd: str | None = None) -> pd.Series:
    """One OPD's (None: everyone's) :func:`summary` for the month in one row, with the change
    of the shares approved and rated since ``before`` (``change_approved``,
    ``change_rated``: missing without an earlier month, or when the OPD had no one then)."""
    out = summary(now.of(opd), by=()).iloc[0].copy()
    out["change_approved"] = out["change_rated"] = None
    if before is not None:
        then = before.people if opd is None else before.people[before.people["opd"] == opd]
        if len(then):
            b = summary(then, by=()).iloc[0]
            out["change_approved"] = out["share_approved"] - b["share_approved"]
            out["change_rated"] = out["share_rated"] - b["share_rated"]
    return out


def opd_table(now: Month, before: Month | None = None) -> pd.DataFrame:
    """Every OPD's :data:`SHOWN` counts and shares for the month, lowest share rated first,
    with the change of the share rated since ``before`` in percentage points
    (``change_points``; left out without an earlier month, missing for an OPD named in only
    one of the two months, see :func:`opd_changes`).

    Returns columns: opd, asn, no_skp, not_approved, not_rated, share_approved, share_rated[,
    change_points].
    """
    per = summary(now.people)
    out = per[["opd", *SHOWN]].copy()
    if before is not None:
        was = summary(before.people)
        moved = opd_changes(before.people, now.people)
        apart = set(moved["opd_before"]) | set(moved["opd_now"])
        ch = change(per, was).set_index("opd")["change_rated"]
        out["change_points"] = out["opd"].map(ch).astype("Float64") * 100
        out.loc[out["opd"].isin(apart), "change_points"] = None
    return out


def rated_by_kind(trend_counts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The share rated per month and kind of ASN (a :func:`trend` frame, summed with
    :func:`rollup`): one row per month loaded, one column per kind, named as a report prints
    them.

    Returns columns: bulan (``Januari 2024``), ``% dinilai <kind>`` for each kind.
    """
    if trend_counts.empty:
        raise ValueError("no monthly counts to tabulate")
    per = rollup(trend_counts, by=("month", "jenis_pegawai"))
    wide = per.pivot(index="month", columns="jenis_pegawai", values="share_rated")
    wide = wide.sort_index().reset_index()
    wide["month"] = [month_label(year, m) for m in wide["month"]]
    wide.columns = ["bulan", *[f"% dinilai {c}" for c in wide.columns[1:]]]
    return wide


def months_without_export(by_month: pd.DataFrame, year: int, upto: int) -> list[str]:
    """The months of ``year`` up to ``upto`` that no monthly export covers (a :func:`rollup`
    by month), as ``Februari 2024``."""
    have = set(by_month["month"])
    return [month_label(year, m) for m in range(1, int(upto) + 1) if m not in have]


def count_by_status(missing_people: pd.DataFrame) -> pd.DataFrame:
    """The people of :func:`missing` counted per status.

    Returns columns: status, people.
    """
    g = missing_people.groupby("status", observed=True).size()
    return g.rename("people").reset_index()


def opd_name_changes(before: Month, now: Month) -> pd.DataFrame:
    """:func:`opd_changes` between two months, the months' labels in ``attrs`` (``before``,
    ``now``) for the table's headers."""
    out = opd_changes(before.people, now.people)
    out.attrs.update({"before": before.label, "now": now.label})
    return out
