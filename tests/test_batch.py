"""Batch records: every bad-input class gets exactly one output line, in order, with the exact error, and
resuming/writing never leaves a broken or duplicated line."""
import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_extract import batch
from policy_extract.batch import Record, Summary, parse_record, process, process_chunk, read_inputs, run_serial
from policy_extract.contract import warning
from policy_extract.iowrite import LineGuard, ResumeError, Sink, resume
from grounding import assert_grounded

GOOD = "到2027年，全区培育专精特新企业120家。"

BAD_RECORDS = [  # (case, line, code, message)
    ("not JSON", "{id: 1, text: 'x'}", "invalid_json",
     "line is not JSON: Expecting property name enclosed in double quotes (column 2)"),
    ("truncated JSON", '{"id": "a", "text": "到20', "invalid_json",
     "line is not JSON: Unterminated string starting at (column 21)"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, "invalid_json", "line nests arrays or objects too deeply to read"),
    ("array", '["a", "b"]', "not_an_object", "line is a JSON array, not an object"),
    ("string", '"到2027年"', "not_an_object", "line is a JSON string, not an object"),
    ("number", "42", "not_an_object", "line is a JSON number, not an object"),
    ("null", "null", "not_an_object", "line is a JSON null, not an object"),
    ("no text", '{"id": "a"}', "missing_text", "record has no `text` field"),
    ("text is a number", '{"id": "a", "text": 12}', "invalid_text", "`text` must be a string, not a JSON number"),
    ("text is null", '{"id": "a", "text": null}', "invalid_text", "`text` must be a string, not a JSON null"),
    ("text is NaN", '{"id": "a", "text": NaN}', "invalid_text", "`text` must be a string, not a JSON number"),
    ("text is a list", '{"id": "a", "text": ["到2027年"]}', "invalid_text", "`text` must be a string, not a JSON array"),
    ("id is a number", '{"id": 7, "text": "x"}', "invalid_id", "`id` must be a string, not a JSON number"),
    ("id is an object", '{"id": {"k": 1}, "text": "x"}', "invalid_id", "`id` must be a string, not a JSON object"),
    ("id is a boolean", '{"id": true, "text": "x"}', "invalid_id", "`id` must be a string, not a JSON boolean"),
    ("published not a date", '{"id": "a", "text": "x", "published": "2025-02-30"}', "invalid_published",
     '`published` must be a YYYY-MM-DD date, not "2025-02-30"'),
    ("published a number", '{"id": "a", "text": "x", "published": 20250204}', "invalid_published",
     "`published` must be a YYYY-MM-DD date, not 20250204"),
]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES, ascii_only=st.booleans())
def test_lines_are_read_as_json_reads_them(value, ascii_only):
    """The fast reader (orjson) gives what json gives for every line it takes."""
    line = json.dumps(value, ensure_ascii=ascii_only)
    assert batch._loads(line) == json.loads(line)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES | st.fixed_dictionaries({"id": st.text(max_size=4), "text": st.text()}, optional={
    "published": st.sampled_from(["2025-02-04", "2025-2-4", None])}), ascii_only=st.booleans(), bom=st.booleans())
def test_a_line_read_as_bytes_is_the_record_of_its_text(value, ascii_only, bom):
    """A JSON Lines file's lines are parsed from their bytes: the Record is the one their text gives."""
    line = ("\ufeff" if bom else "") + json.dumps(value, ensure_ascii=ascii_only)
    assert batch._decode_line(line.encode(), "7", 50) == parse_record(line, "7", max_chars=50)


@pytest.mark.parametrize("case,line,code,message", BAD_RECORDS, ids=[c[0] for c in BAD_RECORDS])
def test_bad_records_read_as_bytes_give_the_same_errors(case, line, code, message):
    assert batch._decode_line(line.encode("utf-8", "surrogatepass"), "9", 0).error == parse_record(line, "9").error


@pytest.mark.parametrize("case,line,code,message", BAD_RECORDS, ids=[c[0] for c in BAD_RECORDS])
def test_bad_records_become_exact_error_lines(case, line, code, message):
    record = parse_record(line, "9")
    out = json.loads(process(record))
    assert out["error"] == {"code": code, "message": message}
    readable_id = '"id": "a"' in line and code not in ("invalid_json", "not_an_object")
    assert out["doc_id"] == ("a" if readable_id else "9")  # no usable id: the line number
    assert set(out) == {"doc_id", "error"}


