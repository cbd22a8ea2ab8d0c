"""The demo data generator: deterministic, loadable, realistic, and carrying the effects docs/demo-data.md
promises (each effect is measured here from the generated events, the way a mart would see it)."""

from __future__ import annotations

import csv
import math
import os
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import orjson
import phonenumbers
import pytest
from stdnum import iban as stdnum_iban
from stdnum import luhn

from enrichment import demo_phrases as P
from enrichment.demo_data import (
    ASSISTANTS,
    MODEL_PRICES,
    TRUTH_CONVERSATION_COLUMNS,
    _es_ccc_digit,
    _iban_check,
    generate,
    luhn_check_digit,
)
from enrichment.formats.lines import Block, parse_block
from enrichment.formats.v1 import normalize
from orchestration.ingest import PARSED_EVENTS_SCHEMA

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
START = date(2026, 9, 6)


def _load(out: Path) -> tuple[list[dict], Counter]:
    """Every file through the loader's own parsing (format detection, adapters, validation)."""
    rows, quarantined = [], Counter()
    for path in sorted(out.glob("*/*.jsonl")):
        chunk = parse_block(Block(1, path.read_bytes()), None, False, str(path), 1 << 20, PARSED_EVENTS_SCHEMA)
        for _, _, err, _ in chunk.quarantine:
            quarantined[err.reason] += 1
        for event in chunk.events.to_pylist() if chunk.events is not None else []:
            event["format"] = event.pop("source_format")
            event["file"] = path.name
            rows.append(event)
    return rows, quarantined


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The default data set (3,000 conversations, 8 weeks), loaded once for the module."""
    out = tmp_path_factory.mktemp("demo")
    summary = generate(out)
    rows, quarantined = _load(out)
    # Foreign lines repeat history: keep each event once (the loader counts the rest as duplicates).
    unique = {}
    for row in rows:
        unique.setdefault(row["event_id"], row)
    truth = {r["conversation_id"]: r for r in csv.DictReader((out / "truth" / "conversations.csv").open())}
    return {"out": out, "summary": summary, "rows": list(unique.values()), "all_rows": rows,
            "quarantined": quarantined, "truth": truth}


def _thanks_texts() -> set[str]:
    return {t for lang in P.LANGUAGES for t in P.COMMON[lang]["thanks"]}


def _frustration_texts() -> set[str]:
    texts = {t for lang in P.LANGUAGES for t in P.COMMON[lang]["frustration"]}
    return texts | {t.upper() for t in texts}


def _conversations(rows: list[dict]) -> dict[str, dict]:
    """Per conversation, the signals a mart derives from the events (exact phrase matching stands in for the
    enrichment's classifiers here)."""
    thanks, frustration = _thanks_texts(), _frustration_texts()
    convs: dict[str, dict] = defaultdict(lambda: {"thanks": False, "frustrated": False, "handoff": False,
                                                  "positive": False, "negative": False, "start": None,
                                                  "locale": "", "variant": None, "cost": 0.0, "messages": 0})
    for row in sorted(rows, key=lambda r: r["timestamp"]):
        c = convs[row["conversation_id"]]
        c["assistant"], c["user"] = row["assistant_id"], row["user_id"]
        if c["start"] is None:
            c["start"] = row["timestamp"]
        if row["user_properties"]:
            c["locale"] = orjson.loads(row["user_properties"]).get("locale", "")
        c["variant"] = c["variant"] or row["variant"]
        if row["event_type"] == "message":
            c["messages"] += 1
            if row["role"] == "user":
                text = row["content"]
                c["thanks"] = text in thanks  # the *last* user message decides, as in the outcome rule
                c["frustrated"] = text in frustration or any(text.startswith(f + " ") for f in frustration)
            if row["input_tokens"] is not None:
                price = _price(row["model"], row["timestamp"].date())
                c["cost"] += (row["input_tokens"] * price.input_usd_per_1m
                              + row["output_tokens"] * price.output_usd_per_1m) / 1e6
        elif row["event_type"] == "feedback":
            positive = row["feedback_score"] >= (1 if row["feedback_scale"] == "thumbs" else 4)
            negative = row["feedback_score"] <= (-1 if row["feedback_scale"] == "thumbs" else 2)
            c["positive"], c["negative"] = positive, negative  # latest feedback wins
        else:
            c["handoff"] = True
    for c in convs.values():
        c["success"] = not c["handoff"] and (c["positive"] or (c["thanks"] and not c["negative"]))
        c["bad"] = c["handoff"] or c["negative"] or c["frustrated"]
    return convs


def _price(model: str, day: date):
    for price in MODEL_PRICES:
        if price.model == model and price.valid_from <= day and (price.valid_to is None or day <= price.valid_to):
            return price
    raise AssertionError(f"no price for {model} on {day}")


def _rate(values) -> float:
    values = list(values)
    return sum(values) / len(values)


# ------------------------------------------------------------------------------------------------------
# Determinism, format validity, bookkeeping.
# ------------------------------------------------------------------------------------------------------


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_same_seed_writes_byte_identical_files_and_another_seed_does_not(tmp_path):
    generate(tmp_path / "a", conversations=400, days=14, seed=3)
    generate(tmp_path / "b", conversations=400, days=14, seed=3)
    generate(tmp_path / "c", conversations=400, days=14, seed=4)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert a.keys() == c.keys()
    assert a != c


def test_output_does_not_depend_on_the_process_hash_seed(tmp_path):
    # Set iteration order changes with PYTHONHASHSEED: two processes with different seeds must agree.
    code = ("import sys; from pathlib import Path; from enrichment.demo_data import generate; "
            "generate(Path(sys.argv[1]), conversations=300, days=10)")
    for name, hash_seed in (("a", "1"), ("b", "4242")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], check=True, env=env)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_rerun_into_the_same_folder_replaces_the_earlier_files(tmp_path):
    generate(tmp_path, conversations=100, days=10, end_date=date(2026, 6, 1))
    generate(tmp_path, conversations=100, days=5)
    assert sorted(p.name for p in (tmp_path / "v1").iterdir()) == [
        f"events-2026-10-{d}.jsonl" for d in range(27, 32)]


