"""The report's sections: takeaways + charts + tables, laid out in reading order (no I/O).

``build_page(marts)`` is the one entry point: it calls the pure functions in ``takeaways``, the figure
builders in ``charts`` and the HTML helpers in ``render``, and returns the page with its takeaways.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly

from orchestration.report import charts, fmt
from orchestration.report import takeaways as tk
from orchestration.report.render import Cell, Kpi, Section, esc, figure, grid, note, render_page, table


@dataclass
class Page:
    html: str
    takeaways: list[tk.Takeaway]
    headline: dict
    first_day: pd.Timestamp | None
    last_day: pd.Timestamp | None


def _trend(cur, prev, *, kind: str, good: str | None) -> str:
    """An arrow comparing two periods: ``kind`` 'rate' (difference in points) or 'volume' (relative);
    ``good`` 'up', 'down' or None (neutral colour)."""
    if fmt.missing(cur) or fmt.missing(prev) or (kind == "volume" and prev == 0):
        return ""
    if kind == "rate":
        change, shown = cur - prev, f"{(cur - prev) * 100:+.1f} pts"
        flat = round(change * 100, 1) == 0
    else:
        change = cur / prev - 1
        shown, flat = f"{change * 100:+.0f}%", round(change * 100) == 0
    if flat:
        return '<span class="trend flat">▬ 0</span>'
    up = change > 0
    cls = (
        "neutral"
        if good is None
        else (("up-good" if up else "down-bad") if good == "up" else ("up-bad" if up else "down-good"))
    )
    return f'<span class="trend {cls}">{"▲" if up else "▼"} {esc(shown)}</span>'


def _num(display: str, metric: str, value, trend: str = "") -> Cell:
    return Cell(f"{esc(display)}{trend}", {"data-metric": metric, "data-value": value}, num=True)


# --- sections -------------------------------------------------------------------------------------------


def _portfolio(m, names, palette, first_day, last_day) -> Section:
    roi, assistants = m["mart_roi"], m["dim_assistants"]
    take = tk.portfolio_takeaway(roi, assistants)
    port = tk.portfolio(roi if first_day is not None else roi.iloc[0:0], assistants, first_day, last_day)
    info = {r.assistant_id: r for r in assistants.itertuples()} if not assistants.empty else {}
    rows = []
    for r in port.itertuples():
        a = info.get(r.assistant_id)
        sub = f"{a.model} · {a.department}" if a is not None else ""
        value_day = r.value_usd / r.days if r.days else float("nan")
        prev_value_day = r.prev_value_usd / r.prev_days if r.prev_days else float("nan")
        rows.append(
            (
                {"data-assistant": r.assistant_id, "data-filter-assistant": r.assistant_id},
                [
                    Cell(
                        f'<strong>{esc(r.assistant_name)}</strong><br><span class="small">{esc(sub)}</span>'
                    ),
                    _num(fmt.count(r.users), "users", r.users),
                    _num(
                        fmt.count(r.sessions),
                        "sessions",
                        r.sessions,
                        _trend(r.sessions_per_day, r.prev_sessions_per_day, kind="volume", good="up"),
                    ),
                    _num(
                        fmt.pct(r.success_rate),
                        "success_rate",
                        r.success_rate,
                        _trend(r.success_rate, r.prev_success_rate, kind="rate", good="up"),
                    ),
                    _num(
                        fmt.pct(r.escalation_rate),
                        "escalation_rate",
                        r.escalation_rate,
                        _trend(r.escalation_rate, r.prev_escalation_rate, kind="rate", good="down"),
                    ),
                    _num(
                        fmt.money(r.token_cost_usd),
                        "token_cost_usd",
                        r.token_cost_usd,
                        _trend(r.cost_per_day, r.prev_cost_per_day, kind="volume", good=None),
                    ),
                    _num(
                        fmt.money(r.value_usd),
                        "value_usd",
                        r.value_usd,
                        _trend(value_day, prev_value_day, kind="volume", good="up"),
                    ),
                    _num(
                        fmt.per_dollar(r.roi + 1),
                        "roi",
                        r.roi,
                        _trend(r.roi + 1, r.prev_roi + 1, kind="volume", good="up")
                        if not fmt.missing(r.roi)
                        else "",
                    ),
                ],
            )
        )
    if len(port):
        r0 = port.iloc[0]
        caption = (
            f"{fmt.month(r0['month'])} ({r0['days']} days of data). Arrows compare with "
            f"{fmt.month(r0['prev_month'])} ({r0['prev_days']} days of data): sessions, cost and value per "
            "day of data, rates in percentage points."
        )
    else:
        caption = ""
    cols = [
        ("Assistant", False),
        ("Users", True),
        ("Sessions", True),
        ("Success", True),
        ("Handed to a person", True),
        ("Token cost", True),
        ("Value", True),
        ("Value per $1 of tokens", True),
    ]
    return Section(
        "portfolio",
        "Portfolio overview",
        take,
        [
            table(cols, rows, caption, table_id="portfolio-table"),
            "<h3>How sessions ended (whole window)</h3>",
            figure(charts.outcome_mix(tk.outcome_mix(m["mart_outcomes"]), names), "chart-outcome-mix"),
            note(
                "Users are distinct users of the month (not comparable across months of different length, so "
                "no arrow). Success, failure and hand-off follow the outcome rules of docs/metrics.md; “no "
                "signal” is a session without feedback, thanks, frustration or hand-off."
            ),
        ],
        intro="Latest month per assistant, with the change against the month before.",
    )


def _adoption(m, names, palette, first_day) -> Section:
    adoption = m["mart_adoption_daily"]
    views = {charts.ALL: tk.adoption_by_day(adoption)}
    for dept in sorted(adoption["department"].dropna().unique()) if not adoption.empty else []:
        views[dept] = tk.adoption_by_day(adoption, dept)
    take = tk.adoption_takeaway(adoption, m["dim_assistants"], first_day)
    return Section(
        "adoption",
        "Adoption over time",
        take,
        [
            figure(charts.adoption(views, names, palette), "chart-adoption", timeseries=True),
            note(
                "A user is active on a day when they sent the assistant a message. Gaps are days with fewer "
                "than 5 active users (not published, not zero): internal assistants are quiet at weekends. "
                "With a department selected, WAU and MAU count that department's users."
            ),
        ],
    )


def _retention(m, names, order) -> Section:
    retention = m["mart_retention_weekly"]
    take = tk.retention_takeaway(retention, m["dim_assistants"])
    present = [a for a in order if not retention.empty and (retention["assistant_id"] == a).any()]
    blocks = [
        figure(
            charts.retention_heatmap(retention, a, names.get(a, a)),
            f"chart-retention-{a}",
            assistant=a,
            wide=False,
        )
        for a in present
    ]
    if not blocks:
        blocks = [figure(charts._empty("No cohort with at least 5 users yet"), "chart-retention-empty")]
    return Section(
        "retention",
        "Retention by cohort",
        take,
        [
            grid(blocks),
            note(
                "Rows: users grouped by the ISO week of their first message to the assistant. Columns: weeks "
                "since. Cells: the share who sent a message that week. * = a week the data does not cover to "
                "its end (it will still rise). Cohorts with fewer than 5 users are not published."
            ),
        ],
    )


def _outcomes(m, names) -> Section:
    by_language = tk.segment_outcomes(m["mart_outcomes_by_segment"], "language")
    by_department = tk.segment_outcomes(m["mart_outcomes_by_segment"], "department")
    take = tk.outcomes_takeaway(by_language, m["dim_assistants"])
    return Section(
        "outcomes",
        "Outcomes by language and department",
        take,
        [
            "<h3>Sessions ending in failure or hand-off, by session language</h3>",
            figure(
                charts.language_outcomes(tk.language_outcomes(by_language), names), "chart-outcomes-language"
            ),
            note(
                "“Small groups (folded)” are sessions in a language that had fewer than 5 users that week "
                "with the assistant: mart_outcomes_by_segment publishes them together. n = sessions."
            ),
            "<h3>Where each assistant's sessions come from, by user department</h3>",
            figure(
                charts.department_sessions(tk.department_sessions(by_department), names),
                "chart-outcomes-department",
            ),
            note(
                "Share of each assistant's sessions by the department of its users "
                "(mart_outcomes_by_segment); customers carry no department (“unknown”)."
            ),
        ],
    )


def _intents(m) -> Section:
    intents = m["mart_intents"]
    take = tk.intents_takeaway(intents)
    t = tk.intent_table(intents)
    rows = []
    for _, r in t.iterrows():
        badge = '<span class="badge">NEW</span>' if r["is_new"] else ""
        risky = '<span class="badge bad">risky</span>' if bool(r.get("is_risky")) else ""
        trend = (
            ("new" if r["is_new"] else "–")
            if fmt.missing(r["trend_28d_change"])
            else f"{r['trend_28d_change'] * 100:+.0f}%"
        )
        rows.append(
            (
                {"data-intent": r["intent_id"], "data-new": bool(r["is_new"])},
                [
                    Cell(
                        f"{esc(tk.intent_text(r))}{badge}{risky}<br>"
                        f'<span class="small">{esc(r["intent_id"])} · '
                        f"{esc(r.get('intent_label') or '')}</span>"
                    ),
                    _num(fmt.count(r["user_messages"]), "user_messages", r["user_messages"]),
                    _num(
                        fmt.count(r["user_messages_last_28d"]),
                        "user_messages_last_28d",
                        r["user_messages_last_28d"],
                    ),
                    Cell(esc(trend), num=True),
                    _num(fmt.count(r["sessions"]), "sessions", r["sessions"]),
                    _num(fmt.pct(r["success_rate"]), "success_rate", r["success_rate"]),
                    _num(fmt.pct(r["failure_rate"]), "failure_rate", r["failure_rate"]),
                    Cell(esc(r.get("top_languages") or "")),
                ],
            )
        )
    cols = [
        ("Intent (example message, redacted)", False),
        ("Messages", True),
        ("Last 28 days", True),
        ("Trend", True),
        ("Sessions", True),
        ("Success", True),
        ("Failure", True),
        ("Languages", False),
    ]
    return Section(
        "intents",
        "Top intents",
        take,
        [
            figure(charts.intents(t.head(15), tk.intent_text), "chart-intents"),
            table(
                cols,
                rows,
                "The 15 intents that opened the most sessions, plus every new one. Trend: last 28 days "
                "against the 28 before, both ending on the last day with data. Rates are of the sessions "
                "that opened with the intent.",
                table_id="intents-table",
            ),
            note(
                "Intents are discovered by clustering (ids like intent-0007; the label is its top keywords). "
                "mart_intents covers all assistants together, so the assistant filter does not apply here. "
                "Intents with fewer than 5 users are folded into “(other)” and not listed."
            ),
        ],
    )


def _dropoff(m, names, palette) -> Section:
    dropoff = m["mart_dropoff"]
    take = tk.dropoff_takeaway(dropoff, m["dim_assistants"])
    last = tk.dropoff_last_intents(dropoff, m["mart_intents"])
    rows = [
        (
            {"data-filter-assistant": r.assistant_id},
            [
                Cell(esc(names.get(r.assistant_id, r.assistant_id))),
                Cell(
                    f"{esc(r.example_text if isinstance(r.example_text, str) else r.bucket_label)}<br>"
                    f'<span class="small">{esc(r.bucket)} · {esc(r.bucket_label)}</span>'
                ),
                _num(fmt.count(r.ended_sessions), "ended_sessions", r.ended_sessions),
                _num(fmt.count(r.failure_sessions), "failure_sessions", r.failure_sessions),
                _num(fmt.count(r.abandoned_sessions), "abandoned_sessions", r.abandoned_sessions),
                _num(fmt.pct(r.share), "share", r.share),
            ],
        )
        for r in last.itertuples()
    ]
    cols = [
        ("Assistant", False),
        ("Last intent before the session ended", False),
        ("Ended sessions", True),
        ("Failed", True),
        ("Abandoned", True),
        ("Share of the assistant's", True),
    ]
    return Section(
        "dropoff",
        "Drop-off: where failed sessions end",
        take,
        [
            "<h3>The turn at which failed or abandoned sessions ended</h3>",
            figure(charts.dropoff_turns(tk.dropoff_turns(dropoff), names, palette), "chart-dropoff"),
            note(
                "Turn n = the session ended after the user's n-th message. “Folded” = turns with fewer than "
                "5 users in a month, published together."
            ),
            "<h3>The last intent of failed or abandoned sessions</h3>",
            table(cols, rows, table_id="dropoff-table"),
        ],
    )


def _ab_tests(m, names) -> Section:
    ab = m["mart_ab_tests"]
    take = tk.ab_takeaway(ab, m["dim_assistants"])
    comp = tk.ab_comparisons(ab)
    verdicts = (
        dict(zip(zip(comp["assistant_id"], comp["variant"], strict=True), comp["verdict"], strict=True))
        if len(comp)
        else {}
    )
    rows = []
    for r in (
        ab.sort_values(["assistant_id", "is_control"], ascending=[True, False]).itertuples()
        if len(ab)
        else []
    ):
        v = verdicts.get((r.assistant_id, r.variant), "")
        badge = {
            "better": '<span class="badge good">better</span>',
            "worse": '<span class="badge bad">worse</span>',
            "inconclusive": '<span class="badge">inconclusive</span>',
        }.get(v, "")
        diff = (
            "control"
            if r.is_control
            else (
                f"{fmt.points(r.success_rate_diff)} [{fmt.points(r.success_rate_diff_ci_low)}, "
                f"{fmt.points(r.success_rate_diff_ci_high)}]"
                if not fmt.missing(r.success_rate_diff)
                else "–"
            )
        )
        rows.append(
            (
                {
                    "data-assistant": r.assistant_id,
                    "data-variant": r.variant,
                    "data-filter-assistant": r.assistant_id,
                },
                [
                    Cell(esc(names.get(r.assistant_id, r.assistant_id))),
                    Cell(f"{esc(r.variant)}{badge}"),
                    _num(fmt.count(r.sessions), "sessions", r.sessions),
                    _num(fmt.count(r.users), "users", r.users),
                    _num(fmt.pct(r.success_rate, 1), "success_rate", r.success_rate),
                    Cell(
                        esc(diff),
                        {
                            "data-metric": "success_rate_diff",
                            "data-value": r.success_rate_diff,
                            "data-ci-low": r.success_rate_diff_ci_low,
                            "data-ci-high": r.success_rate_diff_ci_high,
                        },
                        num=True,
                    ),
                    Cell(esc(fmt.p_value(r.success_p_value) if not r.is_control else ""), num=True),
                    _num(fmt.pct(r.rephrase_rate, 1), "rephrase_rate", r.rephrase_rate),
                    _num(fmt.money(r.cost_per_session_usd), "cost_per_session_usd", r.cost_per_session_usd),
                ],
            )
        )
    cols = [
        ("Assistant", False),
        ("Arm", False),
        ("Sessions", True),
        ("Users", True),
        ("Success", True),
        ("Δ success vs control [95% CI]", True),
        ("p-value", True),
        ("Rephrase", True),
        ("Cost / session", True),
    ]
    return Section(
        "ab_tests",
        "A/B tests",
        take,
        [
            figure(charts.ab_forest(comp, names), "chart-ab"),
            table(cols, rows, table_id="ab-table"),
            note(
                "Difference = arm minus control, with its 95% confidence interval (normal approximation) and "
                "a two-sided two-proportion z-test. Sessions are treated as independent: users with many "
                "sessions make the interval somewhat too narrow (docs/metrics.md). An arm is “better” when "
                "its whole interval lies above 0."
            ),
        ],
    )


def _roi(m, names, palette) -> Section:
    roi = m["mart_roi"]
    take = tk.roi_takeaway(roi, m["dim_assistants"])
    totals = tk.roi_totals(roi)
    rows = []
    for aid in totals["assistant_id"] if len(totals) else []:
        months = roi[roi["assistant_id"] == aid].sort_values("month_start")
        for r in months.itertuples():
            rows.append(
                (
                    {
                        "data-assistant": aid,
                        "data-month": r.month_start.date().isoformat(),
                        "data-filter-assistant": aid,
                    },
                    [
                        Cell(esc(names.get(aid, aid))),
                        Cell(esc(fmt.month(r.month_start))),
                        _num(fmt.count(r.sessions), "sessions", r.sessions),
                        _num(fmt.count(r.success_sessions), "success_sessions", r.success_sessions),
                        _num(fmt.money(r.token_cost_usd), "token_cost_usd", r.token_cost_usd),
                        _num(fmt.money(r.value_usd), "value_usd", r.value_usd),
                        _num(fmt.money(r.net_value_usd), "net_value_usd", r.net_value_usd),
                        _num(fmt.per_dollar(r.roi + 1), "roi", r.roi),
                        _num(
                            fmt.money(r.cost_per_success_session_usd),
                            "cost_per_success_usd",
                            r.cost_per_success_session_usd,
                        ),
                    ],
                )
            )
        t = totals[totals["assistant_id"] == aid].iloc[0]
        rows.append(
            (
                {
                    "data-assistant": aid,
                    "data-month": "total",
                    "data-filter-assistant": aid,
                    "class": "total",
                },
                [
                    Cell(f"<strong>{esc(names.get(aid, aid))}</strong>"),
                    Cell("<strong>whole window</strong>"),
                    _num(fmt.count(t["sessions"]), "sessions", t["sessions"]),
                    _num(fmt.count(t["success_sessions"]), "success_sessions", t["success_sessions"]),
                    _num(fmt.money(t["token_cost_usd"]), "token_cost_usd", t["token_cost_usd"]),
                    _num(fmt.money(t["value_usd"]), "value_usd", t["value_usd"]),
                    _num(fmt.money(t["net_value_usd"]), "net_value_usd", t["net_value_usd"]),
                    _num(fmt.per_dollar(t["value_per_dollar"]), "roi", t["roi"]),
                    _num(
                        fmt.money(t["cost_per_success_usd"]),
                        "cost_per_success_usd",
                        t["cost_per_success_usd"],
                    ),
                ],
            )
        )
    cols = [
        ("Assistant", False),
        ("Month", False),
        ("Sessions", True),
        ("Successes", True),
        ("Token cost", True),
        ("Value", True),
        ("Net value", True),
        ("Value per $1 of tokens", True),
        ("Cost per success", True),
    ]
    return Section(
        "roi",
        "Cost and ROI",
        take,
        [
            grid(
                [
                    figure(charts.value_per_dollar(totals, names, palette), "chart-roi-value", wide=False),
                    figure(charts.cost_by_month(roi, names, palette), "chart-roi-cost", wide=False),
                ]
            ),
            table(cols, rows, table_id="roi-table"),
            note(
                "Token cost: every message's tokens at the list price in force at its timestamp "
                "(seeds/model_prices.csv). Value: each successful session is worth the user's time saved "
                "plus the ticket a person would otherwise have handled (seeds/value_assumptions.csv: demo "
                "assumptions, edit them for your organisation). Value per $1 of tokens = value / cost = ROI "
                "+ 1 (below $1: a loss). Months with fewer than 5 users are not published."
            ),
        ],
    )


def _governance(m, names, palette) -> Section:
    gov, adoption = m["mart_governance"], m["mart_adoption_daily"]
    take = tk.governance_takeaway(gov, adoption, m["dim_assistants"])
    spikes = tk.usage_spikes(gov, adoption)
    rows = [
        (
            {"data-filter-assistant": r.assistant_id, "data-assistant": r.assistant_id},
            [
                Cell(esc(names.get(r.assistant_id, r.assistant_id))),
                Cell(esc(fmt.day(r.week_start))),
                Cell(esc(fmt.weekday_day(r.busiest_day))),
                _num(
                    fmt.count(r.max_daily_user_messages), "max_daily_user_messages", r.max_daily_user_messages
                ),
                _num(f"{r.max_daily_z_score:.1f}", "max_daily_z_score", r.max_daily_z_score),
            ],
        )
        for r in spikes.itertuples()
    ]
    cols = [
        ("Assistant", False),
        ("Week of", False),
        ("Busiest day", False),
        ("User messages that day", True),
        ("z-score", True),
    ]
    return Section(
        "governance",
        "Governance: personal data and usage spikes",
        take,
        [
            grid(
                [
                    figure(charts.pii_weekly(gov), "chart-pii", timeseries=True, wide=False),
                    figure(
                        charts.spike_scores(gov, spikes, names, palette),
                        "chart-spikes",
                        timeseries=True,
                        wide=False,
                    ),
                ]
            ),
            "<h3>Usage spikes</h3>",
            table(cols, rows, table_id="spikes-table"),
            note(
                "Personal data (e-mail, phone, card, IBAN, IP, long numbers) is found by enrichment and "
                "replaced by typed placeholders before any table BI reads; counts include answers that echo "
                "it. A day is a spike when its user messages are at least 3 standard deviations above the "
                "previous 28 days (quiet days count as 0)."
            ),
        ],
    )


# --- the page -------------------------------------------------------------------------------------------


def build_page(marts: dict[str, pd.DataFrame], *, source: str = "") -> Page:
    """Every section, the headline figures and the page HTML from the report's marts."""
    assistants = marts["dim_assistants"]
    names = tk.assistant_names(assistants)
    order = tk.assistant_order(
        assistants, marts["mart_roi"], marts["mart_outcomes"], marts["mart_adoption_daily"]
    )
    palette = charts.colours(order)
    first_day, last_day = tk.data_window(
        marts["mart_adoption_daily"], marts["mart_outcomes"], marts["mart_roi"]
    )
    head = tk.headline(marts["mart_roi"])
    sections = [
        _portfolio(marts, names, palette, first_day, last_day),
        _adoption(marts, names, palette, first_day),
        _retention(marts, names, order),
        _outcomes(marts, names),
        _intents(marts),
        _dropoff(marts, names, palette),
        _ab_tests(marts, names),
        _roi(marts, names, palette),
        _governance(marts, names, palette),
    ]
    window = f"{fmt.day(first_day)} – {fmt.day(last_day)}" if first_day is not None else "no data yet"
    kpis = [
        Kpi("sessions", "Sessions", fmt.count(head["sessions"]), head["sessions"], window),
        Kpi(
            "success_rate", "Success rate", fmt.pct(head["success_rate"]), head["success_rate"], "of sessions"
        ),
        Kpi(
            "escalation_rate",
            "Handed to a person",
            fmt.pct(head["escalation_rate"]),
            head["escalation_rate"],
            "of sessions",
        ),
        Kpi(
            "token_cost_usd",
            "Token cost",
            fmt.money(head["token_cost_usd"]),
            head["token_cost_usd"],
            "LLM list prices",
        ),
        Kpi(
            "value_usd",
            "Value of successes",
            fmt.money(head["value_usd"]),
            head["value_usd"],
            "time + tickets saved",
        ),
        Kpi(
            "roi",
            "Value per $1 of tokens",
            fmt.per_dollar(head["roi"] + 1),
            head["roi"],
            f"ROI {fmt.roi(head['roi'])}",
        ),
    ]
    n_assistants = len(order)
    subtitle = f"{n_assistants} assistant{'s' if n_assistants != 1 else ''} · {window} (UTC)" + (
        f" · data through {fmt.weekday_day(last_day)}" if last_day is not None else ""
    )
    view_note = (
        "<strong>This page shows all assistants, all departments and the whole data window "
        f"({esc(window)}, UTC)"
        "</strong> unless you change the filters above. <em>Assistant</em> hides the other assistants in "
        "every chart and table broken down by assistant (intents are not: the marts publish them across "
        "assistants). <em>Department</em> applies to the adoption and department charts, the only marts with "
        "departments. <em>From / to</em> zooms every time chart; tables, headline figures and takeaways "
        "always cover the whole window. Groups of fewer than 5 users are folded into “(other)” or not "
        "published (docs/metrics.md)."
    )
    departments = (
        sorted(marts["mart_adoption_daily"]["department"].dropna().unique())
        if not marts["mart_adoption_daily"].empty
        else []
    )
    footer = (
        f"Generated by Parley from the analytics marts{f' of {esc(source)}' if source else ''}. "
        f"Charts: plotly.js {esc(plotly.__version__)} (Python) inlined; the page needs no network. "
        "Definitions: docs/metrics.md."
    )
    html = render_page(
        title="Parley report: AI assistants",
        subtitle=subtitle,
        kpis=kpis,
        sections=sections,
        assistants=[(a, names.get(a, a)) for a in order],
        departments=departments,
        first_day=first_day.date().isoformat() if first_day is not None else "",
        last_day=last_day.date().isoformat() if last_day is not None else "",
        view_note=view_note,
        footer=footer,
    )
    return Page(html, [s.takeaway for s in sections], head, first_day, last_day)
