"""PII detection and redaction for user messages.

Owns: finding e-mail addresses, phone numbers, payment cards (Luhn + issuer prefix), IBANs (ISO 13616
checksum), IPv4/IPv6 addresses and long digit runs in free text, and producing a redacted copy with typed
placeholders (``<EMAIL>``, ``<PHONE>``, ``<CARD>``, ``<IBAN>``, ``<IP>``, ``<NUMBER>``).

Only the redacted text may reach tables BI reads, so every detector leans towards recall:
- every detected span is masked; overlapping spans from different detectors are merged into one masked
  region (typed by the most specific detector), so a partial match can never leave digits behind;
- a digit run that is no card, IBAN or valid phone number is still masked as ``<NUMBER>`` when it has
  at least ``MIN_NUMBER_DIGITS`` digits (mistyped cards, account numbers, national ids, local phone numbers);
- dates and clock times are protected from that safety net so ordinary sentences survive.

Presidio is not used: its default engine needs a spaCy model download (impossible offline) and its
pattern recognisers are the same regex + checksum ideas; a direct implementation keeps the separator
rules, the span merging and the digit-run safety net under our control and adds no dependency.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from phonenumbers import Leniency, PhoneNumberMatcher
from stdnum import iban as _iban
from stdnum import luhn as _luhn

PLACEHOLDERS: dict[str, str] = {
    "email": "<EMAIL>",
    "iban": "<IBAN>",
    "card": "<CARD>",
    "ip": "<IP>",
    "phone": "<PHONE>",
    "number": "<NUMBER>",
}
# Lower value wins when detectors overlap: the most specific evidence names the merged region.
_PRIORITY = {name: i for i, name in enumerate(PLACEHOLDERS)}

# Regions whose national formats the phone matcher tries (numbers written with "+" or an international
# prefix are found whatever the region). Chosen to cover the countries of the languages the cue lexicons
# cover (en, es, pt, fr, de) plus it/nl/in; each region costs ~0.04 ms per text that has >= 7 digits.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "US", "GB", "IE", "AU", "IN",
    "ES", "MX", "AR", "CO",
    "PT", "BR",
    "FR", "BE", "CH",
    "DE", "AT",
    "IT", "NL",
)  # fmt: skip

# Safety net: digit runs (single spaces or dashes between digits allowed) with at least this many digits
# are masked as <NUMBER> when no specific detector claimed them: mistyped cards, account numbers, national
# ids, phone numbers the matcher rejects. Measured (bench/signals.py, tests/unit/test_signals_pii.py): at 7
# the seeded corpus leaks nothing, at 8 it leaks the 7-digit local number "555-0123" (8 leaks of 2,376);
# on 48,007 real CLINC150/xSID/DBDC3 texts it flags 7 texts at 7 digits (an account number, a 7-digit
# operand, a garbled token, ids inside URLs), 13 at 6, 5 at 8.
MIN_NUMBER_DIGITS = 7
# The phone matcher only runs on texts with at least this many digits (shortest valid national numbers in
# the default regions have 7+ digits; 5-6 digit service numbers are not personal data).
_MIN_PHONE_DIGITS = 7

_EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"
    # obfuscated: "john [at] example [dot] com", "john(at)example.com"
    r"|[\w.+-]+\s*[\[(]\s*(?:at|@)\s*[\])]\s*[\w-]+(?:\s*(?:\.|[\[(]\s*dot\s*[\])])\s*[\w-]+)+",
    re.IGNORECASE,
)
# IBAN: country code, check digits, then up to 30 alphanumerics in groups (spaces optional).
_IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){2,8}", re.IGNORECASE)
_IBAN_GROUP = re.compile(r"[ ]?([A-Z0-9]{1,4})", re.IGNORECASE)
# A digit run: digits separated by at most one space or dash.
_DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[ \-]?\d)*(?!\d)")
_SEP = re.compile(r"[ \-]")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_IPV6 = re.compile(
    r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})"
    r"(?:%[0-9A-Za-z]+)?(?![0-9A-Za-z:])"
)
# "version 1.2.3.4", "v1.2.3.4", "build 10.0.19045.1" are versions, not addresses.
_VERSION_BEFORE = re.compile(
    r"(?:\bv|\bver\.?\s*|\bversions?\s*|\bversi[oó]n\s*|\bvers[aã]o\s*|\brelease\s*|\bbuild\s*)$",
    re.IGNORECASE,
)
# Dates and clock times are shielded from the digit-run safety net ("2024-01-15 10:30" is 10 digits).
_DATE_TIME = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)?\d\d"
    r"|(?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:19|20)?\d\d"
    r"|(?:[01]?\d|2[0-3])[:h][0-5]\d(?::[0-5]\d)?"
    r")(?!\d)"
)


_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
_UNIT_AFTER = re.compile(
    r"\s?(?:[€$£¥%]|(?:eur|euros?|usd|dollars?|gbp|chf|brl|mxn|reais|pesos|francs?|km|kg|m2|m²|habitant(?:e?s)?"
    r"|inhabitants|people|personnes|personas|pessoas|menschen|einwohner)\b)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:[€$£¥]|R\$|\b(?:eur|usd|gbp|chf|brl))\s?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One detected piece of personal data: ``text[start:end]`` is of kind ``type``."""

    start: int
    end: int
    type: str


