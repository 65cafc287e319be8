-- Which of the files $hashes (SHA-256 of their content) have landed, when and as what.
select file_sha256, _source, _loaded_at, _run_id
from raw.export_files
where list_contains($hashes, file_sha256);