ODD_TEXTS = [  # (case, JSON line, warning codes the Document carries)
    ("NUL characters", json.dumps({"id": "n", "text": "到2027年\u0000，培育企业\u0000120家。"}), ["control_characters"]),
    ("lone surrogate escape", '{"id": "s", "text": "到2027年\\ud800，培育企业120家。"}', ["lone_surrogate", "garbled_span"]),
    ("BOM before the line", "\ufeff" + json.dumps({"id": "b", "text": GOOD}), []),
    ("doc_id key", json.dumps({"doc_id": "d", "text": GOOD}), []),
]


@pytest.mark.parametrize("case,line,codes", ODD_TEXTS, ids=[c[0] for c in ODD_TEXTS])
def test_odd_texts_become_documents_with_warnings(case, line, codes):
    record = parse_record(line, "1")
    out = json.loads(process(record))
    assert out["doc_id"] == json.loads(line.lstrip("\ufeff")).get("id", "d")
    assert [w["code"] for w in out["warnings"]] == codes
    assert out["targets"][0]["value"] == 120
    assert_grounded(json.loads(line.lstrip("\ufeff"))["text"], out)


def _jsonl(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n")
    return str(path)


def test_one_line_per_record_in_input_order(tmp_path):
    lines = [json.dumps({"id": f"r{i}", "text": GOOD}) if i % 3 else "oops" for i in range(12)]
    path = _jsonl(tmp_path, lines[:5] + [""] + lines[5:] + ["   "])
    out = [json.loads(line) for done in run_serial(read_inputs([path])) for line in done.lines]
    assert len(out) == 12
    assert [o["doc_id"] for o in out] == ["1", "r1", "r2", "4", "r4", "r5", "8", "r7", "r8", "11", "r10", "r11"]
    assert [("error" in o) for o in out] == [i % 3 == 0 for i in range(12)]


def test_fallback_ids_name_the_file_when_there_are_several(tmp_path):
    a = _jsonl(tmp_path, ["nope", json.dumps({"text": GOOD})], "a.jsonl")
    b = _jsonl(tmp_path, [json.dumps({"id": "", "text": GOOD})], "b.jsonl")
    assert [r.doc_id for r in read_inputs([a, b])] == ["a.jsonl:1", "a.jsonl:2", "b.jsonl:1"]
    assert [r.doc_id for r in read_inputs([a])] == ["1", "2"]


def test_invalid_utf8_in_a_line_is_replaced_and_reported(tmp_path):
    line = json.dumps({"id": "u", "text": GOOD}, ensure_ascii=False).encode()
    broken = line[:24] + b"\xff" + line[24:]  # after 到, inside the text
    (record,) = read_inputs([_jsonl(tmp_path, [broken])])
    out = json.loads(process(record))
    (warning,) = [w for w in out["warnings"] if w["code"] == "replaced_bytes"]
    assert warning["message"] == ("1 invalid UTF-8 byte sequence(s) in the line were replaced by U+FFFD; "
                                  "the first at byte 24 of the line")
    assert record.text[warning["span"]["start"]] == "\ufffd"


def test_over_long_lines_are_refused_without_being_held(tmp_path):
    huge = json.dumps({"id": "big", "text": "五" * 200_000})  # 1.2 MB of \u escapes: over 100 * 6 bytes + 1 MiB
    path = _jsonl(tmp_path, [json.dumps({"id": "a", "text": GOOD}), huge, json.dumps({"id": "c", "text": GOOD})])
    records = list(read_inputs([path], max_chars=100))
    assert [r.doc_id for r in records] == ["a", "2", "c"]
    assert records[1].error == ("too_long", f"line is {len(huge):,} bytes, more than a record of 100 characters "
                                            "(--max-chars) can take")


def test_texts_over_the_limit_are_refused(tmp_path):
    path = _jsonl(tmp_path, [json.dumps({"id": "a", "text": "五" * 101}, ensure_ascii=False)])
    (record,) = read_inputs([path], max_chars=100)  # the line fits the byte limit, the text does not
    assert record.error == ("too_long", "text has 101 characters, over the limit of 100 (--max-chars); "
                                        "split the document or raise the limit")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_jsonl_saved_with_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"w{i}", "text": GOOD}, ensure_ascii=False) for i in range(3)]
    path.write_bytes("".join(line + "\r\n" for line in lines).encode(encoding))  # BOM, Windows line ends
    records = list(read_inputs([str(path)]))
    assert [(r.doc_id, r.text, r.error) for r in records] == [(f"w{i}", GOOD, None) for i in range(3)]


