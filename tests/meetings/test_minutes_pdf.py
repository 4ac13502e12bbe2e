"""The minutes PDF (会議録): the §106-6 label and the distribution list, its embedded font, and nothing the reader
may not see. A page is rendered to tests/artifacts/minutes-1.png to be looked at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTIFACTS, skip_or_fail

from .helpers import LABELS, flat, flat_pdf, pdf_text, post_minutes

pytestmark = pytest.mark.django_db


def test_the_minutes_pdf_carries_the_label_and_distribution_list_and_embeds_its_font(
    w: dict[str, Any], client_for: Any, tmp_path: Path
) -> None:
    for tool in ("pdftotext", "pdftoppm", "pdffonts"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool}（poppler-utils）がないため会議録 PDF を確認できません")
    users, m = w["users"], w["m"]
    names = {"city": "市川 一郎", "coordinator": "佐藤 真理子", "pledged": "南 誓子", "unpledged": "北 未誓"}
    for key, name in names.items():
        users[key].full_name = name
        users[key].save(update_fields=["full_name"])
    item = m["support_item"]
    city = client_for(users["city"])
    post_minutes(
        city,
        item,
        item.lock_version,
        actions=((users["pledged"], "民生委員と訪問する"),),
        situation=item.situation,
        discussion="民生委員が週1回、声かけをしている。",
        decisions="地域包括と民生委員で見守りを続け、1月に再協議する。",
        outcome="watch",
        rediscuss_on="R9.1.21",
    )
    response = city.get(f"/meetings/{m['meeting'].pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline; filename*=UTF-8''" in response["Content-Disposition"]
    source = tmp_path / "minutes.pdf"
    source.write_bytes(response.content)
    text = flat(pdf_text(response.content))
    assert "会議録" in text and "【社会福祉法第106条の6支援会議】" in text
    assert "下記の配布先以外への提供・複写・持ち出しはできません" in text
    distribution = text.split("配布先：")[1][:80]
    for key in ("city", "coordinator", "pledged"):
        assert names[key].replace(" ", "") in distribution, key
    assert names["unpledged"].replace(" ", "") not in text  # a member, but not on this item's list
    assert "ごみ屋敷の高齢男性" in text and "見守り、期日に再協議する" in text and "令和9年1月21日" in text
    fonts = subprocess.run(["pdffonts", str(source)], check=True, capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines() if "IPAexGothic" in line]
    assert embedded and all(" yes " in line for line in embedded), fonts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("minutes-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(source), str(ARTIFACTS / "minutes")],
        check=True,
    )
    rendered = list(ARTIFACTS.glob("minutes-*.png"))
    assert len(rendered) == 1 and rendered[0].stat().st_size > 20_000


def test_the_minutes_pdf_leaves_out_what_the_reader_may_not_see(w: dict[str, Any], client_for: Any) -> None:
    m, users = w["m"], w["users"]
    url = f"/meetings/{m['meeting'].pk}/minutes.pdf"
    for key in ("soudanin", "unpledged"):
        text = flat_pdf(client_for(users[key]).get(url))
        assert "会議録" in text and "この会議録で閲覧できる議題はありません。" in text, key
        assert not any(label in text for label in LABELS), key
        assert "ごみ屋敷" not in text and "配布先" not in text and "近所から" not in text, key
    for key in ("other_agency", "agency_admin", "other_city", "prefecture"):
        assert client_for(users[key]).get(url).status_code == 404, key
