"""Outreach targets tied to the demo's case stories and to a 支援会議 item, dated from them.

- 修 (8050, 上野原): the 民生委員 mentioned the household five months before his mother's 相談受付 at 地域包括わかば.
  The CSW tried for months (不在, 応答なし, メモ投函, a letter), talked with the mother and encouraged her to
  raise it at her 要支援 renewal; the case opened with her consent. Then the visits the case's notes tell of,
  until 修 talked, asked about the clinic, and applied himself: handed over through his own 相談受付.
- 晴山 (8050, 東山): the son of a household whose case opened a few weeks ago; his father refused on the phone.
- 村上 (25歳, 朝日が丘): referred by the 保健センター with his agreement; trust built over walks and a visit to
  ひだまりの家.
- 高森: a man discussed at the 支援会議 (§106-6). The target points at the item; what the CSW writes is their own.
"""

from __future__ import annotations

from kasane.demo.city.data.outreach_shape import (
    THIS_WEEK,
    TODAY,
    At,
    HandOver,
    Identify,
    PlanVisit,
    Script,
    Touch,
    between,
    on,
)
from kasane.outreach.models import Method as H
from kasane.outreach.models import Outcome as O
from kasane.outreach.models import Route, Source, Stage
from kasane.outreach.models import With as W

_RAISED = on("8050.first", -150)
_FIRST = on("8050.first")


def _before_first(fraction: float) -> At:
    return between(_RAISED, _FIRST, fraction)


SUGAWARA = Script(
    key="sugawara",
    label="上野原の80代女性と50代の息子の世帯",
    description=(
        "上野原の平屋。80代の母と50代の息子の二人暮らし。息子は10年以上ほとんど外出していないらしい、と民生委員から。"
        "母は膝が悪く、買い物に苦労している様子。"
    ),
    area="上野原（北部圏域）",
    source=Source.NEIGHBOURS,
    raised_by="上野原地区の民生委員（電話）",
    raised=_RAISED,
    person=("8050", 1),
    steps=(
        Touch(
            _before_first(0.08),
            H.VISIT,
            W.PERSON,
            O.AWAY,
            20,
            "午前に訪問。インターホンを2回鳴らしたが誰も出ない。車庫に車なし。民生委員の話では母は月1回通院しており、"
            "その日だったのかもしれない。",
            "午後の時間帯にもう一度訪ねる",
            7,
            stage=Stage.ATTEMPTING,
        ),
        Touch(
            _before_first(0.2),
            H.VISIT,
            W.PERSON,
            O.NO_ANSWER,
            15,
            "夕方に訪問。奥の部屋からラジオの野球中継が聞こえる。インターホンに応答なし。無理に呼びかけず引き上げた。",
        ),
        Touch(
            _before_first(0.3),
            H.NOTE,
            W.PERSON,
            O.NO_ANSWER,
            10,
            "訪問したが応答がないため、社協の案内と名刺に「お買い物のことなど、困りごとがあればご連絡ください」と"
            "一筆添えて郵便受けに入れた。",
        ),
        Touch(
            _before_first(0.45),
            H.LETTER,
            W.FAMILY,
            O.NO_ANSWER,
            15,
            "母宛てに手紙を郵送。社協の紹介と、生協の宅配・買い物ボランティアの案内を同封した。",
            "手紙が届いたころに訪問",
            14,
        ),
        Touch(
            _before_first(0.62),
            H.VISIT,
            W.FAMILY,
            O.FAMILY_TALKED,
            15,
            "母が玄関に出てきた。手紙は読んだとのこと。息子さんのことを尋ねると「あの子は大丈夫。迷惑はかけていない」と"
            "話を切り上げたが、膝が痛くて買い物がつらいことは話してくれた。玄関先で10分ほど。",
            "買い物の手段を母と一緒に考える。息子さんの話は母のペースで",
            21,
            stage=Stage.FAMILY,
            home="",
        ),
        Touch(
            _before_first(0.8),
            H.PHONE,
            W.FAMILY,
            O.FAMILY_TALKED,
            15,
            "母から電話。「膝が痛くて布団が干せない」。来月、要支援の更新で地域包括わかばが訪問すると聞き、そのときに"
            "息子さんのことも相談してよいと伝えた。母は「話してみようかな」。",
            "母の了解を得て、地域包括わかばに母から相談があるかもしれないと伝える",
            2,
        ),
        Identify(on("8050.opened")),
        Touch(
            on("8050.note:自己紹介の手紙"),
            H.ACCOMPANY,
            W.FAMILY,
            O.FAMILY_TALKED,
            60,
            "地域包括わかばと同行訪問（多機関協働の初回面談）。母は前に会ったときより表情がやわらかい。"
            "息子さんは自室から出てこなかった。息子さん宛ての自己紹介の手紙を母に預けた。",
            "息子さんの部屋の前まで行ってよいか、母を通じて確かめる",
            14,
            home="地域包括支援センターわかば 担当者",
        ),
        Touch(
            on("8050.note:部屋の前で名乗り"),
            H.VISIT,
            W.PERSON,
            O.NO_ANSWER,
            30,
            "息子さんの部屋の前で名乗り、野球の話を少しした。返事はなかったが、ラジオの音が小さくなった。"
            "次も同じ時間に来ると伝えた。",
            "同じ時間に訪問",
            7,
            home="",
            leaves="14:00",
        ),
        Touch(
            between(on("8050.note:部屋の前で名乗り"), on("8050.note:襖を開けて"), 0.5),
            H.VISIT,
            W.PERSON,
            O.NO_ANSWER,
            30,
            "前回と同じ時間に訪問。部屋の前で前の晩の試合の話をした。返事なし。母によると、手紙は部屋に持って入ったとのこと。",
            home="",
            leaves="14:00",
        ),
        Touch(
            on("8050.note:襖を開けて"),
            H.VISIT,
            W.PERSON,
            O.MET,
            30,
            "4回目の訪問。息子さんが襖を開けて顔を見せ、「毎回来なくていい」と一言。顔を合わせたのは初めて。"
            "「また来ます」とだけ伝えた。",
            stage=Stage.PERSON,
            home="",
            leaves="14:00",
        ),
        Touch(
            on("8050.note:玄関まで出てきて"),
            H.VISIT,
            W.PERSON,
            O.TALKED,
            30,
            "息子さんが玄関まで出てきて、10分ほど立ち話。「夜、眠れない」とぽつりと話した。受診の話はせず、"
            "次に来る日だけ約束した。",
            home="",
            leaves="14:00",
        ),
        Touch(
            on("8050.note:病院に行けば"),
            H.VISIT,
            W.PERSON,
            O.TALKED,
            45,
            "息子さんから「眠れないのは病院に行けば何とかなるのか」と質問があった。みどりの森クリニックのことと、"
            "相談支援専門員が一緒に行けることを伝えた。本人は「考える」。",
            stage=Stage.TRUST,
            home="",
            leaves="14:00",
            colleague=True,
        ),
        Touch(
            on("8050.note:初めて居間で面談"),
            H.VISIT,
            W.PERSON,
            O.TALKED,
            50,
            "居間で息子さんと初めて面談（母同席）。本人が多機関協働の利用を申し込み、情報の共有にも書面で同意した。"
            "母のケースの中で、本人の希望を中心にプランを見直していく。",
            home="",
            leaves="14:00",
        ),
        HandOver(on("8050.consent"), Route.COLLABORATION),
    ),
)

