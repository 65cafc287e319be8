{#-
    The partition window the pipeline has just landed, from the vars min_date and
    max_date (inclusive ISO dates; either may be absent, meaning unbounded).

    The vars come from the command line, so they are checked to be plain dates before
    they reach any SQL: anything else stops the build with a message naming the var.
-#}
{% macro run_window_bound(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none or (value | string | trim) == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be an ISO date such as 2022-04-25, got " ~ text) }}
    {%- endif -%}
    {%- set parsed = modules.datetime.date.fromisoformat(text) -%}
    {{ return(parsed.isoformat()) }}
{%- endmacro %}


{#- A boolean SQL predicate: `column` lies in the run window (true when there is none). -#}
{% macro in_run_window(column) -%}
    {%- set min_date = run_window_bound('min_date') -%}
    {%- set max_date = run_window_bound('max_date') -%}
    {%- if min_date and max_date and min_date > max_date -%}
        {{ exceptions.raise_compiler_error(
            "var min_date " ~ min_date ~ " is after max_date " ~ max_date) }}
    {%- endif -%}
    {%- if min_date is none and max_date is none -%}
        true
    {%- else -%}
        (
        {%- if min_date %}{{ column }} >= date '{{ min_date }}'{% endif -%}
        {%- if min_date and max_date %} and {% endif -%}
        {%- if max_date %}{{ column }} <= date '{{ max_date }}'{% endif -%}
        )
    {%- endif -%}
{%- endmacro %}


{#-
    Incremental strategy `replace_window`: delete every target row in the run window,
    then insert the model's rows (which the model restricts to the same window).

    Unlike delete+insert on a unique key, a day or a metric that disappeared from the
    re-landed raw data disappears here too, and rows outside the window are untouched.
    Both statements run in the model's transaction.
-#}
{% macro get_incremental_replace_window_sql(arg_dict) -%}
    {%- set window_column = config.get('window_column', 'date') -%}
    {%- set dest_cols_csv = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ in_run_window(window_column) }};

    insert into {{ arg_dict['target_relation'] }} ({{ dest_cols_csv }})
    select {{ dest_cols_csv }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
