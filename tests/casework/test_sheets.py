"""帳票 of the case journey, built for an 8050 household: 母 高橋 ミツ (82) and 長男 髙橋 一郎 (54)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    CaseStatus,
    Channel,
    Consent,
    ConsentMethod,
    ConsentVariant,
    Consultation,
    DecisionKind,
    Evaluation,
    GoalEvaluation,
    GoalResult,
    Household,
    NoteKind,
    Outcome,
    Person,
    Plan,
    PlanKind,
    PlanRole,
    PlanStatus,
    ProgressNote,
    Relationship,
    Response,
    Sex,
    Situation,
    Topic,
    Urgency,
    Visitor,
)
from kasane.casework.sheets import (
    assessment_sheet,
    consultation_sheet,
    evaluation_sheet,
    plan_sheet,
    progress_sheet,
    sheet_filename,
)
from kasane.lib.dates import TOKYO
from kasane.meetings.models import Decision
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(pdf: bytes) -> str:
    """The text without the line breaks and spaces the layout puts in."""
    return re.sub(r"\s+", "", _text(pdf))


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def journey(world: dict[str, Any]) -> dict[str, Any]:
    """From the mother's first visit to 包括 through consent, assessment, plan and notes to closure."""
    city = world["municipality"]
    north = world["agencies"]["houkatsu_north"]
    shakyo = world["agencies"]["shakyo"]
    division = world["agencies"]["division"]
    lead = world["users"]["coordinator"]
    lead.full_name = "佐藤 真理子"
    lead.save(update_fields=["full_name"])
    own = {"municipality": city, "owner_agency": north}

    household = Household.objects.create(**own, address="テスト市北町二丁目5番8号")
    ichiro = Person.objects.create(
        **own,
        household=household,
        name="髙橋 一郎",
        kana="たかはし いちろう",
        sex=Sex.MALE,
        birth_date=dt.date(1972, 5, 10),
        is_main=True,
        relationship=Relationship.SELF,
    )
    mitsu = Person.objects.create(
        **own,
        household=household,
        name="高橋 ミツ",
        kana="たかはし みつ",
        sex=Sex.FEMALE,
        birth_date=dt.date(1944, 2, 15),
        phone="0197-65-4321",
        relationship=Relationship.PARENT,
    )
    keiko = Person.objects.create(
        **own,
        household=household,
        name="山﨑 惠子",
        kana="やまさき けいこ",
        sex=Sex.FEMALE,
        birth_date=dt.date(1976, 9, 1),
        relationship=Relationship.SIBLING,
        lives_apart=True,
        apart_note="盛岡市在住、月1回程度来訪",
    )
    first = Consultation.objects.create(
        **own,
        person=ichiro,
        household=household,
        received_at=_at(2026, 6, 2, 10, 30),
        channel=Channel.VISIT,
        visitor=Visitor.FAMILY,
        visitor_relation="母",
        visitor_name="高橋 ミツ",
        visitor_contact="0197-65-4321",
        topics=[Topic.WITHDRAWAL, Topic.CARE, Topic.INCOME, Topic.COMMUNITY],
        main_topic=Topic.WITHDRAWAL,
        situations=[Situation.S8050, Situation.ISOLATION],
        complaint=(
            "長男（54歳）が20年以上仕事をせず、ほとんど自室で過ごしている。母の介護保険の認定調査の際も"
            "顔を見せなかった。年金だけでは二人分の生活費が足りなくなってきた。自分が亡くなった後の"
            "息子の暮らしが心配。"
        ),
        wishes="（本人には未確認）母は、息子が誰かと話せるようになってほしいと希望。",
        response=Response.CONTINUE,
        response_note="母の介護サービス利用を通じて世帯との関わりを続ける。支援会議での情報共有を検討する。",
        consent_variant=ConsentVariant.WITHOUT,
        recorded_by_name="北村 さくら",
    )
    consent = Consent.objects.create(
        municipality=city,
        person=ichiro,
        owner_agency=shakyo,
        covers_collaboration=True,
        covers_meeting=True,
        purpose="世帯の生活の立て直しと、本人の社会参加に向けた支援のため",
        obtained_on=dt.date(2026, 9, 15),
        method=ConsentMethod.WRITTEN,
        obtained_by=lead,
        obtained_by_name="佐藤 真理子",
    )
    consent.shared_agencies.set([north, division])
    second = Consultation.objects.create(
        municipality=city,
        owner_agency=shakyo,
        person=ichiro,
        household=household,
        received_at=_at(2026, 9, 15, 14, 0),
        channel=Channel.HOME_VISIT,
        visitor=Visitor.SELF,
        topics=[Topic.WITHDRAWAL, Topic.INCOME, Topic.JOB_SEARCH, Topic.CARE, Topic.HEALTH],
        main_topic=Topic.INCOME,
        situations=[Situation.S8050, Situation.ISOLATION, Situation.MENTAL],
        complaint=(
            "母が倒れたら生活していけない。働かなければと思うが、人と会うのが怖く、外に出られない。"
            "眠れない日が続いている。"
        ),
        wishes="いきなり働くのは無理だが、家の外に出る用事がほしい。母の介護で自分にできることはしたい。",
        response=Response.COLLABORATION,
        response_note="本人の同意を得て多機関協働の利用を申し込み。アセスメントを進める。",
        consent_variant=ConsentVariant.WITH,
        consent=consent,
        recorded_by_name="佐藤 真理子",
    )
    case = Case.objects.create(
        municipality=city,
        owner_agency=shakyo,
        household=household,
        person=ichiro,
        consent=consent,
        consultation=second,
        status=CaseStatus.CLOSED,
        title="8050・長期ひきこもり",
        opened_on=dt.date(2026, 9, 15),
        closed_on=dt.date(2027, 7, 7),
        closure_reason="本人が週2回の居場所に通い続けており、母の介護サービスも安定したため。",
        lead_user=lead,
    )
    assessment = Assessment.objects.create(
        case=case,
        version=2,
        assessed_on=dt.date(2026, 10, 1),
        household_situation=(
            "母（82歳、要介護1）と長男（54歳）の二人暮らし。収入は母の年金のみ。"
            "長男は30代前半に退職して以降、ほぼ外出していない。妹は盛岡市在住で月1回程度来訪。"
        ),
        household_issues="母の介護と生活費の不足が重なっている。母が入院した場合、長男の生活が成り立たない。",
        strengths="母子の関係は良好。妹が協力的。長男は料理が得意で、母の食事を用意している。",
        person_words="「人と会うのは怖いけど、このままではいけないと思っている」",
        urgency=Urgency.MEDIUM,
        risks="母の体調急変。長男の不眠が続いており、精神的な不調の可能性。",
        author_name="佐藤 真理子",
    )
    for person, situation, issues in (
        (ichiro, "約20年間ひきこもり。夜間に近所のコンビニへ出かけることはある。", "不眠。収入がない。"),
        (mitsu, "要介護1。デイサービス週2回。膝の痛みで外出が減っている。", "自身の亡き後の長男の生活。"),
        (keiko, "盛岡市在住。月1回程度来訪し、通院に付き添う。", "遠方のため日常の支援は難しい。"),
    ):
        AssessmentMember.objects.create(
            assessment=assessment, person=person, situation=situation, issues=issues
        )
    first_plan = Plan.objects.create(
        case=case,
        version=1,
        status=PlanStatus.REVISION,
        long_term_goal="母と安心して暮らし続けたい。",
        short_term_goals="週に1回は家の外に出る。",
        author_name="佐藤 真理子",
    )
    plan = Plan.objects.create(
        case=case,
        kind=PlanKind.COLLABORATION,
        version=2,
        previous=first_plan,
        status=PlanStatus.ACTIVE,
        long_term_goal="母と安心して暮らし続けながら、自分の役割や居場所を持ちたい。",
        short_term_goals=(
            "① 週に1回、社協の居場所に顔を出す。\n② 眠れないことを医師に相談する。\n"
            "③ 生活費の見通しを立てる。"
        ),
        next_review_on=dt.date(2027, 1, 20),
        person_agreed=True,
        person_agreed_on=dt.date(2026, 10, 20),
        person_comment="居場所には最初は佐藤さんと一緒に行きたい。",
        author_name="佐藤 真理子",
    )
    roles = [
        (
            shakyo,
            "佐藤 真理子",
            "全体の調整。月2回の訪問で本人と母の話を聞き、居場所の見学に同行する。",
            "月2回",
        ),
        (north, "北村 さくら", "母の介護サービスの調整と見守り。母の体調の変化を社協へ連絡する。", "随時"),
        (division, "田中 健太", "生活費の相談、各種減免・給付の案内。", "必要時"),
    ]
    for agency, who, actions, frequency in roles:
        PlanRole.objects.create(
            plan=plan,
            agency=agency,
            who=who,
            actions=actions,
            frequency=frequency,
            until=dt.date(2027, 3, 31),
        )
    Decision.objects.create(
        case=case,
        plan=first_plan,
        kind=DecisionKind.PLAN_APPROVAL,
        decided_on=dt.date(2026, 10, 14),
        attendees="社協、北部地域包括支援センター、地域福祉課",
        outcome=Outcome.REVISE,
        notes="本人の言葉で目標を書き直すこと。",
        recorded_by_name="佐藤 真理子",
    )
    Decision.objects.create(
        case=case,
        plan=plan,
        kind=DecisionKind.PLAN_APPROVAL,
        decided_on=dt.date(2026, 10, 28),
        attendees="社協、北部地域包括支援センター、地域福祉課",
        outcome=Outcome.APPROVED,
        notes="本人の意向に沿った目標であり、役割分担も適切。居場所は社協の「ほっとサロン北町」から始める。",
        recorded_by_name="佐藤 真理子",
    )
    Decision.objects.create(
        case=case,
        kind=DecisionKind.CLOSURE,
        decided_on=dt.date(2027, 7, 7),
        attendees="社協、北部地域包括支援センター、地域福祉課",
        outcome=Outcome.CLOSE,
        notes="居場所への参加が定着し、母の介護サービスも安定。見守りを続けることを条件に終結とする。",
        recorded_by_name="佐藤 真理子",
    )
    evaluation = Evaluation.objects.create(
        case=case,
        evaluated_on=dt.date(2027, 6, 30),
        goal_result=GoalResult.PARTLY,
        reasons=(
            "居場所には週1回通えるようになり、短期目標①は達成。不眠は通院につながり改善傾向（②達成）。"
            "就労は本人の希望で次の段階とし、③は家計の見直しまでにとどまる。"
        ),
        person_view="サロンで話せる人ができた。働くことはまだ怖いが、少しずつ考えたい。",
        keep_watching=True,
        watch_note="社協CSWが月1回電話。包括が母の介護サービスを通じて見守る。",
        author_name="佐藤 真理子",
    )
    return {
        "household": household,
        "ichiro": ichiro,
        "mitsu": mitsu,
        "keiko": keiko,
        "first": first,
        "second": second,
        "consent": consent,
        "case": case,
        "assessment": assessment,
        "plan": plan,
        "evaluation": evaluation,
        "agencies": world["agencies"],
    }


