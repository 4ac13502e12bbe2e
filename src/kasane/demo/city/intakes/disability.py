"""障がい: the 相談支援事業所 and the 基幹相談支援センター."""

from __future__ import annotations

from kasane.demo.city.intakes.shape import M_, F, Intake, member

INTAKES: list[Intake] = [
    Intake(
        key="after_school",
        agencies=("shogai_ayumi",),
        weight=5,
        members=(member("self", M_, 17, 18, absolute=True), member("parent", F, 38, 48)),
        topics=("job_search", "health"),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=(
            "特別支援学校高等部3年の本人（{a0}歳・療育手帳B）と母が来所。卒業後の進路を決めかねている。"
            "一般就労は難しいと学校から言われた。",
        ),
        wishes=("本人「パンを作る仕事がしたい」。母は、毎日通える場所があれば安心とのこと。",),
        response="continue",
        note=(
            "パン工房のある就労継続支援B型事業所の見学を2か所調整。サービス等利用計画の作成を当事業所で担当する。",
        ),
        follow="事業所の実習を終えた本人と母が来所。本人「また行きたい」。",
        follow_note="4月からの利用に向けて障害福祉サービスの支給申請を支援した。",
    ),
    Intake(
        key="intractable",
        agencies=("shogai_kawara",),
        weight=4,
        members=(member("self", F, 48, 66, absolute=True), member("spouse", M_, -2, 5)),
        topics=("health", "care", "housing"),
        visitor="family",
        visitor_member=1,
        visitor_relation="夫",
        channels=("phone",),
        complaint=(
            "夫から電話。妻（本人・{a0}歳）はパーキンソン病で、この半年で転ぶことが増えた。"
            "日中は夫が仕事で不在になり、ひとりでトイレに行くのが心配。",
        ),
        wishes=("本人は「できるだけ自分の足で歩きたい」。夫は仕事を辞めずに続けたい。",),
        response="continue",
        note=(
            "訪問して住環境を確認。手すりの設置と福祉用具の利用、居宅介護の時間数について支給申請を支援する。",
        ),
    ),
    Intake(
        key="mental_discharge",
        agencies=("shogai_midori",),
        weight=4,
        members=(member("self", M_, 38, 56, absolute=True),),
        topics=("health", "housing"),
        situations=("mental",),
        channels=("phone",),
        visitor="agency",
        visitor_name="県立病院 精神科 精神保健福祉士",
        complaint=(
            "県立病院の精神保健福祉士から電話。統合失調症で入院中の本人（{a0}歳）が退院を控えている。"
            "入院前のアパートは退去しており、退院後の住まいが決まっていない。",
        ),
        wishes=("本人「もう病院はいい。ひとりで静かに暮らしたい」。",),
        response="continue",
        note=("病院で本人と面談。グループホームの空き状況を確認し、地域移行支援の利用を検討する。",),
        follow="グループホームの体験利用を終えた本人と面談。「思ったより気楽だった」。",
        follow_note="体験利用の結果を病院と共有。来月の退院に合わせて本入居の手続きを進める。",
    ),
    Intake(
        key="developmental_child",
        agencies=("shogai_komorebi",),
        weight=5,
        members=(member("self", M_, 7, 12, absolute=True), member("parent", F, 27, 38)),
        topics=("childcare", "health"),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=(
            "母が来所。本人（{a0}歳・小学生）はADHDの診断を受けている。学校で友達とのトラブルが続き、"
            "放課後に過ごす場所がない。",
        ),
        wishes=("母「家でも叱ってばかりで、自分が嫌になる」。放課後等デイサービスを使いたい。",),
        response="continue",
        note=(
            "放課後等デイサービス2か所の見学を調整。障害児支援利用計画の作成を担当する。ペアレントトレーニングも案内した。",
        ),
    ),
    Intake(
        key="untreated",
        agencies=("kikan",),
        weight=4,
        members=(member("self", F, 30, 46, absolute=True), member("parent", F, 24, 32, "市内北田に住む母")),
        topics=("health", "family"),
        situations=("mental", "isolation"),
        channels=("phone",),
        visitor="family",
        visitor_member=1,
        visitor_relation="母（別居）",
        complaint=(
            "別居の母から電話。本人（{a0}歳・ひとり暮らし）が半年前に仕事を辞めてから、「隣の部屋から悪口が聞こえる」と"
            "言うようになった。受診はしていない。",
        ),
        wishes=("母は受診させたいが、本人は「病気ではない」と怒る。どう声をかけたらよいか知りたい。",),
        response="refer",
        note=("本人の同意（母を通じて確認）を得て、保健センターの地区担当保健師の訪問をつないだ。",),
        refer_to="kenko",
        referral_message=(
            "未受診で幻聴が疑われる方です。母が受診を勧めると本人が怒るため、保健師から本人に会っていただけないでしょうか。"
            "母は訪問の同席を希望しています。"
        ),
        decline=(
            "確認したところ、本人はみどりの森クリニックに以前通院しており、主治医が決まっていました。"
            "クリニックの医療相談室から本人に連絡していただくのがよいと考えます。クリニックへおつなぎください。"
        ),
        resend_to="clinic",
        resend_message=(
            "保健センターから、以前こちらに通院されていたと伺いました。未受診のまま幻聴が疑われる状態が続いています。"
            "医療相談室から本人に連絡していただけないでしょうか。母が付き添いを希望しています。"
        ),
    ),
    Intake(
        key="techo",
        agencies=("shogai_fukushi",),
        weight=4,
        members=(member("self", M_, 24, 42, absolute=True),),
        topics=("health", "income"),
        situations=("mental",),
        complaint=("本人来庁。うつ病で休職中（{a0}歳）。通院費の負担が重く、障害者手帳の取得も考えている。",),
        wishes=("「いつかは仕事に戻りたい。今はまず治療に専念したい」。",),
        response="advice",
        note=("自立支援医療（精神通院）と精神障害者保健福祉手帳の申請手続きを説明。診断書の様式を渡した。",),
    ),
    Intake(
        key="want_work_mental",
        agencies=("shogai_midori", "kikan"),
        weight=3,
        members=(member("self", F, 28, 45, absolute=True), member("parent", F, 24, 32)),
        topics=("job_search", "health"),
        situations=("mental",),
        complaint=(
            "本人来所（{a0}歳・双極性障害で通院中）。体調が安定してきたので働きたいが、長く続いたことがない。",
        ),
        wishes=("「週3日くらいから、人と話さない仕事がしたい」。",),
        response="continue",
        note=("就労移行支援事業所の情報提供。主治医の意見を確認したうえで見学に同行する。",),
    ),
]