def test_every_v1_line_is_a_valid_event_and_files_are_in_time_order(demo):
    out = demo["out"]
    files = sorted((out / "v1").glob("*.jsonl"))
    assert [f.name for f in files] == [f"events-{START + timedelta(days=d)}.jsonl" for d in range(56)]
    for path in files:
        day = path.name[len("events-"):-len(".jsonl")]
        times = []
        for line in path.read_bytes().splitlines():
            event = normalize(orjson.loads(line))
            times.append(event["timestamp"])
            assert event["timestamp"].date().isoformat() == day
        assert times == sorted(times)


def test_all_files_load_without_quarantine_and_feedback_targets_exist(demo):
    assert demo["quarantined"] == Counter()
    rows = demo["rows"]
    formats = Counter(r["format"] for r in demo["all_rows"])
    assert formats["v1"] and formats["openai"] and formats["otel"]
    message_ids = {r["event_id"] for r in rows if r["event_type"] == "message"}
    targets = [r["target_event_id"] for r in rows if r["event_type"] == "feedback"]
    assert len(targets) > 100
    assert all(t in message_ids for t in targets)
    # Feedback of openai / otel conversations (written to v1) targets the adapters' derived ids.
    assert any(t.startswith("oai-") for t in targets) and any(t.startswith("otel-") for t in targets)


def test_summary_matches_what_the_loader_reads(demo):
    summary, rows = demo["summary"], demo["rows"]
    assert summary.events == len(rows)
    assert summary.messages == sum(r["event_type"] == "message" for r in rows)
    assert summary.feedback == sum(r["event_type"] == "feedback" for r in rows)
    assert summary.handoffs == sum(r["event_type"] == "handoff" for r in rows)
    assert summary.conversations == len({r["conversation_id"] for r in rows}) == len(demo["truth"])
    assert summary.users == len({r["user_id"] for r in rows})
    assert 2950 <= summary.conversations <= 3000  # a few are cut by the window's edges
    assert summary.files == len(list(demo["out"].rglob("*.*")))


def test_each_conversation_is_written_in_exactly_one_format(demo):
    formats_of = defaultdict(set)
    for row in demo["all_rows"]:
        if row["event_type"] == "message":
            formats_of[row["conversation_id"]].add(row["format"])
    assert all(len(f) == 1 for f in formats_of.values())
    share = Counter(next(iter(f)) for f in formats_of.values())
    foreign = (share["openai"] + share["otel"]) / sum(share.values())
    assert 0.03 < foreign < 0.07  # foreign_share = 0.05


