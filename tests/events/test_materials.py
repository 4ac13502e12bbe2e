"""Materials and recordings kept with an event: what may be uploaded (by suffix and by the file's first
bytes, within the size limit, refused in Japanese otherwise), and who may download it (support staff and
the event's own participants; 404 to everyone else)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kasane.audit.models import AuditEntry
from kasane.events import files
from kasane.events.models import EventMaterial, MaterialKind, Registration

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 32


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _upload(client: Client, event_id: int, name: str, content: bytes, **extra: str) -> Any:
    data = {"kind": MaterialKind.MATERIAL, "title": extra.pop("title", "当日資料"), "link": "", **extra}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(f"/events/{event_id}/materials/new/", data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("次第.pdf", PDF),
        ("グループワーク記録.docx", _office("word/")),
        ("参加者集計.xlsx", _office("xl/")),
        ("講義スライド.pptx", _office("ppt/")),
        ("旧様式.doc", files.OLE + b"\x00" * 64),
        ("ホワイトボード.png", PNG),
        ("会場.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        ("録画.mp4", MP4),
    ],
)
def test_allowed_types_are_kept(ev: dict[str, Any], media: Path, name: str, content: bytes) -> None:
    response = _upload(_client(ev["users"]["prefecture"]), ev["past"].pk, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    material = EventMaterial.objects.get()
    assert material.original_name == name and material.size == len(content)
    # Stored under the data directory, under a name that says nothing about the file.
    stored = media / material.file.name
    assert stored.read_bytes() == content
    assert name.rsplit(".", 1)[0] not in material.file.name
    entry = AuditEntry.objects.get(action="events.material_added")
    assert entry.details == {"material": material.pk, "kind": "material", "file_type": name.rsplit(".", 1)[1]}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ウイルス.exe", b"MZ\x90\x00", "この種類のファイル（.exe）は登録できません。"),
        ("偽物.pdf", b"MZ\x90\x00 not a pdf", "ファイルの中身がPDF（.pdf）ではありません。"),
        ("偽物.docx", _office("xl/"), "ファイルの中身がWord（.docx）ではありません。"),
        ("壊れた.xlsx", b"PK\x03\x04 broken", "ファイルの中身がExcel（.xlsx）ではありません。"),
        ("拡張子なし", PDF, "この種類のファイル（拡張子なし）は登録できません。"),
        ("空.pdf", b"", "ファイル"),
    ],
)
def test_bad_files_are_refused_in_japanese(
    ev: dict[str, Any],
    media: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    response = _upload(_client(ev["users"]["prefecture"]), ev["past"].pk, name, content)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not EventMaterial.objects.exists()
    assert not any(media.rglob("*.*"))


def test_too_large_is_refused_with_the_limit(ev: dict[str, Any], media: Path) -> None:
    big = PDF + b"0" * files.MAX_BYTES
    response = _upload(_client(ev["users"]["prefecture"]), ev["past"].pk, "録画.pdf", big)
    errors = " ".join(response.context["form"].errors["file"])
    assert "ファイルが大きすぎます（20.0MB）。20MBまでです。" in errors
    assert "録画などのリンク" in errors
    assert not EventMaterial.objects.exists()


def test_file_or_link_not_both_nor_neither(ev: dict[str, Any], media: Path) -> None:
    client = _client(ev["users"]["prefecture"])
    both = _upload(client, ev["past"].pk, "次第.pdf", PDF, link="https://video.example.jp/1")
    assert "ファイルを選ぶか、リンクを入力してください（どちらか一方）。" in both.content.decode()
    neither = client.post(
        f"/events/{ev['past'].pk}/materials/new/", {"kind": "recording", "title": "録画", "link": ""}
    )
    assert "ファイルを選ぶか、リンクを入力してください（どちらか一方）。" in neither.content.decode()
    assert not EventMaterial.objects.exists()
    link = client.post(
        f"/events/{ev['past'].pk}/materials/new/",
        {"kind": "recording", "title": "録画", "link": "video.example.jp/rec"},
    )
    assert link.status_code == 302
    assert EventMaterial.objects.get().link == "https://video.example.jp/rec"


def test_only_support_staff_upload(ev: dict[str, Any], media: Path) -> None:
    response = _upload(_client(ev["users"]["city"]), ev["past"].pk, "次第.pdf", PDF)
    assert response.status_code == 403
    assert not EventMaterial.objects.exists()


def test_downloads_go_to_support_staff_and_the_events_participants(ev: dict[str, Any], media: Path) -> None:
    users, upcoming = ev["users"], ev["upcoming"]
    _upload(_client(users["prefecture"]), upcoming.pk, "講義スライド.pdf", PDF, title="講義スライド")
    material = EventMaterial.objects.get()
    url = f"/events/materials/{material.pk}/"

    staff = _client(users["prefecture"]).get(url)
    assert staff.status_code == 200
    assert b"".join(staff.streaming_content) == PDF
    assert staff["Content-Type"] == "application/pdf"
    assert "attachment" in staff["Content-Disposition"]

    # The upcoming event is open to every participant, but its files only to those who signed up.
    outsider = _client(users["soudanin"])
    assert outsider.get(f"/events/{upcoming.pk}/").status_code == 200
    assert "講義スライド" not in outsider.get(f"/events/{upcoming.pk}/").content.decode()
    assert outsider.get(url).status_code == 404
    city = _client(users["city"])
    assert city.get(url).status_code == 404
    city.post(f"/events/{upcoming.pk}/register/")
    assert city.get(url).status_code == 200
    assert "講義スライド" in city.get(f"/events/{upcoming.pk}/").content.decode()
    assert _client(None).get(url).status_code == 302


def test_recording_link_redirects_only_the_allowed(ev: dict[str, Any]) -> None:
    past = ev["past"]
    material = EventMaterial.objects.create(
        event=past,
        kind=MaterialKind.RECORDING,
        title="当日の録画",
        link="https://video.example.jp/rec/1",
        uploaded_by=ev["users"]["prefecture"],
    )
    url = f"/events/materials/{material.pk}/"
    response = _client(ev["users"]["city"]).get(url)  # she attended
    assert response.status_code == 302 and response.url == "https://video.example.jp/rec/1"
    assert _client(ev["users"]["other_city"]).get(url).status_code == 404
    html = _client(ev["users"]["city"]).get(f"/events/{past.pk}/").content.decode()
    assert "当日の録画" in html and "https://video.example.jp/rec/1" not in html  # only through the check


def test_online_link_shown_only_to_those_signed_up(ev: dict[str, Any]) -> None:
    upcoming = ev["upcoming"]
    upcoming.online_url = "https://meeting.example.jp/j/999"
    upcoming.save()
    assert (
        "meeting.example.jp"
        not in _client(ev["users"]["soudanin"]).get(f"/events/{upcoming.pk}/").content.decode()
    )
    Registration.objects.create(
        event=upcoming,
        name="相談 員",
        user=ev["users"]["soudanin"],
        category="agency",
        municipality=ev["municipality"],
    )
    assert (
        "meeting.example.jp"
        in _client(ev["users"]["soudanin"]).get(f"/events/{upcoming.pk}/").content.decode()
    )


def test_delete_removes_the_file_after_commit(
    ev: dict[str, Any],
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = _client(ev["users"]["prefecture"])
    _upload(client, ev["past"].pk, "次第.pdf", PDF)
    material = EventMaterial.objects.get()
    stored = media / material.file.name
    assert stored.exists()
    assert client.get(f"/events/materials/{material.pk}/delete/").status_code == 405
    assert _client(ev["users"]["city"]).post(f"/events/materials/{material.pk}/delete/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/materials/{material.pk}/delete/")
    assert response.status_code == 302
    assert not EventMaterial.objects.exists()
    assert not stored.exists()
    assert AuditEntry.objects.filter(action="events.material_removed").count() == 1


def test_missing_file_on_disk_is_404_not_500(ev: dict[str, Any], media: Path) -> None:
    client = _client(ev["users"]["prefecture"])
    _upload(client, ev["past"].pk, "次第.pdf", PDF)
    material = EventMaterial.objects.get()
    (media / material.file.name).unlink()
    assert client.get(f"/events/materials/{material.pk}/").status_code == 404
