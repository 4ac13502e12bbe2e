"""参加支援 for three people of the case stories who had kept to their rooms, from their 多機関協働 cases.

- 村上 (25, ひきこもり): a farm's 就労体験 that did not get past its first week (mornings), then a nursery's
  afternoons with two people, where he settled.
- 修 (8050): ひだまりの家's field, seen with the 参加支援 worker; nothing further yet.
- 小笠原 (18): begun before the meeting's decision (the drawing group could not wait), now in 体験.
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
    Urgent,
    Visit,
    Withdraw,
)
from kasane.participation.models import HostNoteKind as N
from kasane.participation.models import Stage as S
from kasane.resources.models import Category as C

ALL = ("name", "kana", "age", "wishes", "strengths", "limits", "days", "contact")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")

_M = "hikikomori_young.approved"  # a Wednesday: the sitting
_M_SETTLING = on(_M, 28)  # his first afternoon at the nursery

MURAKAMI = Script(
    key="murakami",
    story="hikikomori_young",
    started=on(_M, -12),
    steps=(
        Needs(
            on(_M, -10),
            wishes="「自分で稼いだお金でパソコンを買いたい。体を動かす仕事もやってみたい」",
            strengths="パソコンに詳しく、ひだまりの家のチラシ作りを最後までやりきった。黙々とした作業が苦にならない。",
            time="夜型。「朝も頑張れば起きられる」と本人。",
            travel_note="自転車で20分くらいまで。混んだバスは苦手。",
            people="初めての人が大勢いる場所は苦手。少人数なら話せる。",
            words="働くってどういうことか、一度やってみないと分からない",
            interests=(C.FARM, C.WORK_EXPERIENCE),
            days=("TU", "TH"),
            hours="07:30-12:00",
            area="東部圏域",
            load="heavy",
        ),
        Propose(
            on(_M, 1),
            "midori_farm",
            "本人が「体を動かす仕事」を希望。朝日が丘から自転車で通える。黙々とできる作業が多く、受け入れ経験もある。",
        ),
        Contact(on(_M, 1), "midori_farm", "園主 大和田 茂", "090-2741-3386", every=7),
        Move(
            on(_M, 6),
            "midori_farm",
            S.VISIT,
            "参加支援担当が同行して見学。出荷場でキャベツの箱詰めを見せてもらい、本人も少しやってみた。"
            "「思ったより静か」。",
        ),
        Agree(on(_M, 6), "midori_farm", ("name", "kana", "age", "wishes", "days", "contact")),
        Tell(
            on(_M, 8),
            "midori_farm",
            N.TASKS,
            "初めの2週間は朝の収穫には入らず、8時からの出荷場での箱詰めを担当してもらう。作業は園主の奥さんが"
            "一つずつ見本を見せる。",
        ),
        Move(
            on(_M, 13),
            "midori_farm",
            S.TRIAL,
            "火・木の週2回で体験を開始。初日は8時に到着し、箱詰めを3時間。「疲れたけど、面白かった」。",
        ),
        Tell(
            on(_M, 15),
            "midori_farm",
            N.PROBLEM,
            "2日目（木曜）は集合時刻に来ず、連絡もなかった。園主から参加支援担当に電話。本人に確認すると、前の晩に"
            "眠れず朝起きられなかったとのこと。休むときは参加支援担当にメールし、担当から農園に伝えることにした。",
        ),
        Move(
            on(_M, 16),
            "midori_farm",
            S.SUSPENDED,
            "体験を始めた週のうちに、本人から「朝はやっぱり無理。みんなの迷惑になるのがつらい」とメールがあり、"
            "体験を中断する。時間帯を含めて受け入れ先を考え直す。園主は「また来たくなったらいつでも」。",
        ),
        Visit(
            on(_M, 19),
            "midori_farm",
            "園主を訪ね、中断の経緯を説明してお礼を伝えた。園主から「箱詰めは丁寧だった」との話があり、本人に伝えると"
            "少しほっとした様子だった。",
        ),
        Withdraw(on(_M, 19), "midori_farm"),
        Needs(
            on(_M, 21),
            wishes="「午後なら行ける。人が少なくて、自分のペースでできる仕事がいい」",
            strengths="作業が丁寧（農園の園主の評価）。パソコンで表やチラシを作れる。",
            time="朝は起きられない日が多い。午後1時以降なら確実に動ける。",
            travel_note="自転車で20分くらいまで。",
            people="知らない人が大勢いるのは無理。2〜3人なら大丈夫。",
            words="農園の人は優しかった。自分がだめだっただけ。でも、土をさわる仕事は嫌いじゃなかった",
            interests=(C.FARM, C.WORK_EXPERIENCE),
            days=("MO", "WE", "FR"),
            hours="13:00-17:00",
            area="東部圏域",
            quiet=True,
        ),
        Propose(
            on(_M, 22),
            "takamori_nursery",
            "午後の作業で、園主夫婦と本人の3人だけ。ポット上げなど座ってできる作業が中心。朝日が丘から自転車で15分。"
            "土をさわる仕事は続けたいという本人の希望に合う。",
        ),
        Contact(on(_M, 22), "takamori_nursery", "園主 小原 ひろみ", "090-6158-2904"),
        Move(
            on(_M, 26),
            "takamori_nursery",
            S.VISIT,
            "ハウスで苗のポット上げを見学し、その場で30分ほどやってみた。本人「これならできそう」。園主は本人の"
            "ペースに合わせると話した。",
        ),
        Agree(on(_M, 26), "takamori_nursery", ALL),
        Tell(
            on(_M, 26),
            "takamori_nursery",
            N.RELATING,
            "前の受け入れ先で朝がつらかったことを、本人の了解を得て伝えた。指示は一度に一つにし、作業の手順は紙に"
            "書いてハウスに貼る。休むときは本人から園主に直接メールする（本人の希望）。",
        ),
        Move(
            _M_SETTLING,
            "takamori_nursery",
            S.TRIAL,
            "月・水・金の午後1時〜4時で体験を開始。初日は10分前に到着した。",
        ),
        Tell(
            on(_M, 30),
            "takamori_nursery",
            N.TASKS,
            "ポット上げに加えて、水やり当番表と出荷ラベルをパソコンで作る仕事を本人に任せることになった（園主の提案）。",
        ),
        Visit(
            between(_M_SETTLING, on("today"), 0.45),
            "takamori_nursery",
            "ハウスで作業中の本人と園主に会った。休んだのは1回だけで、そのときは本人から園主にメールがあったとのこと。"
            "園主「ラベルがきれいになって、直売所で褒められた」。",
        ),
        Move(
            between(_M_SETTLING, on("today"), 0.75),
            "takamori_nursery",
            S.SETTLED,
            "週3回の午後の作業が続いている。園主から、春の繁忙期も来てほしいとの話があった。",
        ),
        Review(
            between(_M_SETTLING, on("today"), 0.85),
            attendance="月・水・金の午後1時〜4時。体験を始めてから休んだのは1回（本人から園主に連絡あり）。",
            words="苗は黙って世話をすればいいから楽。最初の農園のことは、今は笑って話せる",
            changes="昼に起きる生活が続いている。園主夫婦と冗談を言い合うようになった。パソコンを買うための貯金の話を自分からするようになった。",
        ),
        Visit(
            between(_M_SETTLING, on("today"), 0.9),
            "takamori_nursery",
            "本人と面談。「春になったら朝の出荷も手伝ってみたい」と話した。無理をしない範囲で、園主と相談することにした。",
            next=on("today", 5),
        ),
    ),
)

_O = "8050.approved"

OSAMU = Script(
    key="osamu",
    story="8050",
    member=1,
    started=on(_O, -7),
    steps=(
        Needs(
            on(_O, -5),
            wishes="「人の少ない時間なら、外で何か手伝ってもいい。畑仕事なら昔、親父の手伝いでやっていた」",
            strengths="製材所で18年働き、道具や機械の扱いに慣れている。車の運転ができる。野球の話なら人と話せる。",
            time="夜は眠れるようになってきたが、朝はまだ遅い。10時以降がいい。",
            travel_note="自分の車で行ける（母の通院で運転している）。",
            people="大勢の中は無理。知っている人が一人いれば。",
            health="うつ病で通院中（月1回）。疲れると眠れなくなる。",
            words="いきなり毎日は無理。週1回からなら",
            interests=(C.FARM, C.VOLUNTEER),
            days=("TU", "FR"),
            hours="10:00-12:00",
            area="北部圏域",
            travel="car",
            quiet=True,
        ),
        Propose(
            on(_O, 1),
            "hidamari_field",
            "本人が畑作業に関心。上野原から車で10分。利用者の少ない午前中の作業で、代表とは見学の前に電話で話している。",
        ),
        Contact(on(_O, 1), "hidamari_field", "代表 藤原 恵", "0197-62-9030", every=14),
        Agree(on(_O, 6), "hidamari_field", ("name", "age", "wishes", "days", "contact"), method="oral"),
        Move(
            on("8050.note:ひだまりの家を見学"),
            "hidamari_field",
            S.VISIT,
            "参加支援担当と見学。畑の野菜の育ち具合を代表と話し込み、「人が少ない午前中なら」。体験の開始日は、"
            "次の通院のあとに本人が決める。",
        ),
        Tell(
            on("8050.note:ひだまりの家を見学"),
            "hidamari_field",
            N.RELATING,
            "本人は初めての人と話すのに時間がかかる。作業中は無理に話しかけず、休憩のお茶のときだけ声をかけてもらう。"
            "野球の話題なら話しやすい。",
        ),
    ),
)

_K = "teen_dropout.opened"

OGASAWARA = Script(
    key="ogasawara",
    story="teen_dropout",
    started=on(_K, 3),
    steps=(
        Needs(
            on(_K, 5),
            wishes="「絵を描くことなら、人と一緒でもできるかもしれない」",
            strengths="イラストが得意で、描いた絵をSNSに載せている。母との関係は良い。",
            time="夜型。午後なら出られる。",
            travel_note="バスは乗れる。混んでいる時間は避けたい。",
            people="同年代の集団が怖い。大人の方が話しやすい。",
            health="夜中に泣いてしまうことがある（受診はしていない）。",
            words="何かしたい。でも失敗したら、もう外に出られなくなりそう",
            interests=(C.SPORTS, C.IBASHO),
            days=("TH",),
            hours="13:00-17:00",
            area="南部圏域",
            travel="public",
            load="light",
            quiet=True,
        ),
        Urgent(
            on(_K, 8),
            "本人が「絵の会なら行ってみたい」と自分から話した。夜中に泣くことが続き、母も疲れている。プランを諮る"
            "重層的支援会議まで待つと、本人の気持ちが途切れるおそれがあるため、会議の決定前に絵の会の見学から始める。"
            "プランは次の重層的支援会議に提出する。",
        ),
        Propose(
            on(_K, 8),
            "hidamari_art",
            "絵を描く活動で、参加者は大人中心の5〜6人。話さずに描いているだけでもよい。",
        ),
        Contact(on(_K, 8), "hidamari_art", "講師 菅野 かおり", "0197-62-9030"),
        Agree(on(_K, 10), "hidamari_art", ("name", "kana", "age", "days", "contact")),
        Move(
            on(_K, 14),
            "hidamari_art",
            S.VISIT,
            "母と参加支援担当が同行。本人は隅の席で1時間ほど鉛筆でスケッチした。帰りのバスで「また来てもいい」。",
        ),
        Move(on("today", -10), "hidamari_art", S.TRIAL, "毎週木曜の絵の会に一人でバスで通い始めた。"),
        Tell(
            on("today", -10),
            "hidamari_art",
            N.RELATING,
            "本人は話しかけられると固まってしまう。描いている間は声をかけず、帰りに「また来週」とだけ伝えてもらう。",
        ),
    ),
)

SCRIPTS: list[Script] = [MURAKAMI, OSAMU, OGASAWARA]
