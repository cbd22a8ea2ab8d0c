"""Known test input for the dbt tests: deterministic conversations and a stand-in for enrichment.

The dbt tests check properties of the dbt project (it builds and passes its tests, an incremental run
equals a full refresh, DuckDB and PostgreSQL agree), not the quality of enrichment, so enrichment is
replaced here by simple rules on the generated text (a keyword means an intent, "useless" means
frustration...). Every value is a function of the seed, so two warehouses fed the same batches hold the
same rows.

The events exercise what the session and incremental logic must handle: gaps longer than the session
timeout inside one conversation, a conversation id reused by another user, greetings before the first
user message, feedback and handoffs, an A/B test, a price change of a model (gpt-4o on 2026-10-01 in
seeds/model_prices.csv) and, in the second batch, late events (some older than the incremental lookback).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa

START = datetime(2026, 9, 1, tzinfo=UTC)
DAYS = 50
# Batch 1 holds events before this instant (minus the withheld late ones); batch 2 the rest. Midday, so
# that sessions of that day span the two batches.
CUTOFF = datetime(2026, 10, 10, 12, 0, tzinfo=UTC)

ASSISTANTS = ("hr-helper", "it-service-desk", "code-assistant", "support-agent")
DEPARTMENTS = (("Finance", 20), ("Engineering", 25), ("Sales", 18), ("People", 12), ("Legal", 3), ("Ops", 2))
LOCALES = ("en-GB", "de-DE", "fr-FR")

# intent id -> (label, keywords, phrases by language)
INTENTS = {
    "vacation": (
        "vacation days",
        "vacation,days,leave",
        {
            "en": "how many vacation days do I have left this year",
            "de": "wie viele Urlaubstage habe ich dieses Jahr noch",
            "fr": "combien de jours de vacances me reste-t-il cette année",
        },
    ),
    "password": (
        "reset password",
        "password,reset,login",
        {
            "en": "I need to reset my password for the portal",
            "de": "ich muss mein Passwort für das Portal zurücksetzen",
            "fr": "je dois réinitialiser mon mot de passe du portail",
        },
    ),
    "vpn": (
        "vpn connection",
        "vpn,connection,network",
        {
            "en": "the VPN keeps disconnecting from the office network",
            "de": "das VPN trennt sich ständig vom Büronetz",
            "fr": "le VPN se déconnecte sans cesse du réseau du bureau",
        },
    ),
    "salary": (
        "salary questions",
        "salary,payslip",
        {
            "en": "when is the salary paid and where is my payslip",
            "de": "wann wird das Gehalt gezahlt und wo ist meine Abrechnung",
            "fr": "quand le salaire est-il versé et où est ma fiche de paie",
        },
    ),
}
FOLLOW_UPS = {
    "en": (
        "that is not what I asked, how many vacation days do I have left",
        "this is useless",
        "can I talk to a human please",
        "thanks, that worked",
        "and what about next year",
    ),
    "de": (
        "das habe ich nicht gefragt, wie viele Urlaubstage habe ich noch",
        "das ist nutzlos",
        "kann ich mit einem Menschen sprechen",
        "danke, das hat geholfen",
        "und nächstes Jahr",
    ),
    "fr": (
        "ce n'est pas ma question, combien de jours de vacances me reste-t-il",
        "c'est inutile",
        "puis-je parler à un humain",
        "merci, ça marche",
        "et l'année prochaine",
    ),
}
FRUSTRATED = ("useless", "nutzlos", "inutile")
ASKS_HUMAN = ("human", "Menschen", "humain")
GRATITUDE = ("thanks", "danke", "merci")


def _ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class Batches:
    first: list[dict]
    second: list[dict]

    @property
    def all(self) -> list[dict]:
        return self.first + self.second


def conversations(n: int = 400, seed: int = 11) -> list[dict]:
    """Return the v1 events of ``n`` conversations (unsorted order is irrelevant to Parley)."""
    rng = random.Random(seed)
    users = []
    for i in range(90):
        dept = rng.choices([d for d, _ in DEPARTMENTS], weights=[w for _, w in DEPARTMENTS])[0]
        users.append((f"u-{i:03d}", dept, LOCALES[i % 7 % 3]))
    events: list[dict] = []
    for c in range(n):
        uid, dept, locale = rng.choice(users)
        lang = locale[:2]
        assistant = ASSISTANTS[c % len(ASSISTANTS)] if rng.random() < 0.7 else rng.choice(ASSISTANTS[:2])
        # every 25th conversation reuses the id of the conversation before it, for another user
        conv = f"c-{c - 1:04d}" if c % 25 == 24 else f"c-{c:04d}"
        variant = rng.choice(("control", "treatment")) if assistant == "hr-helper" else None
        t = START + timedelta(
            days=rng.randrange(DAYS),
            hours=rng.randrange(7, 20),
            minutes=rng.randrange(60),
            seconds=rng.randrange(60),
        )
        base = {"conversation_id": conv, "assistant_id": assistant, "user_id": uid}
        props = {
            "user_properties": {"department": dept, "locale": locale},
            "properties": {"channel": rng.choice(("teams", "web"))},
        }
        if rng.random() < 0.15:
            events.append(
                {
                    **base,
                    "event_type": "message",
                    "event_id": f"{conv}-{c}-greet",
                    "role": "system",
                    "timestamp": _ts(t - timedelta(seconds=5)),
                    "content": "Hello! How can I help?",
                }
            )
        intent = rng.choice(list(INTENTS))
        text = INTENTS[intent][2][lang]
        for turn in range(rng.choice((1, 1, 2, 3, 4, 6))):
            uid_event = f"{conv}-{c}-u{turn}"
            if turn and rng.random() < 0.3 and intent == "salary":
                text = f"my email is user{c}@example.com, {text}"
            events.append(
                {
                    **base,
                    **props,
                    "event_type": "message",
                    "event_id": uid_event,
                    "role": "user",
                    "timestamp": _ts(t),
                    "content": text,
                }
            )
            t += timedelta(milliseconds=rng.randrange(800, 9000))
            if rng.random() < 0.93:
                reply = {
                    **base,
                    "event_type": "message",
                    "event_id": f"{conv}-{c}-a{turn}",
                    "role": "assistant",
                    "timestamp": _ts(t),
                    "content": "Here is what I found.",
                    "input_tokens": rng.randrange(300, 4000),
                    "output_tokens": rng.randrange(20, 600),
                }
                if rng.random() < 0.6:
                    reply["latency_ms"] = rng.randrange(400, 9000)
                if assistant == "code-assistant":
                    reply.update(provider="openai", model="gpt-4o")
                if variant:
                    reply["variant"] = variant
                events.append(reply)
                if rng.random() < 0.2:
                    events.append(
                        {
                            **base,
                            "event_type": "feedback",
                            "event_id": f"{conv}-{c}-f{turn}",
                            "timestamp": _ts(t + timedelta(seconds=rng.randrange(5, 90000))),
                            "target_event_id": reply["event_id"],
                            "feedback": rng.choice(
                                (
                                    {"score": 1, "scale": "thumbs"},
                                    {"score": -1, "scale": "thumbs"},
                                    {"score": rng.randrange(1, 6), "scale": "1-5"},
                                )
                            ),
                        }
                    )
            # mostly quick follow-ups; sometimes the user comes back after the session timeout
            t += timedelta(seconds=rng.choice((20, 45, 90, 200, 600, 2400, 7200)))
            text = rng.choice(FOLLOW_UPS[lang])
        if rng.random() < 0.07:
            events.append(
                {
                    **base,
                    "event_type": "handoff",
                    "event_id": f"{conv}-{c}-h",
                    "timestamp": _ts(t),
                    "handoff": {"reason": "user_request", "channel": "servicedesk"},
                }
            )
    return events + boundary_cases()


def boundary_cases() -> list[dict]:
    """Hand-made conversations around CUTOFF; events whose id ends in '-late' always go to batch 2."""

    def msg(event_id, conv, user, t, role="user", text="wie viele Urlaubstage habe ich dieses Jahr noch"):
        return {
            "event_type": "message",
            "event_id": event_id,
            "conversation_id": conv,
            "assistant_id": "hr-helper",
            "user_id": user,
            "role": role,
            "timestamp": _ts(t),
            "content": text,
            "user_properties": {"department": "People", "locale": "de-DE"},
        }

    minute = timedelta(minutes=1)
    return [
        # one session across the cutoff: two messages in each batch
        msg("edge1-a", "edge-1", "u-001", CUTOFF - 10 * minute),
        msg("edge1-b", "edge-1", "u-001", CUTOFF - 2 * minute),
        msg("edge1-c", "edge-1", "u-001", CUTOFF + 5 * minute),
        msg("edge1-d", "edge-1", "u-001", CUTOFF + 15 * minute),
        # two sessions (40 min apart) in batch 1 that a late message in the gap merges into one
        msg("edge2-a", "edge-2", "u-002", CUTOFF - 180 * minute),
        msg("edge2-c", "edge-2", "u-002", CUTOFF - 140 * minute),
        msg("edge2-b-late", "edge-2", "u-002", CUTOFF - 160 * minute),
        # a message three weeks late (far beyond the lookback) that opens an earlier session
        msg("edge3-b", "edge-3", "u-003", CUTOFF - 20 * 24 * 60 * minute),
        msg("edge3-a-late", "edge-3", "u-003", CUTOFF - 21 * 24 * 60 * minute),
        # feedback logged under another conversation id, arriving after the cutoff about a message weeks
        # older than the lookback: the message must still get it
        msg("edge4-a", "edge-4", "u-004", CUTOFF - 15 * 24 * 60 * minute),
        {
            "event_type": "feedback",
            "event_id": "edge4-f",
            "conversation_id": "edge-4-ratings",
            "assistant_id": "hr-helper",
            "user_id": "u-004",
            "target_event_id": "edge4-a",
            "timestamp": _ts(CUTOFF + 30 * minute),
            "feedback": {"score": -1, "scale": "thumbs"},
        },
    ]


def split(events: list[dict], seed: int = 5) -> Batches:
    """First batch: events before CUTOFF except ~10% of the last 3 days, 2% of older ones and the '-late'
    events of boundary_cases() (late events); second batch: the late events and everything after CUTOFF."""
    rng = random.Random(seed)
    first, second = [], []
    for ev in sorted(events, key=lambda e: (e["timestamp"], e["event_id"])):
        t = datetime.fromisoformat(ev["timestamp"].replace("Z", "+00:00"))
        late = (
            ev["event_id"].endswith("-late")
            or (t >= CUTOFF - timedelta(days=3) and rng.random() < 0.10)
            or rng.random() < 0.02
        )
        (second if t >= CUTOFF or late else first).append(ev)
    return Batches(first, second)


def write_jsonl(events: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


def enrich(wh, enriched_at: datetime) -> int:
    """Write signals and intents for every message in raw.events that has none yet; return how many."""
    from orchestration.warehouse import arrow_schema

    for table in (
        "enriched.message_signals",
        "enriched.message_intents",
        "enriched.intents",
        "enriched.intent_id_map",
    ):
        wh.ensure_table(table)
    rows = wh.query(
        "select event_id, role, content, conversation_id, user_id, timestamp from raw.events "
        "where event_type = 'message' order by conversation_id, user_id, timestamp, event_id"
    )
    done = {r[0] for r in wh.query("select event_id from enriched.message_signals")}
    naive = enriched_at.replace(tzinfo=None)
    rephrases = {phrases[0] for phrases in FOLLOW_UPS.values()}
    # Similarity to the previous user message of the conversation, as the real enrichment defines it: none
    # for the first one; the follow-ups that re-ask the question are "similar", other messages score below
    # the rephrase threshold by the previous message's length. A late message changes its successor's
    # value, so, like the real enrichment, every user message of a conversation that got a new one is
    # recomputed and re-stamped with this call's enriched_at.
    similarity, previous = {}, {}
    for event_id, role, content, conv, user, _ in rows:
        if role == "user":
            before = previous.get((conv, user))
            similarity[event_id] = (
                None if before is None else 0.9 if content in rephrases else 0.3 + 0.002 * (len(before) % 100)
            )
            previous[conv, user] = content or ""
    touched = {(conv, user) for event_id, role, _, conv, user, _ in rows if role == "user" and event_id not in done}
    recomputed = [
        {"event_id": event_id, "similarity": similarity[event_id]}
        for event_id, role, _, conv, user, _ in rows
        if role == "user" and event_id in done and (conv, user) in touched
    ]
    if recomputed:
        update = pa.Table.from_pylist(recomputed, pa.schema([("event_id", pa.string()), ("similarity", pa.float64())]))
        with wh.staged(update) as stage:
            wh.execute(
                f"UPDATE enriched.message_signals SET similarity_to_previous = {stage}.similarity, "
                f"enriched_at = cast('{naive.isoformat(sep=' ')}' as timestamp) "
                f"FROM {stage} WHERE enriched.message_signals.event_id = {stage}.event_id"
            )
    signals, intents = [], []
    for event_id, role, content, _conv, _user, _ in rows:
        content = content or ""
        is_user = role == "user"
        if event_id in done:
            continue
        has_email = "@" in content
        lang = (
            "de"
            if any(w in content for w in ("ich", "das", "und", "kann"))
            else "fr"
            if any(w in content for w in ("je", "le", "ce", "combien", "merci", "puis"))
            else "en"
            if len(content) > 12
            else "und"
        )
        signals.append(
            {
                "event_id": event_id,
                "role": role,
                "text_hash": None,
                "redacted_content": re.sub(r"\S+@\S+", "<EMAIL>", content),
                "pii_types": "email" if has_email else "",
                "language": lang if is_user else "und",
                "language_confidence": 0.9 if is_user else None,
                "frustration_score": (0.9 if any(w in content for w in FRUSTRATED) else 0.1)
                if is_user
                else None,
                "frustration_cues": ("insult" if any(w in content for w in FRUSTRATED) else "")
                if is_user
                else None,
                "asks_for_human": any(w in content for w in ASKS_HUMAN) if is_user else None,
                "gratitude": any(w in content for w in GRATITUDE) if is_user else None,
                "sentiment_score": 0.0 if is_user else None,
                "similarity_to_previous": similarity.get(event_id),
                "enrichment_version": "test",
                # written one after another, as enrichment's batches are
                "enriched_at": naive + timedelta(microseconds=len(signals)),
            }
        )
        if is_user:
            intent = next(
                (i for i, (_, _, p) in INTENTS.items() if any(s in content for s in p.values())),
                "unclassified",
            )
            intents.append(
                {
                    "event_id": event_id,
                    "intent_id": intent,
                    "similarity": 0.8,
                    "model_version": "t1",
                    "assigned_at": naive,
                }
            )
    if signals:
        wh.append(
            "enriched.message_signals",
            pa.Table.from_pylist(signals, arrow_schema("enriched.message_signals")),
        )
    if intents:
        wh.append(
            "enriched.message_intents",
            pa.Table.from_pylist(intents, arrow_schema("enriched.message_intents")),
        )
    wh.execute("delete from enriched.intents")
    catalogue = [
        {
            "intent_id": i,
            "label": label,
            "keywords": kw,
            "size": 0,
            "representative_text": p["en"],
            "is_unclassified": False,
            "model_version": "t1",
            "first_seen_at": naive,
            "last_seen_at": naive,
            "updated_at": naive,
        }
        for i, (label, kw, p) in INTENTS.items()
    ]
    catalogue.append(
        {
            "intent_id": "unclassified",
            "label": "unclassified",
            "keywords": "",
            "size": 0,
            "representative_text": None,
            "is_unclassified": True,
            "model_version": "t1",
            "first_seen_at": naive,
            "last_seen_at": naive,
            "updated_at": naive,
        }
    )
    wh.append("enriched.intents", pa.Table.from_pylist(catalogue, arrow_schema("enriched.intents")))
    return len(signals)