def _add_notes(journey: dict[str, Any], count: int, *, start: dt.date = dt.date(2026, 9, 15)) -> None:
    texts = [
        "自宅を訪問。本人は居間に出てきて、母と三人で20分ほど話す。眠れない日が続いていると話す。",
        "母より電話。本人が昨日、一人で近所のスーパーへ行ったとのこと。",
        (
            "居場所「ほっとサロン北町」の見学に同行。最初は入口で立ち止まったが、スタッフの声かけで中に入り、"
            "15分ほど将棋を見ていた。帰り道に「また来てもいい」と話す。次回は一人で行けるか本人と相談し、"
            "来週は現地で待ち合わせることにした。サロンのスタッフには本人の了解を得て、人の多い時間を避けて"
            "ほしいことを伝えた。"
        )
        * 2,
        "北部包括の北村さんと情報共有。母のデイサービス利用は安定。膝の痛みで受診予定。",
    ]
    kinds = [NoteKind.HOME_VISIT, NoteKind.PHONE, NoteKind.ACCOMPANY, NoteKind.MEETING]
    agencies = [journey["agencies"]["shakyo"], journey["agencies"]["houkatsu_north"]]
    ProgressNote.objects.bulk_create(
        ProgressNote(
            case=journey["case"],
            agency=agencies[i % 2],
            kind=kinds[i % 4],
            on=start + dt.timedelta(days=7 * i),
            minutes=(30, 10, 90, None)[i % 4],
            text=texts[i % 4],
            author_name=("佐藤 真理子", "北村 さくら")[i % 2],
        )
        for i in range(count)
    )


