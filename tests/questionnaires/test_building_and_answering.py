"""アンケート: building (from scratch and from 003's templates), distributing (QR handout, one-time links),
answering without an account, and who may open what. Aggregation: tests/questionnaires/test_results.py."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.audit.models import AuditEntry
from kasane.lib.dates import today
from kasane.questionnaires import services, starters
from kasane.questionnaires.models import (
    AGE_BANDS,
    RESPONDENT_CATEGORIES,
    Answer,
    AnswerLink,
    Phase,
    QuestionKind,
    Questionnaire,
    Response,
    Status,
)
from kasane.questionnaires.qr import qr_svg
from kasane.tenancy.models import Prefecture

from .helpers import add, answer_data, make_questionnaire, staff_client

pytestmark = pytest.mark.django_db


# --- building ------------------------------------------------------------------------------------------------


def test_create_from_scratch_add_each_kind_reorder_edit_delete(world: dict[str, Any], ken: User) -> None:
    client = staff_client(ken)
    response = client.post(
        "/questionnaires/new/",
        {"starter": starters.BLANK, "title": "ワークショップ アンケート", "anonymous": "on"},
    )
    questionnaire = Questionnaire.objects.get(title="ワークショップ アンケート")
    assert response.status_code == 302 and response.url == f"/questionnaires/{questionnaire.pk}/"
    assert questionnaire.questions.count() == 0 and questionnaire.status == Status.DRAFT
    base = f"/questionnaires/{questionnaire.pk}/questions/new/"
    posts = [
        {"kind": "single", "text": "参加の形式", "choices_text": "会場\nオンライン", "required": "on"},
        {
            "kind": "multiple",
            "text": "連携したい機関",
            "choices_text": "社協\n包括\n保健所",
            "required": "on",
        },
        {"kind": "likert", "text": "理念を理解できましたか", "scale": "understood", "required": "on"},
        {"kind": "text", "text": "ご意見・ご感想"},
        {"kind": "age", "text": "年齢", "required": "on"},
        {"kind": "category", "text": "ご職業", "required": "on"},
    ]
    for data in posts:
        assert client.post(f"{base}?kind={data['kind']}", data).status_code == 302, data
    questions = list(questionnaire.questions.order_by("order"))
    assert [q.kind for q in questions] == ["single", "multiple", "likert", "text", "age", "category"]
    assert [c.label for c in questions[0].choices.all()] == ["会場", "オンライン"]
    assert [c.label for c in questions[2].choices.all()] == [
        "よく理解できた",
        "理解できた",
        "どちらともいえない",
        "あまり理解できなかった",
        "理解できなかった",
    ]
    assert tuple(c.label for c in questions[4].choices.all()) == AGE_BANDS
    assert tuple(c.label for c in questions[5].choices.all()) == RESPONDENT_CATEGORIES
    assert not questions[3].required

    # A second category question is refused: free text is grouped by the one category.
    response = client.post(f"{base}?kind=category", {"kind": "category", "text": "所属", "required": "on"})
    assert "1つだけ置けます" in response.content.decode()
    # Bad input: choices missing, nothing written.
    response = client.post(f"{base}?kind=single", {"kind": "single", "text": "形式", "choices_text": "会場"})
    assert "選択肢は2〜20個" in response.content.decode()
    assert questionnaire.questions.count() == 6

    # Reorder: the category question moves up above 年齢.
    category = questions[5]
    client.post(f"/questionnaires/{questionnaire.pk}/questions/{category.pk}/move/", {"direction": "up"})
    assert list(questionnaire.questions.order_by("order").values_list("kind", flat=True))[4:] == [
        "category",
        "age",
    ]
    # Edit: the single-choice options change.
    single = questions[0]
    url = f"/questionnaires/{questionnaire.pk}/questions/{single.pk}/"
    assert "会場\nオンライン" in client.get(url).content.decode()
    client.post(url, {"text": "参加の形式", "choices_text": "会場\nオンライン\n録画視聴", "required": "on"})
    assert [c.label for c in single.choices.all()] == ["会場", "オンライン", "録画視聴"]
    # Delete: the rest are renumbered.
    client.post(f"/questionnaires/{questionnaire.pk}/questions/{questions[1].pk}/delete/")
    assert list(questionnaire.questions.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    actions = list(AuditEntry.objects.filter(actor=ken).values_list("action", flat=True))
    for action in (
        "questionnaire.created",
        "question.added",
        "question.moved",
        "question.updated",
        "question.deleted",
    ):
        assert action in actions
    # Wrong method.
    assert client.get(f"/questionnaires/{questionnaire.pk}/questions/{single.pk}/delete/").status_code == 405


def test_templates_copy_003s_questions(ken: User, iwate: Prefecture) -> None:
    client = staff_client(ken)
    client.post(
        "/questionnaires/new/", {"starter": "forum", "title": "道央ブロック 情報共有の場", "anonymous": "on"}
    )
    forum = Questionnaire.objects.get(title="道央ブロック 情報共有の場")
    texts = list(forum.questions.order_by("order").values_list("text", flat=True))
    assert len(texts) == 8
    assert texts[3] == "地域共生社会の理念を理解することができましたか"
    assert forum.questions.filter(kind=QuestionKind.LIKERT).count() == 3

    client.post("/questionnaires/new/", {"starter": "training", "title": "第1回研修", "anonymous": "on"})
    training = Questionnaire.objects.get(title="第1回研修")
    assert training.questions.filter(kind=QuestionKind.LIKERT).values_list("text", flat=True)[1] == (
        "グループワークを通じて、他機関・他職種との連携のイメージが湧きましたか"
    )

    client.post("/questionnaires/new/", {"starter": "pre_post", "title": "第2回研修", "anonymous": "on"})
    pre = Questionnaire.objects.get(title="第2回研修（研修前）")
    post = Questionnaire.objects.get(title="第2回研修（研修後）")
    assert (pre.phase, post.phase, post.pair) == (Phase.PRE, Phase.POST, pre)
    shared = set(pre.questions.filter(kind=QuestionKind.LIKERT).values_list("text", flat=True))
    assert shared <= set(post.questions.values_list("text", flat=True)) and len(shared) == 3
    assert pre.slug != post.slug


def test_settings_pair_must_be_a_pre_questionnaire(ken: User, iwate: Prefecture) -> None:
    single = make_questionnaire(iwate, ken, title="単独")
    pre = make_questionnaire(iwate, ken, starter=starters.PRE, title="研修前")
    client = staff_client(ken)
    url = f"/questionnaires/{single.pk}/edit/"
    form = {"title": "単独", "phase": "single", "pair": pre.pk, "anonymous": "on"}
    assert "種類が「研修後」のときに選びます" in client.post(url, form).content.decode()
    assert client.post(url, form | {"phase": "post"}).status_code == 302
    single.refresh_from_db()
    assert single.pair == pre
    # 受付終了日 before 開始日 is refused.
    response = client.post(url, form | {"phase": "post", "opens_on": "R8.12.1", "closes_on": "R8.11.1"})
    assert "受付終了は受付開始（令和8年12月1日）より後にしてください" in response.content.decode()


def test_questions_are_locked_once_answers_exist(forum: Questionnaire, ken: User) -> None:
    client = staff_client(ken)
    question = forum.questions.first()
    assert question is not None
    services.submit_response(forum, {question: question.choices.first()})
    page = client.get(f"/questionnaires/{forum.pk}/").content.decode()
    assert "回答が届いているため、設問の追加・変更・並べ替え・削除はできません" in page
    assert "設問を追加" not in page
    before = list(forum.questions.values_list("pk", "order", "text"))
    response = client.post(f"/questionnaires/{forum.pk}/questions/{question.pk}/delete/", follow=True)
    assert "回答が届いているため" in response.content.decode()
    client.post(f"/questionnaires/{forum.pk}/questions/{question.pk}/move/", {"direction": "down"})
    response = client.get(f"/questionnaires/{forum.pk}/questions/new/?kind=text", follow=True)
    assert "回答が届いているため" in response.content.decode()
    client.post(f"/questionnaires/{forum.pk}/questions/{question.pk}/", {"text": "変更"})
    assert list(forum.questions.values_list("pk", "order", "text")) == before
    # Nor can the questionnaire be deleted, or its promises (anonymous, one answer per link) changed.
    client.post(f"/questionnaires/{forum.pk}/delete/")
    assert Questionnaire.objects.filter(pk=forum.pk).exists()
    page = client.get(f"/questionnaires/{forum.pk}/edit/").content.decode()
    assert re.search(r'name="anonymous"[^>]*disabled', page)


def test_open_requires_a_question_and_close_stops_answers(ken: User, iwate: Prefecture) -> None:
    empty = make_questionnaire(iwate, ken, status=Status.DRAFT)
    client = staff_client(ken)
    response = client.post(f"/questionnaires/{empty.pk}/status/", {"action": "open"}, follow=True)
    assert "設問が1つもありません" in response.content.decode()
    empty.refresh_from_db()
    assert empty.status == Status.DRAFT
    add(empty, QuestionKind.TEXT, "ご感想")
    client.post(f"/questionnaires/{empty.pk}/status/", {"action": "open"})
    empty.refresh_from_db()
    assert empty.status == Status.OPEN
    client.post(f"/questionnaires/{empty.pk}/status/", {"action": "close"})
    empty.refresh_from_db()
    assert empty.status == Status.CLOSED
    assert client.get(f"/questionnaires/{empty.pk}/status/").status_code == 405


# --- distribution ----------------------------------------------------------------------------------------------


def test_handout_carries_the_qr_code_of_the_link_it_prints(forum: Questionnaire, ken: User) -> None:
    page = staff_client(ken).get(f"/questionnaires/{forum.pk}/handout/").content.decode()
    url = f"http://testserver/q/{forum.slug}/"
    assert f'data-answer-url="{url}"' in page
    assert qr_svg(url, scale=8) in page
    assert "スマートフォンで読み取って回答してください" in page
    assert "県央ブロック 情報共有の場" in page
    assert "<script" not in page.split('<article class="handout"')[1]


def test_one_time_links_and_their_sheet(ken: User, iwate: Prefecture) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.TRAINING, one_answer_per_link=True)
    client = staff_client(ken)
    assert client.post(f"/questionnaires/{questionnaire.pk}/links/", {"count": "0"}).status_code == 200
    assert client.post(f"/questionnaires/{questionnaire.pk}/links/", {"count": "12"}).status_code == 302
    client.post(f"/questionnaires/{questionnaire.pk}/links/", {"count": "3"})
    links = list(questionnaire.links.order_by("number"))
    assert [link.number for link in links] == list(range(1, 16))
    assert len({link.token for link in links}) == 15
    services.submit_response(questionnaire, {}, link=links[0])
    sheet = client.get(f"/questionnaires/{questionnaire.pk}/links/sheet/").content.decode()
    assert sheet.count('class="link-card"') == 14  # the used link is left out
    assert qr_svg(f"http://testserver/q/t/{links[1].token}/", scale=4) in sheet
    assert links[0].token not in sheet
    # The audit names how many links, never a token.
    entry = AuditEntry.objects.filter(action="questionnaire.links_created").first()
    assert entry is not None and entry.details["count"] == 3
    assert all(link.token not in str(e.details) for e in AuditEntry.objects.all() for link in links)
    # The handout of a per-link questionnaire is its sheet.
    assert client.get(f"/questionnaires/{questionnaire.pk}/handout/").url.endswith("/links/sheet/")


# --- answering -------------------------------------------------------------------------------------------------


def test_anonymous_answer_stores_nothing_about_the_respondent(forum: Questionnaire) -> None:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="iPhone Safari")
    page = client.get(f"/q/{forum.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "問1　年齢をお選びください" in html and "回答を送信する" in html
    token = client.cookies["csrftoken"].value
    response = client.post(f"/q/{forum.slug}/", answer_data(forum, csrfmiddlewaretoken=token))
    assert response.status_code == 302 and response.url == f"/q/{forum.slug}/thanks/"
    assert "ご回答ありがとうございました" in client.get(response.url).content.decode()
    stored = Response.objects.get(questionnaire=forum)
    assert (stored.respondent_name, stored.respondent_organisation, stored.link) == ("", "", None)
    assert Answer.objects.filter(response=stored).count() == 8
    entry = AuditEntry.objects.get(action="questionnaire.answered")
    assert entry.actor is None and entry.ip_address is None and entry.actor_username == ""
    assert "203.0.113.9" not in str(entry.hashed_content()) and "iPhone" not in str(entry.hashed_content())
    # Without the CSRF token the answer is refused.
    assert client.post(f"/q/{forum.slug}/", answer_data(forum)).status_code == 403


def test_required_questions_get_clear_errors_and_typed_answers_stay(forum: Questionnaire) -> None:
    client = Client()
    questions = list(forum.questions.order_by("order"))
    age, category, reason, idea = questions[:4]
    data = answer_data(forum)
    del data[f"q{age.pk}"], data[f"q{idea.pk}"]
    data[f"q{reason.pk}"] = "隣町の取り組みを聞きたかったため"
    response = client.post(f"/q/{forum.slug}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "回答されていない設問があります" in html
    assert html.count("この設問に回答してください。") == 4  # twice each: the summary and the question
    assert f'href="#id_q{age.pk}-question"' in html
    assert "隣町の取り組みを聞きたかったため" in html
    assert re.search(rf'name="q{category.pk}" value="{data[f"q{category.pk}"]}"[^>]*checked', html)
    assert not Response.objects.exists()
    # Too long a text is refused, in Japanese.
    data = answer_data(forum, **{f"q{reason.pk}": "あ" * 2001})
    assert "2000文字以内" in client.post(f"/q/{forum.slug}/", data).content.decode()
    assert not Response.objects.exists()


def test_named_questionnaire_asks_name(ken: User, iwate: Prefecture) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.TRAINING, anonymous=False)
    client = Client()
    assert "お名前" in client.get(f"/q/{questionnaire.slug}/").content.decode()
    data = answer_data(
        questionnaire, respondent_name="佐藤 花子", respondent_organisation="なかよし町 福祉課"
    )
    assert client.post(f"/q/{questionnaire.slug}/", data).status_code == 302
    stored = Response.objects.get()
    assert (stored.respondent_name, stored.respondent_organisation) == ("佐藤 花子", "なかよし町 福祉課")
    assert "佐藤" not in str(AuditEntry.objects.get(action="questionnaire.answered").hashed_content())


def test_a_one_time_link_answers_once(ken: User, iwate: Prefecture) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.TRAINING, one_answer_per_link=True)
    link = services.create_links(questionnaire, 2, actor=actor_of(_request(ken)))[0]
    client = Client()
    # The open link of a per-link questionnaire does not take answers.
    refused = client.get(f"/q/{questionnaire.slug}/").content.decode()
    assert "お一人ずつ異なるリンク" in refused and "回答を送信する" not in refused
    client.post(f"/q/{questionnaire.slug}/", answer_data(questionnaire))
    assert not Response.objects.exists()
    assert client.post(f"/q/t/{link.token}/", answer_data(questionnaire)).status_code == 302
    assert Response.objects.get().link == link
    again = client.get(f"/q/t/{link.token}/").content.decode()
    assert "このリンクはすでに回答に使われています" in again and "回答を送信する" not in again
    response = client.post(f"/q/t/{link.token}/", answer_data(questionnaire))
    assert "このリンクはすでに回答に使われています" in response.content.decode()
    assert Response.objects.count() == 1
    # The database refuses a second answer for the link even when two submissions race past the check.
    with pytest.raises(services.LinkUsed):
        services.submit_response(questionnaire, {}, link=AnswerLink.objects.get(pk=link.pk))
    assert client.get("/q/t/nosuchtoken1/").status_code == 404


def _request(user: User) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    return request


@pytest.mark.parametrize(
    ("status", "opens", "closes", "message"),
    [
        (Status.CLOSED, None, None, "回答受付は終了しました"),
        (Status.OPEN, None, -1, "回答受付は終了しました"),
        (Status.DRAFT, None, None, "まだ回答を受け付けていません"),
        (Status.OPEN, 1, None, "まだ回答を受け付けていません"),
    ],
)
def test_closed_or_unopened_questionnaire_refuses(
    forum: Questionnaire, status: str, opens: int | None, closes: int | None, message: str
) -> None:
    forum.status = status
    forum.opens_on = today() + dt.timedelta(days=opens) if opens is not None else None
    forum.closes_on = today() + dt.timedelta(days=closes) if closes is not None else None
    forum.save()
    client = Client()
    page = client.get(f"/q/{forum.slug}/").content.decode()
    assert message in page and "回答を送信する" not in page
    assert message in client.post(f"/q/{forum.slug}/", answer_data(forum)).content.decode()
    assert not Response.objects.exists()


def test_unknown_slug_is_404_and_anonymous_reaches_nothing_else(forum: Questionnaire) -> None:
    client = Client()
    assert client.get("/q/nosuchslug2/").status_code == 404
    for path in (
        "/questionnaires/",
        f"/questionnaires/{forum.pk}/",
        f"/questionnaires/{forum.pk}/results/",
        f"/questionnaires/{forum.pk}/handout/",
        f"/questionnaires/{forum.pk}/results.xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), path


def test_excerpts_are_marked_for_the_report(forum: Questionnaire, ken: User) -> None:
    client = Client()
    for _ in range(3):
        client.post(f"/q/{forum.slug}/", answer_data(forum))
    texts = list(Answer.objects.filter(question__kind=QuestionKind.TEXT).order_by("pk"))
    staff = staff_client(ken)
    page = staff.get(f"/questionnaires/{forum.pk}/free-text/").content.decode()
    assert "福祉関係者" in page and page.count('name="excerpt"') == len(texts) == 9
    staff.post(f"/questionnaires/{forum.pk}/free-text/", {"excerpt": [texts[0].pk, texts[4].pk]})
    assert set(Answer.objects.filter(excerpt=True).values_list("pk", flat=True)) == {texts[0].pk, texts[4].pk}
    staff.post(f"/questionnaires/{forum.pk}/free-text/", {"excerpt": [texts[4].pk]})
    assert list(Answer.objects.filter(excerpt=True).values_list("pk", flat=True)) == [texts[4].pk]
    assert AuditEntry.objects.filter(action="questionnaire.excerpts", actor=ken).count() == 2
