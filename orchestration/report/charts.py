"""Plotly figures for the report, built from the tables in ``takeaways`` (no I/O, no HTML).

Conventions every figure follows, so the page's filter script can work on all of them:

- one trace per assistant (or per assistant and series), with ``meta.assistant`` = the assistant id:
  the assistant filter hides the other assistants' traces;
- adoption traces carry ``meta.department`` and ``meta.dept_mode = 'select'`` (exactly one department
  view is visible, ``(all)`` by default); department-breakdown traces carry ``dept_mode = 'breakdown'``;
- colours: one per assistant (stable across charts, by assistant id), one per outcome and PII type.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from orchestration.report import fmt
from orchestration.report.takeaways import OUTCOMES, PII_TYPES

FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# Tableau 10: distinguishable, print-friendly, colour-blind-tolerant for up to ten series.
PALETTE = [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#b07aa1",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#bab0ac",
]
OUTCOME_COLOURS = {
    "success": "#59a14f",
    "unknown": "#c9c4bf",
    "abandoned": "#edc948",
    "failure": "#e15759",
    "escalated": "#b07aa1",
}
OUTCOME_LABELS = {
    "success": "success",
    "unknown": "no signal",
    "abandoned": "abandoned",
    "failure": "failure",
    "escalated": "handed to a person",
}
PII_COLOURS = dict(
    zip(PII_TYPES, ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#9c755f"], strict=True)
)
LANGUAGE_COLOURS = {
    "en": "#4e79a7",
    "es": "#f28e2b",
    "pt": "#59a14f",
    "fr": "#b07aa1",
    "de": "#edc948",
    "und": "#bab0ac",
    "(other)": "#d9d9d9",
}
ALL = "(all)"
GAIN, LOSS = "#4e79a7", "#e15759"


def colours(order: list[str]) -> dict[str, str]:
    """assistant id -> colour, stable for a given set of assistants."""
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(order)}


def _layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    settings = {
        "template": "plotly_white",
        "height": height,
        "font": {"family": FONT, "size": 12, "color": "#1f2933"},
        "margin": {"l": 60, "r": 24, "t": 36, "b": 48},
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "xanchor": "left",
            "x": 0,
            "title": None,
        },
    }
    fig.update_layout(**(settings | kw))
    return fig


def _empty(message: str, height: int = 160) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        showarrow=False,
        font={"size": 14, "color": "#6b7280"},
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height)


def _meta(assistant: str | None = None, **kw) -> dict:
    return {k: v for k, v in {"assistant": assistant, **kw}.items() if v is not None}


# --- portfolio ------------------------------------------------------------------------------------------


def outcome_mix(mix: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """How sessions ended, per assistant: 100% stacked horizontal bars."""
    if mix.empty:
        return _empty("No published sessions yet")
    mix = mix.sort_values("success_share")
    fig = go.Figure()
    for o in OUTCOMES:
        for i, r in enumerate(mix.itertuples()):
            fig.add_bar(
                y=[names.get(r.assistant_id, r.assistant_id)],
                x=[getattr(r, f"{o}_share")],
                orientation="h",
                name=OUTCOME_LABELS[o],
                legendgroup=o,
                showlegend=i == 0,
                marker_color=OUTCOME_COLOURS[o],
                meta=_meta(r.assistant_id),
                customdata=[[getattr(r, f"{o}_sessions"), r.sessions]],
                # A label in a sliver narrower than ~4% of the bar is unreadable: the hover has it.
                text=[fmt.pct(getattr(r, f"{o}_share")) if getattr(r, f"{o}_share") >= 0.04 else ""],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"%{{y}}<br>{OUTCOME_LABELS[o]}: %{{x:.0%}} (%{{customdata[0]:,}} of "
                "%{customdata[1]:,} sessions)<extra></extra>",
            )
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    return _layout(fig, 90 + 42 * len(mix), barmode="stack", margin={"l": 190, "r": 24, "t": 36, "b": 36})


# --- adoption -------------------------------------------------------------------------------------------

ADOPTION_ROWS = (
    ("dau", "Daily active users"),
    ("wau", "Weekly active (7 days)"),
    ("mau", "Monthly active (28 days)"),
    ("stickiness", "Stickiness (DAU / MAU)"),
)


def adoption(views: dict[str, pd.DataFrame], names: dict[str, str], palette: dict[str, str]) -> go.Figure:
    """DAU, WAU, MAU and stickiness per assistant over time, one panel each; one trace set per department
    view (``views``: '(all)' and every department -> frame from ``takeaways.adoption_by_day``)."""
    if views.get(ALL, pd.DataFrame()).empty:
        return _empty("No day has enough active users to be published")
    fig = make_subplots(
        rows=4,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.06,
        subplot_titles=[title for _, title in ADOPTION_ROWS],
    )
    for dept, daily in views.items():
        for aid, grp in daily.groupby("assistant_id"):
            # Gaps are days with fewer than min_group_users users: not published, and not zero.
            full = grp.set_index("activity_date").asfreq("D")
            for row, (col, title) in enumerate(ADOPTION_ROWS, start=1):
                is_rate = col == "stickiness"
                # WAU and MAU are rolling counts that a quiet day barely moves: bridging the unpublished day
                # shows the trend; DAU and stickiness keep their gaps (a quiet day is not a missing value to
                # guess).
                fig.add_scatter(
                    x=full.index,
                    y=full[col],
                    mode="lines",
                    connectgaps=col in ("wau", "mau"),
                    row=row,
                    col=1,
                    name=names.get(aid, aid),
                    legendgroup=aid,
                    showlegend=row == 1 and dept == ALL,
                    visible=dept == ALL,
                    line={"color": palette.get(aid), "width": 1.8},
                    meta=_meta(aid, department=dept, dept_mode="select"),
                    hovertemplate=f"{names.get(aid, aid)}<br>%{{x|%a %d %b %Y}}<br>{title}: "
                    + ("%{y:.0%}" if is_rate else "%{y:,}")
                    + "<extra></extra>",
                )
    fig.update_yaxes(tickformat=".0%", row=4, col=1, rangemode="tozero")
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(type="date")
    return _layout(
        fig,
        800,
        hovermode="closest",
        margin={"l": 60, "r": 24, "t": 90, "b": 36},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.05, "xanchor": "left", "x": 0},
    )


# --- retention ------------------------------------------------------------------------------------------


def retention_heatmap(retention: pd.DataFrame, assistant_id: str, name: str) -> go.Figure:
    """One assistant's cohorts (rows: first-use week) by weeks since first use; cells = share still active."""
    df = retention[retention["assistant_id"] == assistant_id]
    if df.empty:
        return _empty(f"{name}: no cohort with at least 5 users")
    z = df.pivot(index="cohort_week", columns="weeks_since_first_use", values="retention_rate").sort_index()
    active = df.pivot(
        index="cohort_week", columns="weeks_since_first_use", values="active_users"
    ).reindex_like(z)
    users = df.groupby("cohort_week")["cohort_users"].first().reindex(z.index)
    partial = df.pivot(
        index="cohort_week", columns="weeks_since_first_use", values="is_partial_week"
    ).reindex_like(z)
    text = [
        [
            ("" if pd.isna(v) else fmt.pct(v) + ("*" if partial.iloc[i, j] is True else ""))
            for j, v in enumerate(row)
        ]
        for i, row in enumerate(z.to_numpy())
    ]
    custom = [
        [
            [
                ("" if pd.isna(a) else int(a)),
                int(users.iloc[i]),
                "partial week: will still rise" if partial.iloc[i, j] is True else "",
            ]
            for j, a in enumerate(row)
        ]
        for i, row in enumerate(active.to_numpy())
    ]
    labels = [
        f"{pd.Timestamp(w).strftime('%d %b')} · {int(u)} users" for w, u in zip(z.index, users, strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=[str(int(c)) for c in z.columns],
            y=labels,
            text=text,
            texttemplate="%{text}",
            customdata=custom,
            colorscale="Blues",
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            meta=_meta(assistant_id),
            showscale=False,
            textfont={"size": 11},
            hovertemplate="cohort %{y}<br>week %{x}: %{z:.0%} active (%{customdata[0]} of %{customdata[1]})"
            "<br>%{customdata[2]}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(
        side="top", type="category", title={"text": "weeks since first use", "font": {"size": 11}}
    )
    return _layout(
        fig,
        110 + 30 * len(z),
        title={"text": name, "x": 0, "y": 0.98, "yanchor": "top", "font": {"size": 14}},
        margin={"l": 150, "r": 12, "t": 84, "b": 12},
    )


# --- outcomes -------------------------------------------------------------------------------------------


def language_outcomes(lang: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Fail-or-hand-off rate per assistant and session language (folded groups shown as their own bar)."""
    if lang.empty:
        return _empty("No published outcomes yet")
    order = sorted(lang["language"].unique(), key=lambda x: (x in ("(other)", "und"), x != "en", x))
    fig = go.Figure()
    for lg in order:
        sub = lang[lang["language"] == lg]
        for i, r in enumerate(sub.itertuples()):
            fig.add_bar(
                x=[names.get(r.assistant_id, r.assistant_id)],
                y=[r.fail_or_handoff_rate],
                name=fmt.language(lg),
                legendgroup=lg,
                showlegend=i == 0,
                marker_color=LANGUAGE_COLOURS.get(lg, "#9c755f"),
                meta=_meta(r.assistant_id),
                offsetgroup=lg,
                customdata=[[r.fail_or_handoff, r.sessions]],
                text=[f"n={r.sessions:,}"],
                textposition="outside",
                textfont={"size": 9, "color": "#6b7280"},
                hovertemplate=f"%{{x}} · {fmt.language(lg)}<br>failure or hand-off: %{{y:.0%}} "
                "(%{customdata[0]:,} of %{customdata[1]:,} sessions)<extra></extra>",
            )
    fig.update_yaxes(tickformat=".0%", title="failure or hand-off", rangemode="tozero")
    return _layout(fig, 420, barmode="group", bargap=0.25)


def department_sessions(dept: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Share of each assistant's sessions by user department (customers have none: 'unknown')."""
    if dept.empty:
        return _empty("No published sessions by department yet")
    totals = dept.groupby("department")["sessions"].sum().sort_values(ascending=False)
    deps = list(totals.index)
    named = [d for d in deps if d not in ("(other)", "unknown")]
    dept_palette = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(named)} | {
        "(other)": "#c9c4bf",
        "unknown": "#e5e1dc",
    }
    deps = named + [d for d in ("unknown", "(other)") if d in deps]
    fig = go.Figure()
    for d in deps:
        sub = dept[dept["department"] == d]
        for i, r in enumerate(sub.itertuples()):
            fig.add_bar(
                y=[names.get(r.assistant_id, r.assistant_id)],
                x=[r.share],
                orientation="h",
                name=d,
                legendgroup=d,
                showlegend=i == 0,
                marker_color=dept_palette[d],
                meta=_meta(r.assistant_id, department=d, dept_mode="breakdown"),
                customdata=[[r.sessions]],
                hovertemplate=f"%{{y}} · {d}: %{{x:.0%}} of sessions (%{{customdata[0]:,}})<extra></extra>",
            )
    fig.update_xaxes(tickformat=".0%")
    n = dept["assistant_id"].nunique()
    return _layout(fig, 110 + 40 * n, barmode="stack", margin={"l": 190, "r": 24, "t": 60, "b": 36})


# --- intents --------------------------------------------------------------------------------------------


def _short(text: str, width: int = 64) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def intents(table: pd.DataFrame, text_of) -> go.Figure:
    """Intents by the sessions that opened with them, coloured by those sessions' failure rate."""
    if table.empty:
        return _empty("No intents published yet")
    df = table.head(20).iloc[::-1]
    labels = [_short(text_of(r)) + ("  ● NEW" if r["is_new"] else "") for _, r in df.iterrows()]
    # Unique y labels even when two intents share an example text.
    labels = [f"{lab}\u200b" * (labels[:i].count(lab) + 1) for i, lab in enumerate(labels)]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=df["sessions"],
            orientation="h",
            marker={
                "color": df["failure_rate"].fillna(0),
                "colorscale": [[0, "#fde0dd"], [1, "#c51b8a"]],
                "cmin": 0,
                "cmax": max(0.5, float(df["failure_rate"].max() or 0)),
                "colorbar": {
                    "title": {"text": "failure<br>rate", "side": "top"},
                    "tickformat": ".0%",
                    "thickness": 10,
                },
            },
            customdata=df[["intent_id", "failure_rate", "trend_28d_change", "user_messages"]].to_numpy(),
            hovertemplate="%{y}<br>%{x:,} sessions opened with it · %{customdata[3]:,} messages · "
            "%{customdata[0]}"
            "<br>failure rate %{customdata[1]:.0%}<br>trend (28 days): %{customdata[2]:+.0%}<extra></extra>",
        )
    )
    fig.update_xaxes(title="sessions that opened with the intent (all time)")
    return _layout(fig, 80 + 26 * len(df), margin={"l": 430, "r": 24, "t": 24, "b": 44}, showlegend=False)