def _all_sheets(journey: dict[str, Any]) -> dict[str, bytes]:
    case = journey["case"]
    return {
        "consultation-with": consultation_sheet(journey["second"], today=TODAY),
        "consultation-without": consultation_sheet(journey["first"], today=TODAY),
        "assessment": assessment_sheet(journey["assessment"], today=TODAY),
        "plan": plan_sheet(journey["plan"], today=TODAY),
        "evaluation": evaluation_sheet(journey["evaluation"], today=TODAY),
        "progress": progress_sheet(case, case.notes.all(), today=TODAY),
    }


def test_every_sheet_is_marked_and_embeds_the_font(journey: dict[str, Any]) -> None:
    _add_notes(journey, 3)
    for name, pdf in _all_sheets(journey).items():
        assert pdf.startswith(b"%PDF"), name
        assert b"FontFile2" in pdf and b"IPAexGothic" in pdf, name
        text = _flat(pdf)
        assert "取扱注意（個人情報）" in text, name
        assert "テスト市" in text and "作成日：令和8年11月23日" in text, name


def test_consultation_sheet_with_consent(journey: dict[str, Any]) -> None:
    pdf = consultation_sheet(journey["second"], today=TODAY)
    text = _flat(pdf)
    assert "相談受付・申込票（同意あり）" in text
    assert "髙橋一郎" in text and "たかはしいちろう" in text and "高橋一郎" not in text
    assert "昭和47年5月10日生（54歳）" in text
    assert "令和8年9月15日（火）14:00" in text
    assert "◎収入・生活費" in text and "○ひきこもり・不登校" in text and "○仕事探し" in text
    assert "◎ひきこもり" not in text
    # Topics not chosen are still printed, without a mark.
    assert "債務" in text and "○債務" not in text
    assert "■8050" in text and "□ダブルケア" in text and "■精神疾患の疑い" in text
    # 相談方法 is how the person got in touch; the ※ went to 把握ルート, who brought them (reporting.py).
    assert "※相談内容" in text and "※把握ルート" in text and "※は国への報告対象項目" in text
    assert "相談方法" in text and "※相談方法" not in text and "相談経路" not in text
    assert "■訪問" in text and "□来所" in text
    assert "■多機関協働の利用申込み" in text and "■重層的支援会議での検討" in text
    assert re.search(
        "情報共有：(北部地域包括支援センター、地域福祉課|地域福祉課、北部地域包括支援センター)", text
    )
    assert "令和8年9月15日" in text and "書面" in text and "本人署名" in text and "代筆者" in text
    assert "本人の同意は得ていません" not in text
    # A票 on the first page, B票「ご本人について」 on the second.
    assert _page_count(pdf) == 2


