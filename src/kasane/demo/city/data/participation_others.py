"""参加支援 for three more people of the case stories, whose 参加支援 plans the 重層的支援会議 approved.

- 山﨑 (56, 若年性認知症): a 認知症カフェ he did not want to sit in as a guest, then a 子ども食堂's kitchen; the
  follow-up is overdue.
- 今野 (DV避難): begun from the つなぎ, tied to her case; a nursing home seen, a day centre proposed; nothing
  about her address or family goes to a host.
- 照井 (81): 百歳体操 seen and given up (knees), the 北田 salon settled, and the 参加支援 ended.
"""

from __future__ import annotations

from kasane.demo.city.data.outreach_shape import between, on
from kasane.demo.city.data.participation_shape import (
    Agree,
    Contact,
    End,
    Link,
    Move,
    Needs,
    Propose,
    Review,
    Script,
    Tell,
    Visit,
)
from kasane.participation.models import HostNoteKind as N
from kasane.participation.models import Stage as S
from kasane.resources.models import Category as C

ALL = ("name", "kana", "age", "wishes", "strengths", "limits", "days", "contact")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")

_Y = "young_dementia.approved"
_Y_TRIAL = on(_Y, 21)

YAMAZAKI = Script(
    key="yamazaki",
    story="young_dementia",
    started=on(_Y, -9),
    steps=(
        Needs(
            on(_Y, -7),
            wishes="「まだ働ける。料理なら人の役に立てるかもしれない」",
            strengths="料理が得意で、休職前から家族の夕食を作っていた。穏やかで人当たりがよい。",
            time="平日の日中から夕方。妻が仕事の日は一人で過ごしている。",
            travel_note="運転はやめた。歩いて行ける範囲か、バス。",
            health="若年性アルツハイマー型認知症。新しい道順を覚えるのが難しい。手順は紙に書いてあれば分かる。",
            words="家にいると、自分が何もできなくなった気がする",
            interests=(C.DEMENTIA_CAFE, C.KODOMO_SHOKUDO, C.VOLUNTEER),
            days=WEEKDAYS,
            hours="10:00-19:30",
            area="北部圏域",
        ),
        Propose(
            on(_Y, 1),
            "orange_wakaba",
            "若年性認知症の方も参加している認知症カフェ。北上野から歩いて通える。",
        ),
        Contact(on(_Y, 1), "orange_wakaba", "生活相談員 太田", "0197-62-4410"),
        Move(
            on(_Y, 6),
            "orange_wakaba",
            S.VISIT,
            "妻と参加支援担当が同行して見学。同年代の参加者と少し話した。",
        ),
        Move(
            on(_Y, 8),
            "orange_wakaba",
            S.ENDED,
            "本人が「お客さんとして座っているのは落ち着かない。作る側にいたい」と話し、カフェへの参加は見送る。"
            "生活相談員には、子ども食堂を検討していることを伝えてお礼を言った。",
        ),
        Propose(
            on(_Y, 8),
            "wakaba_kodomo",
            "料理が得意で「作る側」を希望。週1回の夕方で、調理担当のボランティアが4〜5人いる。",
        ),
        Contact(on(_Y, 8), "wakaba_kodomo", "代表 阿部 昌子", "080-3316-7742", every=10),
        Agree(on(_Y, 13), "wakaba_kodomo", ALL),
        Move(
            on(_Y, 14),
            "wakaba_kodomo",
            S.VISIT,
            "参加支援担当と見学。調理室で野菜を切るところを見せてもらい、本人もじゃがいもの皮むきを手伝った。",
        ),
        Tell(
            on(_Y, 14),
            "wakaba_kodomo",
            N.TASKS,
            "調理の工程から、野菜の下ごしらえ（洗う・皮をむく・切る）を本人の担当として切り出した。手順はカードにして"
            "調理台に置く。",
        ),
        Move(_Y_TRIAL, "wakaba_kodomo", S.TRIAL, "毎週水曜の夕方、下ごしらえを担当して体験を開始した。"),
        Tell(
            _Y_TRIAL,
            "wakaba_kodomo",
            N.RELATING,
            "道に迷わないよう、若葉台会館までの道順を写真つきのカードにした。到着したら代表が妻にメールで知らせる。",
        ),
        Visit(
            between(_Y_TRIAL, on("today"), 0.4),
            "wakaba_kodomo",
            "子ども食堂を訪問。本人は皮むきが早く、子どもたちに「カレーのおじさん」と呼ばれている。代表からは、"
            "片付けの順番で戸惑うことがあるとの話。次は片付けの手順カードを一緒に作る。",
            next=on("today", -3),
        ),
        Tell(
            between(_Y_TRIAL, on("today"), 0.6),
            "wakaba_kodomo",
            N.PROBLEM,
            "代表から電話。本人が同じ野菜を二度切ろうとすることがあった。本人を責めず、終わった作業にチェックを入れる表を"
            "使うことにした。",
        ),
    ),
)

_D = "dv_mother.approved"

