{#
    `unique` for an append-only source that an incremental staging model reads by a load timestamp
    (raw.events, which stg_raw__events reads by ingested_at and which keeps the first copy of an id): the
    keys of the rows that model has not read yet are looked up in the whole source, so a duplicate that
    involves a new row is found whether its twin is new or old. A source test runs before the models that
    read the source, so each row is checked once, in the build that is about to read it.

    "Not read yet" as the model's own `unread` rule has it: loaded after the newest load it holds, or at
    that load while it holds fewer of that load's rows than the source has (a load committed in steps, or
    one holding a duplicate: then that whole load is checked again, on every build until it is fixed).
    Under `dbt test`, the newest load it holds is checked too.

    `read_by` is the staging model's name, not a ref: a ref would make this test wait for the model, which
    by then has read the rows. The whole source is checked on --full-refresh, with
    `--vars '{key_tests_whole_table: true}'`, and while the model does not exist yet or is empty.
    Measured at 5M events: `unique` on raw.events read every id on every build, 0.45 s (docs/performance.md).
#}
{% test unique_unread(model, column_name, loaded_at, read_by) %}

{%- set since = none %}
{%- set after = false %}
{%- if execute and not flags.FULL_REFRESH and not var('key_tests_whole_table') %}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', read_by) | first %}
    {%- set reader = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) %}
    {%- if reader is not none %}
        {%- set since = newest_value(loaded_at, reader) %}
    {%- endif %}
    {%- if since is not none and flags.WHICH != 'test' %}
        {%- set counts = run_query(
            'select (select count(*) from ' ~ model ~ ' where ' ~ loaded_at ~ ' = ' ~ timestamp_literal(since) ~ '),'
            ~ ' (select count(*) from ' ~ reader ~ ' where ' ~ loaded_at ~ ' = ' ~ timestamp_literal(since) ~ ')'
        ).rows[0] %}
        {%- set after = counts[0] == counts[1] %}
    {%- endif %}
{%- endif %}

select
    checked.{{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }} as checked
{%- if since is not none %}
inner join (  {# a literal below: the engine skips the blocks loaded before it #}
    select distinct {{ column_name }}
    from {{ model }}
    where {{ loaded_at }} {{ '>' if after else '>=' }} {{ timestamp_literal(since) }}
) as unread
    on checked.{{ column_name }} = unread.{{ column_name }}
{%- else %}
where checked.{{ column_name }} is not null
{%- endif %}
group by checked.{{ column_name }}
having count(*) > 1

{% endtest %}
