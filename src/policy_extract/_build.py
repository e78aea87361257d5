"""Compiled stage modules, kept in step with their Python source.

`pip install` compiles the pipeline's stages with Cython (setup.py) and records the digest of each source it
compiled in `_compiled.json`. Python imports a compiled module before the `.py` beside it, so a source edited
after the build (an editable install, a checkout of another commit) would silently run as the old compiled
code. `keep_in_step` finds such modules and has them imported from their source instead, with a warning
that says how to rebuild: the code that runs is always the code on disk.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import sys
import warnings
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = "_compiled.json"


def stale_sources(package_dir: Path = PACKAGE_DIR, package: str = __package__) -> dict[str, Path]:
    """Module name -> source file, for each compiled module of the package whose source is no longer the
    one it was compiled from (or was never recorded). A compiled module with no source beside it is kept."""
    try:
        built = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        built = {}
    stale = {}
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for compiled in package_dir.rglob("*" + suffix):
            source = compiled.with_name(compiled.name.removesuffix(suffix) + ".py")
            module = ".".join(source.relative_to(package_dir).with_suffix("").parts)
            try:
                current = hashlib.sha256(source.read_bytes()).hexdigest()
            except OSError:
                continue
            if built.get(module) != current:
                stale[f"{package}.{module}"] = source
    return stale


class SourceFirst:
    """A meta-path finder that imports the named modules from their `.py` source."""

    def __init__(self, sources: dict[str, Path]):
        self.sources = sources

    def find_spec(self, name, path=None, target=None):
        source = self.sources.get(name)
        return importlib.util.spec_from_file_location(name, source) if source else None


def keep_in_step() -> None:
    """Import stale compiled modules from their source, and say so once."""
    stale = stale_sources()
    if not stale:
        return
    sys.meta_path.insert(0, SourceFirst(stale))
    names = ", ".join(sorted(name.removeprefix(__package__ + ".") for name in stale))
    warnings.warn(f"policy_extract: {names} changed since compiled; running from source, more slowly "
                  "(rebuild: pip install -e . — or delete the stale compiled files)", RuntimeWarning, stacklevel=3)


def compiled_modules() -> list[str]:
    """The package's modules loaded now from compiled code."""
    return sorted(name for name, module in list(sys.modules.items())
                  if name.startswith(__package__ + ".") and
                  any(str(getattr(module, "__file__", "") or "").endswith(s)
                      for s in importlib.machinery.EXTENSION_SUFFIXES))
