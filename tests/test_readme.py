"""The README's examples run as written, in order, in a scratch copy of the checkout.

What runs:
- every fenced block tagged `python` (or `py`): as a script; `>>>` / `...` prompts are stripped and the
  shown output is not compared;
- in blocks tagged `sh`, `bash`, `shell`, `console` or `shell-session`: every command that calls the tool —
  `policy-extract …`, `python -m policy_extract …` (also with a `.venv/bin/` prefix), after a `$ ` prompt
  where the block uses prompts, with `\\` continuations joined, pipes and redirections kept, and each part
  of a `&&` chain taken on its own. Install and test steps (`pip install`, `python -m pytest`,
  `git clone`) are left to CI, which does them itself.
A block whose nearest non-blank line above is `<!-- no-test -->` is skipped.

Commands see `.venv/bin` first on PATH, run in a scratch directory holding copies of the checkout's top-level
folders (so examples may write files) with `../shared` beside it, and must exit with status 0.
"""
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

README = ROOT / "README.md"
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin").is_dir() else Path(sys.executable).parent
SHELL_TAGS = {"sh", "bash", "shell", "console", "shell-session", "zsh"}
PYTHON_TAGS = {"python", "py", "python3", "pycon"}
SKIP_MARK = "<!-- no-test -->"
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
_TOOL = re.compile(r"^(?:\.venv/bin/)?(?:policy-extract\b|python3? -m policy_extract\b)")


@dataclass
class Example:
    line: int  # where the block starts in the README, for the test id
    kind: str  # "python" or "shell"
    code: str  # a script, or one shell command


def examples(markdown: str) -> list[Example]:
    """The runnable examples of a Markdown text, in order."""
    out: list[Example] = []
    lines = markdown.splitlines()
    i = 0
    last_text = ""
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                last_text = lines[i].strip()
            i += 1
            continue
        indent, fence, tag = m.group(1), m.group(2), m.group(3).lower()
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        body = [line[len(indent):] if line.startswith(indent) else line for line in lines[start:j]]
        if last_text != SKIP_MARK:
            out.extend(_runnable(start, tag, body))
        last_text = ""
        i = j + 1
    return out


def _runnable(line: int, tag: str, body: list[str]) -> list[Example]:
    if tag in PYTHON_TAGS:
        if any(b.lstrip().startswith(">>>") for b in body):
            body = [b.lstrip()[4:] for b in body if b.lstrip().startswith((">>>", "..."))]
        code = "\n".join(body).strip()
        return [Example(line, "python", code + "\n")] if code else []
    if tag not in SHELL_TAGS:
        return []
    prompted = any(b.startswith("$ ") for b in body)
    commands, current = [], ""
    for b in body:
        if prompted and not current:
            if not b.startswith("$ "):
                continue  # output shown after a prompt
            b = b[2:]
        continued = b.rstrip().endswith("\\")
        current += (b.rstrip().rstrip("\\").strip() + " ") if continued else b.strip()
        if not continued:
            commands.append(current.strip())
            current = ""
    # `python3 -m venv .venv && .venv/bin/pip install -e . && policy-extract …`: the tool's part runs
    parts = [part.strip() for c in commands for part in c.split(" && ")]
    return [Example(line, "shell", part) for part in parts if _TOOL.match(part)]


# --- the parser, on a README of its own ----------------------------------------------------------

SAMPLE = """# Title
```sh
pip install -e .
python3 -m venv .venv && .venv/bin/pip install -e . && policy-extract extract corpora/x.txt --published 2025-02-04
.venv/bin/policy-extract batch in.jsonl \\
    -o out.jsonl
python -m pytest
```
```console
$ policy-extract eval gold.jsonl
targets  P 1.000
$ echo hi
```
<!-- no-test -->
```sh
policy-extract export --format doccano --inputs secret.jsonl
```
```python
print("api")
```
```pycon
>>> x = 1
>>> print(x)
1
```
```json
{"not": "run"}
```
"""


def test_examples_are_found_as_documented():
    got = [(e.kind, e.code) for e in examples(SAMPLE)]
    assert got == [
        ("shell", "policy-extract extract corpora/x.txt --published 2025-02-04"),
        ("shell", ".venv/bin/policy-extract batch in.jsonl -o out.jsonl"),
        ("shell", "policy-extract eval gold.jsonl"),
        ("python", 'print("api")\n'),
        ("python", "x = 1\nprint(x)\n"),
    ]


# --- the README itself ---------------------------------------------------------------------------

def _readme_examples():
    if not README.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="README.md does not exist yet"), id="no-readme")]
    found = examples(README.read_text(encoding="utf-8"))
    return [pytest.param(e, id=f"L{e.line}-{n}-{e.kind}") for n, e in enumerate(found)]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of the checkout's top level (source and venv linked, not copied) with ../shared beside it."""
    base = tmp_path_factory.mktemp("readme")
    work = base / ROOT.name
    work.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in (".git", ".pytest_cache", ".hypothesis") or entry.name.endswith(".egg-info"):
            continue
        if entry.name in (".venv", "src") or entry.is_symlink():
            (work / entry.name).symlink_to(entry)
        elif entry.is_dir():
            shutil.copytree(entry, work / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, work / entry.name)
    if SHARED.is_dir():
        (base / "shared").symlink_to(SHARED)
    return work


def _env():
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.parametrize("example", _readme_examples())
def test_readme_example_runs(example, scratch):
    if example.kind == "python":
        script = scratch / f"readme_L{example.line}.py"
        script.write_text(example.code, encoding="utf-8")
        cmd = [str(BIN / "python"), str(script)]
    else:
        cmd = ["bash", "-c", example.code]
    done = subprocess.run(cmd, cwd=scratch, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (f"README line {example.line}: {example.code}\nexit {done.returncode}\n"
                                  f"stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}")


def test_readme_shows_the_interfaces():
    """The issue asks for the CLI, the Python API, the spaCy component, eval and batch, each runnable."""
    if not README.is_file():
        pytest.skip("README.md does not exist yet")
    found = examples(README.read_text(encoding="utf-8"))
    shell = " ".join(e.code for e in found if e.kind == "shell")
    python = " ".join(e.code for e in found if e.kind == "python")
    missing = [what for what, ok in [
        ("an `extract` command", re.search(r"policy[-_]extract\S* extract\b", shell)),
        ("a `batch` command", re.search(r"policy[-_]extract\S* batch\b", shell)),
        ("an `eval` command", re.search(r"policy[-_]extract\S* eval\b", shell)),
        ("a Python API example", "import policy_extract" in python or "from policy_extract" in python),
        ("a spaCy example", "policy_extractor" in python),
    ] if not ok]
    assert not missing, f"README.md has no runnable {', '.join(missing)}"
