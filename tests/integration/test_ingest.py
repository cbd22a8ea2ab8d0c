"""Ingestion loses nothing: every line is loaded, a duplicate, or quarantined, on DuckDB and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from orchestration import ingest as ingest_module
from orchestration.ingest import ingest_paths


def event(n: int, **overrides) -> dict:
    base = {
        "event_type": "message", "event_id": f"e-{n}", "timestamp": f"2026-03-02T09:{n % 60:02d}:00Z",
        "conversation_id": f"c-{n // 4}", "assistant_id": "hr-helper", "user_id": f"u-{n % 7}",
        "role": "user" if n % 2 == 0 else "assistant", "content": f"message number {n}",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def line(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def write(path, *lines: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(lines))
    return path


def table(wh, sql: str) -> list[tuple]:
    return sorted(wh.query(sql), key=repr)


def snapshot(wh) -> dict:
    return {
        "events": table(wh, "SELECT * FROM raw.events"),
        "quarantine": table(wh, "SELECT * FROM raw.quarantine"),
        "log": table(wh, "SELECT * FROM raw.ingest_log"),
    }


EVERY_CLASS = [
    line(event(1)),  # loaded
    line(event(1)),  # duplicate: same id, same payload
    b'{"event_type": "message", "timestamp": \n',  # malformed_json
    line(event(2, user_id=None)),  # schema_violation: required field missing
    line(event(3, role="robot")),  # schema_violation: role outside its set
    line(event(4, timestamp="2026-03-02T09:00:00")),  # bad_timestamp: no zone
    line(event(5, timestamp="yesterday")),  # bad_timestamp: not ISO 8601
    line(event(6))[:-1].replace(b"message number 6", b"caf\xe9") + b"\n",  # encoding_error
    line(event(7, content="x" * 400)),  # size_limit (limit set to 300 bytes below)
    line(event(1, content="a different text")),  # id_conflict
    b"\n",  # blank: skipped, not counted
    line(event(8)),  # loaded
]


def test_every_line_is_loaded_duplicate_or_quarantined(warehouse, tmp_path):
    path = write(tmp_path / "landing" / "mixed.jsonl", *EVERY_CLASS)
    summary = ingest_paths(warehouse, [path], max_line_bytes=300)

    [result] = summary.files
    assert (result.lines_in, result.lines_loaded, result.lines_duplicate, result.lines_quarantined) == (11, 2, 1, 8)
    assert result.reconciles
    assert result.quarantined_by_reason == {
        "malformed_json": 1, "schema_violation": 2, "bad_timestamp": 2, "encoding_error": 1,
        "size_limit": 1, "id_conflict": 1,
    }
    quarantine = table(warehouse, "SELECT source_line, reason, source_file FROM raw.quarantine")
    assert [(n, r) for n, r, _ in quarantine] == sorted(
        [(3, "malformed_json"), (4, "schema_violation"), (5, "schema_violation"), (6, "bad_timestamp"),
         (7, "bad_timestamp"), (8, "encoding_error"), (9, "size_limit"), (10, "id_conflict")], key=repr)
    assert {f for _, _, f in quarantine} == {str(path.resolve())}
    # the raw line is kept (as text) except for oversized lines, which keep only their hash
    raw_lines = dict(warehouse.query("SELECT reason, raw_line FROM raw.quarantine"))
    assert raw_lines["size_limit"] is None
    assert "caf\\xe9" in raw_lines["encoding_error"]
    assert "a different text" in raw_lines["id_conflict"]
    [log] = warehouse.query(
        "SELECT lines_in, lines_loaded, lines_duplicate, lines_quarantined, last_line FROM raw.ingest_log")
    assert log == (11, 2, 1, 8, 12)
    assert table(warehouse, "SELECT event_id, source_line FROM raw.events") == [("e-1", 1), ("e-8", 12)]


def test_quarantine_detail_says_what_is_wrong(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", line(event(2, user_id=None)), line(event(4, timestamp="2026-03-02T09:00")),
                 line(event(1)), line(event(1, content="changed")))
    ingest_paths(warehouse, [path])
    details = dict(warehouse.query("SELECT source_line, detail FROM raw.quarantine"))
    assert "'user_id'" in details[1]
    assert "add 'Z' or an offset" in details[2]
    assert "e-1" in details[4] and "line 3" in details[4]


def test_reingesting_a_file_changes_nothing(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", *EVERY_CLASS)
    ingest_paths(warehouse, [path], max_line_bytes=300)
    before = snapshot(warehouse)
    again = ingest_paths(warehouse, [path], max_line_bytes=300)
    assert again.files[0].skipped_unchanged
    assert snapshot(warehouse) == before


def test_touched_but_unchanged_file_changes_nothing(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", *EVERY_CLASS)
    ingest_paths(warehouse, [path], max_line_bytes=300)
    before = snapshot(warehouse)
    path.write_bytes(path.read_bytes())  # same bytes, new modification time
    ingest_paths(warehouse, [path], max_line_bytes=300)
    assert snapshot(warehouse) == before


def test_appended_lines_are_the_only_ones_read(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", line(event(1)), line(event(2)), b"not json\n")
    ingest_paths(warehouse, [path])
    with open(path, "ab") as f:
        f.write(line(event(3)) + line(event(4)))
    second = ingest_paths(warehouse, [path]).files[0]
    assert (second.lines_in, second.lines_loaded, second.lines_duplicate) == (2, 2, 0)
    assert warehouse.count("raw.events") == 4
    assert warehouse.count("raw.quarantine") == 1
    assert table(warehouse, "SELECT first_line, last_line, lines_in FROM raw.ingest_log") == [(1, 3, 3), (4, 5, 2)]


def test_rewritten_file_is_read_again_and_known_events_count_as_duplicates(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", line(event(1)), line(event(2)), b"not json\n")
    ingest_paths(warehouse, [path])
    write(path, line(event(9)), line(event(1)), line(event(2)), b"not json\n")  # a line inserted at the top
    result = ingest_paths(warehouse, [path]).files[0]
    assert (result.lines_in, result.lines_loaded, result.lines_duplicate, result.lines_quarantined) == (4, 1, 2, 1)
    assert warehouse.count("raw.events") == 3
    # the malformed line moved from line 3 to line 4: it is recorded where it is now, once per position
    assert table(warehouse, "SELECT source_line FROM raw.quarantine") == [(3,), (4,)]


def test_same_event_in_two_files_is_loaded_once(warehouse, tmp_path):
    a = write(tmp_path / "landing" / "a.jsonl", line(event(1)), line(event(2)))
    write(tmp_path / "landing" / "b.jsonl", line(event(2)), line(event(3)))
    summary = ingest_paths(warehouse, [a.parent])
    assert summary.total("lines_loaded") == 3 and summary.total("lines_duplicate") == 1
    assert warehouse.count("raw.events") == 3


def test_same_instant_in_another_zone_is_the_same_payload(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", line(event(1, timestamp="2026-03-02T09:00:00Z")),
                 line(event(1, timestamp="2026-03-02T10:00:00+01:00")))
    result = ingest_paths(warehouse, [path]).files[0]
    assert (result.lines_loaded, result.lines_duplicate) == (1, 1)


def test_empty_file_and_blank_lines_count_nothing(warehouse, tmp_path):
    empty = write(tmp_path / "landing" / "empty.jsonl")
    write(tmp_path / "landing" / "blank.jsonl", b"\n   \n\r\n")
    summary = ingest_paths(warehouse, [empty.parent])
    assert [f.lines_in for f in summary.files] == [0, 0]
    assert warehouse.count("raw.events") == 0 and warehouse.count("raw.quarantine") == 0


def test_gzip_file_loads_like_plain(warehouse, tmp_path):
    content = b"".join([line(event(i)) for i in range(20)] + [b"oops\n"])
    (tmp_path / "landing").mkdir()
    (tmp_path / "landing" / "a.jsonl.gz").write_bytes(gzip.compress(content))
    result = ingest_paths(warehouse, [tmp_path / "landing"]).files[0]
    assert (result.lines_in, result.lines_loaded, result.lines_quarantined) == (21, 20, 1)
    again = ingest_paths(warehouse, [tmp_path / "landing"]).files[0]
    assert again.skipped_unchanged


def test_text_round_trips_byte_exact(warehouse, tmp_path):
    texts = [
        "emoji 😀👩🏽‍💻🇧🇷 and a zero-width joiner",
        "中文：我的假期还剩几天？ 日本語のテキスト 한국어",
        "עברית: כמה ימי חופשה נשארו לי? العربية: كم يوم إجازة تبقى لي؟",
        'quotes " and \' , commas, a\nnewline, a\ttab, a backslash \\ and \\N',
        "e\u0301 (combining accent) vs \u00e9",
        "",
    ]
    path = write(tmp_path / "a.jsonl", *(line(event(i, content=t)) for i, t in enumerate(texts)))
    ingest_paths(warehouse, [path])
    stored = dict(warehouse.query("SELECT event_id, content FROM raw.events"))
    assert [stored[f"e-{i}"] for i in range(len(texts))] == texts


def test_byte_order_mark_and_crlf_are_accepted(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", b"\xef\xbb\xbf" + line(event(1))[:-1] + b"\r\n", line(event(2)))
    result = ingest_paths(warehouse, [path]).files[0]
    assert (result.lines_loaded, result.lines_quarantined) == (2, 0)


def test_events_without_id_get_the_same_derived_id_every_time(warehouse, tmp_path):
    a = write(tmp_path / "landing" / "a.jsonl", line(event(1, event_id=None)))
    write(tmp_path / "landing" / "b.jsonl", line(event(1, event_id=None, timestamp="2026-03-02T10:01:00+01:00")))
    summary = ingest_paths(warehouse, [a.parent])
    assert summary.total("lines_loaded") == 1 and summary.total("lines_duplicate") == 1
    [(event_id,)] = warehouse.query("SELECT event_id FROM raw.events")
    assert len(event_id) == 32


def test_unknown_fields_and_properties_are_kept_as_json(warehouse, tmp_path):
    path = write(tmp_path / "a.jsonl", line(event(1, trace={"span": "x"}, user_properties={"department": "HR"})))
    ingest_paths(warehouse, [path])
    [(extra, props)] = warehouse.query("SELECT extra, user_properties FROM raw.events")
    assert json.loads(extra) == {"trace": {"span": "x"}}
    assert json.loads(props) == {"department": "HR"}


def test_a_folder_setting_forces_the_format(warehouse, tmp_path):
    folder = tmp_path / "landing" / "forced"
    write(folder / "a.jsonl", line({"messages": [], "choices": []}), line(event(1)))
    (folder / ".parley-format").write_text("v1\n")
    result = ingest_paths(warehouse, [folder]).files[0]
    assert (result.lines_loaded, result.quarantined_by_reason) == (1, {"schema_violation": 1})


def test_unknown_folder_setting_is_a_clear_error(warehouse, tmp_path):
    folder = tmp_path / "landing"
    write(folder / "a.jsonl", line(event(1)))
    (folder / ".parley-format").write_text("csv\n")
    with pytest.raises(ingest_module.IngestError, match="must hold one of"):
        ingest_paths(warehouse, [folder])


def test_missing_path_is_a_clear_error(warehouse, tmp_path):
    with pytest.raises(ingest_module.IngestError, match="does not exist"):
        ingest_paths(warehouse, [tmp_path / "nope"])


def test_lines_longer_than_a_read_block_are_hashed_not_held(warehouse, tmp_path, monkeypatch):
    import hashlib

    monkeypatch.setattr(ingest_module, "BLOCK_BYTES", 1000)
    huge = line(event(2, content="y" * 5000))  # spans several read blocks: hashed while streamed
    long = line(event(3, content="z" * 500))  # inside one block, over the limit
    last = line(event(5))[:-1]  # the file's last line has no newline
    path = write(tmp_path / "a.jsonl", line(event(1)).replace(b"\n", b"\r\n"), huge, long, line(event(4)), last)
    [result] = ingest_paths(warehouse, [path], max_line_bytes=300).files
    assert (result.lines_in, result.lines_loaded, result.lines_quarantined) == (5, 3, 2)
    kept = table(warehouse, "SELECT source_line, raw_line, raw_line_sha256 FROM raw.quarantine")
    assert kept == sorted([(2, None, hashlib.sha256(huge[:-1]).hexdigest()),
                           (3, None, hashlib.sha256(long[:-1]).hexdigest())], key=repr)
    assert table(warehouse, "SELECT event_id, source_line FROM raw.events") == [("e-1", 1), ("e-4", 4), ("e-5", 5)]
    [(bytes_end, last_line)] = warehouse.query("SELECT bytes_end, last_line FROM raw.ingest_log")
    assert (bytes_end, last_line) == (path.stat().st_size, 5)


def test_parallel_parsing_gives_the_same_tables_as_serial(tmp_path, monkeypatch):
    from orchestration.warehouse import connect

    lines = [line(event(i, conversation_id=f"c-{i % 50}")) for i in range(3000)]
    lines[100] = b"{broken\n"
    lines[2500] = line(event(7, content="conflicting"))
    path = write(tmp_path / "a.jsonl", *lines)
    monkeypatch.setattr(ingest_module, "BLOCK_BYTES", 20_000)
    monkeypatch.setattr(ingest_module, "BATCH_LINES", 700)
    results = {}
    for workers in (1, 2):
        monkeypatch.setattr(ingest_module, "PARALLEL_MIN_BYTES", 0)
        with connect("duckdb", path=tmp_path / f"w{workers}.duckdb") as wh:
            summary = ingest_paths(wh, [path], workers=workers)
            results[workers] = (summary.as_dict()["lines_loaded"],
                                table(wh, "SELECT * EXCLUDE (ingested_at) FROM raw.events"),
                                table(wh, "SELECT source_line, reason FROM raw.quarantine"))
    assert results[1] == results[2]
    assert results[1][0] == 2998


EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_mixed_formats_in_one_folder_all_load(warehouse, tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(EXAMPLES / "openai-chat-completions.jsonl", landing / "openai.jsonl")
    (landing / "otel.jsonl.gz").write_bytes(gzip.compress((EXAMPLES / "otel-genai-spans.jsonl").read_bytes()))
    write(landing / "v1.jsonl", line(event(1)), line(event(2)))
    summary = ingest_paths(warehouse, [landing])
    assert all(f.reconciles for f in summary.files)
    assert summary.total("lines_quarantined") == 0
    by_format = dict(warehouse.query("SELECT source_format, count(*) FROM raw.events GROUP BY source_format"))
    assert by_format == {"openai": 17, "otel": 18, "v1": 2}  # counted by hand in docs/examples
    assert {f.source_format for f in summary.files} == {"openai", "otel", "v1"}
    # repeated chat history in later requests did not duplicate any message
    [(dupes,)] = warehouse.query(
        "SELECT count(*) FROM (SELECT conversation_id, role, content FROM raw.events WHERE event_type = 'message' "
        "GROUP BY 1, 2, 3 HAVING count(*) > 1) d")
    assert dupes == 0
    assert ingest_paths(warehouse, [landing]).total("lines_in") == 0


def test_a_valid_line_without_conversation_events_counts_as_loaded(warehouse, tmp_path):
    http_only = {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"scope": {}, "spans": [{
        "traceId": "a" * 32, "spanId": "b" * 16, "name": "GET /health", "startTimeUnixNano": "1772442904000000000",
        "endTimeUnixNano": "1772442904100000000", "attributes": [
            {"key": "http.request.method", "value": {"stringValue": "GET"}}]}]}]}]}
    path = write(tmp_path / "spans.jsonl", line(http_only))
    result = ingest_paths(warehouse, [path]).files[0]
    assert (result.lines_in, result.lines_loaded, result.events_loaded) == (1, 1, 0)
