{#-
    Fails with each benchmark that is neither one value nor a range: a value alone, or
    low and high together (low <= high) without a value.
-#}
{% test one_figure_or_range(model) %}

select benchmark, value, low, high
from {{ model }}
where not (
    (value is not null and low is null and high is null)
    or (value is null and low is not null and high is not null and low <= high)
)

{% endtest %}