def test_binary_jsonl_input_is_one_error_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    (record,) = read_inputs([str(path)])
    assert record.error == ("binary_file", "in.jsonl: a PDF document, not JSON Lines")


def test_damaged_gzip_keeps_the_lines_before_the_damage(tmp_path):
    lines = [json.dumps({"id": f"g{i}", "text": GOOD * 20}).encode() for i in range(200)]
    data = gzip.compress(b"\n".join(lines) + b"\n")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records = list(read_inputs([str(path)]))
    assert records[-1].error[0] == "unreadable_file"
    assert records[-1].error[1].startswith("cut.jsonl.gz: ")
    assert [r.doc_id for r in records[:-1]] == [f"g{i}" for i in range(len(records) - 1)]


def test_directories_are_read_recursively_in_sorted_order(tmp_path):
    for rel, data in [("b/2.txt", GOOD.encode("gbk")), ("a.txt", GOOD.encode()), ("b/10.txt", b"%PDF-1.4"),
                      ("b/c/x.txt.gz", gzip.compress(GOOD.encode())), ("notes.md", b"ignored")]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    records = list(read_inputs([str(tmp_path)]))
    assert [r.doc_id for r in records] == ["a", "b/10", "b/2", "b/c/x"]
    assert records[1].error[0] == "binary_file"
    assert [r.text for r in records if r.text] == [GOOD] * 3


def test_summary_says_how_many_failed_and_why():
    summary = Summary(blank_lines=2)
    for doc_id, error in [("a", None), ("2", ("invalid_json", "line is not JSON")), ("c", ("missing_text", "no")),
                          ("4", ("invalid_json", "line is not JSON"))]:
        summary.add(doc_id, f"in.jsonl line {doc_id}", error)
    assert summary.describe() == (
        "4 records, 2 blank lines ignored, 3 failed (2 invalid_json, 1 missing_text)\n"
        "  in.jsonl line 2: invalid_json: line is not JSON\n"
        "  in.jsonl line c: missing_text: no\n"
        "  in.jsonl line 4: invalid_json: line is not JSON")


def test_a_failing_extractor_gives_an_error_line(monkeypatch):
    from policy_extract import pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(pipeline, "document_data", boom)
    assert json.loads(process(Record("x", text=GOOD))) == {
        "doc_id": "x", "error": {"code": "extraction_failed", "message": "RuntimeError: kaput"}}


def test_a_runaway_extraction_is_stopped_by_the_timeout(monkeypatch):
    from policy_extract import pipeline

    def forever(*args, **kwargs):
        while True:
            pass

    monkeypatch.setattr(pipeline, "document_data", forever)
    out = json.loads(process(Record("slow", text=GOOD), timeout=0.05))
    assert out["error"] == {"code": "timeout", "message": "extraction took longer than 0.05 s (--timeout); "
                                                          "the text has 22 characters"}


# --- chunks: records extracted together give the lines they give one by one -------------------------------

def _chunk_records() -> list[Record]:
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "corpora" / "documents"
    texts = [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.open(encoding="utf-8")]
    records = [Record(t["id"], text=t["text"], published=t.get("published")) for t in texts]
    records.insert(3, Record("bad", error=("invalid_text", "`text` must be a string, not a JSON null")))
    records.insert(5, Record("bytes", text="\ufffd" + GOOD, warnings=[warning("replaced_bytes", "1 invalid byte", (0, 1), "\ufffd")]))
    records.append(Record("warned", text="區(qū)\x00到２０２７年培育企業１２０家\u200b"))
    return records


