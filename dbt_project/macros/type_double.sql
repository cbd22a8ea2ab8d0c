{#
    8-byte floating point on every adapter. dbt.type_float() renders `float`, which DuckDB reads as a
    4-byte REAL (7 significant digits: not enough for costs or p-values); `double precision` means the
    same 8-byte type on DuckDB and PostgreSQL.
#}
{% macro type_double() -%}
    double precision
{%- endmacro %}