HARUYAMA = Script(
    key="haruyama",
    label="東山の40代男性（8050世帯の息子さん）",
    description=(
        "東山の山あいの集落。要介護の父（80代）と母（70代）と暮らす40代の息子さん。20年ほど家から出ていないと、"
        "多機関協働の受付の際に母が話した。母の了解を得て、社協から息子さんに関わる。"
    ),
    area="東山（東部圏域）",
    source=Source.REFERRAL,
    raised_by="地域包括支援センターひがしやま（多機関協働の受付）",
    raised=on("8050_three.opened"),
    person=("8050_three", 2),
    steps=(
        Touch(
            on("8050_three.note:車で40分"),
            H.ACCOMPANY,
            W.FAMILY,
            O.FAMILY_TALKED,
            60,
            "地域包括ひがしやまと同行訪問。母が息子さんのことを少し話してくれた。「昼は起きていて、テレビで相撲を"
            "見ている」。息子さんは奥の部屋にいて出てこなかった。",
            "息子さんの部屋の前で挨拶させてもらう",
            stage=Stage.FAMILY,
            home="地域包括支援センターひがしやま 職員",
        ),
        Touch(
            between(on("8050_three.note:車で40分"), on("today"), 0.4),
            H.VISIT,
            W.PERSON,
            O.NO_ANSWER,
            30,
            "息子さんの部屋の前で名乗った。返事はなかった。母に頼まれて、灯油のポリタンクを物置から運んだ。",
            home="",
            colleague=True,
        ),
        Touch(
            between(on("8050_three.note:車で40分"), on("today"), 0.65),
            H.PHONE,
            W.FAMILY,
            O.REFUSED,
            10,
            "父が電話に出て「息子のことはいい。何度も来なくていい」と強い口調。母とは話せなかった。父の介護の負担が"
            "大きく、苛立っている様子。",
            "地域包括ひがしやまに父の様子を伝え、訪問の間隔を相談する",
            3,
        ),
        Touch(
            between(on("8050_three.note:車で40分"), on("today"), 0.85),
            H.LETTER,
            W.PERSON,
            O.NO_ANSWER,
            15,
            "息子さん宛てに短い手紙を郵送。自己紹介と次に訪ねる日を書き、返事はいらないと添えた。",
            "地域包括ひがしやまの訪問に合わせて訪ね、手紙のことを母に聞く",
            TODAY,
        ),
        PlanVisit("地域包括支援センターひがしやま 職員"),
    ),
)

