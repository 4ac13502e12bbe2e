from __future__ import annotations

import pytest

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyKind, AgencyTopic, Topic, TopicLevel
from kasane.agencies.navi import guide
from kasane.demo import loader as demo
from kasane.tenancy.models import Municipality, area_for_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> list[demo.DemoAccount]:
    return demo.load_demo()


@pytest.fixture
def city(loaded: list[demo.DemoAccount]) -> Municipality:
    return Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)


def test_load_reports_loaded() -> None:
    # How long the load takes is a benchmark's business (benchmarks/), not a test's.
    assert not demo.demo_loaded()
    demo.load_demo()
    assert demo.demo_loaded()
    city = Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)
    assert city.name == "かさね市" and city.prefecture.name == "北海道"
    assert city.areas.count() == 4
    assert 35 <= User.objects.count() <= 60


def test_every_topic_has_a_primary_agency(city: Municipality) -> None:
    for topic in Topic.objects.all():
        assert AgencyTopic.objects.filter(
            agency__municipality=city, topic=topic, level=TopicLevel.PRIMARY
        ).exists(), topic.name


def test_navi_gives_sensible_answers(city: Municipality) -> None:
    def primary(topic_name: str) -> set[str]:
        result = guide(city, topics=[Topic.objects.get(name=topic_name)])
        return {m.agency.kind for m in result.matches if m.primary_topics}

    assert {"shakyo", "jiritsu_sodan", "kikan_sodan", "city_division"} <= primary("ひきこもり")
    assert {"kikan_sodan", "city_division", "medical"} <= primary("精神疾患")
    assert {"kodomo_katei", "riyosha_kihon"} <= primary("子育て")
    assert {"houkatsu", "jiritsu_sodan", "shakyo"} <= primary("8050")
    assert primary("認知症") == {"houkatsu"}


def test_one_login_account_per_role_with_the_demo_password(loaded: list[demo.DemoAccount]) -> None:
    assert loaded == demo.demo_accounts()
    assert [a.username for a in loaded] == [
        "soudanin", "kyodo", "chiiki", "shi", "kikan", "ken", "fasi", "etsuran",
    ]  # fmt: skip
    assert sorted(a.role_name for a in loaded) == sorted(Role.objects.values_list("name", flat=True))
    for account in loaded:
        user = User.objects.get(username=account.username)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert user.full_name == account.full_name and " " in user.full_name
    ken = Membership.objects.get(user__username="ken")
    assert ken.agency.kind == AgencyKind.PREFECTURE and ken.agency.municipality is None
    # Bulk-created staff share the password too.
    assert User.objects.get(username="saito.koji").check_password(demo.DEMO_PASSWORD)


def test_four_houkatsu_in_four_areas(city: Municipality) -> None:
    centres = Agency.objects.filter(municipality=city, kind=AgencyKind.HOUKATSU)
    assert centres.count() == 4
    assert len({c.area_id for c in centres}) == 4 and None not in {c.area_id for c in centres}
    assert len({c.contractor for c in centres}) == 4
    assert any(c.contractor.startswith("医療法人") for c in centres)
    for centre in centres:
        assert area_for_address(city, centre.address) == centre.area, centre.name


def test_agencies_are_complete(city: Municipality) -> None:
    for agency in Agency.objects.filter(prefecture=city.prefecture):
        assert agency.search_text and agency.handles_text and agency.referral_howto, agency.name
        assert agency.support_fields.exists(), agency.name
        if agency.operation_form == "contracted":
            assert agency.contractor, agency.name
    assert Agency.objects.filter(municipality=city, name__contains="多機関協働").exists()


def test_staff_names(loaded: list[demo.DemoAccount]) -> None:
    names = dict(User.objects.values_list("full_name", "full_name_kana"))
    for variant in ["髙橋", "山﨑", "渡邉", "齋藤"]:
        assert any(name.startswith(variant) for name in names), variant
    assert names["齋藤 浩二"] == "さいとう こうじ"
    for kana in names.values():
        assert kana and not any("ァ" <= ch <= "ヶ" for ch in kana)
    doubles = [u for u in User.objects.all() if u.memberships.count() > 1]
    assert len(doubles) >= 3


def test_load_twice_raises(loaded: list[demo.DemoAccount]) -> None:
    with pytest.raises(RuntimeError):
        demo.load_demo()
    assert Municipality.objects.filter(code=demo.DEMO_MUNICIPALITY_CODE).count() == 1


def test_second_municipality_is_separate(city: Municipality) -> None:
    town = Municipality.objects.get(code=demo.SECOND_MUNICIPALITY_CODE)
    assert town.prefecture == city.prefecture
    town_agencies = set(Agency.objects.filter(municipality=town))
    assert 2 <= len(town_agencies) <= 3
    assert town_agencies.isdisjoint(Agency.objects.filter(municipality=city))
    navi = guide(city, topics=list(Topic.objects.all()))
    assert not {m.agency for m in navi.matches} & town_agencies
    staff = User.objects.filter(memberships__agency__municipality=town).distinct()
    assert staff.count() == 1
    assert not Membership.objects.filter(user__in=staff, agency__municipality=city).exists()
