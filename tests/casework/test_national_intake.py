"""The 相談受付・申込票 as MHLW lays it out (reference §3.1 #8, #9, #11, #12, #26–#31 and the ※ marks of §4): 相談方法
apart from 把握ルート・紹介元, the B票「ご本人について」 and the 課題の特性 at intake, 性別 and 年代 kept on the
consultation from the day it was received, home and mobile phones and e-mail on the person record — each on the
page, on the A4 sheet, in 開示 and in what anonymisation keeps."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from kasane.audit.actor import Actor
from kasane.casework.forms.consultations import ConsultationForm, IntakeForms, referral_initial
from kasane.casework.forms.households import PersonForm
from kasane.casework.models import (
    LIFE_FIELDS,
    LIFE_FREE_TEXT,
    Consultation,
    Household,
    Person,
    Relationship,
    Route,
    Sex,
)
from kasane.casework.personal_data import consultations as consultations_data
from kasane.casework.personal_data import households as households_data
from kasane.casework.queries.search import PersonQuery, search_persons
from kasane.casework.services.consultations import RecordError, record_consultation
from kasane.casework.sheets import consultation_sheet
from kasane.casework.visibility import Viewer
from kasane.lib.dates import TOKYO
from kasane.lib.personal_data import Scrubbed
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 2)


@pytest.fixture(autouse=True)
def _spring_2026() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# What a 相談員 types for the consultation itself; the life situation and route come on top.
BASE = {
    "received_at_0": "2026-04-01",
    "received_at_1": "15:30",
    "channel": "phone",
    "visitor": "self",
    "topics": ["income"],
    "main_topic": "income",
    "complaint": "家賃の支払いが遅れている。",
    "response": "continue",
    "consent_variant": "without",
}


def _form(world: dict[str, Any], **data: Any) -> ConsultationForm:
    query = QueryDict(mutable=True)
    for key, value in {**BASE, **data}.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return ConsultationForm(query, municipality=world["municipality"])


# --- 把握ルート・紹介元 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["agency", "municipal"])
def test_a_referral_route_names_who_referred(world: dict[str, Any], route: str) -> None:
    form = _form(world, route=route)
    assert not form.is_valid()
    label = Route(route).label
    assert form.errors["referrer_agency"] == [
        f"把握ルートが「{label}」のときは、紹介元の機関を選ぶか、機関名を入力してください。"
    ]
    assert _form(world, route=route, referrer_agency=world["agencies"]["division"].pk).is_valid()
    assert _form(world, route=route, referrer_name="〇〇病院 医療相談室").is_valid()


def test_the_person_who_came_of_their_own_accord_names_no_referrer(world: dict[str, Any]) -> None:
    form = _form(world, route="self", referrer_name="民生委員の山田さん")
    assert not form.is_valid()
    assert "「本人自ら」のときは、紹介元は入力しません" in form.errors["referrer_name"][0]
    form = _form(world, route="self", referrer_agency=world["agencies"]["shakyo"].pk)
    assert not form.is_valid() and "referrer_name" in form.errors
    assert _form(world, route="self").is_valid()


@pytest.mark.parametrize("route", ["family", "neighbour"])
def test_family_and_neighbours_are_people_not_agencies(world: dict[str, Any], route: str) -> None:
    form = _form(world, route=route, referrer_agency=world["agencies"]["shakyo"].pk)
    assert not form.is_valid()
    assert "機関を選ばず、紹介した人の名前を入力してください" in form.errors["referrer_agency"][0]
    assert _form(world, route=route, referrer_name="長女").is_valid()
    assert _form(world, route=route).is_valid()  # the name is optional: they may not want to say


@pytest.mark.parametrize("route", ["minsei", "outreach", "other"])
def test_other_routes_may_name_an_agency_or_a_person(world: dict[str, Any], route: str) -> None:
    assert _form(world, route=route, referrer_agency=world["agencies"]["shakyo"].pk).is_valid()
    assert _form(world, route=route, referrer_name="山田 民生委員").is_valid()
    assert _form(world, route=route).is_valid()


def test_only_this_municipalitys_active_agencies_are_offered(world: dict[str, Any]) -> None:
    south = world["agencies"]["houkatsu_south"]
    south.is_active = False
    south.save(update_fields=["is_active"])
    for agency in (world["agencies"]["other"], south):
        form = _form(world, route="agency", referrer_agency=agency.pk)
        assert not form.is_valid()
        assert form.errors["referrer_agency"][0] == "紹介元の機関は一覧から選んでください。"


def test_a_post_without_the_route_is_the_persons_own_approach(world: dict[str, Any]) -> None:
    form = _form(world)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["route"] == Route.SELF
    assert form.save(commit=False).route == Route.SELF


def test_an_intake_from_an_accepted_referral_is_brought_by_the_sender(world: dict[str, Any]) -> None:
    mother = factories.person(world["agencies"]["houkatsu_north"])
    for sender, route in (
        (world["agencies"]["houkatsu_north"], Route.AGENCY),
        (world["agencies"]["division"], Route.MUNICIPAL),
    ):
        referral = factories.referral(
            factories.consultation(mother, sender), world["agencies"]["shakyo"], None
        )
        assert referral_initial(referral) == {"route": route, "referrer_agency": sender.pk}
    intake = IntakeForms(None, None, municipality=world["municipality"], new_person=False, referral=referral)
    assert intake.consultation["route"].value() == Route.MUNICIPAL
    assert intake.consultation["referrer_agency"].value() == world["agencies"]["division"].pk


# --- the life situation and the ※ marks on the form ------------------------------------------------------


def test_every_life_item_is_optional_and_the_lists_keep_their_order(world: dict[str, Any]) -> None:
    assert _form(world).is_valid()
    form = _form(
        world,
        issues=["foreign", "budgeting", "poverty"],
        income_sources=["pension", "wages"],
        arrears=["utilities", "rent"],
        disability_card="held",
        card_kinds=["mental", "physical"],
    )
    assert form.is_valid(), form.errors
    consultation = form.save(commit=False)
    assert consultation.issues == ["poverty", "budgeting", "foreign"]
    assert consultation.income_sources == ["wages", "pension"]
    assert consultation.arrears == ["rent", "utilities"]
    assert consultation.card_kinds == ["physical", "mental"]


def test_bad_life_input_is_refused_in_japanese(world: dict[str, Any]) -> None:
    form = _form(world, monthly_income="12万", employment="astronaut", issues=["nothing"])
    assert not form.is_valid()
    assert form.errors["monthly_income"] == ["世帯の月収は、円単位の数字で入力してください（例：120000）。"]
    assert "employment" in form.errors and "issues" in form.errors
    assert _form(world, monthly_income="-1").errors["monthly_income"] == [
        "世帯の月収は0円以上で入力してください。"
    ]


def test_the_folded_part_opens_when_it_holds_something(world: dict[str, Any]) -> None:
    assert not _form(world).life_more_open
    assert not _form(world, employment="seeking", pension="unpaid").life_more_open  # up front, not folded
    assert _form(world, debt="yes").life_more_open
    assert _form(world, arrears=["rent"]).life_more_open
    bad = _form(world, monthly_income="たくさん")
    bad.is_valid()
    assert bad.life_more_open


def test_reported_items_carry_the_mark_and_the_method_does_not(world: dict[str, Any]) -> None:
    form = _form(world)
    labels = {name: str(form.fields[name].label) for name in form.fields}
    assert labels["channel"] == "相談方法"
    assert labels["route"] == "※把握ルート"
    assert labels["received_at"] == "※受付日時" and labels["topics"] == "※相談内容"
    assert labels["employment"] == "※就労状況" and labels["issues"] == "※課題の特性"
    assert labels["housing"] == "住まい"
    intake = IntakeForms(None, None, municipality=world["municipality"], new_person=True)
    assert intake.person is not None
    assert intake.person.fields["sex"].label == "※性別"
    assert intake.person.fields["birth_date"].label == "※生年月日"


def test_the_intake_page_lays_out_the_b_sheet(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    html = client.get(reverse("consultations:new")).content.decode()
    assert "相談受付・申込票（A票・B票）" in html and "※は国への報告対象の項目です" in html
    assert "ご本人の生活の状況" in html and "※把握ルート" in html and "相談方法" in html
    assert html.index("※相談内容") < html.index('id="issue-poverty"') < html.index("ご本人の生活の状況")
    folded = html.index('<details class="disclosure">')
    assert html.index("ご本人の生活の状況") < html.index('name="employment"') < folded
    assert folded < html.index('name="monthly_income"')
    assert "電話（携帯）" in html and "メールアドレス" in html
    # The folded part opens when the page comes back with something in it.
    page = client.post(reverse("consultations:new"), {**BASE, "debt": "yes", "p-name": ""})
    assert '<details class="disclosure" open>' in page.content.decode()


# --- the intake through the page and the service ---------------------------------------------------------


def _intake_data(**extra: Any) -> dict[str, Any]:
    return {
        **BASE,
        "p-name": "佐藤 一子",
        "p-kana": "さとう かずこ",
        "p-sex": "female",
        "p-birth_date": "1976-04-02",
        "p-phone": "0197-12-3456",
        "p-mobile": "090-1234-5678",
        "p-email": "kazuko@example.jp",
        "route": "agency",
        "duplicate_choice": "new",
        **extra,
    }


@pytest.mark.parametrize(
    ("received", "band"),
    [
        # The day before her 50th birthday, in Tokyo: 40代, even half an hour before midnight.
        (("2026-04-01", "23:30"), 40),
        # Ten minutes past midnight in Tokyo is still the 1st in UTC; the band is the Tokyo day's: 50代.
        (("2026-04-02", "00:10"), 50),
    ],
)
def test_sex_and_age_band_are_taken_from_the_person_on_the_day_received(
    world: dict[str, Any], received: tuple[str, str], band: int
) -> None:
    client = _client(world["users"]["soudanin"])
    shakyo = world["agencies"]["shakyo"]
    data = _intake_data(referrer_agency=shakyo.pk, received_at_0=received[0], received_at_1=received[1])
    page = client.post(reverse("consultations:new"), data)
    assert page.status_code == 302, page.content.decode()[:2000]
    c = Consultation.objects.get(person__name="佐藤 一子")
    assert (c.sex, c.age_band) == (Sex.FEMALE, band)
    assert (c.route, c.referrer_agency) == (Route.AGENCY, shakyo)
    # A later correction of the person record leaves what was counted on the day.
    Person.objects.filter(pk=c.person_id).update(sex=Sex.MALE, birth_date=dt.date(1950, 1, 1))
    c.refresh_from_db()
    assert (c.sex, c.age_band) == (Sex.FEMALE, band)


def test_a_person_born_1972_04_02_consulted_on_2026_04_01_is_in_their_fifties(world: dict[str, Any]) -> None:
    """53 the day before the 54th birthday: 50代, as the brief's example has it."""
    client = _client(world["users"]["soudanin"])
    data = _intake_data(**{"p-birth_date": "S47.4.2", "p-sex": "male"}, route="self")
    assert client.post(reverse("consultations:new"), data).status_code == 302
    c = Consultation.objects.get(person__name="佐藤 一子")
    assert (c.sex, c.age_band) == (Sex.MALE, 50)


