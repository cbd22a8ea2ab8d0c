"""What the marts say, as tables and one-line sentences: pure functions of DataFrames, no I/O.

Every function takes the frames :func:`orchestration.report.data.load_marts` returns (or slices of
them) and returns a DataFrame or a :class:`Takeaway`. A takeaway's ``facts`` hold the numbers behind
its sentence: the page writes them into ``data-*`` attributes and the Dagster asset into its metadata,
so tests and readers can check a sentence against the marts.

Definitions follow docs/metrics.md. Two derived figures are the report's own:

- **fail or hand-off rate** = (failure + escalated sessions) / sessions, the share of sessions that
  did not end well for the user (the measure of the planted language effect in docs/demo-data.md);
- **value per $1 of tokens** = value / token cost (ROI + 1), readable on a log axis across assistants
  whose ROI differs by five orders of magnitude.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orchestration.report import fmt

# A language group needs at least this many published sessions on each side of a comparison. At 20
# sessions the standard error of a rate near 30% is at most ~10 points, enough to tell a 2x gap from
# noise. Measured on the demo data (seed 7, 3,000 conversations): the support assistant's non-English
# published sessions number 38 and English 170; at 800 conversations every non-English group is below 20
# (folded into '(other)' by suppression), and the page says so instead of comparing noise.
MIN_LANGUAGE_SESSIONS = 20

OUTCOMES = ("success", "unknown", "abandoned", "failure", "escalated")


@dataclass(frozen=True)
class Takeaway:
    """One section's plain-words sentence, an optional second sentence, and the numbers behind them."""

    section: str
    text: str
    facts: dict = field(default_factory=dict)
    detail: str = ""


# --- shared ---------------------------------------------------------------------------------------------


def assistant_names(assistants: pd.DataFrame) -> dict[str, str]:
    """assistant_id -> display name (the id when the seed has none)."""
    if assistants.empty:
        return {}
    return {r.assistant_id: (r.assistant_name or r.assistant_id) for r in assistants.itertuples()}


def assistant_order(assistants: pd.DataFrame, *frames: pd.DataFrame) -> list[str]:
    """Every assistant id in dim_assistants order (by id) plus any only seen in a mart, for stable colours."""
    ids = set(assistants["assistant_id"]) if not assistants.empty else set()
    for frame in frames:
        if "assistant_id" in frame and not frame.empty:
            ids |= set(frame["assistant_id"].dropna())
    return sorted(ids)


