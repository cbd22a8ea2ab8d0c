{#
    `unique` for an append-only source that an incremental staging model reads by a load timestamp
    (raw.events, which stg_raw__events reads by ingested_at and which keeps the first copy of an id): the
    keys of the rows that model has not read yet are looked up in the whole source, so a duplicate that
    involves a new row is found whether its twin is new or old. A source test runs before the models that
    read the source, so each row is checked once, in the build that is about to read it.

    "Not read yet" as the model's own `unread` rule has it (unread_since in macros/watermarks.sql): loaded
    after the newest load it holds, or at that load while it holds fewer of that load's rows than the
    source has (a load committed in steps, or one holding a duplicate: then that whole load is checked
    again, on every build until it is fixed). Under `dbt test`, the newest load it holds is checked too.

    `read_by` is the staging model's name, not a ref: a ref would make this test wait for the model, which
    by then has read the rows. The whole source is checked on --full-refresh, with
    `--vars '{key_tests_whole_table: true}'`, and while the model does not exist yet or is empty.
    Measured at 5M events: `unique` on raw.events read every id on every build, 0.45 s (docs/performance.md).
#}
{% test unique_unread(model, column_name, loaded_at, read_by) %}

{%- set since = none %}
{%- if execute and not flags.FULL_REFRESH and not var('key_tests_whole_table') %}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', read_by) | first %}
    {%- set reader = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) %}
    {%- if reader is not none %}
        {%- set since = unread_since(model, reader, loaded_at, recheck_newest=flags.WHICH == 'test') %}
    {%- endif %}
{%- endif %}
{{ duplicate_keys(
    model, [column_name], skip_nulls=true,
    keys_where=(loaded_at ~ ' ' ~ since) if since is not none else none
) }}

{% endtest %}