def test_the_whole_b_sheet_is_saved_with_the_person_s_phones_and_email(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    data = _intake_data(
        referrer_name="〇〇病院 医療相談室",
        employment="non_regular",
        employment_note="コンビニでパート",
        housing="rented",
        housing_unstable="on",
        housing_note="家賃を2か月滞納",
        health_insurance="national",
        pension="paying",
        income_sources=["wages"],
        monthly_income="98000",
        welfare="never",
        debt="yes",
        arrears=["rent", "utilities"],
        money_note="消費者金融に50万円",
        illness="腰痛で月1回通院",
        treatment="attending",
        mental_health="suspected",
        disability_card="none",
        issues=["poverty", "budgeting"],
    )
    assert client.post(reverse("consultations:new"), data).status_code == 302
    c = Consultation.objects.get(person__name="佐藤 一子")
    assert (c.employment, c.housing, c.housing_unstable) == ("non_regular", "rented", True)
    assert (c.health_insurance, c.pension, c.monthly_income) == ("national", "paying", 98000)
    assert c.arrears == ["rent", "utilities"] and c.issues == ["poverty", "budgeting"]
    assert (c.referrer_agency, c.referrer_name) == (None, "〇〇病院 医療相談室")
    person = c.person
    assert (person.phone, person.mobile, person.email) == (
        "0197-12-3456",
        "090-1234-5678",
        "kazuko@example.jp",
    )
    assert person.mobile_key == "09012345678"


def test_a_referrer_agency_of_another_municipality_is_refused_and_nothing_is_written(
    world: dict[str, Any],
) -> None:
    """The page offers only this municipality's agencies; the service refuses any other (an API call, a
    crafted post) before anything is written, the new person included."""
    viewer = Viewer.of(world["users"]["soudanin"], world["municipality"])
    assert viewer is not None
    form = _form(world, route="agency", referrer_name="となり町の包括")
    assert form.is_valid(), form.errors
    form.instance.referrer_agency = world["agencies"]["other"]
    before = (Person.objects.count(), Household.objects.count(), Consultation.objects.count())
    new_person = Person(name="佐藤 一子", kana="さとう かずこ", sex=Sex.FEMALE)
    with pytest.raises(RecordError, match="紹介元の機関は、この市町村の機関から選んでください。"):
        record_consultation(viewer, form, person=None, new_person=new_person, actor=_actor(world))
    assert (Person.objects.count(), Household.objects.count(), Consultation.objects.count()) == before


def _actor(world: dict[str, Any]) -> Actor:
    return Actor(user=world["users"]["soudanin"], municipality=world["municipality"])


def test_a_bad_email_is_refused_in_japanese(world: dict[str, Any]) -> None:
    form = PersonForm({"name": "佐藤 一子", "sex": "female", "email": "kazuko@"})
    assert not form.is_valid()
    assert form.errors["email"] == ["メールアドレスの形式が正しくありません（例：taro@example.jp）。"]
    assert PersonForm({"name": "佐藤 一子", "sex": "female", "email": "kazuko@example.jp"}).is_valid()


# --- finding people by phone -----------------------------------------------------------------------------


def test_phone_search_matches_home_or_mobile(world: dict[str, Any]) -> None:
    north = world["agencies"]["houkatsu_north"]
    home = factories.person(north, "佐藤 一子", "さとう かずこ", phone="0197-12-3456")
    mobile = factories.person(north, "鈴木 花子", "すずき はなこ", mobile="０９０－１２３４－５６７８")
    viewer = Viewer.of(world["users"]["soudanin"], world["municipality"])
    assert viewer is not None

    def found(phone: str) -> set[str]:
        return {p.name for p in search_persons(viewer, PersonQuery(phone=phone))}

    assert found("090-1234-5678") == {mobile.name}  # a whole number
    assert found("1234-5678") == {mobile.name}  # a part of one
    assert found("0197123456") == {home.name}
    assert found("1234") == {home.name, mobile.name}
    page = _client(world["users"]["soudanin"]).get(reverse("households:search"), {"phone": "09012345678"})
    assert "鈴木 花子" in page.content.decode() and "090-1234-5678（携帯）" not in page.content.decode()
    assert "０９０－１２３４－５６７８（携帯）" in page.content.decode()


# --- the pages that show it ------------------------------------------------------------------------------


def _recorded(world: dict[str, Any]) -> Consultation:
    north = world["agencies"]["houkatsu_north"]
    person = factories.person(
        north,
        "髙橋 一郎",
        "たかはし いちろう",
        sex=Sex.MALE,
        birth_date=dt.date(1972, 4, 2),
        phone="0197-65-4321",
        mobile="080-1111-2222",
        email="ichiro@example.jp",
    )
    factories.person(
        north,
        "高橋 ミツ",
        "たかはし みつ",
        household=person.household,
        relationship=Relationship.MOTHER,
        sex=Sex.FEMALE,
        birth_date=dt.date(1944, 2, 15),
    )
    factories.person(
        north,
        "山﨑 惠子",
        "やまさき けいこ",
        household=person.household,
        relationship=Relationship.YOUNGER_SISTER,
        sex=Sex.FEMALE,
        birth_date=dt.date(1976, 9, 1),
        lives_apart=True,
        apart_note="盛岡市在住",
    )
    c = factories.consultation(person, north)
    Consultation.objects.filter(pk=c.pk).update(
        received_at=dt.datetime(2026, 4, 1, 10, 30, tzinfo=TOKYO),
        channel="home_visit",
        route=Route.AGENCY,
        referrer_agency=world["agencies"]["division"],
        referrer_name="生活保護の窓口",
        sex=Sex.MALE,
        age_band=50,
        employment="not_working",
        employment_note="20年前に退職",
        housing="owned",
        housing_unstable=True,
        housing_note="母名義の持家",
        health_insurance="national",
        pension="unpaid",
        income_sources=["pension", "family"],
        monthly_income=80000,
        welfare="past",
        debt="no",
        arrears=["premiums"],
        money_note="国保料を1年分滞納",
        illness="不眠で通院",
        treatment="interrupted",
        mental_health="suspected",
        disability_card="suspected",
        card_kinds=["mental"],
        issues=["isolation", "mental", "budgeting"],
    )
    c.refresh_from_db()
    return c


def test_the_consultation_page_shows_method_route_and_life(world: dict[str, Any]) -> None:
    c = _recorded(world)
    html = (
        _client(world["users"]["soudanin"]).get(reverse("consultations:detail", args=[c.pk])).content.decode()
    )
    text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))
    assert "相談方法訪問" in text and "相談経路" not in text
    assert "※把握ルート・紹介元関係機関からの紹介（地域福祉課・生活保護の窓口）" in text
    assert "※相談時の性別・年代男・50代" in text
    assert "ご本人の生活の状況" in text
    assert "※就労状況無職（求職していない）" in text and "仕事の内容・職歴20年前に退職" in text
    assert "滞納国保・年金の保険料" in text and "世帯の月収（円）80,000円" in text
    assert "※課題の特性メンタルヘルスの課題（うつ・不眠・不安・依存症等）、家計管理の課題、社会的孤立" in text


