{#- Fails with each non-null value that is not wholly matched by the regular expression. -#}
{% test matches_pattern(model, column_name, pattern) %}

select {{ column_name }} as unexpected_value
from {{ model }}
where {{ column_name }} is not null
    and not regexp_full_match({{ column_name }}, '{{ pattern }}')

{% endtest %}
