"""Realistic demo data for Parley: eight weeks of conversations with the six AI assistants of *Velora*.

Velora is a fictional e-bike maker (offices in the US, UK, Spain, Portugal, Brazil, Mexico, France and
Germany). This module generates its assistants' conversation logs, deterministically from a seed, with
known effects planted in them for the marts and the report to recover (see docs/demo-data.md):

1. ``support-agent`` fails customers who do not write in English;
2. ``hr-helper`` runs an A/B test in which prompt v2 (``treatment``) beats prompt v1 (``control``);
3. ``sales-copilot`` has strong adoption but poor retention, ``code-assistant`` is sticky;
4. the list price of ``gpt-4o`` changes on 2026-10-01 (two rows in seeds/model_prices.csv);
5. ``it-service-desk`` has a usage spike on one day (a VPN outage);
6. ``hr-helper`` gets a new intent (benefits open enrollment) in the last two weeks;
7. ``deal-research-agent`` has a negative ROI (expensive agent loops, low success).

Output (under ``out_dir``): ``v1/events-YYYY-MM-DD.jsonl`` (one file per UTC day, events in time order),
``openai/chat-completions-YYYY-MM.jsonl`` and ``otel/spans-YYYY-MM.jsonl`` (a ``foreign_share`` slice of
the conversations, written only in that format; their feedback and hand-off events, which those formats
cannot carry, go to the v1 files), and ``truth/conversations.csv`` + ``truth/messages.csv``: the
generator's ground truth (intent, outcome, rephrases, PII...) for evaluating the enrichment. Files are
written day by day, so memory stays bounded by a few days of events plus the conversation schedule.
"""

from __future__ import annotations

import random
import unicodedata
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from enrichment import demo_phrases as P
from enrichment.formats.openai import history_event_id, history_key
from enrichment.formats.v1 import derive_event_id

_EPOCH = datetime(1970, 1, 1)
_DAY_US = 86_400_000_000

# ----------------------------------------------------------------------------------------------------------
# Reference data (kept equal to seeds/*.csv by tests/unit/test_demo_data.py).
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelPrice:
    """One row of seeds/model_prices.csv: USD per 1M tokens, valid from ``valid_from`` through ``valid_to``
    (the last day the price applies; None = still in force)."""

    provider: str
    model: str
    input_usd_per_1m: float
    output_usd_per_1m: float
    cached_input_usd_per_1m: float | None
    valid_from: date
    valid_to: date | None
    source: str


MODEL_PRICES: tuple[ModelPrice, ...] = (
    ModelPrice("openai", "gpt-4o", 5.00, 15.00, None, date(2024, 5, 13), date(2026, 9, 30),
               "OpenAI, 'Announcing GPT-4o in the API!', community.openai.com, 2024-05-13: $5 input / $15 output "
               "per 1M tokens (launch list price; demo moves the change date into its window)"),
    ModelPrice("openai", "gpt-4o", 2.50, 10.00, 1.25, date(2026, 10, 1), None,
               "OpenAI API pricing page (platform.openai.com/docs/pricing), gpt-4o: $2.50 input / $1.25 cached "
               "input / $10.00 output per 1M tokens; list price since gpt-4o-2024-08-06, checked 2026-05"),
    ModelPrice("openai", "gpt-4o-mini", 0.15, 0.60, 0.075, date(2024, 7, 18), None,
               "OpenAI API pricing page (platform.openai.com/docs/pricing), gpt-4o-mini: $0.15 input / $0.075 "
               "cached input / $0.60 output per 1M tokens; checked 2026-05"),
    ModelPrice("anthropic", "claude-sonnet-4-5", 3.00, 15.00, 0.30, date(2025, 9, 29), None,
               "Anthropic, Claude Sonnet 4.5 model page (platform.claude.com/docs/models/sonnet-4-5): $3 input / "
               "$15 output per MTok, cache read 0.1x input; released 2025-09-29"),
    ModelPrice("anthropic", "claude-haiku-4-5", 1.00, 5.00, 0.10, date(2025, 10, 15), None,
               "Anthropic, Claude Haiku 4.5 model page (platform.claude.com/docs/models/haiku-4-5): $1 input / $5 "
               "output per MTok, cache read 0.1x input; released 2025-10-15"),
    ModelPrice("google", "gemini-2.0-flash", 0.10, 0.40, 0.025, date(2025, 2, 5), None,
               "Google, Gemini Developer API pricing (ai.google.dev/gemini-api/docs/pricing), gemini-2.0-flash paid "
               "tier: $0.10 input (text/image/video) / $0.40 output / $0.025 context caching per 1M tokens"),
)


@dataclass(frozen=True)
class Assistant:
    """One AI assistant of the demo company and the behaviour the generator gives it."""

    assistant_id: str
    assistant_name: str
    department: str
    provider: str
    model: str
    owner: str
    launch_date: date
    share: float  # share of all conversations
    audience: tuple[tuple[str, float], ...]  # employee departments using it; () = company-wide; None = customers
    customers: bool
    local_language: float  # P(a user whose language is not English writes in it rather than in English)
    mix: tuple[float, float, float, float]  # user kinds: one-and-done, occasional, weekly, power
    outcome: tuple[float, float, float, float]  # success, neutral, failure, escalation
    rephrase: float  # propensity to rephrase after an unhelpful answer
    intents: tuple[tuple[str, float], ...]
    feedback_scale: str
    handoff_channel: str
    system_tokens: int
    context_tokens: tuple[int, int]  # retrieved context per call (RAG / CRM / repo)
    reports_cost: bool  # the gateway in front of it reports cost_usd
    pii_rate: float  # P(a user question carries PII)
    pii_kinds: tuple[tuple[str, float], ...]
    otel_flavour: str  # how its OpenTelemetry instrumentation writes spans: "current" or "legacy"


ASSISTANTS: tuple[Assistant, ...] = (
    Assistant("hr-helper", "HR Helper", "People", "openai", "gpt-4o-mini", "People Technology",
              date(2026, 3, 2), 0.19, (), False, 0.85, (0.40, 0.42, 0.14, 0.04),
              (0.45, 0.24, 0.20, 0.11), 0.35,
              (("vacation_balance", 0.32), ("payslip", 0.26), ("parental_leave", 0.12), ("expense_policy", 0.30)),
              "thumbs", "hr_case", 380, (1500, 4000), True, 0.045, (("iban", 0.6), ("email", 0.25), ("phone", 0.15)),
              "current"),
    Assistant("it-service-desk", "IT Service Desk", "IT", "google", "gemini-2.0-flash", "IT Service Management",
              date(2025, 11, 17), 0.18, (), False, 0.85, (0.50, 0.40, 0.08, 0.02),
              (0.55, 0.22, 0.11, 0.12), 0.18,
              (("password_reset", 0.35), ("vpn", 0.25), ("laptop_request", 0.15), ("mfa_device", 0.25)),
              "thumbs", "servicedesk", 420, (1000, 3000), False, 0.045, (("ip", 0.5), ("phone", 0.3), ("email", 0.2)),
              "legacy"),
    Assistant("support-agent", "Velora Support Assistant", "Customer Service", "anthropic", "claude-haiku-4-5",
              "Customer Experience", date(2026, 5, 4), 0.26, (), True, 0.95, (0.72, 0.24, 0.04, 0.0),
              (0.66, 0.16, 0.10, 0.08), 0.15,
              (("order_status", 0.40), ("refund", 0.25), ("shipping", 0.20), ("warranty_repair", 0.15)),
              "1-5", "live_chat", 1500, (300, 1200), False, 0.055,
              (("email", 0.32), ("phone", 0.22), ("card", 0.28), ("iban", 0.1), ("ip", 0.08)), "current"),
    Assistant("sales-copilot", "Sales Copilot", "Sales", "anthropic", "claude-sonnet-4-5", "Revenue Operations",
              date(2026, 9, 7), 0.14, (("Sales", 0.85), ("Marketing", 0.10), ("Customer Service", 0.05)), False,
              0.6, (0.70, 0.24, 0.05, 0.01), (0.45, 0.37, 0.14, 0.04), 0.15,
              (("draft_email", 0.45), ("summarise_account", 0.30), ("meeting_prep", 0.25)),
              "thumbs", "sales_ops", 520, (6000, 18000), False, 0.04, (("email", 0.7), ("phone", 0.3)), "legacy"),
    Assistant("deal-research-agent", "Deal Research Agent", "Sales", "anthropic", "claude-sonnet-4-5",
              "Revenue Operations", date(2026, 7, 13), 0.06, (("Sales", 0.80), ("Marketing", 0.15), ("Product", 0.05)),
              False, 0.4, (0.35, 0.35, 0.22, 0.08), (0.10, 0.30, 0.54, 0.06), 0.45,
              (("company_research", 0.65), ("competitor_comparison", 0.35)),
              "thumbs", "market_intelligence", 1400, (4000, 12000), False, 0.005, (("email", 1.0),), "legacy"),
    Assistant("code-assistant", "Code Assistant", "Engineering", "openai", "gpt-4o", "Developer Experience",
              date(2026, 1, 12), 0.17, (("Engineering", 0.88), ("Product", 0.06), ("IT", 0.06)), False, 0.2,
              (0.10, 0.20, 0.35, 0.35), (0.60, 0.27, 0.11, 0.02), 0.2,
              (("explain_error", 0.40), ("write_sql", 0.35), ("write_test", 0.25)),
              "thumbs", "developer_experience", 450, (1500, 6000), True, 0.015, (("ip", 0.6), ("email", 0.4)),
              "current"),
)
ASSISTANT_BY_ID = {a.assistant_id: a for a in ASSISTANTS}

