"""Reading a text file whose encoding nobody told us: UTF-8 (with or without BOM), UTF-16 (BOM),
GB18030/GBK, Big5. charset-normalizer decides when UTF-8 does not fit; binary files are refused."""
from __future__ import annotations

from pathlib import Path

from .models import Warning


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, list[Warning]]:
    """The text of `data`, and warnings for anything replaced. Raises ValueError for binary data."""
    warnings: list[Warning] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), warnings
    if b"\x00" in data[:4096]:
        raise ValueError(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    if best is None:
        text = data.decode("utf-8", errors="replace")
        warnings.append(Warning(code="replaced_bytes",
                                message=f"{name}: invalid UTF-8 from byte {first_bad}; undecodable bytes replaced by U+FFFD"))
        return text, warnings
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    if "\ufffd" in text:
        warnings.append(Warning(code="replaced_bytes",
                                message=f"{name}: decoded as {encoding}; invalid bytes replaced by U+FFFD "
                                        f"(first at character {text.index(chr(0xfffd))})"))
    return text, warnings


def read_text_file(path: Path) -> tuple[str, list[Warning]]:
    return decode_bytes(Path(path).read_bytes(), str(path))
