"""Decoding files whose encoding nobody told us: what is detected, what is replaced (and reported where),
what is refused (and with which message)."""
import gzip
import random

import pytest

from policy_extract.textfile import BinaryInput, TooLarge, decode_bytes, read_text_file

SIMPLIFIED = "到2027年，全区培育专精特新企业120家，规上工业增加值增长5.5%。"
TRADITIONAL = "無錫高新區發布建設世界一流高科技園區行動計劃，到2027年培育企業120家。"

ENCODED = [  # (case, bytes, expected text)
    ("utf-8", SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
    ("utf-16 LE with BOM", b"\xff\xfe" + TRADITIONAL.encode("utf-16-le"), TRADITIONAL),
    ("utf-16 BE with BOM", b"\xfe\xff" + TRADITIONAL.encode("utf-16-be"), TRADITIONAL),
    ("utf-32 LE with BOM", b"\xff\xfe\x00\x00" + SIMPLIFIED.encode("utf-32-le"), SIMPLIFIED),
    ("utf-16 LE without BOM", TRADITIONAL.encode("utf-16-le"), TRADITIONAL),
    ("gbk", SIMPLIFIED.encode("gbk"), SIMPLIFIED),
    ("gb18030", SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
    ("gbk, traditional characters", TRADITIONAL.encode("gbk"), TRADITIONAL),
    ("big5", TRADITIONAL.encode("big5"), TRADITIONAL),
    ("empty", b"", ""),
]


@pytest.mark.parametrize("case,data,text", ENCODED, ids=[c[0] for c in ENCODED])
def test_encodings_are_detected_and_decoded(case, data, text):
    assert decode_bytes(data, "f.txt") == (text, [])


DAMAGED = [  # (case, bytes, encoding named in the message, byte offset of the first bad sequence, count)
    ("utf-8 with stray bytes", SIMPLIFIED.encode()[:10] + b"\xff\xfe" + SIMPLIFIED.encode()[10:], "utf-8", 10, 2),
    ("gbk with a stray byte", SIMPLIFIED.encode("gbk")[:8] + b"\xff" + SIMPLIFIED.encode("gbk")[8:], "gb18030", 8, 1),
    ("big5 with stray bytes", TRADITIONAL.encode("big5")[:8] + b"\xff" + TRADITIONAL.encode("big5")[8:] + b"\x80",
     "big5", 8, 2),
    ("utf-16 with BOM and a lone surrogate", b"\xff\xfe" + "培育".encode("utf-16-le") + b"\x00\xd8"
     + "企业120家".encode("utf-16-le"), "utf-16-le", 6, 1),
]


@pytest.mark.parametrize("case,data,encoding,first_byte,count", DAMAGED, ids=[c[0] for c in DAMAGED])
def test_invalid_bytes_are_replaced_and_reported_with_their_location(case, data, encoding, first_byte, count):
    text, warnings = decode_bytes(data, "page.txt")
    assert text.count("\ufffd") == count
    (warning,) = warnings
    assert warning["code"] == "replaced_bytes"
    assert warning["message"].startswith(f"page.txt: {count} invalid byte sequence(s) in {encoding} were replaced by U+FFFD")
    assert f"the first at byte {first_byte} " in warning["message"]
    span = warning["span"]
    assert text[span["start"]:span["end"]] == span["text"] == "\ufffd"
    assert f"(character {span['start']})" in warning["message"]
    assert text.index("\ufffd") == span["start"]


BINARY = [  # (case, bytes, what the message calls it)
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document, not text"),
    ("docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive (docx, xlsx, …), not text"),
    ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an OLE document (doc, xls, …), not text"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image, not text"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image, not text"),
    ("elf", b"\x7fELF\x02\x01\x01" + bytes(50), "an executable, not text"),
    ("gzip given as text", gzip.compress(SIMPLIFIED.encode()), "gzip-compressed; decompress it or name it *.gz"),
    ("random bytes", random.Random(7).randbytes(5000), "not text in UTF-8, UTF-16, GB18030/GBK or Big5"),
    ("NUL-heavy bytes", b"\x00\x01\x02\x03abc" * 300, "binary data, not text"),
]


@pytest.mark.parametrize("case,data,message", BINARY, ids=[c[0] for c in BINARY])
def test_binary_input_is_refused_with_a_clear_message(case, data, message):
    with pytest.raises(BinaryInput) as caught:
        decode_bytes(data, "attachment.txt")
    assert str(caught.value).startswith(f"attachment.txt: {message}")


def test_random_bytes_of_any_size_are_refused():
    for size in (200, 2_000, 50_000):
        for seed in range(5):
            with pytest.raises(BinaryInput):
                decode_bytes(random.Random(seed).randbytes(size))


def test_gzip_files_are_decompressed(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(SIMPLIFIED.encode("gb18030")))
    assert read_text_file(path) == (SIMPLIFIED, [])


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(SIMPLIFIED.encode() * 100)
    with pytest.raises(TooLarge, match=r"huge.txt: 8,600 bytes, more than a document within the size limit can "
                                        r"take \(1,000 bytes\); split it or raise the limit \(--max-chars\)"):
        read_text_file(path, max_bytes=1000)


def test_size_limit_holds_for_gzip_bombs(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"0" * 5_000_000))
    with pytest.raises(TooLarge, match="over the limit of 100,000 bytes for one document once decompressed"):
        read_text_file(path, max_bytes=100_000)


def test_damaged_gzip_is_refused(tmp_path):
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(SIMPLIFIED.encode() * 50)[:40])
    with pytest.raises(BinaryInput, match="cut.txt.gz: damaged gzip data"):
        read_text_file(path)


def _fifo(tmp_path, data: bytes):
    """A named pipe that yields `data` once, as `<(curl …)` does: no size, no seeking."""
    import os
    import threading

    path = tmp_path / "pipe"
    os.mkfifo(path)

    def write():
        with open(path, "wb") as fh:
            fh.write(data)

    threading.Thread(target=write, daemon=True).start()
    return path


@pytest.mark.parametrize("compress", [False, True])
def test_a_pipe_is_read_whole(tmp_path, compress):
    data = "到2027年，新建公园10个。".encode("utf-8")
    text, warnings = read_text_file(_fifo(tmp_path, gzip.compress(data) if compress else data))
    assert text == data.decode("utf-8") and warnings == []


def test_size_limit_holds_for_a_pipe(tmp_path):
    with pytest.raises(TooLarge, match="size limit"):
        read_text_file(_fifo(tmp_path, "公园".encode("utf-8") * 1000), max_bytes=100)
