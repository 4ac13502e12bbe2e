"""What may be kept with an event: handouts, slides, photos of the whiteboard, a recording.

A file is accepted by its name's suffix and only if its first bytes say the same thing (a renamed .exe is
not a PDF). Office files of 2007 and later are ZIP archives: the archive must hold the part that makes it a
Word, Excel or PowerPoint file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO, Any

# The limit nginx puts on a request body (docs/deployment.md: client_max_body_size 20m).
MAX_BYTES = 20 * 1024 * 1024

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    magic: bytes
    offset: int = 0
    zip_part: str = ""  # for Office Open XML: a folder the archive must hold


TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf", b"%PDF-"),
    "doc": FileType("Word", "application/msword", OLE),
    "xls": FileType("Excel", "application/vnd.ms-excel", OLE),
    "ppt": FileType("PowerPoint", "application/vnd.ms-powerpoint", OLE),
    "docx": FileType(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
        zip_part="word/",
    ),
    "xlsx": FileType(
        "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, zip_part="xl/"
    ),
    "pptx": FileType(
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
        zip_part="ppt/",
    ),
    "png": FileType("画像", "image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": FileType("画像", "image/jpeg", b"\xff\xd8\xff"),
    "jpeg": FileType("画像", "image/jpeg", b"\xff\xd8\xff"),
    "mp4": FileType("動画", "video/mp4", b"ftyp", offset=4),
}

ALLOWED_LABEL = "PDF、Word・Excel・PowerPoint、画像（PNG・JPEG）、動画（MP4）"


def suffix_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}MB"


def check_upload(upload: Any) -> str:
    """An empty string when the file may be kept, else what is wrong, in words for the person uploading."""
    if upload.size > MAX_BYTES:
        return (
            f"ファイルが大きすぎます（{_megabytes(upload.size)}）。{MAX_BYTES // (1024 * 1024)}MBまでです。"
            "録画など大きなファイルは、保存先のURLを「録画などのリンク」に入力してください。"
        )
    if upload.size == 0:
        return "ファイルが空です。"
    suffix = suffix_of(upload.name)
    kind = TYPES.get(suffix)
    if kind is None:
        return f"この種類のファイル（{'.' + suffix if suffix else '拡張子なし'}）は登録できません。{ALLOWED_LABEL}を選んでください。"
    head = upload.read(16)
    upload.seek(0)
    if head[kind.offset : kind.offset + len(kind.magic)] != kind.magic or (
        kind.zip_part and not _zip_holds(upload, kind.zip_part)
    ):
        return f"ファイルの中身が{kind.label}（.{suffix}）ではありません。壊れていないか、拡張子が正しいか確かめてください。"
    return ""


def _zip_holds(upload: IO[bytes], part: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(part) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def content_type(name: str) -> str:
    kind = TYPES.get(suffix_of(name))
    return kind.content_type if kind else "application/octet-stream"
