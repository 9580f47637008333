"""How big a zip's list of files says it is, read from its end record before ``zipfile`` reads the list.

``zipfile`` reads a zip's whole central directory into memory on opening; an upload can declare millions of
entries in a few megabytes. The workbook reader (``reports.xlsx_reader``) and the document reader
(``reports.docx_reader``) refuse such a file, each in its own words, before opening it.
"""

from __future__ import annotations

import os
from typing import BinaryIO


def directory_size(stream: BinaryIO) -> tuple[int, int] | None:
    """(entries, bytes) of the zip's central directory as its end record (or zip64's) declares them; None where
    there is no end record (not a zip: ``zipfile`` says so). The stream is left at its start."""
    try:
        size = stream.seek(0, os.SEEK_END)
        tail_size = min(size, 22 + 0xFFFF)  # the end record and its comment
        stream.seek(size - tail_size)
        tail = stream.read(tail_size)
        end = tail.rfind(b"PK\x05\x06", 0, len(tail) - 18)  # as zipfile finds it: the last whole record
        if end < 0:
            return None
        entries = int.from_bytes(tail[end + 10 : end + 12], "little")
        directory = int.from_bytes(tail[end + 12 : end + 16], "little")
        zip64 = entries == 0xFFFF or directory == 0xFFFFFFFF
        if zip64 and end >= 20 and tail[end - 20 : end - 16] == b"PK\x06\x07":
            stream.seek(int.from_bytes(tail[end - 12 : end - 4], "little"))  # the zip64 end record
            record = stream.read(56)
            if record[:4] == b"PK\x06\x06":
                entries = int.from_bytes(record[32:40], "little")
                directory = int.from_bytes(record[40:48], "little")
        return entries, directory
    finally:
        stream.seek(0)