def test_the_person_page_shows_both_phones_and_the_email(world: dict[str, Any]) -> None:
    c = _recorded(world)
    html = (
        _client(world["users"]["soudanin"])
        .get(reverse("households:person", args=[c.person_id]))
        .content.decode()
    )
    text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))
    assert "電話（自宅）0197-65-4321" in text and "電話（携帯）080-1111-2222" in text
    assert "メールアドレスichiro@example.jp" in text


# --- the A4 sheet ----------------------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_the_sheet_prints_the_a_and_b_sheets(world: dict[str, Any]) -> None:
    c = _recorded(world)
    pdf = consultation_sheet(c, today=DAY)
    text = _pdf_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    # A票: method, route and referrer, the person's phones and e-mail, ※ on 性別 and 生年月日.
    assert "相談方法" in text and "※相談方法" not in text and "■訪問" in text
    assert "※把握ルート" in text and "■関係機関からの紹介" in text and "□本人自ら" in text
    assert "紹介元地域福祉課・生活保護の窓口相談者（続柄・連絡先）本人" in text
    assert "※性別男" in text and "※生年月日昭和47年4月2日生（53歳）" in text
    assert "電話（自宅）0197-65-4321" in text and "電話（携帯）080-1111-2222" in text
    assert "E-mailichiro@example.jp" in text
    # B票: the four headings, then money and health, each choice □ or ■.
    assert "ご本人について（B票）" in text
    assert (
        "※仕事" in text
        and "■無職（求職していない）" in text
        and "□正規雇用" in text
        and "20年前に退職" in text
    )
    assert (
        "住まい" in text
        and "■持家" in text
        and "■住まいを失うおそれがある" in text
        and "母名義の持家" in text
    )
    assert "健康保険■国民健康保険" in text and "年金" in text and "■未納・未加入" in text
    assert "収入源□就労収入■年金" in text and "■家族の収入・仕送り" in text and "80,000円" in text
    assert "生活保護□受給なし□受給中□申請中■過去に受給" in text
    assert "債務（借金）：□あり■なし□不明" in text and "■国保・年金の保険料" in text
    assert (
        "■治療中断" in text
        and "不眠で通院" in text
        and "メンタルヘルスの不調：□あり（診断あり）■疑い" in text
    )
    assert "障害者手帳：" in text and "■障害の疑い（未申請）" in text and "■精神障害者保健福祉手帳" in text
    assert "※課題の特性" in text and "■社会的孤立" in text and "■家計管理の課題" in text and "□外国籍" in text
    # 同居家族 (#30): name, relationship, age on the day, living together or apart.
    assert "家族（同居・別居の世帯員）" in text
    assert "高橋ミツ母82歳同居" in text and "山﨑惠子妹49歳別居（盛岡市在住）" in text
    assert text.count("※は国への報告対象項目") == 2