def test_a_small_share_of_v1_events_has_no_event_id(demo):
    lines = [orjson.loads(line) for p in (demo["out"] / "v1").glob("*.jsonl") for line in p.read_bytes().splitlines()]
    without = [e for e in lines if "event_id" not in e]
    assert 0.01 < len(without) / len(lines) < 0.06
    assert {e["properties"]["app_version"] for e in without} == {"1.9.4"}  # the legacy Slack bot


# ------------------------------------------------------------------------------------------------------
# Seeds and cast.
# ------------------------------------------------------------------------------------------------------


def test_seed_files_match_the_generator(demo):
    with (SEEDS / "assistants.csv").open() as f:
        seeded = list(csv.DictReader(f))
    assert [(r["assistant_id"], r["assistant_name"], r["department"], r["provider"], r["model"], r["owner"],
             r["launch_date"]) for r in seeded] == [
        (a.assistant_id, a.assistant_name, a.department, a.provider, a.model, a.owner, a.launch_date.isoformat())
        for a in ASSISTANTS]
    with (SEEDS / "model_prices.csv").open() as f:
        prices = list(csv.DictReader(f))
    assert [(r["provider"], r["model"], float(r["input_usd_per_1m"]), float(r["output_usd_per_1m"]),
             float(r["cached_input_usd_per_1m"]) if r["cached_input_usd_per_1m"] else None, r["valid_from"],
             r["valid_to"] or None) for r in prices] == [
        (p.provider, p.model, p.input_usd_per_1m, p.output_usd_per_1m, p.cached_input_usd_per_1m,
         p.valid_from.isoformat(), p.valid_to.isoformat() if p.valid_to else None) for p in MODEL_PRICES]
    assert all(r["source"] for r in prices)
    with (SEEDS / "value_assumptions.csv").open() as f:
        values = list(csv.DictReader(f))
    assert {r["assistant_id"] for r in values} == {a.assistant_id for a in ASSISTANTS} | {"*"}
    assert all(r["source_note"] for r in values)
    # Every model named by an event is priced, under exactly that name.
    models = {(r["provider"], r["model"]) for r in demo["rows"] if r["model"]}
    assert models <= {(p.provider, p.model) for p in MODEL_PRICES}


def test_cast_has_six_assistants_in_five_departments_on_five_models_from_three_providers(demo):
    rows = demo["rows"]
    assistants = {r["assistant_id"] for r in rows}
    assert len(assistants) >= 6
    assert len({a.department for a in ASSISTANTS if a.assistant_id in assistants}) == 5
    assert len({r["model"] for r in rows if r["model"]}) >= 4
    assert {r["provider"] for r in rows if r["provider"]} == {"openai", "anthropic", "google"}


def test_users_write_real_sentences_in_five_languages(demo):
    users_text = [r["content"] for r in demo["rows"] if r["event_type"] == "message" and r["role"] == "user"]
    for lang in P.LANGUAGES:
        thanks = set(P.COMMON[lang]["thanks"])
        assert sum(t in thanks for t in users_text) >= 10, lang
    languages = Counter(r["language"] for r in demo["truth"].values())
    assert all(languages[lang] / len(demo["truth"]) > 0.03 for lang in P.LANGUAGES)


def test_user_properties_are_stable_per_user(demo):
    seen = {}
    for row in demo["rows"]:
        props = row["user_properties"]
        assert seen.setdefault(row["user_id"], props) == props
    employee = orjson.loads(next(r["user_properties"] for r in demo["rows"] if r["user_id"].startswith("u-")))
    assert set(employee) == {"department", "region", "country", "locale", "job_role"}


def test_conversations_vary_in_length_and_carry_tokens_and_latency(demo):
    lengths = Counter(c["messages"] for c in _conversations(demo["rows"]).values())
    assert min(lengths) <= 3 and max(lengths) >= 10
    replies = [r for r in demo["rows"] if r["role"] == "assistant"]
    assert all(r["input_tokens"] > 0 and r["output_tokens"] > 0 and r["latency_ms"] > 0 for r in replies)
    reported = [r for r in replies if r["cost_usd"] is not None]
    assert reported and {r["assistant_id"] for r in reported} == {"hr-helper", "code-assistant"}


# ------------------------------------------------------------------------------------------------------
# PII: valid formats and checksums.
# ------------------------------------------------------------------------------------------------------

