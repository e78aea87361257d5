"""The batch and extract commands as a scheduler sees them: exit codes, stdout that is only JSON, quiet
ends on `| head` and Ctrl-C, `--jobs` that changes nothing but speed, `--resume` without duplicates,
gzip, directories and stdin."""
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from policy_extract.batch import CHUNK_RECORDS
from policy_extract.cli import ExitCode

CLI = [sys.executable, "-m", "policy_extract"]
TEMPLATES = [
    "到{y}年，{who}培育专精特新企业{n}家，规上工业增加值年均增长{p}%左右。",
    "《{who}制造业高质量发展行动计划（2024—{y}年）》提出，力争新增上市企业{n}家以上，研发投入超{m}亿元。",
    "{who}實施“雙招雙引”工程，到{y}年新建智能工廠{n}個，區(qū)內產值突破{m}億元。",
    "截至2023年底，{who}已累计建成5G基站{n}个，比上年增长{p}%。",
    "二〇二五年{who}主要预期目标是：地区生产总值增长{p}%，城镇新增就业{n}万人，单位GDP能耗下降{q}%。",
]
PLACES = ["无锡高新区", "苏州工业园区", "全市", "臺北市", "合肥经开区", "本区"]


def corpus(n: int, seed: int = 5, size: int = 6) -> list[str]:
    """JSON Lines of synthetic policy-like records, with a few bad lines mixed in."""
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        if i % 17 == 16:
            lines.append(rnd.choice(["not json", '{"id": 3, "text": "x"}', '{"id": "m"}', "[1]"]))
            continue
        text = "\n".join(rnd.choice(TEMPLATES).format(
            y=rnd.randint(2024, 2030), who=rnd.choice(PLACES), n=rnd.randint(2, 900), m=rnd.randint(1, 99),
            p=rnd.choice(["5", "6.5", "十", "3.2"]), q=rnd.randint(2, 9)) for _ in range(rnd.randint(1, size)))
        lines.append(json.dumps({"id": f"doc-{i}", "text": text, "published": "2025-02-04"}, ensure_ascii=False))
    return lines