# --- drop-off -------------------------------------------------------------------------------------------


def dropoff_turns(turns: pd.DataFrame, names: dict[str, str], palette: dict[str, str]) -> go.Figure:
    """Where failed or abandoned sessions ended: share by the turn of the user's last message."""
    if turns.empty:
        return _empty("No published drop-off yet")
    buckets = turns.sort_values("order")["bucket"].drop_duplicates().tolist()
    fig = go.Figure()
    for aid, grp in turns.groupby("assistant_id"):
        grp = grp.set_index("bucket").reindex(buckets)
        fig.add_bar(
            x=[f"turn {b}" if b != "(other)" else "folded" for b in buckets],
            y=grp["share"],
            name=names.get(aid, aid),
            marker_color=palette.get(aid),
            meta=_meta(aid),
            customdata=grp[["ended_sessions"]].to_numpy(),
            hovertemplate=f"{names.get(aid, aid)} · %{{x}}: %{{y:.0%}} of its ended sessions "
            "(%{customdata[0]:,})<extra></extra>",
        )
    fig.update_yaxes(tickformat=".0%", title="share of failed or abandoned sessions")
    return _layout(fig, 380, barmode="group")


# --- A/B tests ------------------------------------------------------------------------------------------


def ab_forest(comparisons: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Each arm's difference to its control with the 95% interval: success rate and rephrase rate."""
    if comparisons.empty:
        return _empty("No A/B test with a published control arm")
    fig = go.Figure()
    metrics = (("success", "success rate", "#59a14f"), ("rephrase", "rephrase rate", "#f28e2b"))
    for m, label, colour in metrics:
        for i, r in enumerate(comparisons.itertuples()):
            diff, lo, hi = (
                getattr(r, f"{m}_rate_diff"),
                getattr(r, f"{m}_rate_diff_ci_low"),
                getattr(r, f"{m}_rate_diff_ci_high"),
            )
            y = f"{names.get(r.assistant_id, r.assistant_id)}: {r.variant} vs control · {label}"
            fig.add_scatter(
                x=[diff],
                y=[y],
                mode="markers",
                name=label,
                legendgroup=m,
                showlegend=i == 0,
                marker={"color": colour, "size": 12, "symbol": "diamond"},
                meta=_meta(r.assistant_id),
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [hi - diff],
                    "arrayminus": [diff - lo],
                    "thickness": 2,
                    "width": 6,
                    "color": colour,
                },
                hovertemplate=f"{y}<br>difference %{{x:+.1%}} (95% CI {lo:+.1%} to {hi:+.1%})<br>"
                f"p = {getattr(r, f'{m}_p_value'):.3g}<extra></extra>",
            )
    fig.add_vline(x=0, line={"color": "#6b7280", "dash": "dash", "width": 1})
    fig.update_xaxes(
        tickformat="+.0%", title="difference to control (percentage points), 95% interval", zeroline=False
    )
    return _layout(fig, 130 + 44 * len(comparisons) * 2, margin={"l": 330, "r": 24, "t": 36, "b": 48})


