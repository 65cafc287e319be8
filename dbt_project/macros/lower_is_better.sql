{#-
    True where a lower value of the metric is the better one: costs per result. Goals
    and benchmarks read it to say "met" or "better than" the right way round.
-#}
{% macro lower_is_better(metric) -%}
    ({{ metric }} in ('cpc', 'cost_per_reach', 'cost_per_conversion'))
{%- endmacro %}