MURAKAMI = Script(
    key="murakami",
    label="朝日が丘の20代男性（保健センターから）",
    description=(
        "朝日が丘。両親と三人暮らしの20代半ばの男性。大学を中退してから5年ほど自室で過ごしている。母が保健センターの"
        "家族教室に通っており、本人も「会ってもいい」と話しているとのこと。"
    ),
    area="朝日が丘（東部圏域）",
    source=Source.REFERRAL,
    raised_by="かさね市保健センター（家族教室の保健師）",
    raised=on("hikikomori_young.opened"),
    person=("hikikomori_young", 0),
    steps=(
        Touch(
            on("hikikomori_young.note:自室の前の廊下で"),
            H.VISIT,
            W.PERSON,
            O.TALKED,
            40,
            "初めて本人と会った。自室の前の廊下に座り、オンラインゲームの話を中心に30分。「昼に起きるのはきつい」。"
            "次は昼過ぎに来ることにした。",
            "昼過ぎに訪問",
            7,
            stage=Stage.PERSON,
            home="",
            leaves="13:30",
        ),
        Touch(
            between(
                on("hikikomori_young.note:自室の前の廊下で"),
                on("hikikomori_young.note:コンビニまで散歩"),
                0.5,
            ),
            H.MESSAGE,
            W.PERSON,
            O.TALKED,
            5,
            "LINEで次の日時を確認。「木曜の1時なら起きてる」と返信があった。",
        ),
        Touch(
            on("hikikomori_young.note:コンビニまで散歩"),
            H.VISIT,
            W.PERSON,
            O.MET,
            60,
            "本人と近所のコンビニまで歩いた。「昼の光がまぶしい」。帰りは少し早足になった。",
            home="",
            leaves="13:00",
        ),
        Touch(
            on("hikikomori_young.note:ひだまりの家を見学"),
            H.ACCOMPANY,
            W.PERSON,
            O.TALKED,
            90,
            "ひだまりの家の見学に同行。代表とパソコンの話で盛り上がり、帰りの車で「また行ってもいい」と話した。",
            stage=Stage.TRUST,
        ),
        Touch(
            on("hikikomori_young.note:作業を見守り"),
            H.VISIT,
            W.PERSON,
            O.MET,
            30,
            "ひだまりの家で作業中の本人に会った。作ったチラシが商店に貼られたと、少し照れながら話した。",
        ),
        Touch(
            between(on("hikikomori_young.note:作業を見守り"), on("today"), 0.8),
            H.MESSAGE,
            W.PERSON,
            O.TALKED,
            5,
            "LINEで近況を聞いた。「チラシの次はメニュー表を作る」。",
            "ひだまりの家で昼に会う",
            THIS_WEEK,
        ),
    ),
)

TAKAMORI = Script(
    key="takamori",
    label="高森の一人暮らしの男性",
    description="高森の一軒家の男性。まず訪問して顔を覚えてもらうところから始める。",
    area="高森（東部圏域）",
    source=Source.SUPPORT_MEETING,
    raised_by="",
    raised=on("item", 1),
    item=True,
    steps=(
        Touch(
            between(on("item"), on("today"), 0.15),
            H.ACCOMPANY,
            W.PERSON,
            O.NO_ANSWER,
            40,
            "地域包括ひがしやま・民生委員と3人で訪問。呼び鈴に応答はなく、裏手の窓のカーテンが少し動いた。"
            "名刺を置いて引き上げた。",
            "一人で、時間を変えて訪ねる",
            stage=Stage.ATTEMPTING,
            home="地域包括支援センターひがしやま 職員・地区の民生委員",
        ),
        Touch(
            between(on("item"), on("today"), 0.5),
            H.VISIT,
            W.PERSON,
            O.AWAY,
            20,
            "夕方に訪問。車がなく不在。隣の家の方によると、ときどき車で出かけているとのこと。",
            home="",
            leaves="16:30",
        ),
        Touch(
            between(on("item"), on("today"), 0.8),
            H.NOTE,
            W.PERSON,
            O.AWAY,
            10,
            "午前に訪問したが不在。「社協の山﨑です。また寄らせてください」と書いたメモと連絡先を郵便受けに入れた。",
            "民生委員と夕方に訪ねる",
            THIS_WEEK,
        ),
    ),
)

PEOPLE: list[Script] = [SUGAWARA, HARUYAMA, MURAKAMI, TAKAMORI]
