{#-
    How far a growth against `reference` (the previous period or the baseline) can be
    read: 'no_reference' when the reference is 0 or missing (no growth exists),
    'small_reference' when a count's reference is under the var small_reference_value
    (the growth is real but says little), else 'compared'. Ratios are never "small":
    0.5 % is an ordinary rate.
-#}
{% macro reference_status(method, reference) -%}
    case
        when {{ reference }} is null or {{ reference }} = 0 then 'no_reference'
        when {{ method }} != 'ratio'
            and abs({{ reference }}) < cast({{ var('small_reference_value') }} as double)
            then 'small_reference'
        else 'compared'
    end
{%- endmacro %}