def test_sheet_prints_gaiji_and_says_what_it_could_not(journey: dict[str, Any]) -> None:
    """𠮷 (Extension B) and 塚 (U+FA10) in a name, an emoji and a legacy 外字 code (U+E000) in the complaint,
    with characters that look like markup: printed from the fallback fonts, the 外字 as 〓 with a note, the
    record itself unchanged."""
    ichiro = journey["ichiro"]
    ichiro.name = "\U00020bb7野 \ufa10子"
    ichiro.save(update_fields=["name"])
    consultation = journey["second"]
    consultation.complaint = "母の<b>通帳</b>&印鑑が見当たらない\U0001f622 \ue000田さんに相談"
    consultation.save(update_fields=["complaint"])
    text = _flat(consultation_sheet(consultation, today=TODAY))
    assert "\U00020bb7野\ufa10子" in text
    assert "母の<b>通帳</b>&印鑑が見当たらない\U0001f622〓田さんに相談" in text
    assert "この文書の「〓」は、PDFの書体に字形がないため表示できなかった文字です（U+E000）" in text
    consultation.refresh_from_db()
    assert "\ue000田" in consultation.complaint


def test_consultation_sheet_without_consent(journey: dict[str, Any]) -> None:
    pdf = consultation_sheet(journey["first"], today=TODAY)
    text = _flat(pdf)
    assert "相談受付票（同意なし）" in text and "申込票" not in text
    assert "家族（高橋ミツ）" in text and "母0197-65-4321" in text
    assert "◎ひきこもり・不登校" in text and "○介護" in text and "○地域との関係" in text
    assert "令和8年6月2日（火）10:30" in text and "北部地域包括支援センター" in text
    assert "本人の同意は得ていません" in text and "受付機関（北部地域包括支援センター）内でのみ保管" in text
    assert "本人署名" not in text and "多機関協働の利用申込み" not in text
    # A票 on the first page, B票「ご本人について」 on the second.
    assert _page_count(pdf) == 2


