{#
    Small-group suppression (see the `suppression` docs block and docs/metrics.md).

    `members` is a relation or CTE name with one row per (parent..., group..., user_id) membership
    (duplicates allowed, no NULL keys). Within each parent (e.g. a day and an assistant), groups (e.g.
    departments) are ranked from fewest to most distinct users (ties broken by an md5 of the group key,
    identical on every adapter). Every group with fewer than var('min_group_users') users is folded
    into one '(other)' group, and if that bucket itself has fewer than k distinct users the next-smallest
    groups are folded in too, until it reaches k. Parents with fewer than k users in total are dropped.
    So every published group has at least k distinct users, and the published groups of a parent still
    add up to the parent's total: nothing small can be recovered by subtracting from a total.

    Returns a subquery: the parent and group columns, plus `published_<group column>` for each group
    column (the group's own value, or `other_label`). Only parents that can be published appear.

    `members_are_distinct=true` says `members` already holds each membership once (e.g. one row per user
    and intent): the macro then counts its rows instead of first making them distinct, a pass over every
    membership saved.
#}
{% macro fold_small_groups(members, parent_columns, group_columns, other_label="'(other)'", members_are_distinct=false) %}
    {%- set k = var('min_group_users') -%}
    {%- set parents = parent_columns | join(', ') -%}
    {%- set groups = group_columns | join(', ') -%}
    {%- set group_key_parts = [] -%}
    {%- for column in group_columns -%}
        {%- do group_key_parts.append("cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")") -%}
        {%- if not loop.last %}{% do group_key_parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {#- join conditions on the parent / group columns between two CTEs named L and R -#}
    {%- set parent_match = [] -%}
    {%- for column in parent_columns -%}
        {%- do parent_match.append('L.' ~ column ~ ' = R.' ~ column) -%}
    {%- endfor -%}
    {%- set group_match = [] -%}
    {%- for column in group_columns -%}
        {%- do group_match.append('L.' ~ column ~ ' = R.' ~ column) -%}
    {%- endfor -%}
    {%- set parent_match = parent_match | join(' and ') -%}
    {%- set group_match = group_match | join(' and ') -%}
    (
        with fold_memberships as (
            select {{ '' if members_are_distinct else 'distinct ' }}{{ parents }}, {{ groups }}, user_id
            from {{ members }}
        ),

        fold_group_sizes as (
            select {{ parents }}, {{ groups }}, count(*) as group_users
            from fold_memberships
            group by {{ parents }}, {{ groups }}
        ),

        fold_ranked as (
            select
                fold_group_sizes.*,
                row_number() over (
                    partition by {{ parents }}
                    order by group_users, {{ dbt.hash(dbt.concat(group_key_parts)) }}
                ) as size_rank,
                sum(case when group_users < {{ k }} then 1 else 0 end) over (partition by {{ parents }})
                    as small_groups
            from fold_group_sizes
        ),

        fold_user_first_rank as (
            -- Each user counts once, at the smallest-ranked group they belong to: the running sum of
            -- these is the number of distinct users in the union of groups 1..r. Only ranks up to
            -- small_groups + 1 are read: the cut is at small_groups or small_groups + 1 (that group alone
            -- has k users), and these ranks' sums do not depend on the users of larger groups.
            select
                {% for column in parent_columns %}fold_memberships.{{ column }}, {% endfor %}
                fold_memberships.user_id,
                min(fold_ranked.size_rank) as first_rank
            from fold_memberships
            inner join fold_ranked
                on {{ parent_match | replace('L.', 'fold_memberships.') | replace('R.', 'fold_ranked.') }}
                and {{ group_match | replace('L.', 'fold_memberships.') | replace('R.', 'fold_ranked.') }}
            where fold_ranked.size_rank <= fold_ranked.small_groups + 1
            group by {% for column in parent_columns %}fold_memberships.{{ column }}, {% endfor %}fold_memberships.user_id
        ),

        fold_new_users as (
            select {{ parents }}, first_rank, count(*) as new_users
            from fold_user_first_rank
            group by {{ parents }}, first_rank
        ),

        fold_cumulative as (
            select
                fold_ranked.*,
                sum(coalesce(fold_new_users.new_users, 0)) over (
                    partition by {% for column in parent_columns %}fold_ranked.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
                    order by fold_ranked.size_rank
                    rows between unbounded preceding and current row
                ) as cumulative_users
            from fold_ranked
            left join fold_new_users
                on {{ parent_match | replace('L.', 'fold_ranked.') | replace('R.', 'fold_new_users.') }}
                and fold_ranked.size_rank = fold_new_users.first_rank
        ),

        fold_cut as (
            -- Fold ranks 1..fold_through_rank: at least every small group, and enough for k users.
            select
                {{ parents }},
                case
                    when max(small_groups) = 0 then 0
                    else min(case when size_rank >= small_groups and cumulative_users >= {{ k }} then size_rank end)
                end as fold_through_rank
            from fold_cumulative
            group by {{ parents }}
        )

        select
            {% for column in parent_columns %}fold_ranked.{{ column }}, {% endfor %}
            {% for column in group_columns %}fold_ranked.{{ column }}, {% endfor %}
            {% for column in group_columns %}
            case
                when fold_ranked.size_rank <= fold_cut.fold_through_rank then {{ other_label }}
                else fold_ranked.{{ column }}
            end as published_{{ column }}{{ ',' if not loop.last }}
            {% endfor %}
        from fold_ranked
        inner join fold_cut
            on {{ parent_match | replace('L.', 'fold_ranked.') | replace('R.', 'fold_cut.') }}
        where fold_cut.fold_through_rank is not null
    )
{% endmacro %}
