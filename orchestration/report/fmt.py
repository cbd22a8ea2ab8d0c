"""Numbers and names as a reader sees them: one place, so a figure reads the same in a sentence, a table
and a chart label."""

from __future__ import annotations

import math

import pandas as pd

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "pt": "Portuguese",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "nl": "Dutch",
    "ca": "Catalan",
    "pl": "Polish",
    "sv": "Swedish",
    "ja": "Japanese",
    "zh": "Chinese",
    "und": "undetermined",
    "(other)": "small groups (folded)",
}


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def language(code: str) -> str:
    """ISO 639-1 code -> English name ('und' -> 'undetermined'); unknown codes stay as they are."""
    return LANGUAGE_NAMES.get(code, code)


def pct(x, digits: int = 0) -> str:
    """0.5823 -> '58%'."""
    return "–" if missing(x) else f"{x * 100:.{digits}f}%"


def points(x, digits: int = 1) -> str:
    """A difference of two rates in percentage points, signed: 0.278 -> '+27.8 pts'."""
    return "–" if missing(x) else f"{x * 100:+.{digits}f} pts"


def money(x) -> str:
    """US dollars at a precision that suits the size: $0.29, $14.52, $687, $8.1k, $1.2M."""
    if missing(x):
        return "–"
    sign = "−" if x < 0 else ""
    a = abs(x)
    if a >= 1e6:
        body = f"${a / 1e6:.1f}M"
    elif a >= 1e4:
        body = f"${a / 1e3:.1f}k"
    elif a >= 100:
        body = f"${a:,.0f}"
    elif a >= 0.01 or a == 0:
        body = f"${a:,.2f}"
    else:
        body = f"${a:.4f}"
    return sign + body


def count(x) -> str:
    return "–" if missing(x) else f"{int(round(x)):,}"


def per_dollar(x) -> str:
    """Value per $1 of tokens: 0.34 -> '$0.34', 15885.6 -> '$15,886'."""
    if missing(x):
        return "–"
    return f"${x:,.2f}" if abs(x) < 100 else f"${x:,.0f}"


def signed_pct(x) -> str:
    """A relative change with a true minus sign: -0.476 -> '−48%'."""
    if missing(x):
        return "–"
    v = round(x * 100)
    return f"{'−' if v < 0 else '+'}{abs(v)}%"


PII_NAMES = {
    "email": "e-mail addresses",
    "phone": "phone numbers",
    "card": "payment cards",
    "iban": "IBANs",
    "ip": "IP addresses",
    "number": "other long numbers",
}


def ratio(x) -> str:
    """3.94 -> '3.9x'."""
    return "–" if missing(x) else f"{x:.1f}x"


def roi(x) -> str:
    """ROI as a signed percentage: -0.66 -> '−66%', 441.2 -> '+44,120%'."""
    if missing(x):
        return "–"
    v = x * 100
    return f"{'−' if v < 0 else '+'}{abs(v):,.0f}%"


def day(ts) -> str:
    """A day as '14 Oct 2026'."""
    return "–" if missing(ts) else pd.Timestamp(ts).strftime("%-d %b %Y")


def weekday_day(ts) -> str:
    return "–" if missing(ts) else pd.Timestamp(ts).strftime("%a %-d %b %Y")


def month(ts) -> str:
    return "–" if missing(ts) else pd.Timestamp(ts).strftime("%B %Y")


def p_value(p) -> str:
    if missing(p):
        return "–"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def join_words(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