def test_assessment_sheet(journey: dict[str, Any]) -> None:
    pdf = assessment_sheet(journey["assessment"], today=TODAY)
    text = _flat(pdf)
    assert "インテーク・アセスメントシート" in text
    assert "髙橋一郎" in text and "高橋ミツ" in text and "山﨑惠子" in text
    assert "82歳" in text and "54歳" in text and "別居（盛岡市在住、月1回程度来訪）" in text
    assert "令和8年10月1日" in text and "第2版" in text
    assert "母の介護と生活費の不足が重なっている" in text and "母子の関係は良好" in text
    assert "■中" in text and "□高（早急な対応が必要）" in text
    assert "約20年間ひきこもり" in text and "要介護1。デイサービス週2回" in text


def test_plan_sheet(journey: dict[str, Any]) -> None:
    pdf = plan_sheet(journey["plan"], today=TODAY)
    text = _flat(pdf)
    assert "プラン兼事業等利用申込書" in text
    assert "髙橋一郎" in text and "■多機関協働" in text and "第2版（前版：第1版）" in text
    assert "自分の役割や居場所を持ちたい" in text and "①週に1回、社協の居場所に顔を出す。" in text
    assert "テスト市社会福祉協議会" in text and "月2回" in text and "令和9年3月31日まで" in text
    assert "生活費の相談、各種減免・給付の案内。" in text
    assert "令和9年1月20日" in text  # 次回見直し日
    assert "令和8年10月28日" in text and "承認" in text
    assert "■同意する（令和8年10月20日）" in text and "本人署名" in text
    # Decisions on the first version are not this version's.
    assert "本人の言葉で目標を書き直すこと" not in text


def test_evaluation_sheet(journey: dict[str, Any]) -> None:
    pdf = evaluation_sheet(journey["evaluation"], today=TODAY)
    text = _flat(pdf)
    assert "評価シート" in text and "髙橋一郎" in text
    assert "多機関協働プラン第2版" in text and "自分の役割や居場所を持ちたい" in text
    assert "■一部達成" in text and "□達成" in text
    assert "サロンで話せる人ができた" in text
    assert "■続ける" in text and "社協CSWが月1回電話" in text
    assert "令和9年7月7日" in text and "■終結" in text and "見守りを続けることを条件に終結とする" in text


def test_progress_sheet_runs_over_pages(journey: dict[str, Any]) -> None:
    _add_notes(journey, 24)
    case = journey["case"]
    # A case conference summary longer than a page breaks inside its row instead of failing.
    ProgressNote.objects.create(
        case=case,
        agency=journey["agencies"]["shakyo"],
        kind=NoteKind.MEETING,
        on=dt.date(2027, 3, 10),
        minutes=120,
        text="".join(
            f"{i}. 出席者から世帯の近況と今後の役割分担について報告があった。\n" for i in range(1, 81)
        ),
        author_name="佐藤 真理子",
    )
    pdf = progress_sheet(case, case.notes.all(), today=TODAY)
    pages = _page_count(pdf)
    assert pages >= 2
    text = _flat(pdf)
    assert "支援経過記録" in text and "髙橋一郎" in text
    assert "令和8年9月15日" in text and "令和9年2月23日" in text
    assert "訪問" in text and "同行" in text and "90分" in text
    assert "北部地域包括支援センター北村さくら" in text
    assert "1.出席者から" in text and "80.出席者から" in text and "120分" in text and "（続き）" in text
    # The long note is printed whole, and every page has its footer.
    assert text.count("ほしいことを伝えた。") == 6 * 2
    assert text.count(f"/{pages}") >= pages
    # Oldest first.
    assert text.index("令和8年9月15日") < text.index("令和9年2月23日")


def test_progress_sheet_refuses_notes_of_another_case(journey: dict[str, Any]) -> None:
    _add_notes(journey, 1)
    other = Case.objects.get(pk=journey["case"].pk)
    other.pk = None
    other.status = CaseStatus.SUPPORT
    other.save()
    with pytest.raises(ValueError):
        progress_sheet(other, list(journey["case"].notes.all()), today=TODAY)


def test_sheet_filenames(journey: dict[str, Any]) -> None:
    """The number printed on the sheet, then the record's date: one record's files sit together, in order."""
    case = journey["case"]
    first = journey["first"]
    assert sheet_filename("consultation", first) == f"相談受付票_R8-{first.pk:04d}_2026-06-02.pdf"
    second = journey["second"]
    assert sheet_filename("consultation", second) == f"相談受付・申込票_R8-{second.pk:04d}_2026-09-15.pdf"
    assert (
        sheet_filename("assessment", journey["assessment"])
        == f"アセスメントシート_R8-{case.pk:04d}_2026-10-01.pdf"
    )
    # Evaluated in 令和9年度, the case keeps the number of the 年度 it was received in.
    assert (
        sheet_filename("evaluation", journey["evaluation"]) == f"評価シート_R8-{case.pk:04d}_2027-06-30.pdf"
    )
    assert sheet_filename("plan", journey["plan"]).startswith("プラン兼事業等利用申込書_")
    assert sheet_filename("progress", case).startswith("支援経過記録_")
    with pytest.raises(ValueError):
        sheet_filename("minutes", case)


