-- A file's rejected rows are replaced when the same content lands again.
delete from raw.export_rejected_rows where file_sha256 = $file_sha256;