# --- ROI ------------------------------------------------------------------------------------------------


def cost_by_month(roi: pd.DataFrame, names: dict[str, str], palette: dict[str, str]) -> go.Figure:
    """Token cost per assistant and month (log scale: costs differ by orders of magnitude)."""
    if roi.empty:
        return _empty("No published cost yet")
    fig = go.Figure()
    for aid, grp in roi.sort_values("month_start").groupby("assistant_id"):
        fig.add_bar(
            x=[fmt.month(m) for m in grp["month_start"]],
            y=grp["token_cost_usd"],
            name=names.get(aid, aid),
            marker_color=palette.get(aid),
            meta=_meta(aid),
            text=[fmt.money(v) for v in grp["token_cost_usd"]],
            textposition="outside",
            textfont={"size": 9},
            customdata=grp[["sessions", "value_usd"]].to_numpy(),
            hovertemplate=f"{names.get(aid, aid)} · %{{x}}<br>token cost $%{{y:,.2f}} "
            "for %{customdata[0]:,} "
            "sessions<br>value $%{customdata[1]:,.0f}<extra></extra>",
        )
    fig.update_yaxes(type="log", title="token cost (USD, log scale)", tickprefix="$")
    return _layout(fig, 400, barmode="group")


def value_per_dollar(totals: pd.DataFrame, names: dict[str, str], palette: dict[str, str]) -> go.Figure:
    """Value returned per $1 of tokens, per assistant over the whole window; below 1 = a loss."""
    df = totals.dropna(subset=["value_per_dollar"]) if not totals.empty else totals
    if df.empty:
        return _empty("No published cost yet")
    df = df.sort_values("value_per_dollar")
    fig = go.Figure()
    for r in df.itertuples():
        # A zero value cannot sit on a log axis: draw it at 1 cent per dollar and say so in the label.
        x = max(r.value_per_dollar, 0.01)
        fig.add_bar(
            y=[names.get(r.assistant_id, r.assistant_id)],
            x=[x],
            orientation="h",
            showlegend=False,
            marker_color=LOSS if r.value_per_dollar < 1 else GAIN,
            meta=_meta(r.assistant_id),
            text=[f"{fmt.per_dollar(r.value_per_dollar)} per $1"],
            textposition="auto",
            insidetextanchor="end",
            textfont={"size": 11},
            customdata=[[r.token_cost_usd, r.value_usd, r.net_value_usd]],
            hovertemplate="%{y}<br>token cost $%{customdata[0]:,.2f}<br>value $%{customdata[1]:,.2f}<br>"
            "net $%{customdata[2]:,.2f}<extra></extra>",
        )
    fig.add_vline(x=1, line={"color": "#e15759", "dash": "dash", "width": 1.5})
    top = float(df["value_per_dollar"].max())
    fig.update_xaxes(
        type="log",
        title="value per $1 of tokens (log scale; dashed: break-even)",
        tickprefix="$",
        range=[-1.5, max(1.0, math.log10(max(top, 1)) + 0.6)],
    )
    return _layout(fig, 110 + 42 * len(df), margin={"l": 190, "r": 24, "t": 36, "b": 48})