# Planted-effect parameters (documented in docs/demo-data.md with the magnitudes they produce).
AB_ASSISTANT = "hr-helper"
AB_VARIANTS = ("control", "treatment")
AB_TREATMENT = {"outcome": (0.72, 0.17, 0.07, 0.04), "rephrase": 0.08, "system_tokens": 560,
                "context_tokens": (2500, 5000)}
LANGUAGE_GAP_ASSISTANT = "support-agent"
SUPPORT_NON_ENGLISH = {"outcome": (0.20, 0.08, 0.36, 0.36), "rephrase": 0.55}
SPIKE_ASSISTANT = "it-service-desk"
SPIKE_DAYS_BEFORE_END = 18  # default window: Wednesday 2026-10-14
SPIKE_FRACTION = 0.09  # of the assistant's conversations, all on the spike day (~4.5x a normal weekday)
SPIKE_OUTCOME = (0.35, 0.15, 0.20, 0.30)
NEW_INTENT = ("hr-helper", "benefits_enrollment", 0.35)  # share of HR conversations once it exists
NEW_INTENT_DAYS_BEFORE_END = 13  # default window: Monday 2026-10-19
NEW_INTENT_DEADLINE_DAYS = 25  # enrollment closes 25 days after it opens
PRICE_CHANGE_MODEL = "gpt-4o"
LEGACY_SLACK_SHARE = 0.12  # of Slack conversations, through the legacy bot app 1.9.4 that sends no event ids

# ----------------------------------------------------------------------------------------------------------
# People: countries, departments, names.
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    region: str
    locale: str
    language: str
    timezones: tuple[tuple[str, float], ...]
    currency: str
    employee_weight: float
    customer_weight: float
    cities: tuple[str, ...]
    carriers: tuple[str, ...]
    email_domains: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


