"""Report sentences built from metric results: the lists and notes a report prints whose
wording depends on the data (what to list, when to add a clause). Bahasa Indonesia, numbers
the Indonesian way; each returns text for :meth:`~kediri_analytics.present.brief.Brief.text`
or a caption."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..core.fmt import date, number
from ..metrics.awards import show


def signed(x, decimals: int = 1) -> str:
    """A change with its sign: ``95.5`` -> ``+95,5``, ``-2`` -> ``-2,0``, ``0`` -> ``+0,0``;
    missing -> ``-``."""
    if x is None or x is pd.NA or x != x:
        return "-"
    return ("+" if x >= 0 else "") + number(x, decimals)


def merit_band_note(index_row) -> str:
    """The note under a year's merit score (a row of ``merit.index_by_year``): its index and
    band, or that its framework has no bands entered yet."""
    if index_row["band"] is None or index_row["band"] is pd.NA:
        return f"kerangka {index_row['framework']}: kategori belum ditetapkan di aturan"
    return f"indeks {number(index_row['index'], 3)}, kategori {index_row['band']}"


def merit_points(refs: pd.DataFrame, movers: pd.DataFrame, per_opd: bool = False) -> str:
    """The merit summary's list: the published KASN results (``merit.reference_points``),
    the earlier standings published without a score, the aspects that moved most
    (``merit.latest_movers``; none listed when empty) and, in a report of one OPD
    (``per_opd``), that the index is the agency's."""
    published = refs.dropna(subset=["score"])
    lines = [
        "- Hasil resmi KASN: "
        + "; ".join(
            f"{number(r.score, 1)} ({r.band}), {r.event}, {date(r.date)}"
            + (f" (diberitakan {date(r.reported)})" if pd.notna(r.reported) else "")
            for r in published.itertuples()
        )
        + "."
    ]
    lines += [f"- {r.text}" for r in refs[refs["score"].isna()].itertuples()]
    if len(movers):
        lines.append(
            "- Aspek yang paling bergerak: "
            + "; ".join(f"{r.aspek} ({signed(r.change)} poin)" for r in movers.itertuples())
            + "."
        )
    if per_opd:
        lines.append(
            "- Indeks sistem merit dinilai untuk instansi secara keseluruhan, bukan per OPD."
        )
    return "\n".join(lines)


def opd_extremes(compared: pd.DataFrame, year: int, n: int = 3) -> str:
    """The ``n`` OPDs furthest above and below the agency on the merit indicators (a
    ``metrics.indicators.compare`` table, highest first), in percentage points."""
    if compared.empty:
        raise ValueError("no OPD to compare")
    top = compared.head(n)
    bottom = compared.dropna(subset=["selisih"]).tail(n)[::-1]
    return (
        f"- OPD paling di atas rata-rata instansi pada indikator merit {year}: "
        + "; ".join(
            f"{r.opd} (+{number(r.selisih * 100, 1)} poin persen)" for r in top.itertuples()
        )
        + ".\n- Paling di bawah: "
        + "; ".join(
            f"{r.opd} ({number(r.selisih * 100, 1)} poin persen)" for r in bottom.itertuples()
        )
        + "."
    )


def opd_rank(compared: pd.DataFrame, opd: str, year: int) -> str:
    """Where one OPD stands among all on the merit indicators (a
    ``metrics.indicators.compare`` table, highest first)."""
    row = compared[compared["opd"] == opd]
    if row.empty:
        raise ValueError(f"OPD {opd!r} is not in the comparison of {year}")
    gap = row["selisih"].iloc[0]
    return (
        f"- Pada indikator merit {year}, {opd} berada di peringkat {int(row.index[0]) + 1} dari "
        f"{len(compared)} OPD ({signed(gap * 100)} poin persen dari rata-rata instansi)."
    )


def bridged(years: Iterable[int]) -> str:
    """The clause a predikat chart's caption adds for years bridged from numeric SKP results
    (empty when there are none)."""
    years = list(years)
    if not years:
        return ""
    return (
        f"; {', '.join(str(y) for y in years)}: nilai SKP angka (PP 46/2011, PP 30/2019) "
        "dijembatani ke predikat menurut rules/legacy_bands.yaml"
    )


def award_actions(actions: pd.DataFrame) -> str:
    """The steps that raise BKN Award readiness most (``metrics.awards.actions``), one list
    item each: from what value to what, and the readiness it adds."""
    return "\n".join(
        f"- {r.label}: dari {show(r.metric, r.value)} ke {show(r.metric, r.threshold)} "
        f"(+{number(r.gain * 100, 0)} poin persen skor kesiapan, dijumlahkan atas "
        f"kategori: {r.categories})"
        for r in actions.itertuples()
    )


def monthly_notes(now, before, opd: str | None = None) -> list[str]:
    """The data notes of a monthly SKP compliance report (``metrics.monthly.Month`` of the
    month and of the month compared, or None; ``opd``: one OPD's report): an older roster used,
    people outside the roster, people not started yet, duplicate NIPs, no SKP documents, no
    or an older month to compare, OPD names read as renamed."""
    notes, year = [], now.year
    if now.roster_year < year:
        notes.append(f"Belum ada roster SIASN {year}: roster {now.roster_year} dipakai.")
    out = now.not_in_roster
    out = out if opd is None else out[out["opd"] == opd]
    if len(out):
        notes.append(
            f"{number(len(out))} orang ada di e-Kinerja {now.label} tetapi tidak ada di roster "
            f"SIASN {now.roster_year} (masuk setelah roster ditarik, atau barisnya di roster "
            "ditolak saat dimuat: lihat laporan kualitas data): tidak dihitung kurang dan tidak "
            "masuk penyebut."
        )
    if now.not_started:
        notes.append(
            f"{number(now.not_started)} orang di roster dengan TMT setelah {now.label} belum "
            "diharapkan bulan ini."
        )
    if now.duplicates:
        notes.append(
            f"{number(now.duplicates)} NIP muncul dua kali dalam ekspor {now.label} (pindah "
            "OPD): dihitung sekali, baris yang periodenya berakhir terakhir."
        )
    if not now.has_documents:
        notes.append(f"Laporan SKP {year} tidak ada: persetujuan SKP tidak dapat diukur.")
    if before is None:
        notes.append("Tidak ada ekspor bulan sebelumnya: perubahan tidak dihitung.")
    elif before.year * 12 + before.month != now.year * 12 + now.month - 1:
        notes.append(
            f"Ekspor bulan sebelum {now.label} belum ada: perubahan dihitung dari {before.label}."
        )
    for old, new in now.renamed.items():
        notes.append(f"{old} dibaca sebagai {new} (rules/opd_renames.yaml).")
    return notes


def sort_order(keys: Iterable[dict]) -> str:
    """A sort order as a report states it (``rules/asn_award.yaml``'s ``tie_break``: column
    and ascending): ``"jpm turun, jp turun"``."""
    out = []
    for k in keys:
        if "column" not in k or "ascending" not in k:
            raise ValueError(f"a sort key needs 'column' and 'ascending', got {k!r}")
        out.append(f"{k['column']} {'naik' if k['ascending'] else 'turun'}")
    return ", ".join(out)


def delayering(year: int) -> str:
    """The clause a position chart's caption adds when it spans the year eselon IV positions
    became functional (``metrics.jabatan.delayering_year``)."""
    return (
        f"; mulai {year} jabatan pengawas (eselon IV) disetarakan ke jabatan fungsional: "
        "turunnya pengawas itu nyata, bukan kesalahan data"
    )
