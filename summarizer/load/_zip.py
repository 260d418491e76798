"""Zip containers (.docx): refuse a zip bomb before any library inflates it.

python-docx reads every part of the package into memory and parses its XML. A 4 MB file
can inflate to 4 GiB (deflate compresses a run of zeros about 1,000 to 1), so the
inflated size is bounded before python-docx sees the file: first by what the zip
declares, then by inflating every member in small pieces and counting what really
comes out. Declared sizes alone are not enough: ``zipfile`` stops at the declared size,
but only after inflating up to 2 GiB in one call, and a package whose members inflate
to exactly their declared sizes is what python-docx then reads.
"""

from __future__ import annotations

import copy
import io
import zipfile

from summarizer.errors import InputError

# Inflated a piece at a time: memory stays at about one piece whatever the member holds.
_PIECE = 1 << 20
# Word and WPS write stored or deflated members only; bzip2 and LZMA members (which
# zipfile inflates without an output bound) have no business in a .docx.
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB" if n >= 1 << 20 else f"{n:,} bytes"


def _too_big(name: str, what: str, limit: int) -> InputError:
    return InputError(
        f"{what}, over the {_mib(limit)} limit for unpacked content "
        "(SUMMARIZER_MAX_INFLATED_BYTES): a zip bomb, or not a normal report",
        path=name,
    )


def check_zip(data: bytes, name: str, max_inflated_bytes: int, kind: str = ".docx") -> None:
    """Raise ``InputError`` unless every member of the zip in ``data`` inflates to its
    declared size and all of them together to at most ``max_inflated_bytes``.

    Memory stays bounded by one piece of inflated data; time by ``max_inflated_bytes``
    (a bomb that declares its size is refused without inflating anything).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise InputError(f"corrupt {kind} file ({exc})", path=name) from None
    declared = sum(m.file_size for m in members)
    if declared > max_inflated_bytes:
        raise _too_big(name, f"the {kind} unpacks to {_mib(declared)}", max_inflated_bytes)
    inflated = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError(f"the {kind} is encrypted", path=name)
        if member.compress_type not in _METHODS:
            raise InputError(
                f"corrupt {kind} file ({member.filename}: compression method "
                f"{member.compress_type}, which Word never writes)",
                path=name,
            )
        # zipfile stops reading at the declared size; let it read up to the remaining
        # budget instead, so that a member which inflates past its declaration shows.
        probe = copy.copy(member)
        probe.file_size = max_inflated_bytes - inflated + 1
        size = 0
        try:
            with archive.open(probe) as stream:
                while piece := stream.read(_PIECE):
                    size += len(piece)
                    if inflated + size > max_inflated_bytes:
                        raise _too_big(
                            name,
                            f"the {kind} unpacks to more than it declares ({member.filename})",
                            max_inflated_bytes,
                        )
        except InputError:
            raise
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            if size > member.file_size:
                raise InputError(
                    f"corrupt {kind} file ({member.filename} unpacks to more than the "
                    f"{member.file_size:,} bytes it declares: a zip bomb?)",
                    path=name,
                ) from None
            raise InputError(f"corrupt {kind} file ({member.filename}: {exc})", path=name) from None
        except Exception as exc:  # zlib.error and friends on damaged data
            raise InputError(
                f"corrupt {kind} file ({member.filename}: {type(exc).__name__}: {exc})", path=name
            ) from None
        if size != member.file_size:
            raise InputError(
                f"corrupt {kind} file ({member.filename} inflates to {size:,} bytes, "
                f"not the {member.file_size:,} it declares)",
                path=name,
            )
        inflated += size
