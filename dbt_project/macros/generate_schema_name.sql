{#-
    Models land in the schema they name (staging, intermediate, facts, marts), not in
    dbt's default "<target schema>_<custom schema>": analysts and the published snapshot
    read marts.campaign_growth by that exact name.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
