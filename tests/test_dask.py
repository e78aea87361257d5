"""The Dask adapter on a real local cluster of two worker processes: the same lines as the CLI, in order,
for a bag of JSON Lines and for a data frame."""
import json
import subprocess
import sys

import pytest

dask = pytest.importorskip("dask")
pd = pytest.importorskip("pandas")
distributed = pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

from policy_extract.dask import extract_bag, extract_dataframe, extract_frame, extract_lines  # noqa: E402

RECORDS = [
    {"id": "a", "text": "到2027年，全区培育专精特新企业120家，规上工业增加值增长5.5%。", "published": "2025-02-04"},
    {"text": "《行动计划（2024—2026年）》提出，新增上市企业10家以上。"},
    {"id": "c", "text": "無錫高新區(qū)到2030年建成智能工廠30個。"},
    {"id": "d"},
    {"id": 5, "text": "x"},
    {"id": "f", "text": "研发投入超45亿元。", "published": "2025-13-01"},
] * 4
LINES = [json.dumps(r, ensure_ascii=False) for r in RECORDS] + ["not json", "", "[1, 2]"]


@pytest.fixture(scope="module")
def cli_output(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "in.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "policy_extract", "batch", str(path)], capture_output=True)
    return path, done.stdout.decode().splitlines()


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def test_bag_of_lines_gives_the_cli_output(client, cli_output):
    path, expected = cli_output
    bag = db.read_text(str(path), blocksize=500)  # several partitions of one file
    assert bag.npartitions > 1
    assert extract_bag(bag).compute() == expected


def test_dataframe_gives_the_cli_output_on_the_same_index(client, cli_output):
    _, expected = cli_output
    frame = pd.DataFrame(RECORDS, index=pd.RangeIndex(100, 100 + len(RECORDS)))
    with dask.config.set({"dataframe.convert-string": False}):  # else Dask turns the numeric id 5 into "5"
        out = extract_dataframe(dd.from_pandas(frame, npartitions=3)).compute()
    assert list(out.index) == list(frame.index)
    assert list(out) == expected[:len(RECORDS)]


def test_partition_functions_number_records_from_where_they_start():
    lines = extract_lines(['{"text": "培育企业120家。"}', "", "oops"], first_line=41)
    assert [json.loads(line)["doc_id"] for line in lines] == ["41", "43"]
    frame = pd.DataFrame({"text": ["培育企业120家。", None], "id": [None, "b"]})
    out = [json.loads(line) for line in extract_frame(frame, first_row=7)]
    assert out[0]["doc_id"] == "7" and out[1] == {"doc_id": "b", "error": {"code": "missing_text",
                                                                           "message": "record has no `text` field"}}