KONNO = Script(
    key="konno",
    story="dv_mother",
    via_referral=True,
    started=on(_D, -6),
    steps=(
        Link(on(_D, -5)),
        Needs(
            on(_D, 3),
            wishes="「介護の仕事に戻りたい。まずは体を慣らしたい」",
            strengths="介護職として6年働いた（ヘルパー2級）。子どもの送り迎えの段取りを自分でつけられる。",
            time="子どもの登校・登園のあと、9時から14時まで。",
            travel_note="自転車。",
            people="男性の大きな声が苦手になった。住所や家族のことは受け入れ先に伝えないでほしい。",
            health="眠れない日がある。",
            words="働けば、自分が自分に戻れる気がする",
            interests=(C.WORK_EXPERIENCE,),
            days=WEEKDAYS,
            hours="09:00-14:00",
        ),
        Propose(
            on("today", -25),
            "seseragi_work",
            "介護の経験を生かせる。午前中の3時間で、子どもの登校後に通える。",
        ),
        Contact(on("today", -25), "seseragi_work", "施設長 伊藤 直美", "0197-63-5210"),
        Agree(on("today", -18), "seseragi_work", ("name", "age", "wishes", "strengths", "days", "contact")),
        Tell(
            on("today", -18),
            "seseragi_work",
            N.RELATING,
            "本人の住所と家族のことは受け入れ先に伝えていない。問い合わせがあっても答えず、参加支援担当に回してもらう"
            "ことを施設長と確認した。行事の写真に本人が写らないよう配慮してもらう。",
        ),
        Move(
            on("today", -14),
            "seseragi_work",
            S.VISIT,
            "施設を見学。配膳と話し相手の様子を見て「懐かしい」と本人。体験の開始は、子どもの学校行事が終わってから"
            "にしたいとのこと。",
        ),
        Propose(
            on("today", -6),
            "aoba_day",
            "デイサービスで、特養より短い時間から始められる。本人が比べて選べるよう、もう1か所提案した。",
        ),
    ),
)

_T = "financial_abuse.approved"

TERUI = Script(
    key="terui",
    story="financial_abuse",
    started=on(_T, -10),
    steps=(
        Needs(
            on(_T, -8),
            wishes="「一人でいると、息子のことばかり考えてしまう。人と話したい」",
            strengths="編み物が得意。民生委員と親しい。",
            time="午前中。",
            travel_note="歩いて10分まで。",
            health="膝が痛む。正座はできない。",
            words="息子のことは話したくない。でも誰かとお茶は飲みたい",
            interests=(C.SALON, C.KAYOI),
            days=("MO", "WE", "TH"),
            hours="10:00-12:00",
            area="北部圏域",
            load="light",
        ),
        Propose(on(_T, 1), "kitada_exercise", "自宅から歩いて5分の集会所。民生委員も参加している。"),
        Move(on(_T, 5), "kitada_exercise", S.VISIT, "民生委員と見学。体操の間、椅子に座って見ていた。"),
        Move(
            on(_T, 7),
            "kitada_exercise",
            S.ENDED,
            "見学の翌日から膝が痛み、体操は続けられそうにないと本人。座って参加できる同じ集会所のサロンに切り替える。",
        ),
        Propose(on(_T, 7), "kitada_salon", "同じ集会所で、座って参加できる。編み物をする参加者が多い。"),
        Contact(on(_T, 7), "kitada_salon", "世話役 高田 幸子（民生委員）", "0197-62-3318", every=30),
        Agree(on(_T, 12), "kitada_salon", ("name", "age", "days", "contact"), method="oral"),
        Tell(
            on(_T, 12),
            "kitada_salon",
            N.RELATING,
            "息子の話題は本人から出るまで触れない。お金の貸し借りの話が出たら、参加支援担当に連絡してもらう。",
        ),
        Move(on(_T, 14), "kitada_salon", S.VISIT, "世話役と見学。編み物の話で隣の席の人と話がはずんだ。"),
        Move(on(_T, 21), "kitada_salon", S.TRIAL, "毎週水曜のサロンに参加し始めた。"),
        Visit(
            on(_T, 51),
            "kitada_salon",
            "サロンで本人と世話役に会った。休まず参加しており、編み物を教える側になっている。",
        ),
        Move(on(_T, 63), "kitada_salon", S.SETTLED, "2か月、ほぼ毎週参加している。"),
        Review(
            on(_T, 84),
            attendance="毎週水曜のサロンに参加（3か月で休んだのは2回）。",
            words="水曜日が楽しみになった。編み物を教えてって言われるの",
            changes="民生委員によると表情が明るくなった。サロンの仲間と買い物に行く日もある。",
        ),
        Move(
            on(_T, 90),
            "kitada_salon",
            S.ENDED,
            "サロンへの参加が定着し、世話役と民生委員が見守る体制ができたため、受け入れの支援を終える。",
        ),
        Visit(
            on(_T, 91),
            "kitada_salon",
            "世話役を訪ね、参加支援の終了を伝えてお礼を言った。今後は民生委員とサロンの世話役が見守り、気になることが"
            "あれば社協に連絡をもらう。",
        ),
        End(
            on(_T, 92),
            "settled",
            "北田ふれあいサロンへの参加が定着した。多機関協働のケースでは、日常生活自立支援事業による金銭管理の支援を続ける。",
        ),
    ),
)

SCRIPTS: list[Script] = [YAMAZAKI, KONNO, TERUI]
