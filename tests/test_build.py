"""The compiled stages (setup.py, Cython): built where a compiler is, the same output as their Python source,
and never run once that source has changed."""
import importlib.machinery
import os
import shutil
import subprocess
import sys
import tomllib

import pytest

import policy_extract
from policy_extract import _build
from policy_extract.pipeline import document_data  # noqa: F401  (loads every stage)

from conftest import ROOT, SHARED

PACKAGE_DIR = ROOT / "src" / "policy_extract"
COMPILED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["policy-extract"]["compile"]["modules"]
EXTENSION = importlib.machinery.EXTENSION_SUFFIXES[0]


def _installed_compiled() -> bool:
    return any(PACKAGE_DIR.rglob("*" + EXTENSION))


@pytest.mark.skipif(bool(os.environ.get("POLICY_EXTRACT_PURE")), reason="installed as pure Python on purpose")
def test_every_stage_listed_runs_compiled():
    """A compile that failed is skipped by the build (the extensions are optional): this is where it shows."""
    assert _build.compiled_modules() == sorted("policy_extract." + m for m in COMPILED), \
        "rebuild with `pip install -e .` (a C compiler is needed)"


def _package_copy(tmp_path, compiled: bool):
    """A copy of the installed package, with its compiled modules and their manifest or without them."""
    if compiled and not _installed_compiled():
        pytest.skip("no compiled modules installed")
    skip = () if compiled else ("*" + EXTENSION, _build.MANIFEST)
    shutil.copytree(PACKAGE_DIR, tmp_path / "policy_extract", ignore=shutil.ignore_patterns("__pycache__", *skip))
    return tmp_path


def _run(path, code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=path, check=True)


def test_a_source_changed_after_the_build_runs_from_source(tmp_path):
    """Python imports a compiled module before its .py: an edited source must still be what runs."""
    path = _package_copy(tmp_path, compiled=True)
    spans = path / "policy_extract" / "spans.py"
    spans.write_text(spans.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    done = _run(path, "import policy_extract.spans as s, policy_extract.relate as r; "
                      "print(s.EDITED, s.__file__.endswith('.py'), r.__file__.endswith('.py'))")
    assert done.stdout.split() == ["True", "True", "False"]  # relate, unchanged, stays compiled
    assert "spans changed since compiled; running from source" in done.stderr


def test_a_build_in_step_with_its_sources_says_nothing(tmp_path):
    path = _package_copy(tmp_path, compiled=True)
    done = _run(path, "import policy_extract.pipeline, policy_extract._build as b; print(len(b.compiled_modules()))")
    assert done.stdout.strip() == str(len(COMPILED)) and done.stderr == ""


@pytest.mark.parametrize("manifest, stale", [
    ('{"mod": "%s"}', []),  # recorded with the digest of the source on disk
    ('{"mod": "0000"}', ["pkg.mod"]),  # the source changed since
    ("{}", ["pkg.mod"]),  # compiled, never recorded
    (None, ["pkg.mod"]),  # no manifest at all
    ("not json", ["pkg.mod"]),
])
def test_stale_sources_table(tmp_path, manifest, stale):
    import hashlib

    (tmp_path / "mod.py").write_text("X = 1\n")
    (tmp_path / ("mod" + EXTENSION)).write_bytes(b"")  # its presence is all that is read
    (tmp_path / ("lonely" + EXTENSION)).write_bytes(b"")  # no source beside it: kept
    if manifest is not None:
        digest = hashlib.sha256(b"X = 1\n").hexdigest()
        (tmp_path / _build.MANIFEST).write_text(manifest.replace("%s", digest))
    assert sorted(_build.stale_sources(tmp_path, "pkg")) == stale


def test_pure_python_gives_the_same_output(tmp_path):
    """Where no compiler is, the package runs as Python: the same lines, byte for byte, on every text we have."""
    if not _installed_compiled():
        pytest.skip("only pure Python is installed: nothing to compare")
    texts = [p for p in sorted((ROOT / "corpora" / "documents").glob("*.jsonl"))] + \
        [ROOT / "corpora" / "hard" / "documents.jsonl"] + sorted((SHARED / "corpora").glob("*.jsonl"))
    source = tmp_path / "all.jsonl"
    source.write_bytes(b"".join(p.read_bytes() for p in texts))
    outputs = {}
    for compiled in (True, False):
        path = _package_copy(tmp_path / str(compiled), compiled=compiled)
        out = tmp_path / f"out-{compiled}.jsonl"
        _run(path, f"from policy_extract.cli import main; main(['batch', {str(source)!r}, '-o', {str(out)!r}, '-q'])")
        outputs[compiled] = out.read_bytes()
    assert outputs[True] == outputs[False] and outputs[True].count(b"\n") >= 50
