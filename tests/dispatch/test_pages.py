"""Pages around the dispatch: what a municipality's own staff see (read only), what another prefecture gets
(404), the library of 先進事例 and the register of experts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kasane.audit.models import AuditEntry
from kasane.dispatch.models import Expert, Practice, WorksheetEntry

from .helpers import advanced, client

pytestmark = pytest.mark.django_db


def test_the_municipality_sees_its_own_dispatch_read_only_without_the_hearing(d: dict[str, Any]) -> None:
    r = advanced(d)
    url = f"/dispatch/{r['dispatch'].pk}/"
    for key in ("city", "soudanin", "viewer"):
        page = client(d["users"][key]).get(url).content.decode()
        assert "庁内で事業の意義を共有する" in page and "事例検討ワークショップ" in page
        assert "事前ヒアリング" not in page and "財政課と協議前。" not in page
        assert "閲覧のみ" in page and "修正する" not in page and "<form" not in page.split("</header>")[1]
    listing = client(d["users"]["city"]).get("/dispatch/").content.decode()
    assert "わがまちの専門家派遣" in listing and url in listing
    # となり町's staff do not learn it exists; their list is empty.
    assert client(d["users"]["other_city"]).get(url).status_code == 404
    assert url not in client(d["users"]["other_city"]).get("/dispatch/").content.decode()
    # Municipal staff cannot record anything.
    response = client(d["users"]["city"]).post(f"/dispatch/{r['dispatch'].pk}/goals/new/", {"text": "x"})
    assert response.status_code == 403


def test_another_prefecture_gets_404_for_every_record(d: dict[str, Any]) -> None:
    r = advanced(d)
    practice = Practice.objects.create(
        prefecture=d["municipality"].prefecture,
        title="事例",
        municipality_name="町",
        prefecture_name="岩手県",
        summary="概要",
        created_by=d["ken"],
    )
    entry = WorksheetEntry.objects.create(
        workshop=r["workshop"], group_label="1班", success_case="80代の世帯"
    )
    outsider = client(d["outsider"])
    for path in (
        f"/dispatch/{r['dispatch'].pk}/",
        f"/dispatch/{r['dispatch'].pk}/edit/",
        f"/dispatch/hearings/{r['hearing'].pk}/",
        f"/dispatch/goals/{r['goal'].pk}/",
        f"/dispatch/goals/{r['goal'].pk}/outcome/",
        f"/dispatch/workshops/{r['workshop'].pk}/",
        f"/dispatch/worksheets/{entry.pk}/",
        f"/dispatch/experts/{d['experts'][0].pk}/",
        f"/dispatch/practices/{practice.pk}/",
        f"/dispatch/practices/{practice.pk}/edit/",
    ):
        assert outsider.get(path).status_code == 404, path
    assert outsider.post(f"/dispatch/{r['dispatch'].pk}/decide/", {"agreed_on": "R8.6.1"}).status_code == 404
    assert outsider.post(f"/dispatch/actions/{r['goal'].actions.get().pk}/done/").status_code == 404
    assert (
        str(r["dispatch"].municipality)
        not in outsider.get("/dispatch/").content.decode().split("</header>")[1]
    )
    assert outsider.get("/dispatch/practices/").context["practices"] == []
    assert outsider.get("/dispatch/").context["dispatches"] == []


def test_anonymous_is_sent_to_login_and_wrong_methods_are_refused(d: dict[str, Any]) -> None:
    response = Client().get("/dispatch/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client(d["ken"]).post("/dispatch/hub/").status_code == 405
    assert client(d["ken"]).post("/dispatch/practices/").status_code == 405
    r = advanced(d)
    assert client(d["ken"]).get(f"/dispatch/{r['dispatch'].pk}/conclude/").status_code == 405
    assert client(d["ken"]).post(f"/dispatch/{r['dispatch'].pk}/").status_code == 405


def test_library_search_by_theme_size_and_words(d: dict[str, Any]) -> None:
    prefecture = d["municipality"].prefecture
    ken = client(d["ken"])
    response = ken.post(
        "/dispatch/practices/new/",
        {
            "title": "働くきっかけ応援事業",
            "municipality_name": "鷹栖町",
            "prefecture_name": "北海道",
            "population": 6724,
            "themes": ["participation", "community"],
            "summary": "地域の居場所の中での中間的就労を通じた社会参加の推進。",
            "activities": "カフェ運営（調理・配膳・接客）、畑作業、事務作業、消毒作業。",
        },
    )
    assert response.status_code == 302
    Practice.objects.create(
        prefecture=prefecture,
        title="CSWの配置",
        municipality_name="草加市",
        prefecture_name="埼玉県",
        population=250725,
        themes=["collaboration", "participation"],
        summary="コミュニティソーシャルワーカーを配置。",
        created_by=d["ken"],
    )
    for p in Practice.objects.all():
        p.refresh_search_text()
        p.save()
    city = client(d["users"]["city"])  # every participant reads the library

    def titles(query: str) -> list[str]:
        response = city.get(f"/dispatch/practices/{query}")
        return [p.title for p in response.context["practices"]]

    assert titles("") == ["CSWの配置", "働くきっかけ応援事業"]
    assert titles("?theme=participation&band=1") == ["働くきっかけ応援事業"]
    assert titles("?band=4") == ["CSWの配置"]
    assert titles("?q=ｶﾌｪ 畑") == ["働くきっかけ応援事業"]  # folded as the agencies directory folds
    assert titles("?q=カフェ&theme=collaboration") == []
    assert titles("?theme=unknown") == [
        "CSWの配置",
        "働くきっかけ応援事業",
    ]  # an unknown theme filters nothing
    response = ken.post("/dispatch/practices/new/", {"title": "", "themes": []})
    assert (
        "事例名を入力してください" in response.content.decode()
        and "テーマを1つ以上選んでください" in response.content.decode()
    )
    assert Practice.objects.count() == 2
    # Editing keeps the practice's own prefecture; a name that contradicts the chosen municipality is refused.
    soka = Practice.objects.get(title="CSWの配置")
    form = ken.get(f"/dispatch/practices/{soka.pk}/edit/").context["form"]
    assert form["prefecture_name"].value() == "埼玉県"
    response = ken.post(
        f"/dispatch/practices/{soka.pk}/edit/",
        {
            "title": "CSWの配置",
            "municipality_name": "草加市",
            "prefecture_name": "埼玉県",
            "municipality": d["municipality"].pk,
            "themes": ["collaboration"],
            "summary": "CSWを配置。",
        },
    )
    assert "選んだ市町村と市町村名が一致しません" in response.content.decode()


def test_experts_are_registered_with_themes_and_sizes(d: dict[str, Any]) -> None:
    ken = client(d["ken"])
    response = ken.post(
        "/dispatch/experts/new/",
        {
            "name": "三浦 彩",
            "affiliation": "NPO法人 しごとの森",
            "themes": ["participation", "outreach"],
            "population_bands": ["1", "2"],
            "user": d["fasi"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    expert = Expert.objects.get(name="三浦 彩")
    assert expert.themes == ["participation", "outreach"] and expert.population_bands == [1, 2]
    assert expert.user == d["fasi"]
    page = ken.get("/dispatch/experts/").content.decode()
    assert "5千〜1万人未満、1万〜3万人未満" in page
    # A municipal user cannot be tied to an expert.
    response = ken.post(
        f"/dispatch/experts/{expert.pk}/",
        {"name": "三浦 彩", "affiliation": "NPO", "user": d["users"]["city"].pk},
    )
    assert "正しく選択してください" in response.content.decode()
    expert.refresh_from_db()
    assert expert.user == d["fasi"]
    entry = AuditEntry.objects.filter(action="dispatch.expert_added").get()
    assert "三浦" not in entry.object_label