def _card_issuer_ok(digits: str) -> bool:
    """True when the leading digits belong to a payment-card issuer range (ISO/IEC 7812 IIN)."""
    d2, d4 = int(digits[:2]), int(digits[:4])
    first = digits[0]
    if first in "456":  # Visa/Elo, Mastercard/Maestro, Discover/UnionPay/Maestro/RuPay
        return True
    if first == "3":  # Amex 34/37, Diners 300-305/36/38/39, JCB 3528-3589, Hipercard 3841
        return d2 in (34, 36, 37, 38, 39) or 300 <= int(digits[:3]) <= 305 or 3528 <= d4 <= 3589
    if first == "2":  # Mastercard 2221-2720, Mir 2200-2204
        return 2221 <= d4 <= 2720 or 2200 <= d4 <= 2204
    if first == "8":  # RuPay 81/82
        return d2 in (81, 82)
    return False


def is_payment_card(number: str) -> bool:
    """True for 12-19 digits (separators ignored) with a valid Luhn checksum and a known issuer prefix."""
    digits = re.sub(r"\D", "", number)
    return 12 <= len(digits) <= 19 and _card_issuer_ok(digits) and _luhn.is_valid(digits)


def is_iban(value: str) -> bool:
    """True when ``value`` (spaces allowed, any case) has a known country's IBAN length/format and a valid
    ISO 13616 mod-97 checksum.

    National account checks (stdnum's ``check_country``) are skipped on purpose: they rely on bank-code
    registries that age (the published Belgian example BE68 5390 0754 7034 fails them), and a real IBAN
    missed here would leave its letters in the redacted text.
    """
    return bool(_iban.is_valid(value.upper(), check_country=False))


def _find_emails(text: str) -> Iterable[PiiSpan]:
    for m in _EMAIL.finditer(text):
        yield PiiSpan(m.start(), m.end(), "email")


def _find_ibans(text: str) -> Iterable[PiiSpan]:
    for m in _IBAN_CANDIDATE.finditer(text):
        # The candidate may swallow a following word ("... 0130 00 please"): keep the longest prefix
        # made of whole groups that validates.
        groups = list(_IBAN_GROUP.finditer(text, m.start() + 4, m.end()))
        for k in range(len(groups), 0, -1):
            end = groups[k - 1].end()
            if is_iban(text[m.start() : end]):
                yield PiiSpan(m.start(), end, "iban")
                break


def _find_cards(text: str) -> Iterable[PiiSpan]:
    for m in _DIGIT_RUN.finditer(text):
        run = m.group()
        # "+44 121 234 5678" is 12 digits, Luhn-valid and starts with 4: a "+" marks a phone number.
        if len(run) < 12 or text[m.start() - 1 : m.start()] == "+":
            continue
        # Try every window of whole digit groups so "4111 1111 1111 1111 12/27" or a card followed by
        # more digits is still found.
        offsets, pos = [], 0
        for part in _SEP.split(run):
            offsets.append((pos, pos + len(part)))
            pos += len(part) + 1
        n = len(offsets)
        for i in range(n):
            for j in range(n, i, -1):
                digits = "".join(run[a:b] for a, b in offsets[i:j])
                if len(digits) > 19:
                    continue
                if len(digits) < 12:
                    break
                if is_payment_card(digits):
                    yield PiiSpan(m.start() + offsets[i][0], m.start() + offsets[j - 1][1], "card")
                    break