def test_queries_do_not_grow(journey: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    """The number of queries is pinned per sheet, and stays the same with more roles, members and notes."""
    case, plan = journey["case"], journey["plan"]
    # The 申込票 reads the household's other members for its 家族 block (3 and 2, were 2 and 1).
    # The evaluation reads its judged goals in one query of their own (4, was 3 before goals were judged one by one).
    # The plan reads the agencies its case's consent names in one query more (4, was 3): 情報共有への同意.
    # The assessment reads the case's team (現在関わっている機関) and the agencies its consent names (5, was 3).
    budget = {"consultation-with": 3, "consultation-without": 2, "assessment": 5, "plan": 4, "evaluation": 4}

    def build_all() -> None:
        for name, build in (
            ("consultation-with", lambda: consultation_sheet(journey["second"], today=TODAY)),
            ("consultation-without", lambda: consultation_sheet(journey["first"], today=TODAY)),
            ("assessment", lambda: assessment_sheet(journey["assessment"], today=TODAY)),
            ("plan", lambda: plan_sheet(plan, today=TODAY)),
            ("evaluation", lambda: evaluation_sheet(journey["evaluation"], today=TODAY)),
        ):
            with django_assert_max_num_queries(budget[name]):
                build()
        # The notes' own query, the case and the agencies.
        with django_assert_max_num_queries(3):
            progress_sheet(case, case.notes.all(), today=TODAY)
        notes = list(case.notes.all())
        with django_assert_max_num_queries(2):
            progress_sheet(case, notes, today=TODAY)

    _add_notes(journey, 2)
    build_all()
    _add_notes(journey, 30, start=dt.date(2027, 3, 1))
    for i in range(8):
        PlanRole.objects.create(
            plan=plan, agency=journey["agencies"]["houkatsu_south"], who=f"担当{i}", actions="見守り"
        )
        Person.objects.create(
            municipality=case.municipality,
            owner_agency=journey["agencies"]["houkatsu_north"],
            household=journey["household"],
            name=f"髙橋 孫{i}",
            relationship=Relationship.GRANDCHILD,
            lives_apart=True,
        )
    build_all()


def test_sheets_render_to_png(journey: dict[str, Any], tmp_path: Path) -> None:
    """Render page 1 of every sheet so a person can look at it (tests/artifacts/sheet-*.png)."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    _add_notes(journey, 12)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, pdf in _all_sheets(journey).items():
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(pdf)
        target = ARTIFACTS / f"sheet-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(target)], check=True)
        assert target.with_suffix(".png").stat().st_size > 10_000, name


def test_evaluation_sheet_judges_each_goal(journey: dict[str, Any]) -> None:
    """The 評価シート lists each 短期目標 with its own 達成状況 and reason; the number is R8-…, never #."""
    evaluation = journey["evaluation"]
    Evaluation.objects.filter(pk=evaluation.pk).update(plan=journey["plan"])
    for n, (goal, result, comment) in enumerate(
        [
            ("週に1回、社協の居場所に顔を出す。", GoalResult.MET, ""),
            ("夜は眠れるようにする。", GoalResult.MET, "通院につながり、改善傾向。"),
            ("家計を見直し、働くことを考える。", GoalResult.NOT_MET, "就労は本人の希望で次の段階とした。"),
        ],
        start=1,
    ):
        GoalEvaluation.objects.create(
            evaluation=evaluation, position=n, goal=goal, result=result, comment=comment
        )
    pdf = evaluation_sheet(evaluation, today=TODAY)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "sheet_evaluation_goals.pdf").write_bytes(pdf)
    text = _flat(pdf)
    case = journey["case"]
    assert "短期目標ごとの評価" in text and "就労は本人の希望で次の段階とした。" in text
    assert "■未達成" in text and "■一部達成" in text  # the goals, then the case's result derived from them
    assert f"ケース番号R8-{case.pk:04d}" in text and "#" not in text
