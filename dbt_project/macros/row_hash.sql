{#
    A hash of a row's values: every column of `relation` (default: the model's own table, as built) but
    `exclude`, read from `alias` (a row of that table, or of a query with the same columns). Rows with the
    same values hash alike; NULL is its own value. DuckDB hashes the typed values (a 64-bit hash); other
    adapters the md5 of their text, each value prefixed with its length and NULL written apart from any text.
#}
{% macro row_hash(alias, exclude=[], relation=none) -%}
    {%- set relation = relation if relation is not none else this -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) if column.name | lower not in exclude -%}
        {%- do columns.append(alias ~ "." ~ adapter.quote(column.name)) -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('row_hash', 'parley')(columns)) }}
{%- endmacro %}

{# Each value as its length, ':' and its text (so no two lists of values write the same string), NULL as 'n'. #}
{% macro default__row_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set text = "cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- set length = "cast(" ~ dbt.length(text) ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- do parts.append("coalesce(" ~ dbt.concat([length, "':'", text]) ~ ", 'n')") -%}
    {%- endfor -%}
    {{ return(dbt.hash(dbt.concat(parts))) }}
{%- endmacro %}

{% macro duckdb__row_hash(columns) -%}
    {{ return('hash(' ~ columns | join(', ') ~ ')') }}
{%- endmacro %}
