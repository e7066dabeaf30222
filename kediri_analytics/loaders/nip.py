"""NIP cleaning and validation (pure, vectorised): 18 digits = birth date, TMT CPNS, sex, serial."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: reasons a NIP cannot be used, as reported in the problems table
REASONS = {
    "nip_precision_lost": "NIP stored as a number; Excel kept only 15 digits, the rest is lost",
    "nip_invalid": "NIP is not 18 digits with a real birth date, TMT month and sex digit 1/2",
    "nip_missing": "NIP is empty",
}


_NUMBER_TYPES = [int, float, np.int64, np.float64, np.int32, np.float32]


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
    A leading apostrophe, a "NIP." label and the spaces of the printed form
    ``19860926 201505 1 001`` are removed. A number, or text in scientific notation
    (``1.98609262015051E+17``), lost its last digits when a spreadsheet stored it: it is
    rejected, never guessed.
    """
    if raw.dtype == object:
        is_num = raw.map(type).isin(_NUMBER_TYPES)
    else:
        is_num = pd.Series(pd.api.types.is_numeric_dtype(raw.dtype), index=raw.index)
    # pyarrow's string kernels directly: pandas runs some of these regexes in Python
    raw_text = pa.array(raw.astype("string").to_numpy(dtype=object, na_value=None), pa.string())
    t = pc.utf8_ltrim(pc.utf8_trim_whitespace(raw_text), "'")
    t = pc.replace_substring_regex(t, r"(?i)^NIP\s*\.?\s*:?\s*", "")  # "NIP. 1986..."
    t = pc.replace_substring_regex(t, r"[\s.\-]", "")

    def mask(a) -> pd.Series:
        return pd.Series(pc.fill_null(a, False).to_numpy(zero_copy_only=False), index=raw.index)

    text = pd.Series(pd.array(t, dtype="string"), index=raw.index)
    sci = mask(pc.match_substring_regex(t, r"(?i)^\d+,?\d*E\+?\d+$"))
    # a NIP read back from a float may come as '198609262015051000' or '1.98609262015051e+17'
    floaty = is_num | sci | mask(pc.match_substring_regex(raw_text, r"[eE]\+"))
    missing = text.isna() | text.eq("")
    digits = mask(pc.match_substring_regex(t, r"^\d{18}$"))
    reason = pd.Series(pd.NA, index=raw.index, dtype="string")
    reason = reason.mask(~digits, "nip_invalid").mask(floaty, "nip_precision_lost")
    reason = reason.mask(missing, "nip_missing")
    ok = reason.isna()
    ok &= validate_nip(text.where(digits & ~floaty), pppk).fillna(False)
    reason = reason.mask(~ok & reason.isna(), "nip_invalid")
    return pd.DataFrame({"nip": text.where(ok), "reason": reason}, index=raw.index)


def _digits(nip: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(n x 18 digit matrix, mask of cells that are exactly 18 digits)."""
    s = nip.astype("string")
    ok = s.str.fullmatch(r"\d{18}").fillna(False).to_numpy(bool)
    filled = np.where(ok, s.fillna("").to_numpy(dtype=object), "0" * 18).astype("U18")
    d = filled.view(np.uint32).reshape(-1, 18).astype(np.int64) - 48
    return d, ok


def _num(d: np.ndarray, a: int, b: int) -> np.ndarray:
    out = np.zeros(len(d), dtype=np.int64)
    for i in range(a, b):
        out = out * 10 + d[:, i]
    return out


def _days(y: np.ndarray, m: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(days since 1970 as datetime64[D], mask of real calendar dates)."""
    valid = (y >= 1900) & (y <= 2100) & (m >= 1) & (m <= 12) & (day >= 1)
    ys = np.where(valid, y, 1970) - 1970
    ms = np.where(valid, m, 1) - 1
    first = ys.astype("datetime64[Y]").astype("datetime64[M]") + ms
    next_first = (first + 1).astype("datetime64[D]")
    dim = (next_first - first.astype("datetime64[D]")).astype(int)
    valid &= day <= dim
    return first.astype("datetime64[D]") + (np.where(valid, day, 1) - 1), valid


def validate_nip(nip: pd.Series, pppk=None) -> pd.Series:
    """Whether each 18-digit NIP has a real birth date, a TMT month 01-12 at age 18 or later
    and a sex digit 1 or 2. PPPK numbers (``pppk`` True) are checked for length only."""
    d, length_ok = _digits(nip)
    birth, birth_ok = _days(_num(d, 0, 4), _num(d, 4, 6), _num(d, 6, 8))
    tmt, tmt_ok = _days(_num(d, 8, 12), _num(d, 12, 14), np.ones(len(d), dtype=np.int64))
    sex_ok = np.isin(d[:, 14], (1, 2))
    adult = (tmt - birth).astype(int) >= 18 * 365
    ok = length_ok & birth_ok & tmt_ok & sex_ok & adult
    if isinstance(pppk, str) and pppk == "unknown":
        ok = ok | (length_ok & birth_ok)
    elif pppk is not None:
        ok = ok | (length_ok & np.asarray(pppk, bool))
    return pd.Series(ok, index=nip.index)


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
