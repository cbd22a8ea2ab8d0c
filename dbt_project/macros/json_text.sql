{#
    The text value of a top-level key of a JSON object stored as text (NULL when absent, JSON null or
    an empty/blank string). The one place where DuckDB and PostgreSQL JSON syntax differ.
#}
{% macro json_text(column, key) -%}
    {{ return(adapter.dispatch('json_text', 'parley')(column, key)) }}
{%- endmacro %}

{% macro default__json_text(column, key) -%}
    nullif(trim(cast({{ column }} as json) ->> '{{ key }}'), '')
{%- endmacro %}

{% macro duckdb__json_text(column, key) -%}
    nullif(trim(json_extract_string({{ column }}, '$.{{ key }}')), '')
{%- endmacro %}