def test_a_sheet_printed_before_anything_is_known_can_be_ticked_by_hand(world: dict[str, Any]) -> None:
    person = factories.person(world["agencies"]["houkatsu_north"], birth_date=None)
    text = _pdf_text(
        consultation_sheet(factories.consultation(person, world["agencies"]["houkatsu_north"]), today=DAY)
    )
    assert "□正規雇用" in text and "■" not in text.split("ご本人について（B票）")[1].split("家族")[0]
    assert "世帯員の登録はありません" in text and "E-mail" in text


def test_the_sheet_renders_to_png(world: dict[str, Any], tmp_path: Any) -> None:
    """Both pages, so a person can look at them (tests/artifacts/sheet-intake-national-*.png)."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    source = tmp_path / "intake.pdf"
    source.write_bytes(consultation_sheet(_recorded(world), today=DAY))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("sheet-intake-national-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(source), str(ARTIFACTS / "sheet-intake-national")], check=True
    )
    pages = sorted(ARTIFACTS.glob("sheet-intake-national-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 10_000 for p in pages)


# --- 開示 and anonymisation ------------------------------------------------------------------------------


def _fields(sections: list[Any], key: str) -> dict[str, Any]:
    section = next(s for s in sections if s.key == key)
    return {f.key: f for f in section.records[0].fields}


def test_disclosure_shows_every_new_item(world: dict[str, Any]) -> None:
    c = _recorded(world)
    consultation = _fields(consultations_data.provider.collect(c.person), "consultations")
    assert consultation["channel"].label == "相談方法" and consultation["channel"].text == "訪問"
    assert (consultation["route"].text, consultation["route"].value) == ("関係機関からの紹介", "agency")
    assert consultation["referrer_agency"].text == "地域福祉課"
    assert consultation["referrer_name"].text == "生活保護の窓口"
    assert (consultation["sex"].text, consultation["age_band"].text) == ("男", "50代")
    assert set(LIFE_FIELDS) <= set(consultation)
    assert consultation["employment"].text == "無職（求職していない）"
    assert consultation["arrears"].text == "国保・年金の保険料" and consultation["arrears"].value == [
        "premiums"
    ]
    assert consultation["housing_unstable"].text == "はい"
    assert consultation["monthly_income"].text == "80,000円"
    assert consultation["card_kinds"].text == "精神障害者保健福祉手帳"
    person = _fields(households_data.provider.collect(c.person), "households")
    assert (person["phone"].label, person["phone"].text) == ("電話（自宅）", "0197-65-4321")
    assert (person["mobile"].label, person["mobile"].text) == ("電話（携帯）", "080-1111-2222")
    assert (person["email"].label, person["email"].text) == ("メールアドレス", "ichiro@example.jp")


def test_anonymisation_keeps_the_codes_and_drops_what_identifies(world: dict[str, Any]) -> None:
    c = _recorded(world)
    kept = {
        name: getattr(c, name)
        for name in ("channel", "route", "referrer_agency_id", "sex", "age_band", *LIFE_FIELDS)
        if name not in LIFE_FREE_TEXT and name != "monthly_income"
    }
    household = c.household
    # Anonymisers run in reverse order of the registry: the records first, the identities last.
    consultations_data.provider.anonymise(household, Scrubbed())
    households_data.provider.anonymise(household, Scrubbed())
    c.refresh_from_db()
    assert {name: getattr(c, name) for name in kept} == kept
    assert (c.referrer_name, c.monthly_income) == ("", None)
    assert all(getattr(c, name) == "" for name in LIFE_FREE_TEXT)
    for person in Person.objects.filter(household=household):
        assert (person.phone, person.mobile, person.email) == ("", "", "")
        assert (person.phone_key, person.mobile_key) == ("", "")


def test_anonymisation_gives_an_old_record_its_sex_and_band(world: dict[str, Any]) -> None:
    """A consultation recorded before 性別・年代 were taken at intake gets them from the person at the purge."""
    c = _recorded(world)
    Consultation.objects.filter(pk=c.pk).update(sex="", age_band=None)
    consultations_data.provider.anonymise(c.household, Scrubbed())
    c.refresh_from_db()
    assert (c.sex, c.age_band) == (Sex.MALE, 50)


def test_the_intake_refuses_card_kinds_without_a_card_as_the_assessment_does(world: dict[str, Any]) -> None:
    """The same rule on both forms, so the facts an intake saves never block the first assessment."""
    form = _form(world, disability_card="none", card_kinds=["mental"])
    assert not form.is_valid()
    assert "障害者手帳の「所持」「申請中」" in form.errors["card_kinds"][0]
    assert _form(world, disability_card="held", card_kinds=["mental"]).is_valid()
