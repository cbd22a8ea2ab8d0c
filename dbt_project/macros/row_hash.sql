{#
    A hash of a row's values in `columns` (names), read from `alias`: rows with the same values hash alike;
    NULL is its own value. DuckDB hashes the typed values (a 64-bit hash); other adapters the md5 of their
    text, each value written as its length, ':' and its text (so no two lists of values write the same
    string) and NULL as 'n'.
#}
{% macro row_hash(alias, columns) -%}
    {%- set qualified = [] -%}
    {%- for column in columns -%}
        {%- do qualified.append(alias ~ "." ~ adapter.quote(column)) -%}
    {%- endfor -%}
    {{ return(adapter.dispatch('row_hash', 'parley')(qualified)) }}
{%- endmacro %}

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
