"""参加支援 settled at a 認知症カフェ and a cat shelter, and three still waiting for the 重層的支援会議.

- 千田 (79, 認知症, the father of the ダブルケア household): the 城南 dementia café, paused by a stay in hospital,
  settled; his follow-up is overdue.
- 鷹觜 (多頭飼育の夫婦): the husband settled at the cat shelter; his wife asked to go somewhere too, and the salon
  of 石田 is proposed.
- Waiting for the meeting's decision (no placement may be made): a carer whose household the 社協 accepted by
  つなぎ, 齋藤 (planning his case), and the younger brother of the young carer (the case waits for its sitting).
"""

from __future__ import annotations

from kasane.demo.city.data.outreach_shape import between, on
from kasane.demo.city.data.participation_shape import (
    Agree,
    Contact,
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

_C = "double_care.approved"  # a Wednesday; the café meets on Thursdays

CHIDA = Script(
    key="chida",
    story="double_care",
    member=4,
    started=on(_C, -10),
    steps=(
        Needs(
            on(_C, -8),
            wishes="「誰かと話していたい。大工をしていた頃は、毎日職人仲間としゃべっていた」",
            strengths="大工をしていた頃の話をすると表情が明るい。将棋が好きで強い（娘の話）。",
            time="デイサービスのない日（月・水・木）。夕方は不安が強くなるので、午後の早い時間。",
            travel_note="歩くと15分。道に迷うことがあるので、送迎があると安心（娘）。",
            health="アルツハイマー型認知症（要介護1）。服薬は訪問看護で確認している。",
            words="デイは年寄りばっかりだ。わしはまだ若い",
            interests=(C.DEMENTIA_CAFE, C.SALON),
            days=("MO", "WE", "TH"),
            hours="13:00-16:00",
            area="南部圏域",
            travel="needs_lift",
            load="light",
        ),
        Propose(
            on(_C, 1),
            "seseragi_cafe",
            "城南で送迎がある。将棋盤があり、地域の男性の参加者もいる。デイサービスとは別の「行きたい場所」になればと娘も希望。",
        ),
        Contact(on(_C, 1), "seseragi_cafe", "地域交流担当 遠藤 みゆき", "0197-63-5211", every=30),
        Agree(on(_C, 6), "seseragi_cafe", ("name", "age", "limits", "contact"), method="oral"),
        Move(on(_C, 8), "seseragi_cafe", S.VISIT, "娘と見学。本人は将棋を2局指し、「また来る」。"),
        Move(on(_C, 22), "seseragi_cafe", S.TRIAL, "第2・第4木曜のカフェに、送迎つきで参加を始めた。"),
        Tell(
            on(_C, 22),
            "seseragi_cafe",
            N.RELATING,
            "本人は大工をしていた頃の話になると生き生きする。帰る時間が近づくと不安になるので、送迎車が来る15分前に"
            "声をかけてもらう。",
        ),
        Move(
            on(_C, 29),
            "seseragi_cafe",
            S.SUSPENDED,
            "風邪をこじらせて8日間入院した。退院後の体調をみて再開する（娘と相談）。",
        ),
        Move(on(_C, 43), "seseragi_cafe", S.TRIAL, "退院後、主治医の了解を得てカフェへの参加を再開した。"),
        Visit(
            on(_C, 50),
            "seseragi_cafe",
            "カフェで本人と担当者に会った。入院前と変わらず将棋を楽しんでいる。送迎車の中で歌を歌っているとのこと。",
        ),
        Move(
            on(_C, 64),
            "seseragi_cafe",
            S.SETTLED,
            "再開後、毎回参加している。本人を将棋の相手に待っている人がいる。",
        ),
        Agree(on(_C, 64), "seseragi_cafe", ("name", "kana", "age", "strengths", "limits", "days", "contact")),
        Review(
            on(_C, 70),
            attendance="第2・第4木曜のカフェに毎回参加（入院の間を除く）。送迎つき。",
            words="将棋の相手がいるから行く。負けたら悔しいから、また行く",
            changes="夕方に娘へかける電話が週5回ほどから週2回ほどに減った（娘の話）。カフェの日は夜よく眠れている。",
        ),
        Visit(
            between(on(_C, 70), on("today"), 0.3),
            "seseragi_cafe",
            "カフェで本人と担当者に会った。将棋仲間と笑っていた。次は来月のカフェの日に訪ねる。",
            next=on("today", -8),
        ),
    ),
)

_P = "pets_poverty.approved"  # a Wednesday; the shelter is open Monday, Wednesday and Friday mornings

TAKANOHASHI = Script(
    key="takanohashi",
    story="pets_poverty",
    started=on(_P, -8),
    steps=(
        Needs(
            on(_P, -6),
            wishes="「猫の世話なら誰にも負けない。猫のことで役に立てるなら」",
            strengths="猫の世話が丁寧。20匹の名前と性格を全部覚えている。",
            time="午前中。",
            travel_note="自転車で東町まで行ける。",
            people="近所の人には顔向けできない気持ちがある。",
            health="高血圧で通院中。",
            words="みんなに迷惑をかけた。でも猫を大事にする気持ちは分かってほしい",
            interests=(C.VOLUNTEER,),
            days=("MO", "WE", "FR"),
            hours="09:00-12:00",
            area="東部圏域",
            load="light",
        ),
        Propose(
            on(_P, 2),
            "nekonote_care",
            "猫の世話の経験を生かせる。保護猫の譲渡に関わることで、自宅の猫の譲渡にも前向きになれるかもしれない。",
        ),
        Contact(on(_P, 2), "nekonote_care", "代表 村井 早苗", "090-4418-2257", every=21),
        Agree(on(_P, 5), "nekonote_care", ("name", "age", "strengths", "days", "contact")),
        Move(on(_P, 5), "nekonote_care", S.VISIT, "シェルターを見学。子猫のミルクの話で代表と盛り上がった。"),
        Move(on(_P, 12), "nekonote_care", S.TRIAL, "月・水・金の午前にお世話の体験を始めた。"),
        Tell(
            on(_P, 12),
            "nekonote_care",
            N.TASKS,
            "給餌、トイレ掃除、健康チェック表の記入を担当。譲渡会の日は、受付の横で猫の性格を説明する役をお願いした。",
        ),
        Visit(
            on(_P, 33),
            "nekonote_care",
            "シェルターで本人と代表に会った。本人の健康チェック表は細かく、獣医師にも褒められたとのこと。",
        ),
        Move(
            on(_P, 42),
            "nekonote_care",
            S.SETTLED,
            "週3回の参加が1か月続いた。自宅の猫のうち3匹を、ねこのての譲渡会に出すことを本人が決めた。",
        ),
        Review(
            on(_P, 47),
            attendance="月・水・金の午前、ほぼ毎回参加。月1回の譲渡会にも参加。",
            words="うちの子をもらってくれる人の顔を見たら、安心した",
            changes="自宅の猫が20匹から12匹になった。近所の人に譲渡会の話をするようになった。",
        ),
        Visit(on(_P, 54), "nekonote_care", "譲渡会で本人に会った。来場者に猫の性格を説明していた。"),
        Visit(
            on("today", -20),
            "nekonote_care",
            "シェルターを訪問。代表から、本人が新しいボランティアに掃除の手順を教えているとの話。次は3週間後に訪ねる。",
            next=on("today", 1),
        ),
    ),
)

TAKANOHASHI_WIFE = Script(
    key="takanohashi_wife",
    story="pets_poverty",
    member=1,
    started=on("today", -28),
    steps=(
        Needs(
            on("today", -26),
            wishes="「夫ばかり出かけてずるい。私も誰かとおしゃべりしたい」",
            strengths="漬物づくりが得意。",
            time="水曜の午後。",
            travel_note="歩いて5分の集会所なら行ける。",
            people="近所の人にどう思われているか気になる。",
            words="猫のことで、近所の人に合わせる顔がない",
            interests=(C.SALON,),
            days=("WE",),
            hours="13:00-16:00",
            area="東部圏域",
            load="light",
        ),
        Propose(
            on("today", -12),
            "ishida_salon",
            "自宅から歩いて5分の集会所。世話役の民生委員が「猫のことは気にせず来てほしい」と話している。漬物の品評会がある。",
        ),
    ),
)

CARER = Script(
    key="carer",
    story="hub:caregiver_tired",
    started=on("hub:caregiver_tired.accepted", 2),
    steps=(
        Needs(
            on("hub:caregiver_tired.accepted", 6),
            wishes="「前みたいに、友だちとお茶を飲みに行きたい。夫のことを忘れる時間が少しほしい」",
            strengths="手芸が得意で、以前は公民館の手芸サークルに通っていた。",
            time="夫がデイサービスに行っている日の日中。",
            travel_note="歩いて行ける範囲。",
            health="腰痛で整形外科に通院中。長く立っているのはつらい。",
            words="介護のことを誰にも話せていなかった",
            interests=(C.SALON, C.SPORTS),
            days=("TU", "FR"),
            hours="10:00-15:00",
            load="light",
        ),
    ),
)

_S = "poverty_disability.planning"

SAITO = Script(
    key="saito",
    story="poverty_disability",
    started=on(_S, 1),
    steps=(
        Needs(
            between(on(_S, 1), on("today"), 0.5),
            wishes="「焦らずに働き始めたい。パソコンを使う作業なら得意かもしれない」",
            strengths="パソコンが得意（ゲームの攻略サイトを作っていた）。体力がある。道を覚えるのが早い。",
            time="午前9時から。スマートフォンのアラームがあれば起きられる。",
            travel_note="自転車。駅前から30分くらいまで。",
            people="一度にたくさん指示されると混乱する。怒鳴られるのが怖い。",
            health="発達の評価を受けている途中（みどりの森クリニック）。",
            words="怒られるのが怖くて、分からないことを聞けなかった。今度は聞ける場所で練習したい",
            interests=(C.WORK_EXPERIENCE, C.BUSINESS),
            days=("MO", "TU", "WE", "TH", "FR"),
            hours="09:00-16:00",
            area="中央圏域",
        ),
    ),
)

_R = "young_carer.planning"

REN = Script(
    key="ren",
    story="young_carer",
    member=2,
    started=on(_R, 2),
    steps=(
        Needs(
            on(_R, 4),
            wishes="「宿題を見てもらえるなら行ってもいい。ゲームの話ができる人がいたらいい」",
            strengths="算数が得意。妹の面倒をよくみる。",
            time="放課後（4時から）。",
            travel_note="ひだまりの家まではバス。姉が付き添えない日がある。",
            people="知らない大人の前では少し緊張する。",
            words="お姉ちゃんが自分の勉強をできるようにしたい",
            interests=(C.LEARNING, C.IBASHO),
            days=("TU", "TH"),
            hours="16:00-18:00",
            area="東部圏域",
            travel="public",
            load="light",
        ),
    ),
)

SCRIPTS: list[Script] = [CHIDA, TAKANOHASHI, TAKANOHASHI_WIFE, CARER, SAITO, REN]