# --- governance -----------------------------------------------------------------------------------------


def pii_weekly(gov: pd.DataFrame) -> go.Figure:
    """Messages with personal data per week and type, stacked; one trace per (type, assistant)."""
    if gov.empty:
        return _empty("No published governance figures yet")
    fig = go.Figure()
    shown = set()
    for t in PII_TYPES:
        col = f"pii_{t}_messages"
        if col not in gov:
            continue
        for aid, grp in gov.sort_values("week_start").groupby("assistant_id"):
            if grp[col].sum() == 0:
                continue
            fig.add_bar(
                x=grp["week_start"],
                y=grp[col],
                name=fmt.PII_NAMES[t],
                legendgroup=t,
                showlegend=t not in shown,
                marker={"color": PII_COLOURS[t], "line": {"width": 0}},
                meta=_meta(aid),
                hovertemplate=f"week of %{{x|%d %b %Y}} · {aid}<br>{t}: %{{y:,}} messages<extra></extra>",
            )
            shown.add(t)
    fig.update_xaxes(type="date", title="ISO week (Monday)")
    fig.update_yaxes(title="messages with personal data (redacted)")
    return _layout(fig, 360, barmode="stack")


def spike_scores(
    gov: pd.DataFrame, spikes: pd.DataFrame, names: dict[str, str], palette: dict[str, str]
) -> go.Figure:
    """Highest daily z-score of user messages per assistant and week; spike weeks marked."""
    df = gov.dropna(subset=["max_daily_z_score"]) if not gov.empty else gov
    if df.empty:
        return _empty("Not enough history for usage spikes yet (a week of baseline is needed)")
    fig = go.Figure()
    for aid, grp in df.sort_values("week_start").groupby("assistant_id"):
        fig.add_scatter(
            x=grp["week_start"],
            y=grp["max_daily_z_score"],
            mode="lines+markers",
            name=names.get(aid, aid),
            line={"color": palette.get(aid), "width": 1.5},
            marker={"size": 6},
            meta=_meta(aid),
            customdata=grp[["max_daily_user_messages"]].to_numpy(),
            hovertemplate=f"{names.get(aid, aid)} · week of %{{x|%d %b %Y}}<br>highest daily z = %{{y:.1f}} "
            "(busiest day %{customdata[0]:,} user messages)<extra></extra>",
        )
    for i, r in enumerate(spikes.itertuples()):
        fig.add_scatter(
            x=[r.week_start],
            y=[r.max_daily_z_score],
            mode="markers",
            name="spike week",
            legendgroup="spike",
            showlegend=i == 0,
            marker={
                "symbol": "star",
                "size": 16,
                "color": "#e15759",
                "line": {"color": "#7f1d1d", "width": 1},
            },
            meta=_meta(r.assistant_id),
            hovertemplate=f"spike: {names.get(r.assistant_id, r.assistant_id)}, "
            f"{fmt.weekday_day(r.busiest_day)}<extra></extra>",
        )
    fig.update_xaxes(type="date", title="ISO week (Monday)")
    fig.update_yaxes(title="highest daily z-score of user messages", zeroline=True)
    return _layout(fig, 380, hovermode="closest")
