-- Record one landed window in the coverage ledger, in the landing's transaction.
insert into raw.landed_windows (
    table_name, scope_column, scope_value, window_start, window_end, rows_landed, complete,
    _run_id, _loaded_at, _source
)
values (
    $table_name, $scope_column, $scope_value, $window_start, $window_end, $rows_landed,
    $complete, $run_id, $loaded_at, $source
);