COUNTRIES: tuple[Country, ...] = (
    Country("US", "NA", "en-US", "en",
            (("America/Los_Angeles", 0.4), ("America/New_York", 0.35), ("America/Chicago", 0.25)), "USD", 0.30,
            0.34, ("Portland", "Austin", "Chicago", "Denver", "Seattle"), ("UPS", "FedEx"),
            ("gmail.com", "outlook.com", "yahoo.com", "icloud.com"),
            ("James", "Emily", "Michael", "Sarah", "David", "Jessica", "Chris", "Ashley", "Daniel", "Megan"),
            ("Smith", "Johnson", "Miller", "Davis", "Garcia", "Wilson", "Anderson", "Taylor", "Thomas", "Moore")),
    Country("GB", "EMEA", "en-GB", "en", (("Europe/London", 1.0),), "GBP", 0.12, 0.12,
            ("Manchester", "Bristol", "Leeds", "Edinburgh"), ("DPD", "Royal Mail"),
            ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"),
            ("Oliver", "Amelia", "Harry", "Isla", "George", "Sophie", "Jack", "Grace"),
            ("Brown", "Jones", "Evans", "Walker", "Wright", "Hughes", "Roberts", "Clarke")),
    Country("ES", "EMEA", "es-ES", "es", (("Europe/Madrid", 1.0),), "EUR", 0.14, 0.13,
            ("Valencia", "Sevilla", "Bilbao", "Zaragoza"), ("SEUR", "Correos Express"),
            ("gmail.com", "hotmail.es", "outlook.es", "yahoo.es"),
            ("Lucía", "Hugo", "María", "Pablo", "Carmen", "Javier", "Laura", "Alejandro"),
            ("García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres")),
    Country("MX", "LATAM", "es-MX", "es", (("America/Mexico_City", 1.0),), "MXN", 0.07, 0.07,
            ("Guadalajara", "Monterrey", "Puebla", "Querétaro"), ("Estafeta", "DHL Express"),
            ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx"),
            ("Sofía", "Diego", "Valentina", "Luis", "Camila", "Carlos", "Fernanda", "Jorge"),
            ("Hernández", "González", "Ramírez", "Flores", "Morales", "Cruz", "Reyes", "Ortiz")),
    Country("PT", "EMEA", "pt-PT", "pt", (("Europe/Lisbon", 1.0),), "EUR", 0.07, 0.06,
            ("Porto", "Braga", "Coimbra", "Faro"), ("CTT Expresso", "DPD Portugal"),
            ("gmail.com", "sapo.pt", "outlook.pt", "hotmail.com"),
            ("João", "Beatriz", "Tiago", "Inês", "Rui", "Mariana", "André", "Catarina"),
            ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins")),
    Country("BR", "LATAM", "pt-BR", "pt", (("America/Sao_Paulo", 1.0),), "BRL", 0.11, 0.10,
            ("Curitiba", "Belo Horizonte", "Recife", "Porto Alegre"), ("Correios", "Loggi"),
            ("gmail.com", "hotmail.com", "uol.com.br", "outlook.com"),
            ("Gabriel", "Ana", "Lucas", "Júlia", "Mateus", "Larissa", "Rafael", "Camila"),
            ("Souza", "Lima", "Carvalho", "Almeida", "Ribeiro", "Gomes", "Barbosa", "Rocha")),
    Country("FR", "EMEA", "fr-FR", "fr", (("Europe/Paris", 1.0),), "EUR", 0.10, 0.09,
            ("Lyon", "Nantes", "Bordeaux", "Lille"), ("Colissimo", "Chronopost"),
            ("gmail.com", "orange.fr", "free.fr", "outlook.fr"),
            ("Louis", "Camille", "Lucas", "Chloé", "Hugo", "Manon", "Théo", "Léa"),
            ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")),
    Country("DE", "EMEA", "de-DE", "de", (("Europe/Berlin", 1.0),), "EUR", 0.09, 0.09,
            ("Hamburg", "München", "Köln", "Leipzig"), ("DHL", "Hermes"),
            ("gmail.com", "web.de", "gmx.de", "outlook.de"),
            ("Lukas", "Anna", "Leon", "Marie", "Finn", "Lena", "Jonas", "Laura"),
            ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker")),
)

DEPARTMENTS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Operations", 0.20, ("Warehouse Associate", "Logistics Coordinator", "Operations Manager", "Assembly Technician")),
    ("Engineering", 0.16, ("Software Engineer", "Senior Software Engineer", "Data Engineer", "Engineering Manager",
                           "QA Engineer")),
    ("Sales", 0.14, ("Account Executive", "Sales Development Representative", "Sales Manager", "Solutions Engineer")),
    ("Customer Service", 0.12, ("Support Specialist", "Support Team Lead")),
    ("Marketing", 0.08, ("Marketing Manager", "Content Specialist", "Growth Analyst")),
    ("Finance", 0.07, ("Accountant", "Financial Analyst", "Controller")),
    ("Product", 0.07, ("Product Manager", "Product Designer")),
    ("People", 0.05, ("HR Business Partner", "Recruiter", "People Operations Specialist")),
    ("IT", 0.05, ("IT Support Technician", "Systems Administrator")),
    ("Legal", 0.03, ("Legal Counsel", "Paralegal")),
    ("Retail", 0.03, ("Store Associate", "Store Manager")),
)
_ROLES = {name: roles for name, _, roles in DEPARTMENTS}

HUMAN_AGENTS = {"en": ("Megan", "Tom", "Priya"), "es": ("Lucía", "Javier", "Marta"), "pt": ("Ana", "Rafael", "Juliana"),
                "fr": ("Camille", "Julien", "Sarah"), "de": ("Jana", "Tobias", "Mia")}

# Local hour of day at which conversations start (weights for 0..23).
_EMPLOYEE_HOURS = (0, 0, 0, 0, 0, 0, 0.2, 0.9, 2.6, 4.6, 5, 4.6, 3, 3.6, 4.6, 4.4, 3.8, 2.6, 1.2, 0.6, 0.4, 0.3, 0.1, 0)
_CUSTOMER_HOURS = (0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 1, 2, 3, 3.5, 3.6, 3.5, 3.3, 3.2, 3.2, 3.3, 3.5, 3.8, 4, 3.8,
                   3, 2, 1)
_OUTAGE_HOURS = (0, 0, 0, 0, 0, 0, 0, 4, 6, 5, 3.5, 2.5, 1.5, 1, 0.8, 0.6, 0.4, 0.2, 0, 0, 0, 0, 0, 0)

# Latency model per model: (seconds to first token, output tokens per second).
_SPEED = {"gpt-4o-mini": (0.45, 85.0), "gpt-4o": (0.6, 70.0), "claude-haiku-4-5": (0.5, 110.0),
          "claude-sonnet-4-5": (1.1, 60.0), "gemini-2.0-flash": (0.35, 150.0)}
_SERVER = {"openai": "api.openai.com", "anthropic": "api.anthropic.com", "google": "generativelanguage.googleapis.com"}

_CURRENCY_RATE = {"EUR": 1.0, "USD": 1.1, "GBP": 0.85, "BRL": 6.0, "MXN": 20.0}
_OUTCOMES = ("success", "neutral", "failure", "escalation")
TRUTH_CONVERSATION_COLUMNS = (
    "conversation_id", "format", "assistant_id", "user_id", "language", "country", "variant", "intent",
    "followup_intents", "outcome", "rephrases", "frustration", "thanks", "handoff_reason", "feedback_scores",
    "feedback_scale", "pii", "messages", "start_utc", "derived_ids")
TRUTH_MESSAGE_COLUMNS = ("event_id", "conversation_id", "timestamp_utc", "role", "kind", "intent", "language", "pii")
_KINDS = ("one_and_done", "occasional", "weekly", "power")


# ----------------------------------------------------------------------------------------------------------
# Public result.
# ----------------------------------------------------------------------------------------------------------


@dataclass
class GenerateSummary:
    """What :func:`generate` wrote. ``events`` counts the events a loader will load (v1 lines plus the
    distinct messages in the foreign lines); ``messages`` counts message events in every format."""

    out_dir: Path
    start_date: date  # first day of the window
    end_date: date  # first day after the window
    conversations: int = 0
    events: int = 0
    messages: int = 0
    feedback: int = 0
    handoffs: int = 0
    users: int = 0
    files: int = 0
    conversations_by_format: dict[str, int] = field(default_factory=lambda: {"v1": 0, "openai": 0, "otel": 0})
    lines_by_format: dict[str, int] = field(default_factory=lambda: {"v1": 0, "openai": 0, "otel": 0})
    files_by_format: dict[str, int] = field(default_factory=lambda: {"v1": 0, "openai": 0, "otel": 0, "truth": 0})


# ----------------------------------------------------------------------------------------------------------
# Valid-looking PII (Luhn-valid cards, checksum-valid IBANs, phone numbers in each country's real format).
# ----------------------------------------------------------------------------------------------------------


def luhn_check_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _card(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        body = "4" + "".join(str(rng.randrange(10)) for _ in range(14))
    elif r < 0.85:
        body = "5" + str(rng.randrange(1, 6)) + "".join(str(rng.randrange(10)) for _ in range(13))
    else:  # American Express: 15 digits, grouped 4-6-5
        body = "3" + rng.choice("47") + "".join(str(rng.randrange(10)) for _ in range(12))
        number = body + luhn_check_digit(body)
        return f"{number[:4]} {number[4:10]} {number[10:]}"
    number = body + luhn_check_digit(body)
    style = rng.random()
    if style < 0.6:
        return " ".join(number[i:i + 4] for i in range(0, 16, 4))
    if style < 0.8:
        return "-".join(number[i:i + 4] for i in range(0, 16, 4))
    return number


def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def _es_ccc_digit(digits: str) -> str:
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
    d = 11 - sum(int(c) * w for c, w in zip(digits, weights, strict=True)) % 11
    return "1" if d == 10 else "0" if d == 11 else str(d)


def _iban(rng: random.Random, country: str) -> str:
    def digits(n: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(n))

    if country == "ES":  # bank(4) branch(4) control(2) account(10); control digits per the CCC rule
        bank, branch, account = digits(4), digits(4), digits(10)
        bban = bank + branch + _es_ccc_digit("00" + bank + branch) + _es_ccc_digit(account) + account
    elif country == "PT":  # bank(4) branch(4) account(11) NIB check(2)
        base = digits(19)
        bban = base + f"{98 - int(base + '00') % 97:02d}"
    elif country == "FR":  # bank(5) branch(5) account(11) RIB key(2)
        bank, branch, account = digits(5), digits(5), digits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        bban = bank + branch + account + f"{key:02d}"
    elif country == "GB":  # bank code(4 letters) sort code(6) account(8)
        bban = rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL")) + digits(14)
    else:  # DE: Bankleitzahl(8) account(10)
        country = "DE"
        bban = digits(18)
    iban = country + _iban_check(country, bban) + bban
    if rng.random() < 0.7:
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


def _phone(rng: random.Random, country: str) -> str:
    """A phone number in the country's usual written format that libphonenumber accepts as valid (random
    digits can fall in unallocated sub-ranges: those are drawn again)."""
    import phonenumbers  # only needed for the ~0.3% of messages that carry a phone number

    for _ in range(50):
        number = _phone_candidate(rng, country)
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number
    raise RuntimeError(f"no valid phone number drawn for {country}")


def _phone_candidate(rng: random.Random, country: str) -> str:
    def digits(n: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(n))

    if country == "US":
        area = rng.choice(("415", "212", "312", "512", "646", "503"))
        exchange = str(rng.randrange(2, 10)) + digits(2)
        if exchange[1:] == "11":
            exchange = exchange[0] + "23"
        line = digits(4)
        return rng.choice((f"+1 {area} {exchange} {line}", f"+1 ({area}) {exchange}-{line}",
                           f"+1-{area}-{exchange}-{line}"))
    if country == "GB":
        return f"+44 7{rng.choice('4589')}{digits(2)} {digits(6)}"
    if country == "ES":
        return rng.choice((f"+34 6{digits(2)} {digits(3)} {digits(3)}", f"+34 91 {digits(3)} {digits(2)} {digits(2)}"))
    if country == "PT":
        return f"+351 9{rng.choice('1236')}{digits(1)} {digits(3)} {digits(3)}"
    if country == "BR":
        return f"+55 11 9{rng.choice('6789')}{digits(3)}-{digits(4)}"
    if country == "MX":
        return f"+52 55 {digits(4)} {digits(4)}"
    if country == "FR":
        # French mobiles: 06, or 073 to 078 (07 0x/1x/2x are not allocated).
        lead = f"6 {digits(2)}" if rng.random() < 0.7 else f"7 {rng.choice('345678')}{digits(1)}"
        return f"+33 {lead} {digits(2)} {digits(2)} {digits(2)}"
    return rng.choice((f"+49 151 {digits(8)}", f"+49 170 {digits(7)}", f"+49 30 {digits(8)}"))


def _ip(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    if r < 0.65:
        return f"192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    if r < 0.9:
        return f"{rng.choice((81, 85, 88, 176, 188, 201, 187))}.{rng.randrange(256)}.{rng.randrange(256)}." \
               f"{rng.randrange(1, 255)}"
    return f"2a02:8070:{rng.randrange(65536):x}:{rng.randrange(65536):x}::{rng.randrange(1, 65536):x}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


# ----------------------------------------------------------------------------------------------------------
# Internal state.
# ----------------------------------------------------------------------------------------------------------


class _User:
    __slots__ = ("uid", "country", "tz", "first", "last", "email", "department", "props", "channel", "customer",
                 "written")

    def __init__(self, uid: str, country: Country, tz: ZoneInfo, first: str, last: str, email: str,
                 department: str | None, props: dict[str, str], channel: str, customer: bool):
        self.uid, self.country, self.tz, self.first, self.last = uid, country, tz, first, last
        self.email, self.department, self.props, self.channel = email, department, props, channel
        self.customer, self.written = customer, False


class _Pair:
    """A user's relationship with one assistant: the language they write to it in, their A/B arm."""

    __slots__ = ("user", "lang", "variant")

    def __init__(self, user: _User, lang: str, variant: str | None):
        self.user, self.lang, self.variant = user, lang, variant


class _Msg:
    __slots__ = ("ts", "role", "content", "kind", "intent", "in_tok", "out_tok", "latency", "pii", "event_id", "utc")

    def __init__(self, ts: int, role: str, content: str, kind: str, intent: str | None, pii: str = ""):
        self.ts, self.role, self.content, self.kind, self.intent, self.pii = ts, role, content, kind, intent, pii
        self.in_tok = self.out_tok = self.latency = 0
        self.event_id: str | None = None


def _cum(weights: tuple[float, ...] | list[float]) -> list[float]:
    return list(accumulate(weights))


def _pick(rng: random.Random, items: tuple | list, cum: list[float]) -> Any:
    return items[bisect(cum, rng.random() * cum[-1])]


def _choice(rng: random.Random, seq: tuple | list) -> Any:
    # rng.choice draws through _randbelow, ~4x slower than one random() call; this is on the hot path.
    return seq[int(rng.random() * len(seq))]


def _randint(rng: random.Random, lo: int, hi: int) -> int:
    return lo + int(rng.random() * (hi - lo + 1))


def _tokens(text: str) -> int:
    # ~4 characters per token for the BPE tokenizers of all three providers on this kind of text.
    return len(text) // 4 + 1


class _Generator:
    def __init__(self, out_dir: Path, conversations: int, days: int, seed: int, end_date: date,
                 foreign_share: float, progress: Callable[[int, int], None] | None):
        if conversations < 0 or days < 1:
            raise ValueError("conversations must be >= 0 and days >= 1")
        if not 0.0 <= foreign_share <= 1.0:
            raise ValueError("foreign_share must be between 0 and 1")
        self.rng = random.Random(seed)
        self.out = Path(out_dir)
        self.n = conversations
        self.days = days
        self.end = end_date
        self.start = end_date - timedelta(days=days)
        self.start_us = (self.start - date(1970, 1, 1)).days * _DAY_US
        self.end_us = self.start_us + days * _DAY_US
        self.foreign_share = foreign_share
        self.progress = progress
        self.summary = GenerateSummary(self.out, self.start, self.end)
        self.spike_day = days - SPIKE_DAYS_BEFORE_END if days > SPIKE_DAYS_BEFORE_END else None
        self.new_intent_day = days - NEW_INTENT_DAYS_BEFORE_END if days > NEW_INTENT_DAYS_BEFORE_END else None
        self.prices: dict[str, list[ModelPrice]] = {}
        for price in MODEL_PRICES:
            self.prices.setdefault(price.model, []).append(price)
        self._tz: dict[str, ZoneInfo] = {}
        self._offsets: dict[tuple[str, int], int] = {}
        self._hour_prefix: dict[int, str] = {}
        self._country_cum_emp = _cum([c.employee_weight for c in COUNTRIES])
        self._country_cum_cust = _cum([c.customer_weight for c in COUNTRIES])
        self._dept_cum = _cum([w for _, w, _ in DEPARTMENTS])
        self._dept_names = [d for d, _, _ in DEPARTMENTS]
        self._hour_cum = {"employee": _cum(_EMPLOYEE_HOURS), "customer": _cum(_CUSTOMER_HOURS),
                          "outage": _cum(_OUTAGE_HOURS)}
        self.employees: dict[str, list[_User]] = {d: [] for d in self._dept_names}
        self.paired: dict[str, set[int]] = {a.assistant_id: set() for a in ASSISTANTS}
        self._seq = 0
        self.v1_buf: dict[int, list[tuple[int, int, bytes]]] = {}
        self.foreign_buf: dict[str, dict[int, list[tuple[int, int, bytes]]]] = {"openai": {}, "otel": {}}
        self.flushed_through = -1
        self.month_files: dict[tuple[str, str], Any] = {}

    # -- people ------------------------------------------------------------------------------------------
    def _zone(self, name: str) -> ZoneInfo:
        tz = self._tz.get(name)
        if tz is None:
            tz = self._tz[name] = ZoneInfo(name)
        return tz

    def _new_user(self, customer: bool, department: str | None = None, region: str | None = None) -> _User:
        rng = self.rng
        while True:
            country = _pick(rng, COUNTRIES, self._country_cum_cust if customer else self._country_cum_emp)
            if region is None or country.region == region:
                break
        zones = country.timezones
        tz = self._zone(zones[0][0] if len(zones) == 1 else _pick(rng, [z for z, _ in zones],
                                                                 _cum([w for _, w in zones])))
        first, last = rng.choice(country.first_names), rng.choice(country.last_names)
        if customer:
            uid = f"cust-{rng.getrandbits(40):010x}"
            sep = rng.choice((".", "_", ""))
            email = f"{_ascii(first)}{sep}{_ascii(last)}{rng.randrange(100) if rng.random() < 0.4 else ''}" \
                    f"@{rng.choice(country.email_domains)}"
            props = {"region": country.region, "country": country.code, "locale": country.locale}
            return _User(uid, country, tz, first, last, email, None, props, "web", True)
        if department is None:
            department = _pick(rng, self._dept_names, self._dept_cum)
        uid = f"u-{rng.getrandbits(32):08x}"
        email = f"{_ascii(first)}.{_ascii(last)}@velora.com"
        props = {"department": department, "region": country.region, "country": country.code,
                 "locale": country.locale, "job_role": rng.choice(_ROLES[department])}
        r = rng.random()
        channel = "teams" if r < 0.55 else "slack" if r < 0.85 else "web"
        user = _User(uid, country, tz, first, last, email, department, props, channel, False)
        self.employees[department].append(user)
        return user

    def _user_for(self, a: Assistant, region: str | None = None) -> _User:
        """A user who has not used assistant ``a`` yet: often an existing employee, else a new one."""
        rng = self.rng
        if a.customers:
            return self._new_user(True)
        if a.audience:
            department = _pick(rng, [d for d, _ in a.audience], _cum([w for _, w in a.audience]))
        else:
            department = _pick(rng, self._dept_names, self._dept_cum)
        pool = self.employees[department]
        paired = self.paired[a.assistant_id]
        if pool and rng.random() < 0.7:
            for _ in range(4):
                user = pool[rng.randrange(len(pool))]
                if id(user) not in paired and (region is None or user.country.region == region):
                    return user
        return self._new_user(False, department, region)

    def _pair(self, a: Assistant, user: _User) -> _Pair:
        rng = self.rng
        if not user.customer:
            self.paired[a.assistant_id].add(id(user))
        lang = user.country.language
        if lang != "en" and rng.random() >= a.local_language:
            lang = "en"
        variant = rng.choice(AB_VARIANTS) if a.assistant_id == AB_ASSISTANT else None
        return _Pair(user, lang, variant)

    # -- schedule ----------------------------------------------------------------------------------------
    def _weekend_shift(self, d: int) -> int:
        wd = (self.start + timedelta(days=d)).weekday()
        if wd >= 5 and self.rng.random() < 0.9:
            d += 7 - wd
        return d

    def _sessions(self, a: Assistant, kind: str, lo: int, launched_in_window: bool) -> list[int]:
        rng, days = self.rng, self.days
        span = days - lo
        if launched_in_window:
            first = lo + int(rng.expovariate(1 / 5)) if rng.random() < 0.7 else lo + rng.randrange(span)
        elif kind in ("weekly", "power"):
            first = lo + rng.randrange(min(7, span))
        elif kind == "occasional" and rng.random() < 0.5:
            first = lo + rng.randrange(min(20, span))
        else:
            first = lo + rng.randrange(span)
        if first >= days:
            first = lo + rng.randrange(span)
        if not a.customers:
            first = self._weekend_shift(first)
        out = [first] if first < days else []
        d = first
        if kind == "one_and_done":
            return out
        cont = {"occasional": 0.55, "weekly": 0.93, "power": 0.985}[kind]
        while out:
            if kind == "occasional":
                gap = rng.randint(6, 24)
            elif kind == "weekly":
                gap = 7 + rng.randint(-2, 2)
            else:
                r = rng.random()
                gap = 1 if r < 0.6 else 2 if r < 0.85 else rng.randint(3, 4)
            d += gap
            if not a.customers:
                d = self._weekend_shift(d)
            if d >= days:
                break
            out.append(d)
            if kind == "power" and rng.random() < 0.35:
                out.append(d)
            if rng.random() > cont:
                break
        return out

    def _plan(self) -> list[list[tuple[Assistant, _Pair, bool]]]:
        rng, days = self.rng, self.days
        plan: list[list[tuple[Assistant, _Pair, bool]]] = [[] for _ in range(days)]
        live = [a for a in ASSISTANTS if a.launch_date < self.end]
        if not live or self.n == 0:
            return plan
        total = sum(a.share for a in live)
        quotas = [self.n * a.share / total for a in live]
        counts = [int(q) for q in quotas]
        # Largest remainder, ties broken by assistant order, so the counts sum to exactly n.
        by_remainder = sorted(range(len(live)), key=lambda i: (-(quotas[i] - counts[i]), i))
        for i in by_remainder[: self.n - sum(counts)]:
            counts[i] += 1
        kind_cums = {a.assistant_id: _cum(a.mix) for a in live}
        for a, count in zip(live, counts, strict=True):
            lo = max(0, (a.launch_date - self.start).days)
            launched_in_window = lo > 0
            spike = 0
            if a.assistant_id == SPIKE_ASSISTANT and self.spike_day is not None and self.spike_day >= lo:
                spike = round(count * SPIKE_FRACTION)
            regular = count - spike
            made = 0
            while made < regular:
                pair = self._pair(a, self._user_for(a))
                kind = _pick(rng, _KINDS, kind_cums[a.assistant_id])
                for d in self._sessions(a, kind, lo, launched_in_window):
                    if made == regular:
                        break
                    plan[d].append((a, pair, False))
                    made += 1
            for _ in range(spike):
                # The outage hit the EU gateway: mostly European employees, many first-time users.
                region = "EMEA" if rng.random() < 0.8 else None
                plan[self.spike_day].append((a, self._pair(a, self._user_for(a, region)), True))
        return plan

    # -- time --------------------------------------------------------------------------------------------
    def _offset_us(self, tz: ZoneInfo, day: date) -> int:
        key = (tz.key, day.toordinal())
        off = self._offsets.get(key)
        if off is None:
            off = int(tz.utcoffset(datetime(day.year, day.month, day.day, 12)).total_seconds()) * 1_000_000
            self._offsets[key] = off
        return off

    def _clock(self, us: int) -> str:
        """``YYYY-MM-DDTHH:MM:SS.mmm`` of a count of microseconds since the epoch (millisecond precision)."""
        hour, rem = divmod(us, 3_600_000_000)
        prefix = self._hour_prefix.get(hour)
        if prefix is None:
            prefix = self._hour_prefix[hour] = (_EPOCH + timedelta(hours=hour)).strftime("%Y-%m-%dT%H:")
        seconds, ms = divmod(rem // 1000, 1000)
        minutes, seconds = divmod(seconds, 60)
        return f"{prefix}{minutes:02d}:{seconds:02d}.{ms:03d}"

    def _utc_text(self, us: int) -> str:
        return self._clock(us) + "Z"

    def _local_text(self, us: int, off_us: int) -> str:
        sign = "+" if off_us >= 0 else "-"
        minutes = abs(off_us) // 60_000_000
        return self._clock(us + off_us) + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"

    # -- text --------------------------------------------------------------------------------------------
    def _fmt_date(self, d: date, lang: str) -> str:
        month = P.MONTHS[lang][d.month - 1]
        if lang == "en":
            return f"{month} {d.day}"
        if lang in ("es", "pt"):
            return f"{d.day} de {month}"
        if lang == "fr":
            return f"{'1er' if d.day == 1 else d.day} {month}"
        return f"{d.day}. {month}"

    @staticmethod
    def _money(value_eur: float, currency: str, lang: str) -> str:
        v = value_eur * _CURRENCY_RATE[currency]
        v = round(v) if v >= 100 else round(v, 2)
        whole = v == int(v)
        if lang == "en":
            text = f"{v:,.0f}" if whole else f"{v:,.2f}"
            return {"USD": "$", "EUR": "€", "GBP": "£", "BRL": "R$", "MXN": "MX$"}[currency] + text
        text = f"{v:,.0f}" if whole else f"{v:,.2f}"
        text = text.replace(",", " ").replace(".", ",").replace(" ", "." if lang in ("es", "pt", "de") else "\u202f")
        if currency == "BRL":
            return f"R$ {text}"
        if currency == "MXN":
            return f"${text} MXN"
        if currency == "USD":
            return f"{text} US$"
        return f"{text} {'€' if currency == 'EUR' else '£'}"

    def _slots(self, a: Assistant, pair: _Pair, intent: str, day: date) -> dict[str, Any]:
        rng, lang, user = self.rng, pair.lang, pair.user
        words = P.ASSISTANT_WORDS[a.assistant_id][lang]
        s: dict[str, Any] = {"kb": words["kb"], "topic": words["topic"], "team": words["team"],
                             "wait": _randint(rng, 2, 12), "agent": _choice(rng, HUMAN_AGENTS[lang])}
        country, currency = user.country, user.country.currency
        aid = a.assistant_id
        if aid == "hr-helper":
            month_index = (day.month - 2) % 12 if intent == "payslip" else (day.month + _randint(rng, 0, 2)) % 12
            month = P.MONTHS[lang][month_index]
            s["month"] = month
            s["month_de"] = ("d'" if month[0] in "ao" else "de ") + month
            s["days"] = _randint(rng, 2, 24)
            s["carry"] = _randint(rng, 1, 5)
            s["weeks"] = 16
            s["item"] = _choice(rng, P.EXPENSE_ITEMS[lang])
            s["amount"] = self._money(_choice(rng, (25, 35, 45, 60, 75, 90)), currency, lang)
            # Cities whose name is the same in all five languages.
            s["city"] = _choice(rng, ("Madrid", "Berlin", "Chicago", "Barcelona", "Porto", "Lyon", "Hamburg", "Austin"))
            if self.new_intent_day is not None:
                deadline = self.start + timedelta(days=self.new_intent_day + NEW_INTENT_DEADLINE_DAYS)
                s["deadline"] = self._fmt_date(deadline, lang)
        elif aid == "it-service-desk":
            s["system"] = _choice(rng, P.SYSTEMS)
            s["vpn_error"] = _choice(rng, P.VPN_ERRORS)
            s["laptop"] = _choice(rng, P.LAPTOPS)
            s["date"] = self._fmt_date(day + timedelta(days=_randint(rng, 7, 30)), lang)
            s["ship_days"] = _randint(rng, 3, 8)
            s["ticket"] = f"RITM{rng.randrange(10**6, 10**7):07d}"
        elif aid == "support-agent":
            product, product_a = _choice(rng, P.PRODUCTS[lang])
            carrier = _choice(rng, country.carriers)
            s.update(order_id=f"VL-{rng.randrange(10**7, 10**8)}", product=product, product_a=product_a,
                     date=self._fmt_date(day - timedelta(days=_randint(rng, 1, 6)), lang),
                     eta=self._fmt_date(day + timedelta(days=_randint(rng, 1, 5)), lang), carrier=carrier,
                     tracking=f"{carrier[:2].upper().replace(' ', 'X')}{rng.randrange(10**11, 10**12)}",
                     amount=self._money(_choice(rng, (39, 59, 89, 129, 349, 1899, 2499)), currency, lang),
                     city=_choice(rng, country.cities), ship_days=_randint(rng, 2, 7),
                     threshold=self._money(100, currency, lang), bike=_choice(rng, P.BIKES),
                     ticket=f"WC-{rng.randrange(10**5, 10**6)}", email=user.email)
        elif aid == "sales-copilot":
            c = _choice(rng, COUNTRIES)
            contact_first = _choice(rng, c.first_names)
            s.update(contact=f"{contact_first} {_choice(rng, c.last_names)}", contact_first=contact_first,
                     customer=_choice(rng, P.CUSTOMERS), weekday=_choice(rng, P.WEEKDAYS[lang]),
                     date=self._fmt_date(day + timedelta(days=_randint(rng, 10, 90)), lang),
                     fleet_size=_choice(rng, (12, 20, 35, 50, 80, 120)), rep=f"{user.first} {user.last}",
                     since=_randint(rng, 2019, 2025), arr=self._money(_choice(rng, (48, 95, 160, 240, 410)) * 1000,
                                                                   currency, lang),
                     deal_stage=_choice(rng, P.DEAL_STAGES), days=_randint(rng, 2, 30),
                     uptime=f"{rng.uniform(97.2, 99.4):.1f}" if lang == "en" else
                     f"{rng.uniform(97.2, 99.4):.1f}".replace(".", ","))
        elif aid == "deal-research-agent":
            s.update(company=_choice(rng, P.PROSPECTS), competitor=_choice(rng, P.COMPETITORS),
                     segment=_choice(rng, P.SEGMENTS[lang]), city=_choice(rng, _choice(rng, COUNTRIES).cities),
                     employees=_choice(rng, (180, 450, 1200, 3800, 9500)), fleet_size=_choice(rng, (40, 120, 300, 850)),
                     target_year=_randint(rng, 2027, 2030), report_year=2025)
        elif aid == "code-assistant":
            error, explanations = _choice(rng, P.CODE_ERRORS)
            question, sql = _choice(rng, P.SQL_TASKS)
            func, module, test_code = _choice(rng, P.TEST_TASKS)
            s.update(error=error, explanation=explanations[lang], sql_question=question[lang], sql=sql, func=func,
                     module=module, test_code=test_code)
        return s

    def _order(self, n: int) -> list[int]:
        """The paraphrases of a question in the order a user tries them: a random start, then the next ones."""
        first = int(self.rng.random() * n)
        return [(first + k) % n for k in range(n)]

    def _pii(self, a: Assistant, user: _User) -> tuple[str, str]:
        rng = self.rng
        kind = _pick(rng, [k for k, _ in a.pii_kinds], _cum([w for _, w in a.pii_kinds]))
        code = user.country.code
        if kind == "iban" and code not in ("ES", "PT", "FR", "DE", "GB"):
            kind = "email"
        if kind == "email":
            return kind, user.email
        if kind == "phone":
            return kind, _phone(rng, code)
        if kind == "card":
            return kind, _card(rng)
        if kind == "iban":
            return kind, _iban(rng, code)
        return kind, _ip(rng)

    # -- one conversation --------------------------------------------------------------------------------
    def _conversation(self, a: Assistant, pair: _Pair, spike: bool, day_index: int) -> None:
        rng = self.rng
        user, lang = pair.user, pair.lang
        day = self.start + timedelta(days=day_index)
        aid = a.assistant_id

        # Which intents exist today, and this conversation's.
        intents = list(a.intents)
        new_intent_open = (aid == NEW_INTENT[0] and self.new_intent_day is not None
                           and day_index >= self.new_intent_day)
        if spike:
            intent = "vpn" if rng.random() < 0.85 else _pick(rng, [i for i, _ in intents],
                                                             _cum([w for _, w in intents]))
        elif new_intent_open and rng.random() < NEW_INTENT[2]:
            intent = NEW_INTENT[1]
        else:
            intent = _pick(rng, [i for i, _ in intents], _cum([w for _, w in intents]))
        available = [i for i, _ in intents] + ([NEW_INTENT[1]] if new_intent_open else [])

        # Outcome, with the planted effects.
        outcome_p, rephrase_p = a.outcome, a.rephrase
        system_tokens, context = a.system_tokens, a.context_tokens
        if pair.variant == "treatment":
            outcome_p, rephrase_p = AB_TREATMENT["outcome"], AB_TREATMENT["rephrase"]
            system_tokens, context = AB_TREATMENT["system_tokens"], AB_TREATMENT["context_tokens"]
        if aid == LANGUAGE_GAP_ASSISTANT and lang != "en":
            outcome_p, rephrase_p = SUPPORT_NON_ENGLISH["outcome"], SUPPORT_NON_ENGLISH["rephrase"]
        if spike and intent == "vpn":
            outcome_p, rephrase_p = SPIKE_OUTCOME, 0.3
        outcome = _pick(rng, _OUTCOMES, _cum(outcome_p))
        if outcome == "success":
            n_reph = 0 if rng.random() >= rephrase_p else (1 if rng.random() < 0.8 else 2)
        elif outcome == "neutral":
            n_reph = 1 if rng.random() < rephrase_p / 2 else 0
        else:
            n_reph = 0
            while n_reph < 3 and rng.random() < 0.3 + 0.6 * rephrase_p:
                n_reph += 1

        slots = self._slots(a, pair, intent, day)
        common = P.COMMON[lang]
        english_gap = aid == LANGUAGE_GAP_ASSISTANT and lang != "en"

        # Client, and where the conversation is logged. Slack channels where the legacy bot app 1.9.4 is
        # still installed send no event ids (the loader derives them); those are always v1.
        channel = user.channel
        if not user.customer and rng.random() < 0.1:
            channel = _choice(rng, ("teams", "slack", "web"))
        legacy = channel == "slack" and rng.random() < LEGACY_SLACK_SHARE
        r = rng.random()
        fmt = "v1"
        if not legacy and r < self.foreign_share:
            fmt = "openai" if r < self.foreign_share / 2 else "otel"
        if user.customer:
            app_version = "widget-5.2.0" if day_index < self.days // 2 else "widget-5.3.1"
        elif channel == "teams":
            app_version = "3.5.0" if rng.random() < min(1.0, max(0.0, (day_index - 20) / 10)) else "3.4.2"
        elif channel == "slack":
            app_version = "1.9.4" if legacy else "2.1.0"
        else:
            app_version = "2026.10.2" if day >= date(2026, 10, 5) else "2026.09.1"

        # Start time: local working hours (customers: any time), converted to UTC.
        hours = "outage" if spike else "customer" if user.customer else "employee"
        hour = bisect(self._hour_cum[hours], rng.random() * self._hour_cum[hours][-1])
        off_us = self._offset_us(user.tz, day)
        t = self.start_us + day_index * _DAY_US + (hour * 3600 + int(rng.random() * 3600)) * 1_000_000 \
            + int(rng.random() * 1000) * 1000 - off_us

        msgs: list[_Msg] = []
        hist_tokens = 0
        sys_prompt = P.SYSTEM_PROMPTS.get(f"{aid}:{pair.variant}", P.SYSTEM_PROMPTS.get(aid, ""))
        has_system = fmt != "v1" or rng.random() < 0.15
        if has_system:
            msgs.append(_Msg(t, "system", sys_prompt, "system", None))
            t += 1000
        hist_tokens += _tokens(sys_prompt)
        speed_ttft, speed_tps = _SPEED[a.model]
        research = aid == "deal-research-agent"

        def user_says(text: str, kind: str, intent_: str | None, pii_ok: bool = False) -> None:
            nonlocal t, hist_tokens
            pii = ""
            if pii_ok and rng.random() < a.pii_rate:
                pii_kind, value = self._pii(a, user)
                text = f"{text} {_choice(rng, P.PII_SENTENCES[lang][pii_kind]).format_map({pii_kind: value})}"
                pii = pii_kind
            if msgs and msgs[-1].role == "assistant":
                # Read the answer, then type: a few seconds plus length-dependent time, log-normal noise.
                think = (2.0 + len(msgs[-1].content) / 30 + len(text) / 4) * rng.lognormvariate(0, 0.4)
                t += int(min(think, 900) * 1000) * 1000
            msgs.append(_Msg(t, "user", text, kind, intent_, pii))
            hist_tokens += _tokens(text)

        def bot_says(text: str, kind: str, intent_: str | None, agent_run: bool = True) -> None:
            nonlocal t, hist_tokens
            out_tok = max(3, int(_tokens(text) * rng.uniform(1.0, 1.15)))
            if research and agent_run:
                steps = _randint(rng, 8, 18)
                chunk = _randint(rng, context[0], context[1])
                in_tok = steps * (system_tokens + hist_tokens) + chunk * steps * (steps - 1) // 2
                out_tok += steps * _randint(rng, 120, 350)  # tool calls emitted by the loop
                seconds = steps * rng.uniform(2.0, 5.0) + out_tok / speed_tps
            else:
                in_tok = system_tokens + hist_tokens + (_randint(rng, context[0], context[1]) if agent_run else 0)
                seconds = (speed_ttft + out_tok / speed_tps) * rng.lognormvariate(0, 0.3)
                if rng.random() < 0.01:  # rare slow call (provider queueing, retries)
                    seconds *= rng.uniform(3, 8)
            latency_ms = max(120, int(seconds * 1000))
            t += latency_ms * 1000
            m = _Msg(t, "assistant", text, kind, intent_)
            m.in_tok, m.out_tok, m.latency = in_tok, out_tok, latency_ms
            msgs.append(m)
            hist_tokens += _tokens(text)

        def ask_text(intent_: str, order: list[int], k: int) -> str:
            asks = P.INTENTS[aid][intent_]["ask"][lang]
            return asks[order[k % len(order)]].format_map(slots)

        def answer(intent_: str) -> None:
            if spike and intent_ == "vpn":
                bot_says(P.VPN_OUTAGE_ANSWER[lang], "answer", intent_)
                return
            text = _choice(rng, P.INTENTS[aid][intent_]["answer"][lang]).format_map(slots)
            if aid == "support-agent" and rng.random() < 0.08:
                text += P.ASSISTANT_EMAIL_NOTE[lang].format_map(slots)
            bot_says(text, "answer", intent_)

        def unhelpful(intent_: str) -> None:
            if english_gap and rng.random() < 0.7:
                bot_says(_choice(rng, P.SUPPORT_ENGLISH_ONLY), "fallback_english", intent_)
                return
            r_ = rng.random()
            if research and r_ < 0.5:
                bot_says(_choice(rng, P.RESEARCH_FALLBACK[lang]).format_map(slots), "fallback", intent_)
            elif r_ < 0.5 and len(available) > 1:
                wrong = _choice(rng, [i for i in available if i != intent_])
                text = _choice(rng, P.INTENTS[aid][wrong]["answer"][lang]).format_map(slots)
                bot_says(text, "wrong_answer", intent_)
            else:
                bot_says(_choice(rng, common["fallback"]).format_map(slots), "fallback", intent_)

        # The first question.
        order = self._order(len(P.INTENTS[aid][intent]["ask"][lang]))
        first = ask_text(intent, order, 0)
        style = rng.random()
        if style < 0.18:
            greeting = _choice(rng, common["greeting"])
            first = greeting + (first[0].lower() + first[1:] if greeting.endswith(", ") and first[1:2].islower()
                                else first)
        elif style < 0.25 and aid != "code-assistant":
            first = first.lower().rstrip("?.!")
        user_says(first, "ask", intent, pii_ok=True)

        frustrated = False
        for k in range(n_reph):
            unhelpful(intent)
            text = ask_text(intent, order, k + 1)
            if outcome in ("failure", "escalation") and rng.random() < 0.25:
                prefix = _choice(rng, common["frustration"]) + " "
                frustrated = True
            else:
                prefix = _choice(rng, common["rephrase_prefix"])
                if prefix and text[1:2].islower() and not prefix.endswith(". "):
                    text = text[0].lower() + text[1:]
            user_says(prefix + text, "rephrase", intent, pii_ok=True)

        feedback: list[tuple[int, int, float, str | None]] = []  # (ts, target msg index, score, comment)
        handoff: tuple[int, str, str] | None = None
        scale = a.feedback_scale
        followups: list[str] = []
        thanked = False

        def give_feedback(target: int, positive: bool | None) -> None:
            if scale == "thumbs":
                score = 1.0 if positive or (positive is None and rng.random() < 0.6) else -1.0
            elif positive is None:
                score = 3.0
            else:
                score = float(_choice(rng, (4, 5, 5))) if positive else float(_choice(rng, (1, 1, 2)))
            comment = None
            if positive is not None and rng.random() < 0.3:
                comment = _choice(rng, common["feedback_positive" if positive else "feedback_negative"])
            ts = msgs[target].ts + _randint(rng, 3, 90) * 1_000_000 + int(rng.random() * 1000) * 1000
            feedback.append((ts, target, score, comment))

        if outcome in ("success", "neutral"):
            answer(intent)
            last_good = len(msgs) - 1
            n_follow = 0
            r = rng.random()
            if outcome == "success":
                n_follow = 0 if r < 0.7 else 1 if r < 0.92 else 2
            elif r < 0.15:
                n_follow = 1
            for _ in range(n_follow):
                others = [i for i in available if i != intent and i not in followups]
                if not others:
                    break
                other = _choice(rng, others)
                followups.append(other)
                o_order = self._order(len(P.INTENTS[aid][other]["ask"][lang]))
                text = ask_text(other, o_order, 0)
                prefix = _choice(rng, common["followup_prefix"])
                if text[1:2].islower():
                    text = text[0].lower() + text[1:]
                user_says(prefix + text, "followup", other, pii_ok=True)
                answer(other)
                last_good = len(msgs) - 1
            if outcome == "success":
                if rng.random() < 0.85:
                    user_says(_choice(rng, common["thanks"]), "thanks", None)
                    bot_says(_choice(rng, common["thanks_reply"]), "thanks_reply", None, agent_run=False)
                    thanked = True
                    if rng.random() < 0.25:
                        give_feedback(last_good, True)
                else:
                    give_feedback(last_good, True)
            elif rng.random() < 0.06:
                give_feedback(last_good, None)
        elif outcome == "failure":
            unhelpful(intent)
            last_bad = len(msgs) - 1
            if n_reph == 0 or rng.random() < 0.65:
                user_says(_choice(rng, common["frustration"]), "frustration", None)
                bot_says(_choice(rng, common["apology"]).format_map(slots), "apology", None, agent_run=False)
                frustrated = True
                if rng.random() < 0.25:
                    user_says(_choice(rng, common["frustration"]).upper(), "frustration", None)
                    bot_says(_choice(rng, common["apology"]).format_map(slots), "apology", None, agent_run=False)
            if rng.random() < 0.35:
                give_feedback(last_bad, False)
        else:  # escalation
            if n_reph >= 1 and rng.random() < 0.2:
                bot_says(_choice(rng, common["handoff_bot"]).format_map(slots), "handoff_bot", intent, agent_run=False)
                reason = "low_confidence"
            else:
                unhelpful(intent)
                if rng.random() < 0.35 and aid == "support-agent" and intent == "refund":
                    reason = "policy"
                else:
                    reason = "user_request"
                request = _choice(rng, common["human_request"]).format_map(slots)
                if rng.random() < 0.3:
                    request = _choice(rng, common["frustration"]) + " " + request
                    frustrated = True
                user_says(request, "human_request", None)
                bot_says(_choice(rng, common["handoff_ack"]).format_map(slots), "handoff_ack", None, agent_run=False)
            handoff = (msgs[-1].ts + _randint(rng, 200, 1500) * 1000, reason, a.handoff_channel)
            if aid in ("support-agent", "it-service-desk", "hr-helper") and rng.random() < 0.5:
                # The person who picks the case up answers in the same thread (v1 only).
                t = handoff[0] + _randint(rng, 30, 420) * 1_000_000
                msgs.append(_Msg(t, "human_agent", _choice(rng, common["human_agent"]).format_map(slots),
                                 "human_agent", None))
            if rng.random() < 0.2:
                give_feedback(next(i for i in range(len(msgs) - 1, -1, -1) if msgs[i].role == "assistant"), False)

        conv = {
            "cid": f"conv-{rng.getrandbits(64):016x}", "a": a, "pair": pair, "fmt": fmt, "legacy": legacy,
            "channel": channel, "app_version": app_version, "intent": intent, "followups": followups,
            "outcome": outcome, "rephrases": n_reph, "frustrated": frustrated, "thanked": thanked,
            "off_us": off_us, "msgs": msgs, "feedback": feedback, "handoff": handoff,
        }
        self._emit(conv)

    # -- output ------------------------------------------------------------------------------------------
    def _cost(self, model: str, day: date, in_tok: int, out_tok: int) -> float:
        for price in self.prices[model]:
            if price.valid_from <= day and (price.valid_to is None or day <= price.valid_to):
                return round((in_tok * price.input_usd_per_1m + out_tok * price.output_usd_per_1m) / 1e6, 8)
        raise ValueError(f"no price for {model} on {day}")

    def _in_window(self, ts: int) -> int | None:
        day = (ts - self.start_us) // _DAY_US
        return day if 0 <= day < self.days else None

    def _push(self, buf: dict[int, list[tuple[int, int, bytes]]], day: int, ts: int, line: bytes) -> None:
        if day <= self.flushed_through:
            raise RuntimeError("an event arrived for a day already written")  # the flush lag is too short
        self._seq += 1
        buf.setdefault(day, []).append((ts, self._seq, line))

    def _emit(self, c: dict[str, Any]) -> None:
        a: Assistant = c["a"]
        pair: _Pair = c["pair"]
        user = pair.user
        cid, aid, uid, fmt, lang = c["cid"], a.assistant_id, user.uid, c["fmt"], pair.lang
        msgs: list[_Msg] = c["msgs"]
        summary = self.summary
        rng = self.rng
        props = {"channel": c["channel"], "app_version": c["app_version"]}
        local = user.customer  # the support widget logs browser-local time with its offset
        off_us = c["off_us"]

        # Event ids.
        if fmt == "v1":
            for m in msgs:
                if c["legacy"]:
                    m.event_id = derive_event_id("message", _EPOCH + timedelta(microseconds=m.ts), cid, aid, uid,
                                                 m.role, m.content, None)
                else:
                    m.event_id = f"msg_{rng.getrandbits(96):024x}"
        else:
            prefix = "oai-" if fmt == "openai" else "otel-"
            i = 0
            for m in msgs:
                if m.role == "human_agent":
                    continue  # the foreign formats have no role for it: the message is not logged
                m.event_id = history_event_id(prefix, history_key(cid, i, m.role, m.content))
                i += 1

        written_msgs = [m for m in msgs if (fmt == "v1" or m.role != "human_agent") and self._in_window(m.ts)
                        is not None]
        if not written_msgs:
            return
        for m in written_msgs:
            m.utc = self._utc_text(m.ts)

        # Messages. Lines are assembled from pre-serialised parts (same bytes as orjson.dumps of the event
        # dict, keys in this order): the parts shared by a conversation's events are serialised once.
        if fmt == "v1":
            dumps = orjson.dumps
            head = b'","conversation_id":' + dumps(cid) + b',"assistant_id":' + dumps(aid) + b',"user_id":' + \
                dumps(uid)
            tail = b',"user_properties":' + dumps(user.props) + b',"properties":' + dumps(props) + b"}"
            variant = b',"variant":' + dumps(pair.variant) if pair.variant is not None else b""
            model = b',"model":' + dumps(a.model) + b',"provider":' + dumps(a.provider)
            legacy_ids = c["legacy"]
            for m in written_msgs:
                ts_text = self._local_text(m.ts, off_us) if local else m.utc
                parts = [b'{"event_type":"message","timestamp":"' if legacy_ids else
                         b'{"event_id":"' + m.event_id.encode() + b'","event_type":"message","timestamp":"',
                         ts_text.encode(), head, b',"role":"', m.role.encode(), b'","content":', dumps(m.content),
                         variant]
                if m.role == "assistant":
                    parts.append(model)
                    parts.append(f',"input_tokens":{m.in_tok},"output_tokens":{m.out_tok},'
                                 f'"latency_ms":{m.latency}'.encode())
                    if a.reports_cost:
                        cost = self._cost(a.model, date(1970, 1, 1) + timedelta(days=m.ts // _DAY_US),
                                          m.in_tok, m.out_tok)
                        parts.append(b',"cost_usd":' + dumps(cost))
                parts.append(tail)
                self._push(self.v1_buf, self._in_window(m.ts), m.ts, b"".join(parts))
            summary.lines_by_format["v1"] += len(written_msgs)
            summary.events += len(written_msgs)
        elif fmt == "openai":
            self._openai_lines(c, written_msgs)
        else:
            self._otel_lines(c, written_msgs)
        summary.messages += len(written_msgs)

        # Feedback and hand-off: always v1 (the foreign formats cannot express them).
        extra = 0
        for ts, target, score, comment in c["feedback"]:
            day = self._in_window(ts)
            if day is None or self._in_window(msgs[target].ts) is None:
                continue
            fb: dict[str, Any] = {"score": score, "scale": a.feedback_scale}
            if comment is not None:
                fb["comment"] = comment
            ev = {} if c["legacy"] else {"event_id": f"fb_{rng.getrandbits(96):024x}"}
            ev.update(event_type="feedback",
                      timestamp=self._local_text(ts, off_us) if local else self._utc_text(ts),
                      conversation_id=cid, assistant_id=aid, user_id=uid, target_event_id=msgs[target].event_id,
                      feedback=fb)
            if pair.variant is not None:
                ev["variant"] = pair.variant
            ev["user_properties"] = user.props
            ev["properties"] = props
            self._push(self.v1_buf, day, ts, orjson.dumps(ev))
            summary.feedback += 1
            extra += 1
        handoff = c["handoff"]
        if handoff is not None and self._in_window(handoff[0]) is not None:
            ts, reason, channel = handoff
            ev = {} if c["legacy"] else {"event_id": f"ho_{rng.getrandbits(96):024x}"}
            ev.update(event_type="handoff",
                      timestamp=self._local_text(ts, off_us) if local else self._utc_text(ts),
                      conversation_id=cid, assistant_id=aid, user_id=uid,
                      handoff={"reason": reason, "channel": channel})
            if pair.variant is not None:
                ev["variant"] = pair.variant
            ev["user_properties"] = user.props
            ev["properties"] = props
            self._push(self.v1_buf, self._in_window(ts), ts, orjson.dumps(ev))
            summary.handoffs += 1
            extra += 1
        summary.lines_by_format["v1"] += extra
        summary.events += extra
        summary.conversations += 1
        summary.conversations_by_format[fmt] += 1
        if not user.written:
            user.written = True
            summary.users += 1

        # Ground truth.
        pii = sorted({m.pii for m in written_msgs if m.pii})
        fb_scores = ";".join(f"{s:g}" for _, _, s, _ in c["feedback"])
        # Every field is an identifier or a code (no comma, quote or newline), so rows are joined directly.
        self.truth_conv.write(",".join((
            cid, fmt, aid, uid, lang, user.country.code, pair.variant or "", c["intent"], ";".join(c["followups"]),
            c["outcome"], str(c["rephrases"]), str(int(c["frustrated"])), str(int(c["thanked"])),
            handoff[1] if handoff else "", fb_scores, a.feedback_scale if c["feedback"] else "", ";".join(pii),
            str(len(written_msgs)), written_msgs[0].utc, str(int(c["legacy"])),
        )) + "\n")
        self.truth_msg.write("".join(
            f"{m.event_id},{cid},{m.utc},{m.role},{m.kind},{m.intent or ''},{lang},{m.pii}\n"
            for m in written_msgs))

    def _openai_lines(self, c: dict[str, Any], written: list[_Msg]) -> None:
        a: Assistant = c["a"]
        pair: _Pair = c["pair"]
        rng = self.rng
        metadata = {"conversation_id": c["cid"], "assistant_id": a.assistant_id}
        if pair.variant is not None:
            metadata["variant"] = pair.variant
        if a.provider != "openai":
            metadata["provider"] = a.provider  # a gateway logging every provider in OpenAI's shape
        metadata.update(pair.user.props)
        metadata["channel"] = c["channel"]
        metadata["app_version"] = c["app_version"]
        written_ids = {id(m) for m in written}
        history: list[dict[str, Any]] = []
        seen = 0
        for m in c["msgs"]:
            if m.role == "human_agent":
                continue
            if m.role == "assistant":
                if id(m) in written_ids:
                    created = m.ts // 1_000_000
                    line = {
                        "id": f"chatcmpl-{rng.getrandbits(116):029x}", "object": "chat.completion",
                        "created": created, "model": a.model, "messages": history,
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": m.content},
                                     "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": m.in_tok, "completion_tokens": m.out_tok,
                                  "total_tokens": m.in_tok + m.out_tok},
                        "user": pair.user.uid, "metadata": metadata, "latency_ms": m.latency,
                    }
                    self._push(self.foreign_buf["openai"], self._in_window(m.ts), m.ts, orjson.dumps(line))
                    self.summary.lines_by_format["openai"] += 1
                    # A line's events: the messages not seen in earlier lines of the conversation, plus the reply.
                    self.summary.events += len(history) - seen + 1
                    seen = len(history) + 1
            content: Any = m.content
            if m.role == "user" and rng.random() < 0.3:
                content = [{"type": "text", "text": m.content}]
            history = [*history, {"role": m.role, "content": content}]

    @staticmethod
    def _attr(key: str, value: Any) -> dict[str, Any]:
        if isinstance(value, bool):
            return {"key": key, "value": {"boolValue": value}}
        if isinstance(value, int):
            return {"key": key, "value": {"intValue": str(value)}}
        if isinstance(value, float):
            return {"key": key, "value": {"doubleValue": value}}
        if isinstance(value, list):
            return {"key": key, "value": {"arrayValue": {"values": [{"stringValue": v} for v in value]}}}
        return {"key": key, "value": {"stringValue": value}}

    def _otel_lines(self, c: dict[str, Any], written: list[_Msg]) -> None:
        a: Assistant = c["a"]
        pair: _Pair = c["pair"]
        rng, attr = self.rng, self._attr
        legacy = a.otel_flavour == "legacy"
        resource = {"attributes": [
            attr("service.name", a.assistant_id), attr("service.version", c["app_version"]),
            attr("deployment.environment.name", "production"), attr("telemetry.sdk.name", "opentelemetry"),
            attr("telemetry.sdk.language", "python"), attr("telemetry.sdk.version", "1.38.0"),
        ]}
        scope = {"name": {"openai": "opentelemetry.instrumentation.openai_v2",
                          "anthropic": "opentelemetry.instrumentation.anthropic",
                          "google": "opentelemetry.instrumentation.google_genai"}[a.provider],
                 "version": "0.40.2" if legacy else "2.2b0"}
        written_ids = {id(m) for m in written}
        history: list[_Msg] = []
        for m in c["msgs"]:
            if m.role == "human_agent":
                continue
            if m.role == "assistant" and id(m) in written_ids:
                start_us = history[-1].ts
                trace_id = f"{rng.getrandbits(128):032x}"
                span_id = f"{rng.getrandbits(64):016x}"
                attrs = [attr("gen_ai.operation.name", "chat")]
                if legacy:
                    attrs += [attr("gen_ai.system", a.provider), attr("gen_ai.request.model", a.model),
                              attr("gen_ai.response.model", a.model),
                              attr("gen_ai.usage.prompt_tokens", m.in_tok),
                              attr("gen_ai.usage.completion_tokens", m.out_tok),
                              attr("session.id", c["cid"]), attr("enduser.id", pair.user.uid)]
                else:
                    attrs += [attr("gen_ai.provider.name", a.provider), attr("gen_ai.request.model", a.model),
                              attr("gen_ai.response.model", a.model),
                              attr("gen_ai.response.id", f"resp_{rng.getrandbits(96):024x}"),
                              attr("gen_ai.response.finish_reasons", ["stop"]),
                              attr("gen_ai.usage.input_tokens", m.in_tok),
                              attr("gen_ai.usage.output_tokens", m.out_tok),
                              attr("gen_ai.conversation.id", c["cid"]), attr("gen_ai.agent.id", a.assistant_id),
                              attr("user.id", pair.user.uid)]
                attrs.append(attr("server.address", _SERVER[a.provider]))
                if pair.variant is not None:
                    attrs.append(attr("parley.variant", pair.variant))
                for key, value in pair.user.props.items():
                    attrs.append(attr(f"parley.user.{key}", value))
                span: dict[str, Any] = {
                    "traceId": trace_id, "spanId": span_id, "name": f"chat {a.model}", "kind": 3,
                    "startTimeUnixNano": str(start_us * 1000), "endTimeUnixNano": str(m.ts * 1000),
                    "attributes": attrs, "status": {},
                }
                if legacy:
                    # Deprecated GenAI span events, one per message, as older instrumentations wrote them.
                    events = []
                    for h in history:
                        events.append({"timeUnixNano": str(start_us * 1000), "name": f"gen_ai.{h.role}.message",
                                       "attributes": [attr("gen_ai.system", a.provider),
                                                      attr("gen_ai.event.content",
                                                           orjson.dumps({"content": h.content}).decode())]})
                    choice = {"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": m.content}}
                    events.append({"timeUnixNano": str(m.ts * 1000), "name": "gen_ai.choice",
                                   "attributes": [attr("gen_ai.system", a.provider),
                                                  attr("gen_ai.event.content", orjson.dumps(choice).decode())]})
                    span["events"] = events
                else:
                    inputs = [{"role": h.role, "parts": [{"type": "text", "content": h.content}]} for h in history]
                    outputs = [{"role": "assistant", "parts": [{"type": "text", "content": m.content}],
                                "finish_reason": "stop"}]
                    attrs.append(attr("gen_ai.input.messages", orjson.dumps(inputs).decode()))
                    attrs.append(attr("gen_ai.output.messages", orjson.dumps(outputs).decode()))
                scope_spans = [{"scope": scope, "spans": [span]}]
                if rng.random() < 0.25:
                    # The web framework's server span around the call: not a chat span, yields no event.
                    http_id = f"{rng.getrandbits(64):016x}"
                    span["parentSpanId"] = http_id
                    scope_spans.insert(0, {"scope": {"name": "opentelemetry.instrumentation.fastapi",
                                                     "version": "0.59b0"},
                                           "spans": [{"traceId": trace_id, "spanId": http_id,
                                                      "name": "POST /v1/chat", "kind": 2,
                                                      "startTimeUnixNano": str((start_us - 4000) * 1000),
                                                      "endTimeUnixNano": str((m.ts + 3000) * 1000),
                                                      "attributes": [attr("http.request.method", "POST"),
                                                                     attr("http.route", "/v1/chat"),
                                                                     attr("http.response.status_code", 200),
                                                                     attr("url.scheme", "https")],
                                                      "status": {}}]})
                line = {"resourceSpans": [{"resource": resource, "scopeSpans": scope_spans}]}
                self._push(self.foreign_buf["otel"], self._in_window(m.ts), m.ts, orjson.dumps(line))
                self.summary.lines_by_format["otel"] += 1
                self.summary.events += len([h for h in history if h.event_id not in c.setdefault("_otel_seen", set())])
                c["_otel_seen"].update(h.event_id for h in history)
                c["_otel_seen"].add(m.event_id)
                self.summary.events += 1
                if rng.random() < 0.04:
                    # A retrieval call of the same request: an embeddings span, not a chat span (no events).
                    emb = {"traceId": trace_id, "spanId": f"{rng.getrandbits(64):016x}",
                           "name": "embeddings text-embedding-3-small", "kind": 3,
                           "startTimeUnixNano": str((start_us + 2000) * 1000),
                           "endTimeUnixNano": str((start_us + 90000) * 1000),
                           "attributes": [attr("gen_ai.operation.name", "embeddings"),
                                          attr("gen_ai.provider.name", "openai"),
                                          attr("gen_ai.request.model", "text-embedding-3-small"),
                                          attr("gen_ai.usage.input_tokens", _tokens(history[-1].content))],
                           "status": {}}
                    eline = {"resourceSpans": [{"resource": resource, "scopeSpans": [
                        {"scope": {"name": "opentelemetry.instrumentation.openai_v2", "version": "2.2b0"},
                         "spans": [emb]}]}]}
                    self._push(self.foreign_buf["otel"], self._in_window(m.ts), start_us + 90000, orjson.dumps(eline))
                    self.summary.lines_by_format["otel"] += 1
            history = [*history, m]

    def _flush(self, through: int) -> None:
        """Write every UTC day up to ``through`` (inclusive) that is still buffered."""
        for day in range(self.flushed_through + 1, through + 1):
            stamp = self.start + timedelta(days=day)
            lines = sorted(self.v1_buf.pop(day, []))
            with open(self.out / "v1" / f"events-{stamp.isoformat()}.jsonl", "wb") as f:
                f.write(b"".join(line + b"\n" for _, _, line in lines))
            self.summary.files_by_format["v1"] += 1
            for fmt, name in (("openai", "chat-completions"), ("otel", "spans")):
                lines = sorted(self.foreign_buf[fmt].pop(day, []))
                if not lines:
                    continue
                key = (fmt, stamp.strftime("%Y-%m"))
                handle = self.month_files.get(key)
                if handle is None:
                    handle = self.month_files[key] = open(self.out / fmt / f"{name}-{key[1]}.jsonl", "wb")  # noqa: SIM115
                    self.summary.files_by_format[fmt] += 1
                handle.write(b"".join(line + b"\n" for _, _, line in lines))
        self.flushed_through = max(self.flushed_through, through)

    def run(self) -> GenerateSummary:
        for sub in ("v1", "openai", "otel", "truth"):
            folder = self.out / sub
            folder.mkdir(parents=True, exist_ok=True)
            # Files of an earlier run (another window) would mix with this one: remove only our own names.
            for pattern in ("events-*.jsonl", "chat-completions-*.jsonl", "spans-*.jsonl", "conversations.csv",
                            "messages.csv"):
                for stale in sorted(folder.glob(pattern)):
                    stale.unlink()
        plan = self._plan()
        total = sum(len(day) for day in plan)
        done = 0
        with open(self.out / "truth" / "conversations.csv", "w", newline="", encoding="utf-8") as fc, \
                open(self.out / "truth" / "messages.csv", "w", newline="", encoding="utf-8") as fm:
            self.truth_conv, self.truth_msg = fc, fm
            fc.write(",".join(TRUTH_CONVERSATION_COLUMNS) + "\n")
            fm.write(",".join(TRUTH_MESSAGE_COLUMNS) + "\n")
            try:
                for day_index, todays in enumerate(plan):
                    for a, pair, spike in todays:
                        self._conversation(a, pair, spike, day_index)
                    plan[day_index] = []
                    done += len(todays)
                    # Conversations of local day d reach UTC day d+1 at the latest (evening in the Americas):
                    # UTC day d-1 is complete once local day d is done.
                    self._flush(day_index - 1)
                    if self.progress is not None:
                        self.progress(done, total)
                self._flush(self.days - 1)
            finally:
                for handle in self.month_files.values():
                    handle.close()
        self.summary.files_by_format["truth"] = 2
        self.summary.files = sum(self.summary.files_by_format.values())
        return self.summary


def generate(out_dir: Path, *, conversations: int = 3000, days: int = 56, seed: int = 7,
             end_date: date = date(2026, 11, 1), foreign_share: float = 0.05,
             progress: Callable[[int, int], None] | None = None) -> GenerateSummary:
    """Write the Velora demo data set to ``out_dir`` and return what was written.

    The window is the ``days`` days before ``end_date`` (exclusive): by default 2026-09-06 to 2026-10-31.
    ``conversations`` conversations are scheduled (events falling outside the window are cut, as an export
    taken at midnight would). The same arguments always produce byte-identical files. ``progress`` is called
    after each day with (conversations done, conversations scheduled).
    """
    return _Generator(Path(out_dir), conversations, days, seed, end_date, foreign_share, progress).run()