def _find_ips(text: str) -> Iterable[PiiSpan]:
    for m in _IPV4.finditer(text):
        octets = m.group().split(".")
        if all(int(o) <= 255 for o in octets) and not _VERSION_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            yield PiiSpan(m.start(), m.end(), "ip")
    if text.count(":") >= 2:
        for m in _IPV6.finditer(text):
            candidate = m.group().split("%", 1)[0]
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            yield PiiSpan(m.start(), m.end(), "ip")


def _find_phones(text: str, regions: Sequence[str]) -> Iterable[PiiSpan]:
    seen: set[tuple[int, int]] = set()
    for region in regions:
        # VALID (not POSSIBLE): POSSIBLE matched "10", "30" and "234.56" in "paid 1,234.56 at 10:30".
        for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
            key = (match.start, match.end)
            if key not in seen:
                seen.add(key)
                yield PiiSpan(match.start, match.end, "phone")


def _find_long_numbers(text: str, min_digits: int) -> Iterable[PiiSpan]:
    shielded = _DATE_TIME.sub(lambda m: "x" * len(m.group()), text)
    for m in _DIGIT_RUN.finditer(shielded):
        run = m.group()
        if len(run) < min_digits or sum(c.isdigit() for c in run) < min_digits:
            continue
        # "1 250 000 €" (space-grouped thousands next to a currency or unit) is an amount.
        if _THOUSANDS.fullmatch(run) and (
            _UNIT_AFTER.match(text, m.end()) or _CURRENCY_BEFORE.search(text[max(0, m.start() - 6) : m.start()])
        ):
            continue
        yield PiiSpan(m.start(), m.end(), "number")


def find_pii(
    text: str,
    *,
    phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS,
    min_number_digits: int = MIN_NUMBER_DIGITS,
) -> list[PiiSpan]:
    """All PII spans in ``text`` (possibly overlapping, from every detector), sorted by position."""
    if not text:
        return []
    spans: list[PiiSpan] = []
    if "@" in text or "[" in text or "(" in text:
        spans.extend(_find_emails(text))
    n_digits = sum(c.isdigit() for c in text)
    if n_digits:
        if n_digits >= 12:
            spans.extend(_find_ibans(text))
            spans.extend(_find_cards(text))
        spans.extend(_find_ips(text))
        if n_digits >= _MIN_PHONE_DIGITS:
            spans.extend(_find_phones(text, phone_regions))
        if n_digits >= min_number_digits:
            spans.extend(_find_long_numbers(text, min_number_digits))
    elif text.count(":") >= 2:
        spans.extend(_find_ips(text))  # "fe80::a" style addresses can carry a single digit or none
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def _merge(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Union of overlapping spans; each merged region takes the highest-priority type inside it."""
    merged: list[PiiSpan] = []
    for span in spans:  # sorted by start
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = last.type if _PRIORITY[last.type] <= _PRIORITY[span.type] else span.type
            merged[-1] = PiiSpan(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def redact(
    text: str,
    *,
    phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS,
    min_number_digits: int = MIN_NUMBER_DIGITS,
) -> tuple[str, list[str]]:
    """Return ``(redacted_text, pii_types)``: PII replaced by typed placeholders, types sorted and unique."""
    spans = _merge(find_pii(text, phone_regions=phone_regions, min_number_digits=min_number_digits))
    if not spans:
        return text, []
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(PLACEHOLDERS[span.type])
        pos = span.end
    out.append(text[pos:])
    return "".join(out), sorted({s.type for s in spans}, key=_PRIORITY.__getitem__)


def redact_texts(
    texts: Sequence[str | None],
    *,
    phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS,
    min_number_digits: int = MIN_NUMBER_DIGITS,
) -> tuple[list[str], list[list[str]]]:
    """Batch :func:`redact`: ``(redacted_texts, pii_types_per_text)``; ``None`` is treated as ``""``."""
    redacted, types = [], []
    for text in texts:
        r, t = redact(text or "", phone_regions=phone_regions, min_number_digits=min_number_digits)
        redacted.append(r)
        types.append(t)
    return redacted, types


__all__ = [
    "DEFAULT_PHONE_REGIONS",
    "MIN_NUMBER_DIGITS",
    "PLACEHOLDERS",
    "PiiSpan",
    "find_pii",
    "is_iban",
    "is_payment_card",
    "redact",
    "redact_texts",
]