def data_window(
    adoption: pd.DataFrame, outcomes: pd.DataFrame, roi: pd.DataFrame | None = None
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last published day with activity (UTC); (None, None) for an empty warehouse.

    The daily mart gives the exact days; without it (every day too small to publish) the weekly, then
    the monthly mart bound the window.
    """
    if not adoption.empty:
        return adoption["activity_date"].min(), adoption["activity_date"].max()
    if not outcomes.empty:
        return outcomes["week_start"].min(), outcomes["week_start"].max() + pd.Timedelta(days=6)
    if roi is not None and not roi.empty:
        return roi["month_start"].min(), roi["month_start"].max() + pd.offsets.MonthEnd(0)
    return None, None


def _name(names: dict[str, str], assistant_id: str) -> str:
    return names.get(assistant_id, assistant_id)


def _rate(num, den) -> float:
    return float(num) / float(den) if den else float("nan")


# --- portfolio ------------------------------------------------------------------------------------------


def headline(roi: pd.DataFrame) -> dict:
    """Whole-window totals over every assistant (mart_roi): the KPI cards at the top of the page."""
    sessions = int(roi["sessions"].sum()) if not roi.empty else 0
    cost = float(roi["token_cost_usd"].sum()) if not roi.empty else 0.0
    value = float(roi["value_usd"].sum()) if not roi.empty else 0.0
    return {
        "assistants": int(roi.loc[roi["sessions"] > 0, "assistant_id"].nunique()) if not roi.empty else 0,
        "sessions": sessions,
        "success_rate": _rate(roi["success_sessions"].sum(), sessions) if sessions else float("nan"),
        "escalation_rate": _rate(roi["escalated_sessions"].sum(), sessions) if sessions else float("nan"),
        "token_cost_usd": cost,
        "value_usd": value,
        "net_value_usd": value - cost,
        "roi": (value - cost) / cost if cost else float("nan"),
    }


def month_days(month_start: pd.Timestamp, first_day: pd.Timestamp, last_day: pd.Timestamp) -> int:
    """Days of the month inside the data window (a partial first or last month has fewer)."""
    month_end = month_start + pd.offsets.MonthEnd(0)
    start, end = max(month_start, first_day), min(month_end, last_day)
    return max((end - start).days + 1, 0)


PORTFOLIO_METRICS = (
    "users",
    "sessions",
    "success_rate",
    "escalation_rate",
    "token_cost_usd",
    "value_usd",
    "roi",
)


def portfolio(roi: pd.DataFrame, assistants: pd.DataFrame, first_day, last_day) -> pd.DataFrame:
    """One row per assistant: the latest month in mart_roi and the month before it (``prev_*``).

    Volumes are also given per day of data in the month (``sessions_per_day``, ``cost_per_day``) so
    that a partial month compares fairly with a full one.
    """
    names = assistant_names(assistants)
    cols = [
        "assistant_id",
        "assistant_name",
        "month",
        "prev_month",
        "days",
        "prev_days",
        *PORTFOLIO_METRICS,
        *(f"prev_{m}" for m in PORTFOLIO_METRICS),
        "sessions_per_day",
        "prev_sessions_per_day",
        "cost_per_day",
        "prev_cost_per_day",
    ]
    if roi.empty:
        return pd.DataFrame(columns=cols)
    df = roi.assign(
        success_rate=roi["success_sessions"] / roi["sessions"].where(roi["sessions"] > 0),
        escalation_rate=roi["escalated_sessions"] / roi["sessions"].where(roi["sessions"] > 0),
    )
    month = df["month_start"].max()
    prev = month - pd.offsets.MonthBegin(1)
    days = month_days(month, first_day, last_day)
    prev_days = month_days(prev, first_day, last_day)
    rows = []
    for aid in assistant_order(assistants, roi):
        cur = df[(df["assistant_id"] == aid) & (df["month_start"] == month)]
        old = df[(df["assistant_id"] == aid) & (df["month_start"] == prev)]
        row = {
            "assistant_id": aid,
            "assistant_name": _name(names, aid),
            "month": month,
            "prev_month": prev,
            "days": days,
            "prev_days": prev_days,
        }
        for metric in PORTFOLIO_METRICS:
            row[metric] = float(cur[metric].iloc[0]) if len(cur) else float("nan")
            row[f"prev_{metric}"] = float(old[metric].iloc[0]) if len(old) else float("nan")
        row["sessions_per_day"] = row["sessions"] / days if days else float("nan")
        row["prev_sessions_per_day"] = row["prev_sessions"] / prev_days if prev_days else float("nan")
        row["cost_per_day"] = row["token_cost_usd"] / days if days else float("nan")
        row["prev_cost_per_day"] = row["prev_token_cost_usd"] / prev_days if prev_days else float("nan")
        rows.append(row)
    return pd.DataFrame(rows, columns=cols).sort_values("sessions", ascending=False, na_position="last")


def outcome_mix(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Sessions by outcome per assistant over the whole window (mart_outcomes), with shares."""
    cols = ["assistant_id", "sessions", *(f"{o}_sessions" for o in OUTCOMES)]
    if outcomes.empty:
        return pd.DataFrame(columns=[*cols, *(f"{o}_share" for o in OUTCOMES)])
    mix = outcomes.groupby("assistant_id", as_index=False)[cols[1:]].sum()
    for o in OUTCOMES:
        mix[f"{o}_share"] = mix[f"{o}_sessions"] / mix["sessions"]
    return mix


def portfolio_takeaway(roi: pd.DataFrame, assistants: pd.DataFrame) -> Takeaway:
    """How many sessions, how they went, the busiest and the most successful assistant."""
    if roi.empty or roi["sessions"].sum() == 0:
        return Takeaway(
            "portfolio", "No sessions are published yet: run the pipeline on some conversation logs."
        )
    names = assistant_names(assistants)
    head = headline(roi)
    per = roi.groupby("assistant_id")[["sessions", "success_sessions"]].sum()
    per["success_rate"] = per["success_sessions"] / per["sessions"]
    busiest = per["sessions"].idxmax()
    best = per["success_rate"].idxmax()
    n = head["assistants"]
    text = (
        f"{n} assistant{'s' if n != 1 else ''} handled {fmt.count(head['sessions'])} sessions: "
        f"{fmt.pct(head['success_rate'])} succeeded and {fmt.pct(head['escalation_rate'])} were handed to a "
        "person."
    )
    if n > 1 and busiest == best:
        text += (
            f" {_name(names, busiest)} is both the busiest ({fmt.count(per.loc[busiest, 'sessions'])} "
            f"sessions) and the most successful ({fmt.pct(per.loc[best, 'success_rate'])} success)."
        )
    elif n > 1:
        text += (
            f" {_name(names, busiest)} is the busiest ({fmt.count(per.loc[busiest, 'sessions'])} sessions), "
            f"{_name(names, best)} the most successful ({fmt.pct(per.loc[best, 'success_rate'])} success)."
        )
    return Takeaway("portfolio", text, {"busiest": busiest, "most_successful": best, **head})


# --- adoption -------------------------------------------------------------------------------------------


def adoption_by_day(adoption: pd.DataFrame, department: str | None = None) -> pd.DataFrame:
    """DAU, WAU, MAU, new users and stickiness per day and assistant, over all departments or one.

    mart_adoption_daily gives each active user one department per day, so summing its department rows
    gives the day's totals (rows of a day with fewer than min_group_users users are not published).
    """
    cols = [
        "activity_date",
        "assistant_id",
        "dau",
        "wau",
        "mau",
        "new_users",
        "sessions",
        "user_messages",
        "stickiness",
    ]
    df = adoption if department is None else adoption[adoption["department"] == department]
    if df.empty:
        return pd.DataFrame(columns=cols)
    out = df.groupby(["activity_date", "assistant_id"], as_index=False).agg(
        dau=("active_users", "sum"),
        wau=("rolling_7d_active_users", "sum"),
        mau=("rolling_28d_active_users", "sum"),
        new_users=("new_users", "sum"),
        sessions=("sessions", "sum"),
        user_messages=("user_messages", "sum"),
    )
    out["stickiness"] = out["dau"] / out["mau"].where(out["mau"] > 0)
    return out.sort_values(["assistant_id", "activity_date"])[cols]


def new_users_after_start(
    adoption: pd.DataFrame, assistants: pd.DataFrame, first_day, days: int = 14
) -> pd.DataFrame:
    """New users in the first ``days`` days of each assistant: from its launch, or from the data's first day
    for assistants launched before the data begins."""
    daily = adoption_by_day(adoption)
    launches = (
        {}
        if assistants.empty
        else dict(zip(assistants["assistant_id"], assistants["launch_date"], strict=True))
    )
    rows = []
    for aid, grp in daily.groupby("assistant_id"):
        launch = launches.get(aid)
        start = first_day if fmt.missing(launch) or launch < first_day else launch
        window = grp[
            (grp["activity_date"] >= start) & (grp["activity_date"] < start + pd.Timedelta(days=days))
        ]
        rows.append(
            {
                "assistant_id": aid,
                "start": start,
                "launched_in_window": start != first_day,
                "new_users": int(window["new_users"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=["assistant_id", "start", "launched_in_window", "new_users"])


def stickiness_recent(adoption: pd.DataFrame, days: int = 28) -> pd.Series:
    """Mean daily DAU/MAU per assistant over the last ``days`` days with data (published days only)."""
    daily = adoption_by_day(adoption)
    if daily.empty:
        return pd.Series(dtype=float)
    last = daily["activity_date"].max()
    recent = daily[daily["activity_date"] > last - pd.Timedelta(days=days)]
    return recent.groupby("assistant_id")["stickiness"].mean().sort_values(ascending=False)


def adoption_takeaway(adoption: pd.DataFrame, assistants: pd.DataFrame, first_day) -> Takeaway:
    """Who drew the most new users early on, and whose users come back most often."""
    if adoption.empty:
        return Takeaway("adoption", "No day has enough active users to be published yet.")
    names = assistant_names(assistants)
    new = new_users_after_start(adoption, assistants, first_day).sort_values("new_users", ascending=False)
    top = new.iloc[0]
    sticky = stickiness_recent(adoption)
    since = (
        f"launched {fmt.day(top['start'])}" if top["launched_in_window"] else "first two weeks of the data"
    )
    text = (
        f"{_name(names, top['assistant_id'])} drew the most new users in its first two weeks "
        f"({fmt.count(top['new_users'])}, {since})"
    )
    facts = {"most_new_users": top["assistant_id"], "new_users_first_14d": int(top["new_users"])}
    if len(sticky) >= 2:
        hi, lo = sticky.index[0], sticky.index[-1]
        text += (
            f"; {_name(names, hi)} is the stickiest: on an average day {fmt.pct(sticky[hi])} of its monthly "
            f"users use it ({_name(names, lo)}: {fmt.pct(sticky[lo])})."
        )
        facts |= {
            "stickiest": hi,
            "stickiness_high": float(sticky[hi]),
            "least_sticky": lo,
            "stickiness_low": float(sticky[lo]),
        }
    else:
        text += "."
    return Takeaway("adoption", text, facts)


# --- retention ------------------------------------------------------------------------------------------


def retention_at_week(retention: pd.DataFrame, week: int = 1) -> pd.DataFrame:
    """Share of each assistant's new users active again ``week`` weeks after their first week, pooled over
    every cohort for which that week is complete."""
    cols = ["assistant_id", "cohort_users", "active_users", "retention_rate", "cohorts"]
    if retention.empty:
        return pd.DataFrame(columns=cols)
    df = retention[(retention["weeks_since_first_use"] == week) & ~retention["is_partial_week"].astype(bool)]
    out = df.groupby("assistant_id", as_index=False).agg(
        cohort_users=("cohort_users", "sum"),
        active_users=("active_users", "sum"),
        cohorts=("cohort_week", "count"),
    )
    out["retention_rate"] = out["active_users"] / out["cohort_users"]
    return out.sort_values("retention_rate", ascending=False)[cols]


def retention_takeaway(retention: pd.DataFrame, assistants: pd.DataFrame) -> Takeaway:
    """The spread of week-1 retention: the assistant that keeps its new users and the one that loses them."""
    w1 = retention_at_week(retention, 1)
    if w1.empty:
        return Takeaway("retention", "No cohort is old enough (or large enough) to measure retention yet.")
    names = assistant_names(assistants)
    hi, lo = w1.iloc[0], w1.iloc[-1]
    if len(w1) == 1:
        text = (
            f"{_name(names, hi['assistant_id'])} keeps {fmt.pct(hi['retention_rate'])} of its new users into "
            "their second week."
        )
    else:
        text = (
            f"A week after their first visit, {_name(names, hi['assistant_id'])} keeps "
            f"{fmt.pct(hi['retention_rate'])} of its new users, {_name(names, lo['assistant_id'])} only "
            f"{fmt.pct(lo['retention_rate'])}."
        )
    return Takeaway(
        "retention",
        text,
        {
            "best": hi["assistant_id"],
            "best_week1_retention": float(hi["retention_rate"]),
            "worst": lo["assistant_id"],
            "worst_week1_retention": float(lo["retention_rate"]),
        },
    )


# --- outcomes by language and department ----------------------------------------------------------------


def language_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Sessions and outcome rates per assistant and session language over the whole window.

    ``outcomes`` has a ``language`` column (:func:`segment_outcomes` of mart_outcomes_by_segment). Small
    languages are folded into '(other)'; that row is kept and labelled, so the page shows how much of each
    assistant's traffic has a published language.
    """
    cols = [
        "assistant_id",
        "language",
        "sessions",
        "fail_or_handoff",
        "success_sessions",
        "fail_or_handoff_rate",
        "success_rate",
        "share_of_sessions",
    ]
    if outcomes.empty:
        return pd.DataFrame(columns=cols)
    df = outcomes.assign(fail_or_handoff=outcomes["failure_sessions"] + outcomes["escalated_sessions"])
    out = df.groupby(["assistant_id", "language"], as_index=False)[
        ["sessions", "fail_or_handoff", "success_sessions"]
    ].sum()
    out["fail_or_handoff_rate"] = out["fail_or_handoff"] / out["sessions"]
    out["success_rate"] = out["success_sessions"] / out["sessions"]
    out["share_of_sessions"] = out["sessions"] / out.groupby("assistant_id")["sessions"].transform("sum")
    return out.sort_values(["assistant_id", "sessions"], ascending=[True, False])[cols]


def language_gaps(outcomes: pd.DataFrame, min_sessions: int = MIN_LANGUAGE_SESSIONS) -> pd.DataFrame:
    """Per assistant: its main language against all its other published languages pooled.

    ``ratio`` = the other languages' fail-or-hand-off rate / the main language's. Folded ('(other)') and
    undetermined ('und') sessions are left out of both sides; ``comparable`` says whether both sides
    have at least ``min_sessions`` sessions.
    """
    cols = [
        "assistant_id",
        "main_language",
        "main_sessions",
        "main_rate",
        "other_languages",
        "other_sessions",
        "other_rate",
        "ratio",
        "comparable",
    ]
    lang = language_outcomes(outcomes)
    lang = lang[~lang["language"].isin(["(other)", "und"])]
    rows = []
    for aid, grp in lang.groupby("assistant_id"):
        grp = grp.sort_values("sessions", ascending=False)
        main, rest = grp.iloc[0], grp.iloc[1:]
        other_sessions = int(rest["sessions"].sum())
        other_rate = _rate(rest["fail_or_handoff"].sum(), other_sessions)
        main_rate = float(main["fail_or_handoff_rate"])
        rows.append(
            {
                "assistant_id": aid,
                "main_language": main["language"],
                "main_sessions": int(main["sessions"]),
                "main_rate": main_rate,
                "other_languages": list(rest["language"]),
                "other_sessions": other_sessions,
                "other_rate": other_rate,
                "ratio": other_rate / main_rate if main_rate > 0 else float("nan"),
                "comparable": bool(main["sessions"] >= min_sessions and other_sessions >= min_sessions),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def outcomes_takeaway(
    outcomes: pd.DataFrame, assistants: pd.DataFrame, min_sessions: int = MIN_LANGUAGE_SESSIONS
) -> Takeaway:
    """The largest language gap in how sessions end, among assistants with enough published sessions."""
    if outcomes.empty:
        return Takeaway("outcomes", "No week has enough users to publish outcomes yet.")
    names = assistant_names(assistants)
    gaps = language_gaps(outcomes, min_sessions)
    lang = language_outcomes(outcomes)
    published = float(
        lang.loc[~lang["language"].isin(["(other)"]), "sessions"].sum() / lang["sessions"].sum()
    )
    ok = gaps[gaps["comparable"] & gaps["ratio"].notna()].sort_values("ratio", ascending=False)
    if ok.empty:
        return Takeaway(
            "outcomes",
            (
                f"Too few sessions per language are published to compare languages (at least {min_sessions} "
                f"on each side are needed; {fmt.pct(published)} of sessions have a published language)."
            ),
            {"published_language_share": published},
        )
    g = ok.iloc[0]
    others = fmt.join_words([fmt.language(x) for x in g["other_languages"]])
    text = (
        f"{_name(names, g['assistant_id'])}: sessions in {others} end in failure or hand-off "
        f"{fmt.ratio(g['ratio'])} as often as {fmt.language(g['main_language'])} ones "
        f"({fmt.pct(g['other_rate'])} vs {fmt.pct(g['main_rate'])})."
    )
    detail = (
        f"Based on the {fmt.pct(published)} of sessions whose language had enough users that week to be "
        f"published; {fmt.count(g['other_sessions'])} vs {fmt.count(g['main_sessions'])} sessions."
    )
    return Takeaway(
        "outcomes",
        text,
        {
            "assistant": g["assistant_id"],
            "ratio": float(g["ratio"]),
            "main_language": g["main_language"],
            "main_rate": float(g["main_rate"]),
            "other_rate": float(g["other_rate"]),
            "other_languages": ",".join(g["other_languages"]),
            "published_language_share": published,
        },
        detail,
    )


def segment_outcomes(by_segment: pd.DataFrame, segment_type: str) -> pd.DataFrame:
    """The rows of mart_outcomes_by_segment for one segment type, the segment named after it
    (``language`` or ``department``); a session without a department is shown as 'unknown'."""
    df = by_segment[by_segment["segment_type"] == segment_type].drop(columns="segment_type")
    df = df.rename(columns={"segment": segment_type})
    if segment_type == "department":
        df[segment_type] = df[segment_type].replace("(none)", "unknown")
    return df


def department_sessions(by_department: pd.DataFrame) -> pd.DataFrame:
    """Sessions per assistant and user department over the whole window (from :func:`segment_outcomes`)."""
    cols = ["assistant_id", "department", "sessions", "share"]
    if by_department.empty:
        return pd.DataFrame(columns=cols)
    out = by_department.groupby(["assistant_id", "department"], as_index=False)["sessions"].sum()
    out["share"] = out["sessions"] / out.groupby("assistant_id")["sessions"].transform("sum")
    return out.sort_values(["assistant_id", "sessions"], ascending=[True, False])[cols]


# --- intents --------------------------------------------------------------------------------------------


def intent_table(intents: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The ``top`` intents by sessions opened plus every new intent, flagged.

    An intent is **new** when it had no message in the 28 days before the last 28 (``prior_28d = 0``)
    and some since: new, or back after four quiet weeks.
    """
    if intents.empty:
        return intents.assign(is_new=pd.Series(dtype=bool))
    df = intents[intents["intent_id"] != "(other)"].copy()
    df["is_new"] = (
        (df["user_messages_prior_28d"] == 0)
        & (df["user_messages_last_28d"] > 0)
        & (df["intent_id"] != "unclassified")
    )
    # Ranked by the sessions that opened with the intent (what users come to ask), then by volume: clusters
    # of thanks or complaints are frequent messages but never open a session.
    order = ["sessions", "user_messages", "intent_id"]
    df = df.sort_values(order, ascending=[False, False, True])
    chosen = pd.concat([df.head(top), df[df["is_new"]]]).drop_duplicates("intent_id")
    return chosen.sort_values(order, ascending=[False, False, True])


def intent_text(row) -> str:
    """An intent in words: its (redacted) example message, else its label."""
    text = row["example_text"] if "example_text" in row and isinstance(row["example_text"], str) else ""
    return text.strip() or str(row.get("intent_label") or row["intent_id"])


def intents_takeaway(intents: pd.DataFrame) -> Takeaway:
    """New intents first (the news), else the most frequent one."""
    table = intent_table(intents)
    if table.empty:
        return Takeaway(
            "intents", "No intent is published yet (intents appear once enough messages are clustered)."
        )
    new = table[table["is_new"]].sort_values("user_messages_last_28d", ascending=False)
    top = table.iloc[0]
    if len(new):
        n = new.iloc[0]
        text = (
            f"{len(new)} new intent{'s' if len(new) > 1 else ''} appeared in the last 28 days; the largest: "
            f"“{intent_text(n)}” ({fmt.count(n['user_messages_last_28d'])} messages, none before)."
        )
        detail = (
            f"Most asked: “{intent_text(top)}” ({fmt.count(top['sessions'])} sessions opened with it, "
            f"{fmt.count(top['user_messages'])} messages)."
        )
        return Takeaway(
            "intents",
            text,
            {"new_intents": len(new), "largest_new_intent": n["intent_id"], "top_intent": top["intent_id"]},
            detail,
        )
    trend = (
        ""
        if fmt.missing(top["trend_28d_change"])
        else f", {top['trend_28d_change'] * 100:+.0f}% vs the 28 days before"
    )
    text = (
        f"No new intent in the last 28 days. Most asked: “{intent_text(top)}” ({fmt.count(top['sessions'])} "
        f"sessions opened with it{trend})."
    )
    return Takeaway("intents", text, {"new_intents": 0, "top_intent": top["intent_id"]})


# --- drop-off -------------------------------------------------------------------------------------------


def _turn_key(bucket: str) -> int:
    b = str(bucket).rstrip("+")
    return int(b) if b.isdigit() else 10_000


def dropoff_turns(dropoff: pd.DataFrame) -> pd.DataFrame:
    """Failed or abandoned sessions per assistant by the turn they ended at, over the whole window."""
    cols = ["assistant_id", "bucket", "ended_sessions", "share", "order"]
    df = dropoff[dropoff["breakdown"] == "last_turn_index"] if not dropoff.empty else dropoff
    if df.empty:
        return pd.DataFrame(columns=cols)
    out = df.groupby(["assistant_id", "bucket"], as_index=False)["ended_sessions"].sum()
    out["share"] = out["ended_sessions"] / out.groupby("assistant_id")["ended_sessions"].transform("sum")
    out["order"] = out["bucket"].map(_turn_key)
    return out.sort_values(["assistant_id", "order"])[cols]


def dropoff_last_intents(
    dropoff: pd.DataFrame, intents: pd.DataFrame | None = None, top: int = 12
) -> pd.DataFrame:
    """The last intents of failed or abandoned sessions, largest first, over the whole window, with the
    intent's example message from mart_intents when it has one (``example_text``)."""
    cols = [
        "assistant_id",
        "bucket",
        "bucket_label",
        "example_text",
        "ended_sessions",
        "failure_sessions",
        "abandoned_sessions",
        "share",
    ]
    df = dropoff[dropoff["breakdown"] == "last_intent_id"] if not dropoff.empty else dropoff
    if df.empty:
        return pd.DataFrame(columns=cols)
    out = df.groupby(["assistant_id", "bucket", "bucket_label"], as_index=False)[
        ["ended_sessions", "failure_sessions", "abandoned_sessions"]
    ].sum()
    out["share"] = out["ended_sessions"] / out.groupby("assistant_id")["ended_sessions"].transform("sum")
    named = out[out["bucket"] != "(other)"].sort_values(["ended_sessions", "bucket"], ascending=[False, True])
    examples = (
        {}
        if intents is None or intents.empty
        else dict(zip(intents["intent_id"], intents["example_text"], strict=True))
    )
    named = named.assign(example_text=named["bucket"].map(examples))
    return named.head(top)[cols]


def dropoff_takeaway(dropoff: pd.DataFrame, assistants: pd.DataFrame) -> Takeaway:
    """How early sessions that end badly stop, and which assistant has most of them."""
    turns = dropoff_turns(dropoff)
    if turns.empty:
        return Takeaway(
            "dropoff", "No month has enough failed or abandoned sessions to publish where they ended."
        )
    names = assistant_names(assistants)
    total = float(turns["ended_sessions"].sum())
    early = float(turns.loc[turns["order"] <= 2, "ended_sessions"].sum())
    per = turns.groupby("assistant_id")["ended_sessions"].sum()
    worst = per.idxmax()
    share = early / total
    text = (
        f"At least {fmt.pct(share)} of the {fmt.count(total)} failed or abandoned sessions ended by the "
        f"user's second message; {_name(names, worst)} has the most of them ({fmt.count(per[worst])})."
    )
    return Takeaway(
        "dropoff", text, {"ended_sessions": int(total), "ended_by_turn_2_share": share, "most_ended": worst}
    )


# --- A/B tests ------------------------------------------------------------------------------------------


def ab_comparisons(ab: pd.DataFrame) -> pd.DataFrame:
    """Every non-control arm against its control, with a verdict on the success rate.

    ``verdict``: 'better' when the 95% interval of the difference lies above 0, 'worse' when below,
    else 'inconclusive' (mart_ab_tests' interval; docs/metrics.md explains its assumptions).
    """
    if ab.empty:
        return ab.assign(verdict=pd.Series(dtype=str))
    df = ab[~ab["is_control"].astype(bool) & ab["success_rate_diff"].notna()].copy()
    df["verdict"] = np.select(
        [df["success_rate_diff_ci_low"] > 0, df["success_rate_diff_ci_high"] < 0],
        ["better", "worse"],
        default="inconclusive",
    )
    return df.sort_values(["success_p_value", "assistant_id"])


def ab_takeaway(ab: pd.DataFrame, assistants: pd.DataFrame) -> Takeaway:
    """The clearest A/B result: which arm wins on success rate, by how much, with its 95% interval."""
    comp = ab_comparisons(ab)
    if comp.empty:
        return Takeaway("ab_tests", "No A/B test with a control arm and enough users in each arm is running.")
    names = assistant_names(assistants)
    c = comp.iloc[0]
    control = ab[(ab["assistant_id"] == c["assistant_id"]) & ab["is_control"].astype(bool)]["variant"]
    control_name = control.iloc[0] if len(control) else "control"
    ci = f"95% CI {fmt.points(c['success_rate_diff_ci_low'])} to {fmt.points(c['success_rate_diff_ci_high'])}"
    who = _name(names, c["assistant_id"])
    if c["verdict"] == "better":
        text = (
            f"{who}: '{c['variant']}' beats '{control_name}', success {fmt.pct(c['control_success_rate'])} → "
            f"{fmt.pct(c['success_rate'])} ({fmt.points(c['success_rate_diff'])}, {ci}, "
            f"{fmt.p_value(c['success_p_value'])})."
        )
        winner = c["variant"]
    elif c["verdict"] == "worse":
        text = (
            f"{who}: '{c['variant']}' does worse than '{control_name}', success "
            f"{fmt.pct(c['control_success_rate'])} → {fmt.pct(c['success_rate'])} "
            f"({fmt.points(c['success_rate_diff'])}, {ci}, {fmt.p_value(c['success_p_value'])})."
        )
        winner = control_name
    else:
        text = (
            f"{who}: no clear difference between '{c['variant']}' and '{control_name}' yet "
            f"({fmt.points(c['success_rate_diff'])}, {ci})."
        )
        winner = ""
    return Takeaway(
        "ab_tests",
        text,
        {
            "assistant": c["assistant_id"],
            "variant": c["variant"],
            "control": control_name,
            "winner": winner,
            "verdict": c["verdict"],
            "success_rate_diff": float(c["success_rate_diff"]),
            "ci_low": float(c["success_rate_diff_ci_low"]),
            "ci_high": float(c["success_rate_diff_ci_high"]),
            "p_value": float(c["success_p_value"]),
        },
    )


# --- cost and ROI ---------------------------------------------------------------------------------------


def roi_totals(roi: pd.DataFrame) -> pd.DataFrame:
    """Per assistant over the whole window: sessions, successes, token cost, value, net value, ROI."""
    cols = [
        "assistant_id",
        "sessions",
        "success_sessions",
        "token_cost_usd",
        "value_usd",
        "net_value_usd",
        "roi",
        "value_per_dollar",
        "cost_per_success_usd",
        "cost_per_session_usd",
    ]
    if roi.empty:
        return pd.DataFrame(columns=cols)
    out = roi.groupby("assistant_id", as_index=False)[
        ["sessions", "success_sessions", "token_cost_usd", "value_usd", "net_value_usd"]
    ].sum()
    cost = out["token_cost_usd"].where(out["token_cost_usd"] > 0)
    out["roi"] = out["net_value_usd"] / cost
    out["value_per_dollar"] = out["value_usd"] / cost
    out["cost_per_success_usd"] = out["token_cost_usd"] / out["success_sessions"].where(
        out["success_sessions"] > 0
    )
    out["cost_per_session_usd"] = out["token_cost_usd"] / out["sessions"].where(out["sessions"] > 0)
    return out.sort_values("roi")[cols]


def cost_per_session_change(roi: pd.DataFrame) -> pd.DataFrame:
    """Cost per session in the latest month against the month before, per assistant."""
    cols = ["assistant_id", "month", "prev_month", "cost_per_session", "prev_cost_per_session", "change"]
    if roi.empty or roi["month_start"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    month = roi["month_start"].max()
    prev = month - pd.offsets.MonthBegin(1)
    cur = roi[roi["month_start"] == month].set_index("assistant_id")
    old = roi[roi["month_start"] == prev].set_index("assistant_id")
    both = cur.index.intersection(old.index)
    out = pd.DataFrame(
        {
            "assistant_id": both,
            "month": month,
            "prev_month": prev,
            "cost_per_session": (cur.loc[both, "token_cost_usd"] / cur.loc[both, "sessions"]).to_numpy(),
            "prev_cost_per_session": (old.loc[both, "token_cost_usd"] / old.loc[both, "sessions"]).to_numpy(),
        }
    )
    out["change"] = out["cost_per_session"] / out["prev_cost_per_session"] - 1
    return out.reindex(out["change"].abs().sort_values(ascending=False).index)[cols]


def roi_takeaway(roi: pd.DataFrame, assistants: pd.DataFrame) -> Takeaway:
    """Which assistants cost more than they return, and how the others compare."""
    totals = roi_totals(roi)
    if totals.empty:
        return Takeaway("roi", "No month has enough users to publish cost and value yet.")
    names = assistant_names(assistants)
    losing = totals[totals["net_value_usd"] < 0]
    winning = totals[totals["net_value_usd"] >= 0]
    if len(losing):
        l0 = losing.iloc[0]
        who = fmt.join_words([_name(names, a) for a in losing["assistant_id"]])
        verb = "costs" if len(losing) == 1 else "cost"
        worst = "" if len(losing) == 1 else f"the worst, {_name(names, l0['assistant_id'])}, "
        text = (
            f"{who} {verb} more than {'it returns' if len(losing) == 1 else 'they return'}: {worst}"
            f"{fmt.money(l0['token_cost_usd'])} of tokens for {fmt.money(l0['value_usd'])} of value "
            f"(ROI {fmt.roi(l0['roi'])})"
        )
        if len(winning):
            text += (
                "; every other assistant returns at least "
                f"{winning['value_per_dollar'].min():,.0f}x its token "
                "cost."
            )
        else:
            text += "."
    elif len(totals) == 1:
        t0 = totals.iloc[0]
        text = (
            f"{_name(names, t0['assistant_id'])} returns more than it costs: "
            f"{t0['value_per_dollar']:,.0f}x its token cost."
        )
    else:
        t0 = totals.iloc[0]
        text = (
            f"Every assistant returns more than it costs; the lowest, {_name(names, t0['assistant_id'])}, "
            f"returns {t0['value_per_dollar']:,.0f}x its token cost."
        )
    facts = {
        "negative_roi": ",".join(losing["assistant_id"]),
        "lowest_roi_assistant": totals.iloc[0]["assistant_id"],
        "lowest_roi": float(totals.iloc[0]["roi"]) if not fmt.missing(totals.iloc[0]["roi"]) else None,
    }
    change = cost_per_session_change(roi)
    detail = ""
    if len(change):
        c = change.iloc[0]
        detail = (
            f"Largest change in cost per session, {fmt.month(c['prev_month'])} → {fmt.month(c['month'])}: "
            f"{_name(names, c['assistant_id'])} {fmt.signed_pct(c['change'])} "
            f"({fmt.money(c['prev_cost_per_session'])} → {fmt.money(c['cost_per_session'])})."
        )
        facts |= {
            "largest_cost_change_assistant": c["assistant_id"],
            "largest_cost_change": float(c["change"]),
        }
    return Takeaway("roi", text, facts, detail)


# --- governance -----------------------------------------------------------------------------------------

PII_TYPES = ("email", "phone", "card", "iban", "ip", "number")


def pii_by_type(gov: pd.DataFrame) -> pd.DataFrame:
    """Messages with each PII type per ISO week, summed over assistants."""
    cols = ["week_start", *PII_TYPES]
    if gov.empty:
        return pd.DataFrame(columns=cols)
    present = [t for t in PII_TYPES if f"pii_{t}_messages" in gov]
    out = gov.groupby("week_start", as_index=False)[[f"pii_{t}_messages" for t in present]].sum()
    return out.rename(columns={f"pii_{t}_messages": t for t in present}).sort_values("week_start")


def usage_spikes(gov: pd.DataFrame, adoption: pd.DataFrame) -> pd.DataFrame:
    """Weeks with a usage spike, with the week's busiest day (from mart_adoption_daily) and its volume."""
    cols = [
        "assistant_id",
        "week_start",
        "spike_days",
        "max_daily_z_score",
        "max_daily_user_messages",
        "busiest_day",
    ]
    if gov.empty:
        return pd.DataFrame(columns=cols)
    spikes = gov[gov["spike_days"] > 0].sort_values("max_daily_z_score", ascending=False).copy()
    daily = adoption_by_day(adoption)
    busiest = []
    for r in spikes.itertuples():
        days = daily[
            (daily["assistant_id"] == r.assistant_id)
            & (daily["activity_date"] >= r.week_start)
            & (daily["activity_date"] < r.week_start + pd.Timedelta(days=7))
        ]
        busiest.append(days.loc[days["user_messages"].idxmax(), "activity_date"] if len(days) else pd.NaT)
    spikes["busiest_day"] = busiest
    return spikes[cols]


def governance_takeaway(gov: pd.DataFrame, adoption: pd.DataFrame, assistants: pd.DataFrame) -> Takeaway:
    """How much personal data reached the assistants (all of it redacted) and the strongest usage spike."""
    if gov.empty:
        return Takeaway("governance", "No week has enough users to publish governance figures yet.")
    names = assistant_names(assistants)
    messages = float(gov["messages"].sum())
    with_pii = float(gov["messages_with_pii"].sum())
    by_type = pii_by_type(gov).drop(columns="week_start").sum().sort_values(ascending=False)
    top_type = (
        fmt.PII_NAMES.get(by_type.index[0], by_type.index[0]) if len(by_type) and by_type.iloc[0] > 0 else ""
    )
    pii = (
        f"{fmt.pct(with_pii / messages, 1)} of messages carried personal data"
        + (f" (most often {top_type})" if top_type else "")
        + ", stored only redacted"
    )
    facts = {"pii_message_rate": with_pii / messages if messages else float("nan"), "spikes": 0}
    spikes = usage_spikes(gov, adoption)
    if spikes.empty:
        return Takeaway("governance", pii + "; no usage spike.", facts)
    s = spikes.iloc[0]
    day = (
        fmt.weekday_day(s["busiest_day"])
        if not fmt.missing(s["busiest_day"])
        else f"the week of {fmt.day(s['week_start'])}"
    )
    text = (
        f"Strongest usage spike: {_name(names, s['assistant_id'])} on {day}, "
        f"{fmt.count(s['max_daily_user_messages'])} user messages "
        f"({s['max_daily_z_score']:.1f} standard deviations "
        f"above its previous four weeks). {pii}."
    )
    facts |= {
        "spikes": int(len(spikes)),
        "top_spike_assistant": s["assistant_id"],
        "top_spike_day": None
        if fmt.missing(s["busiest_day"])
        else pd.Timestamp(s["busiest_day"]).date().isoformat(),
        "top_spike_z": float(s["max_daily_z_score"]),
    }
    return Takeaway("governance", text, facts)
