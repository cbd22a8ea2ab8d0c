{#
    Portable statistics for mart_ab_tests: plain arithmetic, sqrt and exp only, so DuckDB and PostgreSQL
    give the same numbers (no adapter-specific statistical functions).
#}

{# Two-sided p-value of a standard normal test statistic z: P(|Z| >= |z|) = erfc(|z| / sqrt 2).
   erfc(x) = t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-x^2), t = 1 / (1 + p x): Abramowitz & Stegun
   7.1.26, absolute error below 1.5e-7. Written as erfc directly (not 1 - erf) so small p-values keep
   their precision. NULL when z is NULL; 0 beyond |z| = 36.8 (x > 26), where the true value is below
   1e-290 and PostgreSQL's exp() would raise an underflow error. #}
{% macro two_sided_p_value(z) -%}
    {%- set x = "(abs(" ~ z ~ ") / 1.4142135623730951)" -%}
    {%- set t = "(1.0 / (1.0 + 0.3275911 * " ~ x ~ "))" -%}
    (case
        when {{ x }} > 26 then 0.0
        else {{ t }} * (0.254829592 + {{ t }} * (-0.284496736 + {{ t }} * (1.421413741
            + {{ t }} * (-1.453152027 + {{ t }} * 1.061405429))))
            * exp(-1.0 * {{ x }} * {{ x }})
    end)
{%- endmacro %}

{# Standard normal CDF, Phi(z) = 1 - erfc(z / sqrt 2) / 2 for z >= 0, mirrored for z < 0. #}
{% macro normal_cdf(z) -%}
    (case
        when ({{ z }}) >= 0 then 1.0 - {{ two_sided_p_value(z) }} / 2.0
        else {{ two_sided_p_value(z) }} / 2.0
    end)
{%- endmacro %}

{# 97.5th percentile of the standard normal: the half-width multiplier of a 95% confidence interval. #}
{% macro z_95() -%}
    1.959963984540054
{%- endmacro %}

{# A double rounded to `digits` decimals, portably: PostgreSQL has round() for numeric only, so the value
   goes through a decimal(38, 12) (DuckDB's bare `numeric` would be decimal(18, 3)). Used for statistics
   whose approximation error is far above the 6th decimal anyway. #}
{% macro round_double(value, digits=6) -%}
    cast(round(cast({{ value }} as decimal(38, 12)), {{ digits }}) as {{ type_double() }})
{%- endmacro %}
