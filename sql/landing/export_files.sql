-- A file's ledger row is replaced when the same content lands again.
delete from raw.export_files where file_sha256 = $file_sha256;
