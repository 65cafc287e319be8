{#- (current - reference) / reference * 100; NULL when the reference is 0 or NULL. -#}
{% macro growth_pct(current, reference) -%}
    case
        when {{ reference }} != 0
            then ({{ current }} - {{ reference }}) / {{ reference }} * 100
    end
{%- endmacro %}
