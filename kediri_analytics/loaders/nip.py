"""NIP cleaning and validation (pure, vectorised): 18 digits = birth date, TMT CPNS, sex, serial."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: reasons a NIP cannot be used, as reported in the problems table
REASONS = {
    "nip_precision_lost": "NIP stored as a number; Excel kept only 15 digits, the rest is lost",
    "nip_invalid": "NIP is not 18 digits with a real birth date, TMT month and sex digit 1/2",
    "nip_missing": "NIP is empty",
}


def clean_nip(raw: pd.Series, pppk=None) -> pd.DataFrame:
    """Normalise NIP cells to 18-digit text and say why a cell cannot be used.

    Parameters
    ----------
    raw : pandas.Series
        NIP cells as read (text, or numbers when a spreadsheet stored them as numbers).
    pppk : pandas.Series of bool, or "unknown", optional
        True where the row is a PPPK employee, whose number is checked for length only.
        ``"unknown"`` (a table without an employee-type column) accepts an 18-digit number
        that fails the PNS checks if it still starts with a real birth date.

    Returns
    -------
    pandas.DataFrame
        Columns ``nip`` (cleaned text, ``<NA>`` when unusable) and ``reason`` (``<NA>`` when
        fine, else a key of :data:`REASONS`), on the index of ``raw``.

    Notes
    -----
    A leading apostrophe and the spaces of the printed form ``19860926 201505 1 001`` are
    removed. A number, or text in scientific notation (``1.98609262015051E+17``), lost its last
    digits when a spreadsheet stored it: it is rejected, never guessed.
    """
    if raw.dtype == object:
        is_num = raw.map(
            lambda v: (
                isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            )
        ).astype(bool)
    else:
        is_num = pd.Series(pd.api.types.is_numeric_dtype(raw.dtype), index=raw.index)
    text = raw.astype("string").str.strip().str.lstrip("'").str.replace(r"[\s.\-]", "", regex=True)
    sci = text.str.contains(r"^\d+,?\d*E\+?\d+$", case=False, regex=True).fillna(False)
    # a NIP read back from a float may come as '198609262015051000' or '1.98609262015051e+17'
    floaty = is_num | sci | raw.astype("string").str.contains(r"[eE]\+", regex=True).fillna(False)
    missing = text.isna() | text.eq("")
    digits = text.str.fullmatch(r"\d{18}").fillna(False)
    reason = pd.Series(pd.NA, index=raw.index, dtype="string")
    reason = reason.mask(~digits, "nip_invalid").mask(floaty, "nip_precision_lost")
    reason = reason.mask(missing, "nip_missing")
    ok = reason.isna()
    ok &= validate_nip(text.where(digits & ~floaty), pppk).fillna(False)
    reason = reason.mask(~ok & reason.isna(), "nip_invalid")
    return pd.DataFrame({"nip": text.where(ok), "reason": reason}, index=raw.index)


def validate_nip(nip: pd.Series, pppk=None) -> pd.Series:
    """Whether each 18-digit NIP has a real birth date, a TMT month 01-12 at age 18 or later
    and a sex digit 1 or 2. PPPK numbers (``pppk`` True) are checked for length only."""
    s = nip.astype("string")
    length_ok = s.str.fullmatch(r"\d{18}").fillna(False)
    birth = pd.to_datetime(s.str[:8], format="%Y%m%d", errors="coerce")
    tmt = pd.to_datetime(s.str[8:14] + "01", format="%Y%m%d", errors="coerce")
    sex_ok = s.str[14].isin(["1", "2"]).fillna(False)
    adult = (tmt - birth).dt.days >= 18 * 365
    ok = length_ok & birth.notna() & tmt.notna() & sex_ok & adult.fillna(False)
    if isinstance(pppk, str) and pppk == "unknown":
        ok = ok | (length_ok & birth.notna())
    elif pppk is not None:
        ok = ok | (length_ok & np.asarray(pppk, bool))
    return ok.astype(bool)


def nip_parts(nip: pd.Series) -> pd.DataFrame:
    """Birth date, TMT CPNS (first of month) and sex (1 male, 2 female) encoded in valid NIPs."""
    s = nip.astype("string")
    return pd.DataFrame(
        {
            "birth_date": pd.to_datetime(s.str[:8], format="%Y%m%d", errors="coerce"),
            "tmt_cpns": pd.to_datetime(s.str[8:14] + "01", format="%Y%m%d", errors="coerce"),
            "sex": pd.to_numeric(s.str[14], errors="coerce").astype("Int8"),
        },
        index=nip.index,
    )
