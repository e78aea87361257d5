"""Reading a text file whose encoding nobody told us.

Order of decisions, each cheap before the next:
1. a byte-order mark names the encoding (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. a known binary signature (PDF, ZIP/docx, OLE/doc, images, executables) is refused by name;
3. strict UTF-8 — most pages are;
4. mostly-valid UTF-8 with a few broken bytes stays UTF-8 (a detector would turn it into mojibake);
5. otherwise charset-normalizer chooses among UTF-8, GB18030 (a superset of GBK and GB2312), Big5 and
   BOM-less UTF-16; when it finds no text encoding the input is refused as binary.
Invalid byte sequences are replaced by U+FFFD and reported as one `replaced_bytes` Warning that gives the
count, the first byte offset and, as its span, the first replacement character in the decoded text (the
text `extract` receives, so `text[start:end] == span.text` holds). Refusals raise `BinaryInput`
(a ValueError) with a message fit for a user: what the file looks like, not a traceback.
"""
from __future__ import annotations

import codecs
import contextvars
import gzip
import io
import zlib
from pathlib import Path

from .contract import warning

_BOMS = (  # UTF-32 LE before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx, …)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (doc, xls, …)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"OggS", "an Ogg file"),
    (b"RIFF", "a RIFF file (wav, avi, webp)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
GZIP_MAGIC = b"\x1f\x8b"
_CANDIDATES = ["utf_8", "gb18030", "big5"]
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_MOSTLY_UTF8 = 0.02  # at most this share of bytes invalid, with valid multi-byte sequences: still UTF-8
_BINARY_SHARE = 0.10  # more control or replacement characters than this: not text

_replaced: contextvars.ContextVar[list] = contextvars.ContextVar("policy_extract_replaced")


def _record_replacement(exc: UnicodeDecodeError):
    _replaced.get().append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("policy_extract.replace", _record_replacement)


class BinaryInput(ValueError):
    """The input is not text (or not text we can decode); the message says what it looks like."""


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, list[dict]]:
    """The text of `data`, and a warning when invalid bytes were replaced. Raises BinaryInput for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom):], encoding, name, offset=len(bom))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BinaryInput(f"{name}: {what}, not text; convert it to text first")
    if data.startswith(GZIP_MAGIC):
        raise BinaryInput(f"{name}: gzip-compressed; decompress it or name it *.gz")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" not in data and _mostly_utf8(data):
            return _decode(data, "utf-8", name)
    else:
        if not _binary_share(text):
            return text, []  # valid UTF-8 full of NUL bytes may still be BOM-less UTF-16: ask the detector
    from charset_normalizer import from_bytes  # imported here: most inputs are UTF-8 and never need it

    candidates = _CANDIDATES + (["utf_16_le", "utf_16_be"] if b"\x00" in data else [])
    best = from_bytes(data, cp_isolation=candidates).best()
    if best is not None:
        return _decode(data, best.encoding, name)
    encoding = _despite_broken_bytes(data)
    if encoding:
        return _decode(data, encoding, name)
    raise BinaryInput(f"{name}: not text in UTF-8, UTF-16, GB18030/GBK or Big5 (binary data?)")


def _decode_counting(data: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """The text, and the (start, end) byte ranges that were replaced by U+FFFD."""
    errors: list[tuple[int, int]] = []
    token = _replaced.set(errors)
    try:
        return data.decode(encoding, errors="policy_extract.replace"), errors
    finally:
        _replaced.reset(token)


def _few(bad: int, size: int) -> bool:
    return bad <= 16 or bad <= _MOSTLY_UTF8 * size


def _despite_broken_bytes(data: bytes) -> str | None:
    """The detector wants clean bytes; a Chinese page with a few broken ones still deserves an answer.
    Each candidate drops the bytes it cannot decode and lets charset-normalizer judge the rest; the
    most coherent wins (Big5 bytes are mostly valid GB18030 too, so the count of errors alone misleads)."""
    from charset_normalizer import from_bytes

    judged = []
    for encoding in ("gb18030", "big5"):
        errors = _decode_counting(data, encoding)[1]
        if not _few(sum(e - s for s, e in errors), len(data)):
            continue
        kept, pos = [], 0
        for s, e in errors:
            kept.append(data[pos:s])
            pos = e
        kept.append(data[pos:])
        match = from_bytes(b"".join(kept), cp_isolation=[encoding]).best()
        if match is not None:
            judged.append((match.chaos, encoding))
    return min(judged)[1] if judged else None


def _mostly_utf8(data: bytes) -> bool:
    """A few broken bytes among many valid multi-byte sequences: a UTF-8 page damaged in transit."""
    text, errors = _decode_counting(data, "utf-8")
    bad = sum(e - s for s, e in errors)
    multibyte = len(data) - bad - len(text) + len(errors)  # bytes beyond one per valid character
    return multibyte >= 4 * bad and _few(bad, len(data))


def _decode(data: bytes, encoding: str, name: str, offset: int = 0) -> tuple[str, list[dict]]:
    text, errors = _decode_counting(data, encoding)
    _refuse_binary(text, name, encoding)
    if not errors:
        return text, []
    first_byte = errors[0][0]
    first_char = len(data[:first_byte].decode(encoding, errors="replace"))
    label = codecs.lookup(encoding).name
    return text, [warning(
        "replaced_bytes",
        f"{name}: {len(errors)} invalid byte sequence(s) in {label} were replaced by U+FFFD; "
        f"the first at byte {first_byte + offset} (character {first_char})",
        (first_char, first_char + 1), text)]


def _binary_share(text: str) -> tuple[int, int] | None:
    """(odd, sampled) when more than a tenth of the first 64k characters (and at least eight) are control
    characters or U+FFFD — no text is like that; None for text."""
    sample = text[:65536]
    odd = sum(1 for c in sample if ord(c) in _CONTROL or c == "\ufffd")
    return (odd, len(sample)) if odd > _BINARY_SHARE * len(sample) and odd >= 8 else None


def _refuse_binary(text: str, name: str, encoding: str) -> None:
    share = _binary_share(text)
    if share:
        raise BinaryInput(f"{name}: binary data, not text ({share[0]} of the first {share[1]} characters "
                          f"are control characters or undecodable bytes as {codecs.lookup(encoding).name})")


def read_text_file(path: Path | str, max_bytes: int | None = None) -> tuple[str, list[dict]]:
    """Decode a text file (gzip-compressed when it starts with the gzip signature).

    `max_bytes` bounds what is read (and decompressed): a larger file raises `TooLarge` before it can
    exhaust memory."""
    path = Path(path)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise TooLarge(f"{path}: {size:,} bytes, more than a document within the size limit can take "
                       f"({max_bytes:,} bytes); split it or raise the limit (--max-chars)")
    with open(path, "rb") as raw:
        # a pipe (policy-extract extract <(curl …)) has no size and cannot seek: read it whole, within the limit
        fh = raw if raw.seekable() else io.BytesIO(_read_within(raw, max_bytes, str(path)))
        head = fh.read(2)
        fh.seek(0)
        if head == GZIP_MAGIC:
            data = _gunzip(fh, max_bytes, str(path))
        else:
            data = fh.read()
    return decode_bytes(data, str(path))


def _read_within(fh, max_bytes: int | None, name: str) -> bytes:
    data = fh.read(-1 if max_bytes is None else max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(f"{name}: more than a document within the size limit can take ({max_bytes:,} bytes); "
                       f"split it or raise the limit (--max-chars)")
    return data


def _gunzip(fh, max_bytes: int | None, name: str) -> bytes:
    limit = -1 if max_bytes is None else max_bytes + 1
    try:
        with gzip.GzipFile(fileobj=fh) as gz:
            data = gz.read(limit)
    except (OSError, EOFError, zlib.error) as exc:
        raise BinaryInput(f"{name}: damaged gzip data ({exc})") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(f"{name}: over the limit of {max_bytes:,} bytes for one document once decompressed")
    return data


class TooLarge(ValueError):
    """The input is over the size limit; the message gives the size and the limit."""
