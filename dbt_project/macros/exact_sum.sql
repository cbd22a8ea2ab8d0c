{#
    sum() of floating-point values depends on the order rows are added, and parallel engines (DuckDB,
    Spark) add them in a different order on every run: a rebuild with no new data would change costs in
    the last bits. Money and other fractional sums are therefore accumulated as DECIMAL, which is exact
    and order-independent, then returned as double precision for the contracts. 12 decimal places keep
    per-message costs of a millionth of a cent.
#}
{% macro exact_sum(expr) -%}
    cast(sum(cast({{ expr }} as decimal(38, 12))) as {{ type_double() }})
{%- endmacro %}

{% macro exact_avg(expr) -%}
    cast(sum(cast({{ expr }} as decimal(38, 12))) / nullif(count({{ expr }}), 0) as {{ type_double() }})
{%- endmacro %}