def test_a_chunk_gives_the_lines_its_records_give_one_by_one():
    records = _chunk_records()
    alone = [process(Record(r.doc_id, text=r.text, published=r.published, error=r.error, warnings=list(r.warnings)))
             for r in records]
    assert process_chunk(records) == alone
    assert [line for done in run_serial(iter(_chunk_records())) for line in done.lines] == alone


@pytest.fixture
def fragile_relate(monkeypatch):
    """relate fails on a text with 炸 in it, and never ends on one with 慢."""
    from policy_extract import pipeline

    relate = pipeline.relate

    def fragile(text, *args, **kwargs):
        if "炸" in text:
            raise RuntimeError("kaput")
        while "慢" in text:
            pass
        return relate(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "relate", fragile)


def test_a_record_that_fails_in_a_chunk_costs_only_its_own_line(fragile_relate):
    records = [Record("a", text=GOOD), Record("boom", text="炸" + GOOD), Record("c", text=GOOD)]
    out = [json.loads(line) for line in process_chunk(records)]
    assert out[1] == {"doc_id": "boom", "error": {"code": "extraction_failed", "message": "RuntimeError: kaput"}}
    assert [o["targets"][0]["value"] for o in (out[0], out[2])] == [120, 120]


def test_a_runaway_record_in_a_chunk_is_stopped_and_the_others_kept(fragile_relate):
    records = [Record("a", text=GOOD), Record("slow", text="慢" + GOOD), Record("c", text=GOOD)]
    out = [json.loads(line) for line in process_chunk(records, timeout=0.2)]
    assert out[1]["error"]["code"] == "timeout"
    assert [o["doc_id"] for o in out] == ["a", "slow", "c"] and "error" not in out[0] and "error" not in out[2]


# --- output: whole lines, lone surrogates escaped, resume ---------------------------------------------------

def test_lone_surrogates_are_written_as_json_escapes(tmp_path):
    """UTF-8 cannot hold a lone surrogate (an id or a text that escaped one): the lines write it as the JSON
    escape, which reads back as the same string — a Document's line and an error line alike."""
    path = tmp_path / "out.jsonl"
    sink = Sink(str(path))
    sink.write_lines([process(parse_record('{"id": "a\\ud800b", "text": "到2027年\\udc00，培育企业120家。"}', "1"))])
    sink.write_lines([process(parse_record('{"id": "c\\ud800d", "text": 1}', "2"))])
    sink.close()
    document, error = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert b'"doc_id":"c\\ud800d","error"' in path.read_bytes()
    assert document["doc_id"] == "a\ud800b" and error["doc_id"] == "c\ud800d"
    assert any("\udc00" in w["span"]["text"] for w in document["warnings"] if w["span"])