def run(args, *, input=None, env=None, timeout=120):
    return subprocess.run(CLI + args, input=input, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "records.jsonl"
    path.write_text("\n".join(corpus(120)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def serial_output(records, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "serial.jsonl"
    done = run(["batch", str(records), "-o", str(out), "--jobs", "1"], env={"PYTHONHASHSEED": "1"})
    assert done.returncode == ExitCode.SOME_FAILED, done.stderr
    return out.read_bytes()


def test_batch_writes_one_line_per_record_and_says_what_failed(records, serial_output):
    lines = serial_output.decode().splitlines()
    assert len(lines) == 120
    outs = [json.loads(line) for line in lines]
    assert [o["doc_id"] for o in outs if "error" not in o] == [f"doc-{i}" for i in range(120) if i % 17 != 16]
    bad = [(i, line) for i, line in enumerate(corpus(120)) if i % 17 == 16]
    assert [o["doc_id"] for o in outs if "error" in o] == ["m" if '"m"' in line else str(i + 1) for i, line in bad]


def test_jobs_output_is_byte_identical_to_one_job(records, serial_output, tmp_path):
    out = tmp_path / "parallel.jsonl"
    done = run(["batch", str(records), "-o", str(out), "--jobs", "2"], env={"PYTHONHASHSEED": "2"})
    assert done.returncode == ExitCode.SOME_FAILED
    assert out.read_bytes() == serial_output
    assert done.stderr.decode().startswith("policy-extract: 120 records, 7 failed (")


def test_stdout_carries_only_json_and_stderr_the_summary(records, serial_output):
    done = run(["batch", "-"], input=records.read_bytes())
    assert done.returncode == ExitCode.SOME_FAILED
    assert done.stdout == serial_output
    err = done.stderr.decode()
    assert err.splitlines()[0].startswith("policy-extract: 120 records, 7 failed (")
    assert "records.jsonl" not in err and "stdin line 17: " in err


def test_gzip_in_and_out(records, serial_output, tmp_path):
    src = tmp_path / "records.jsonl.gz"
    src.write_bytes(gzip.compress(records.read_bytes()))
    out = tmp_path / "out.jsonl.gz"
    assert run(["batch", str(src), "-o", str(out), "-q", "--jobs", "2"]).returncode == ExitCode.SOME_FAILED
    assert gzip.decompress(out.read_bytes()) == serial_output


def _gzip_members(data: bytes) -> list[bytes]:
    members = []
    while data:
        inflate = zlib.decompressobj(wbits=31)
        members.append(inflate.decompress(data))
        assert inflate.eof, "a member cut short"
        data = inflate.unused_data
    return members


def test_gzip_output_is_a_member_a_chunk_the_same_bytes_for_any_jobs(records, serial_output, tmp_path):
    """The workers compress their own chunks (one parent compressing for all of them would cap the batch),
    and a chunk's member is the same bytes whoever made it."""
    outs = {jobs: tmp_path / f"out{jobs}.jsonl.gz" for jobs in ("1", "2")}
    for jobs, out in outs.items():
        assert run(["batch", str(records), "-o", str(out), "-q", "--jobs", jobs]).returncode == ExitCode.SOME_FAILED
    assert outs["1"].read_bytes() == outs["2"].read_bytes()
    members = _gzip_members(outs["2"].read_bytes())
    assert len(members) == 120 // CHUNK_RECORDS + 1 and b"".join(members) == serial_output


def test_directories_of_text_files_and_exit_code_when_all_succeed(tmp_path):
    for rel, text in [("2025/b.txt", "到2027年，培育企业120家。"), ("2025/a.txt", "新增上市企业10家。"),
                      ("index.txt", "到2030年，建成基站5000个。")]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="gb18030")
    done = run(["batch", str(tmp_path)])
    assert done.returncode == ExitCode.OK
    assert [json.loads(line)["doc_id"] for line in done.stdout.splitlines()] == ["2025/a", "2025/b", "index"]
    assert done.stderr.decode() == "policy-extract: 3 records, none failed\n"


def test_limits_and_timeouts_become_error_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in [
        ("long", "到2027年，培育企业120家。" * 1000), ("ok", "培育企业120家。")]) + "\n")
    done = run(["batch", str(src), "--max-chars", "10000"])
    assert done.returncode == ExitCode.SOME_FAILED
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first == {"doc_id": "long", "error": {"code": "too_long", "message": (
        "text has 16,000 characters, over the limit of 10,000 (--max-chars); split the document or raise the limit")}}
    assert second["doc_id"] == "ok" and "error" not in second
    done = run(["batch", str(src), "--timeout", "0.001", "--jobs", "2"])
    assert json.loads(done.stdout.splitlines()[0])["error"]["code"] == "timeout"


@pytest.mark.parametrize("args,code,message", [
    (["batch", "missing.jsonl"], ExitCode.ERROR, "policy-extract: no such file or directory: missing.jsonl\n"),
    (["batch", "-", "--resume"], ExitCode.USAGE, "policy-extract: --resume needs an output file (-o FILE) to resume\n"),
    (["batch", "-", "-"], ExitCode.USAGE, "policy-extract: stdin (-) can be read only once\n"),
    (["batch", "-", "--jobs", "many"], ExitCode.USAGE, "argument -j/--jobs: not a whole number: 'many'"),
    (["extract", "missing.txt"], ExitCode.ERROR, "policy-extract: no such file: missing.txt\n"),
])
def test_usage_and_missing_inputs(args, code, message):
    done = run(args, input=b"")
    assert done.returncode == code
    assert message in done.stderr.decode()
    assert done.stdout == b""


@pytest.mark.parametrize("data,code,message", [
    (b"%PDF-1.5\n%\xe2\xe3", ExitCode.ERROR, "policy-extract: {}: a PDF document, not text; convert it to text first\n"),
    (bytes(range(200)), ExitCode.ERROR, "policy-extract: {}: not text in UTF-8, UTF-16, GB18030/GBK or Big5"),
    ("到2027年，培育企业120家。".encode("gbk"), ExitCode.OK, ""),
    ("到2027年，培育企业120家。".encode("utf-8") * 10, ExitCode.ERROR,
     "policy-extract: {}: 340 bytes, more than a document within the size limit can take (204 bytes)"),
], ids=["pdf", "binary", "gbk", "too large"])
def test_extract_refuses_unusable_files_without_a_traceback(tmp_path, data, code, message):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    done = run(["extract", str(path), "--max-chars", "50"])
    assert done.returncode == code
    assert done.stderr.decode().startswith(message.format(path))
    assert "Traceback" not in done.stderr.decode()
    if code == ExitCode.OK:
        assert json.loads(done.stdout)["targets"][0]["value"] == 120
    else:
        assert done.stdout == b""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_head_ends_quietly(records, jobs, tmp_path):
    many = tmp_path / "many.jsonl"
    many.write_bytes(records.read_bytes() * 5)
    proc = subprocess.Popen(CLI + ["batch", str(many), "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    assert proc.wait(timeout=60) == ExitCode.BROKEN_PIPE
    assert json.loads(first)["doc_id"] == "doc-0"
    assert proc.stderr.read() == b""


def _shifted(output: bytes, lines: int) -> bytes:
    """The output of the same records `lines` lines further down: line-number doc_ids move with them."""
    from policy_extract.batch import error_line

    out = []
    for line in output.splitlines():
        o = json.loads(line)
        if "error" in o and o["doc_id"].isdigit():
            line = error_line(str(int(o["doc_id"]) + lines), o["error"]["code"], o["error"]["message"])
        out.append(line + b"\n")
    return b"".join(out)


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child before it starts: SIGINT at its default, which Python turns into KeyboardInterrupt, even
    when the tests run with SIGINT ignored (started in the background), which the child would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_keeps_whole_lines_and_resume_completes_without_duplicates(records, serial_output, tmp_path, jobs):
    copies = 15  # 1,800 records, so the run cannot end between the poll below and the signal
    big = tmp_path / "big.jsonl"
    big.write_bytes(records.read_bytes() * copies)  # doc_ids repeat, as they may in real feeds
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(CLI + ["batch", str(big), "-o", str(out), "--jobs", jobs], stderr=subprocess.PIPE,
                            preexec_fn=_ctrl_c_as_in_a_terminal)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.read_bytes().count(b"\n") < 20) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == ExitCode.INTERRUPTED
    err = proc.stderr.read().decode()
    written = out.read_bytes()
    lines = written.count(b"\n")
    assert written.endswith(b"\n") and 20 <= lines < 120 * copies
    assert err.startswith(f"policy-extract: interrupted after {lines} records written to {out}; "
                          "run it again with --resume to continue")
    assert "Traceback" not in err
    assert all(not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
               for pid in workers)

    with open(out, "ab") as fh:  # a hard kill in the middle of a write leaves part of a line
        fh.write(b'{"schema_version":"1.0","doc_id":"doc-4","tit')
    done = run(["batch", str(big), "-o", str(out), "--jobs", jobs, "--resume"])
    assert done.returncode == ExitCode.SOME_FAILED
    assert out.read_bytes() == b"".join(_shifted(serial_output, 120 * k) for k in range(copies))
    assert f"({lines} more already in the output, skipped)" in done.stderr.decode()


def test_a_worker_that_dies_costs_only_its_own_record(monkeypatch):
    import multiprocessing

    from policy_extract import parallel
    from policy_extract.batch import Record, process_chunk

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers must inherit the patched function (fork)")

    def fragile(chunk, timeout=None):
        if any(record.doc_id == "boom" for record in chunk):
            os._exit(9)
        return process_chunk(chunk, timeout=timeout)

    monkeypatch.setattr(parallel, "process_chunk", fragile)
    records = [Record(f"r{i}", text="培育企业120家。") for i in range(40)]
    records[25] = Record("boom", text="x")
    out = [json.loads(line) for done in parallel.run_parallel(records, 2) for line in done.lines]
    assert [o["doc_id"] for o in out] == [r.doc_id for r in records]
    assert out[25]["error"] == {"code": "worker_crashed", "message": "the worker process died while extracting this record"}
    assert all("error" not in o for i, o in enumerate(out) if i != 25)


STOP_MID_WRITE = """
import faulthandler
faulthandler.dump_traceback_later(60, exit=True)  # a hang ends the script, with the stacks on stderr
from policy_extract import parallel
from policy_extract.batch import Record
big = b"x" * 300_000
parallel.process_chunk = lambda chunk, timeout=None: [big] * len(chunk)  # far more than a pipe holds: workers write long
records = [Record(f"r{i}", text="x") for i in range(64)]
for attempt in range(8):
    lines = parallel.run_parallel(iter(records), 2)
    next(lines)
    lines.close()  # what a closed stdout or Ctrl-C does to a batch: stop while the workers are writing
print("stopped")
"""


def test_stopping_while_workers_write_does_not_hang_at_exit():
    """Terminating a worker in the middle of writing its result left half a message in the result pipe;
    the pool's manager thread waited for the rest, and the interpreter for it at exit."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers must inherit the patched function (fork)")
    done = subprocess.run([sys.executable, "-c", STOP_MID_WRITE], capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == b"stopped", done.stderr.decode()[-3000:]


@pytest.mark.parametrize("quiet", [False, True], ids=["terminal", "quiet"])
def test_progress_is_drawn_only_on_a_terminal(records, quiet):
    import pty

    master, slave = pty.openpty()
    done = subprocess.run(CLI + ["batch", str(records)] + (["--quiet"] if quiet else []), stdout=subprocess.PIPE,
                          stderr=slave, timeout=120)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert done.stdout.count(b"\n") == 120  # stdout keeps only the JSON lines
    text = shown.decode()
    if quiet:
        assert "docs/s" not in text and text.startswith("policy-extract: 120 records, 7 failed")
    else:
        assert "\rpolicy-extract: 120 docs  " in text and " docs/s  " in text and "chars/s  7 failed  0:0" in text