CARD = re.compile(r"\b(?:\d{4}[ -]?){3}\d{4}\b|\b\d{4} \d{6} \d{5}\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b")
PHONE = re.compile(r"\+\d[\d ()-]{7,18}\d")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def test_luhn_and_iban_check_digits_match_known_answers():
    assert luhn_check_digit("7992739871") == "3"  # the textbook example 79927398713
    assert _iban_check("DE", "370400440532013000") == "89"  # DE89 3704 0044 0532 0130 00
    assert _iban_check("GB", "NWBK60161331926819") == "29"  # GB29 NWBK 6016 1331 9268 19
    # ES91 2100 0418 45 0200051332: the two CCC control digits.
    assert _es_ccc_digit("00" + "2100" + "0418") + _es_ccc_digit("0200051332") == "45"


def test_about_one_to_two_percent_of_messages_hold_valid_pii(demo):
    messages = [r for r in demo["rows"] if r["event_type"] == "message"]
    found = Counter()
    with_pii = 0
    for row in messages:
        text = row["content"]
        hits = 0
        for match in IBAN.findall(text):
            assert stdnum_iban.is_valid(match), match
            found["iban"] += 1
            hits += 1
            text = text.replace(match, " ")  # its digit groups would look like a card number
        for match in CARD.findall(text):
            digits = re.sub(r"\D", "", match)
            assert luhn.is_valid(digits), match
            found["card"] += 1
            hits += 1
        for match in PHONE.findall(text):
            assert phonenumbers.is_valid_number(phonenumbers.parse(match)), match
            found["phone"] += 1
            hits += 1
        emails = [e for e in EMAIL.findall(text) if not e.endswith("velora.com") or row["role"] == "user"]
        found["email"] += len(emails)
        ips = IPV4.findall(text)
        found["ip"] += len(ips)
        with_pii += bool(hits or emails or ips)
    assert all(found[kind] >= 5 for kind in ("card", "iban", "phone", "email", "ip")), found
    assert 0.01 <= with_pii / len(messages) <= 0.025


# ------------------------------------------------------------------------------------------------------
# The planted effects (docs/demo-data.md), measured from the events.
# ------------------------------------------------------------------------------------------------------


def test_effect_1_support_agent_fails_customers_who_do_not_write_english(demo):
    convs = [c for c in _conversations(demo["rows"]).values() if c["assistant"] == "support-agent"]
    english = [c for c in convs if c["locale"].startswith("en")]
    other = [c for c in convs if not c["locale"].startswith("en")]
    bad_en, bad_other = _rate(c["bad"] for c in english), _rate(c["bad"] for c in other)
    assert bad_other >= 2.5 * bad_en
    assert _rate(c["success"] for c in other) < 0.5 * _rate(c["success"] for c in english)
    # Other assistants show no such gap (hr-helper: the IT desk's outage day skews towards European users).
    hr = [c for c in _conversations(demo["rows"]).values() if c["assistant"] == "hr-helper"]
    hr_en = _rate(c["bad"] for c in hr if c["locale"].startswith("en"))
    hr_other = _rate(c["bad"] for c in hr if not c["locale"].startswith("en"))
    assert hr_other < 1.5 * hr_en