@pytest.fixture
def ctrl_c():
    """Ctrl-C raises KeyboardInterrupt, as in a terminal, though the tests may run with SIGINT ignored (in
    the background)."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_while_a_line_is_written_waits_for_the_line_and_its_count(tmp_path, ctrl_c):
    import os
    import signal

    path, written = tmp_path / "out.jsonl", []
    sink = Sink(str(path))
    with pytest.raises(KeyboardInterrupt), LineGuard() as guard:
        for n in range(3):
            guard.hold()
            sink.write_lines([str(n).encode()])
            if n == 1:
                os.kill(os.getpid(), signal.SIGINT)  # arrives between the write and the count
            written.append(n)
            guard.release()
    sink.close()
    assert written == [0, 1] and path.read_text() == "0\n1\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_outside_a_line_is_raised_at_once(ctrl_c):
    import os
    import signal

    reached = []
    with pytest.raises(KeyboardInterrupt), LineGuard():
        os.kill(os.getpid(), signal.SIGINT)  # waiting for a slow document
        reached.append(True)
    assert reached == []


def _lines(ids):
    return "".join(json.dumps({"doc_id": i, "error": {"code": "c", "message": "m"}}) + "\n" for i in ids)


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_resume_cuts_a_partial_last_line_and_counts_duplicates(tmp_path, compressed):
    path = tmp_path / ("out.jsonl.gz" if compressed else "out.jsonl")
    data = (_lines(["a", "b", "a"]) + '{"schema_version":"1.0","doc_id":"c","ti').encode()
    if compressed:
        whole = gzip.compress(data)
        path.write_bytes(whole[:-12])  # killed before the stream was closed
    else:
        path.write_bytes(data)
    done = resume(str(path))
    opener = gzip.open if compressed else open
    with opener(path, "rt") as fh:
        assert fh.read() == _lines(["a", "b", "a"])
    assert [done.take(i) for i in ["a", "c", "a", "a", "b", "b"]] == [True, False, True, False, True, False]


def test_gzip_output_is_readable_up_to_its_last_chunk_while_it_is_written(tmp_path):
    """What a kill leaves of a gzip output is read to its last chunk, with no resume needed; an output of
    no lines is still a gzip file."""
    path = tmp_path / "out.jsonl.gz"
    sink = Sink(str(path))
    sink.write_lines([b'{"doc_id":"a"}', b'{"doc_id":"b"}'])
    sink.write_lines([b'{"doc_id":"c"}'])
    assert gzip.decompress(path.read_bytes()) == b'{"doc_id":"a"}\n{"doc_id":"b"}\n{"doc_id":"c"}\n'
    sink.close()
    empty = tmp_path / "empty.jsonl.gz"
    Sink(str(empty)).close()
    assert empty.read_bytes()[:2] == b"\x1f\x8b" and gzip.decompress(empty.read_bytes()) == b""


def test_resume_appends_to_a_complete_gzip_stream(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    path.write_bytes(gzip.compress(_lines(["a"]).encode()))
    assert len(resume(str(path))) == 1
    sink = Sink(str(path), append=True)
    sink.write_lines([json.dumps({"doc_id": "b"}).encode()])
    sink.close()
    with gzip.open(path, "rt") as fh:
        assert [json.loads(line)["doc_id"] for line in fh] == ["a", "b"]


def test_resume_refuses_a_file_that_is_not_batch_output(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text('{"doc_id": "a"}\nhello\n')
    with pytest.raises(ResumeError, match="notes.jsonl line 2 is not an output line of policy-extract"):
        resume(str(path))


def test_progress_line_says_documents_per_second():
    import io

    from policy_extract.ioprogress import Progress

    stream = io.StringIO()
    progress = Progress(enabled=True, stream=stream, interval=0)
    progress.started -= 2.0  # two seconds ago
    for failed in (False, True, False, False):
        progress.update(1500, failed)
    progress.close()
    progress.close()  # the CLI closes again on its way out; the line ends once
    last = stream.getvalue().split("\r")[-1]
    assert last.startswith("policy-extract: 4 docs  2.0 docs/s  3.0k chars/s  1 failed  0:02")
    assert stream.getvalue().endswith("\n") and stream.getvalue().count("\n") == 1
    assert Progress.for_terminal(quiet=False).enabled is False  # pytest's stderr is not a terminal


def test_the_batch_work_never_loads_the_models():
    """Workers warm up and write lines from plain data, as --jobs 1 does: Pydantic would cost each a fifth
    of a second at start."""
    import subprocess
    import sys

    code = ("import sys\nfrom policy_extract.parallel import warm\nfrom policy_extract.batch import Record, process_chunk\n"
            "warm()\nprocess_chunk([Record('a', text='到2027年，培育企业120家。'), Record('b', text='區(qū)增长5%')])\n"
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_collector_runs_less_often_during_a_chunk_and_as_before_after_it():
    import gc
    import threading

    from policy_extract import batch

    before = gc.get_threshold()
    seen = []
    real = batch._together

    def spy(records, timeout):
        seen.append(gc.get_threshold()[0])
        return real(records, timeout)

    batch._together = spy
    try:
        threads = [threading.Thread(target=process_chunk, args=([Record(f"{i}{j}", text=GOOD) for j in range(3)],))
                   for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == [batch._EASED_THRESHOLD] * 4
        assert gc.get_threshold() == before  # chunks in several threads at once leave it as it was
        gc.set_threshold(0)
        process_chunk([Record("a", text=GOOD), Record("b", text=GOOD)])
        assert gc.get_threshold()[0] == 0 and seen[-1] == 0  # switched off, it stays off
    finally:
        batch._together = real
        gc.set_threshold(*before)
