{#
    A post-hook for an incremental model keyed on `key`: delete the rows whose key no longer exists in
    `source_relation`, so a source row deleted upstream disappears as it would in a full refresh
    (an incremental build only ever sees rows that were written). A correlated NOT EXISTS, which both
    DuckDB and PostgreSQL run as a hash anti-join (PostgreSQL runs NOT IN over a large subquery row by row).
#}
{% macro drop_rows_gone_from_source(relation, source_relation, key) -%}
    delete from {{ relation }}
    where not exists (
        select 1 from {{ source_relation }} as upstream
        where upstream.{{ key }} = {{ relation }}.{{ key }}
    )
{%- endmacro %}
