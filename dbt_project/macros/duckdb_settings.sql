{#
    on-run-start on DuckDB: PARLEY_DUCKDB_MEMORY_LIMIT (e.g. 4GB), when set, caps the memory DuckDB keeps for
    cached blocks and hash tables during the build (default 80% of RAM; beyond the cap DuckDB spills to
    disk). The Python side of Parley applies the same variable (orchestration/warehouse.py). memory_limit
    is global to the DuckDB database, so setting it on the first connection covers every model and test.
    Renders to nothing on other adapters.
#}
{% macro duckdb_settings() -%}
    {{ return(adapter.dispatch('duckdb_settings', 'parley')()) }}
{%- endmacro %}

{% macro default__duckdb_settings() -%}
{%- endmacro %}

{% macro duckdb__duckdb_settings() -%}
    {%- set memory_limit = env_var('PARLEY_DUCKDB_MEMORY_LIMIT', '') | trim -%}
    {%- if memory_limit -%}
        set memory_limit = '{{ memory_limit | replace("'", "") }}'
    {%- endif -%}
{%- endmacro %}
