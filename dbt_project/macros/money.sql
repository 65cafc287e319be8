{#-
    True for a row whose unit is a currency code (its value is money): every unit but
    'count' and 'percent'. Amounts of two currencies are never added together.
-#}
{% macro is_money(unit) -%}
    ({{ unit }} is not null and {{ unit }} not in ('count', 'percent'))
{%- endmacro %}

{#-
    The sum of `value` over the rows where `condition` holds, added as decimals so that
    money adds up to the cent (14.35 + ... is exact), then back to double like every
    other value.
-#}
{% macro exact_sum(value, condition) -%}
    cast(sum(cast({{ value }} as decimal(38, 6))) filter (where {{ condition }}) as double)
{%- endmacro %}