def test_effect_2_hr_treatment_arm_succeeds_more_and_rephrases_less_significantly(demo):
    convs = [c for c in _conversations(demo["rows"]).values() if c["assistant"] == "hr-helper"]
    arms = {v: [c for c in convs if c["variant"] == v] for v in ("control", "treatment")}
    n1, n2 = len(arms["control"]), len(arms["treatment"])
    s1, s2 = sum(c["success"] for c in arms["control"]), sum(c["success"] for c in arms["treatment"])
    pooled = (s1 + s2) / (n1 + n2)
    z = (s2 / n2 - s1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert z > 1.96  # two-sided p < 0.05
    assert s2 / n2 - s1 / n1 > 0.12
    truth = demo["truth"]
    rephrases = {v: _rate(int(truth[cid]["rephrases"]) > 0 for cid, t in truth.items()
                          if t["variant"] == v) for v in ("control", "treatment")}
    assert rephrases["treatment"] < 0.5 * rephrases["control"]


def test_effect_3_sales_copilot_adopts_widely_but_does_not_retain_while_code_assistant_sticks(demo):
    days_of = defaultdict(lambda: defaultdict(set))
    for c in _conversations(demo["rows"]).values():
        days_of[c["assistant"]][c["user"]].add(c["start"].date())

    def returning(assistant: str) -> float:
        # Users first seen in the first four weeks who come back 7 or more days after their first day.
        users = [sorted(d) for d in days_of[assistant].values() if (min(d) - START).days < 28]
        return _rate(any((x - d[0]).days >= 7 for x in d) for d in users)

    first_two_weeks = {a: sum((min(d) - START).days < 14 for d in days_of[a].values()) for a in days_of}
    internal = [a.assistant_id for a in ASSISTANTS if not a.customers]
    assert max(internal, key=first_two_weeks.get) == "sales-copilot"
    assert returning("sales-copilot") < 0.45
    assert returning("code-assistant") > 0.8


def test_effect_4_gpt_4o_is_used_on_both_sides_of_its_price_change(demo):
    replies = [r for r in demo["rows"] if r["model"] == "gpt-4o"]
    change = date(2026, 10, 1)
    before = [r for r in replies if r["timestamp"].date() < change]
    after = [r for r in replies if r["timestamp"].date() >= change]
    assert len(before) > 200 and len(after) > 200
    # The gateway's reported cost (v1 events only: the foreign formats carry none) follows the list price
    # in force.
    before = [r for r in before if r["cost_usd"] is not None]
    after = [r for r in after if r["cost_usd"] is not None]
    for row in before[:20] + after[:20]:
        price = _price("gpt-4o", row["timestamp"].date())
        expected = (row["input_tokens"] * price.input_usd_per_1m + row["output_tokens"] * price.output_usd_per_1m)
        assert row["cost_usd"] == pytest.approx(expected / 1e6, rel=1e-6)
    cost_per_1k = [sum(r["cost_usd"] for r in side) / sum(r["input_tokens"] for r in side) for side in (before, after)]
    assert cost_per_1k[1] < 0.6 * cost_per_1k[0]


def test_effect_5_it_service_desk_spikes_on_one_day(demo):
    # As mart_governance measures it: user messages per day against the previous 28 days (zeros included).
    per_day = Counter(r["timestamp"].date() for r in demo["rows"]
                      if r["assistant_id"] == "it-service-desk" and r["role"] == "user")
    series = [per_day.get(START + timedelta(days=d), 0) for d in range(56)]
    spike = date(2026, 10, 14)
    index = (spike - START).days
    baseline = series[index - 28:index]
    z = (series[index] - statistics.mean(baseline)) / statistics.pstdev(baseline)
    assert z > 5
    assert max(range(56), key=series.__getitem__) == index


def test_effect_6_benefits_enrollment_questions_appear_only_in_the_last_two_weeks(demo):
    opening = date(2026, 10, 19)
    enrollment_texts = {t for lang in P.LANGUAGES
                        for t in P.INTENTS["hr-helper"]["benefits_enrollment"]["ask"][lang]}
    asked = [r["timestamp"].date() for r in demo["rows"] if r["role"] == "user"
             and any(t in r["content"] or t.lower().rstrip("?.!") in r["content"] for t in enrollment_texts)]
    assert len(asked) > 25
    assert min(asked) >= opening
    truth = demo["truth"].values()
    late = [t for t in truth if t["assistant_id"] == "hr-helper" and t["start_utc"][:10] >= opening.isoformat()]
    assert 0.2 < _rate(t["intent"] == "benefits_enrollment" for t in late) < 0.5


def test_effect_7_deal_research_agent_is_the_only_assistant_with_negative_roi(demo):
    with (SEEDS / "value_assumptions.csv").open() as f:
        value = {r["assistant_id"]: r for r in csv.DictReader(f) if r["intent"] == "*"}
    roi = {}
    all_convs = _conversations(demo["rows"]).values()
    for assistant in {a.assistant_id for a in ASSISTANTS}:
        convs = [c for c in all_convs if c["assistant"] == assistant]
        v = value[assistant]
        per_success = (float(v["minutes_saved_per_success"]) / 60 * float(v["loaded_hourly_cost_usd"])
                       + float(v["human_ticket_cost_usd"]))
        cost = sum(c["cost"] for c in convs)
        roi[assistant] = (sum(c["success"] for c in convs) * per_success - cost) / cost
    assert roi["deal-research-agent"] < -0.2
    assert all(r > 1 for a, r in roi.items() if a != "deal-research-agent"), roi


def test_truth_file_records_every_conversation(demo):
    with (demo["out"] / "truth" / "conversations.csv").open() as f:
        assert tuple(next(csv.reader(f))) == TRUTH_CONVERSATION_COLUMNS
    outcomes = Counter(t["outcome"] for t in demo["truth"].values())
    assert set(outcomes) == {"success", "neutral", "failure", "escalation"}
