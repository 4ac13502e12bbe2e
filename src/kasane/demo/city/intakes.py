"""Everyday consultations for the demo: what one agency hears and mostly handles on its own.

Each template is a kind of household an agency meets every month. The loader draws households from them by
weight, so most of かさね市's ~300 households have one or two consultations at one agency; some are
referred on (つなぎ) and the referral is then taken through its states. Texts are written the way staff
write a 相談受付票: short, factual, in the third person, with the person's own words in 「」.
Ages in the texts are filled in from the generated household: {a0} is the main person, {a1} the next.
"""

from __future__ import annotations

from dataclasses import dataclass

F, M_ = "female", "male"


@dataclass(frozen=True)
class Member:
    rel: str
    sex: str
    lo: int
    hi: int
    relative: bool = True  # age = the main person's age + lo..hi (the main person's own range is absolute)
    apart: str = ""


@dataclass(frozen=True)
class Intake:
    key: str
    agencies: tuple[str, ...]  # agency keys; "houkatsu" is the 地域包括 of the household's area
    weight: int
    members: tuple[Member, ...]
    topics: tuple[str, ...]  # the first is the most pressing (◎)
    complaint: tuple[str, ...]  # variants
    wishes: tuple[str, ...]
    response: str
    note: tuple[str, ...]
    situations: tuple[str, ...] = ()
    channels: tuple[str, ...] = ("visit",)
    visitor: str = "self"
    visitor_member: int | None = None
    visitor_relation: str = ""
    visitor_name: str = ""
    household: str = ""
    refer_to: str = ""
    referral_message: str = ""
    basis: str = "consent"
    basis_note: str = ""
    decline: str = ""
    resend_to: str = ""  # after a 辞退, the sender tries this agency instead …
    resend_message: str = ""  # … with this message
    follow: str = ""  # a later consultation at the same agency: what was heard
    follow_note: str = ""
    area: str = ""  # only households in this 圏域


def _m(rel: str, sex: str, lo: int, hi: int, apart: str = "", *, absolute: bool = False) -> Member:
    return Member(rel, sex, lo, hi, relative=not absolute, apart=apart)


ALONE_OLD_F = (_m("self", F, 78, 92, absolute=True),)

INTAKES: list[Intake] = [
    # ── 地域包括支援センター ──────────────────────────────────────────────
    Intake(
        key="forgetful_alone",
        agencies=("houkatsu",),
        weight=14,
        members=(_m("self", F, 78, 92, absolute=True), _m("child", F, -36, -26, "盛岡市に住む長女")),
        topics=("care", "health"),
        situations=("isolation",),
        channels=("phone",),
        visitor="family",
        visitor_member=1,
        visitor_relation="長女（別居）",
        complaint=(
            "盛岡市に住む長女から電話。本人（{a0}歳）はひとり暮らし。最近、電話で同じ話を何度も繰り返し、"
            "鍋を焦がしたことが2回あったと近所の方から聞いた。介護保険は申請していない。",
            "長女から電話。お盆に帰省したところ、冷蔵庫に同じ食品がいくつも入っていて、賞味期限切れのものが多かった。"
            "通院の日を忘れて受診できていないこともあるらしい。本人（{a0}歳）はひとり暮らし。",
        ),
        wishes=(
            "本人は「まだ自分でできる」と話しているとのこと。長女は、できるだけ今の家で暮らせるようにしてほしいと希望。",
            "長女は仕事があり頻繁には帰れない。本人が嫌がらない形で、誰かに様子を見てもらえると安心とのこと。",
        ),
        response="continue",
        note=(
            "長女の帰省に合わせて自宅訪問することにした。もの忘れ外来の受診と要介護認定の申請を提案する予定。",
            "来週訪問し、本人の生活の様子を確認する。地区の民生委員にも見守りを依頼する予定（本人・長女了承済み）。",
        ),
        follow="自宅訪問。長女同席。本人は「年だから物忘れはある」と笑っていたが、もの忘れ外来の受診には同意。",
        follow_note="要介護認定を代行申請。受診日には長女が付き添う。配食サービスの利用も検討中。",
    ),
    Intake(
        key="caregiver_tired",
        agencies=("houkatsu",),
        weight=10,
        members=(_m("self", F, 72, 86, absolute=True), _m("spouse", M_, 1, 6)),
        topics=("care", "health"),
        complaint=(
            "夫（{a1}歳）が脳梗塞の後遺症で右半身にまひがあり、トイレの介助で夜も何度も起きている。"
            "自分も腰を痛めて整形外科に通っている。",
            "夫（{a1}歳）の認知症が進み、夕方になると「家に帰る」と外に出ようとする。目が離せず、買い物にも行けない。",
        ),
        wishes=(
            "夫は家にいたいと言うので、できるだけ家でみたい。せめて夜だけでも眠りたい。",
            "施設はまだ考えていない。少しの時間でも夫を預けられるところがあれば助かる。",
        ),
        response="continue",
        note=(
            "夫は要介護2。担当ケアマネジャーと連絡を取り、ショートステイの利用と夜間の排せつの方法を調整することにした。",
            "担当ケアマネジャーにデイサービスの回数を増やせないか相談。認知症カフェも案内した。",
        ),
        follow="電話。ショートステイを初めて使い、「久しぶりにゆっくり眠れた」と本人。",
        follow_note="月1回のショートステイを継続。介護者のつどいの日程を案内した。",
    ),
    Intake(
        key="discharge",
        agencies=("houkatsu",),
        weight=7,
        members=(_m("self", M_, 75, 89, absolute=True), _m("spouse", F, -6, 0)),
        topics=("health", "care", "housing"),
        channels=("phone",),
        visitor="agency",
        visitor_name="清和会病院 医療相談室（医療ソーシャルワーカー）",
        complaint=(
            "清和会病院の医療相談室から電話。大腿骨骨折で入院中の本人（{a0}歳）が来月退院予定。"
            "妻と二人暮らしで、自宅の玄関と浴室に段差が多い。",
        ),
        wishes=("本人は「早く家に帰って畑を見たい」と話している。妻は介護に不安がある。",),
        response="continue",
        note=("退院前カンファレンスに参加予定。要介護認定の申請と住宅改修（手すり）の手続きを案内した。",),
        follow="退院前カンファレンスに参加。歩行器で屋内は歩ける。妻は「思ったより歩けていて安心した」。",
        follow_note="居宅介護支援事業所を紹介し、ケアマネジャーが決まった。住宅改修は退院前に完了予定。",
    ),
    Intake(
        key="newspapers",
        agencies=("houkatsu",),
        weight=7,
        members=(_m("self", M_, 70, 86, absolute=True),),
        topics=("health", "community"),
        situations=("isolation",),
        channels=("phone",),
        visitor="neighbour",
        visitor_name="近所に住む方（名前は伏せてほしいとのこと）",
        complaint=(
            "近所の方から「新聞が3日分たまっている。声をかけても返事がない」と電話。"
            "本人（{a0}歳）はひとり暮らしで、妻を3年前に亡くしている。",
        ),
        wishes=("（訪問時）「心配かけて悪かった。風邪で寝ていただけだ」。人の世話にはなりたくない様子。",),
        response="continue",
        note=(
            "当日訪問し安否を確認。脱水気味だったため経口補水液を渡し、かかりつけ医の受診を勧めた。"
            "地区の民生委員と見守りの方法を相談する。",
        ),
        follow="民生委員と一緒に訪問。食事はスーパーの総菜が中心。町内会の老人クラブには顔を出していない。",
        follow_note="配食サービス（週3回）の利用を本人が了承。配達時の声かけで見守りを兼ねる。",
    ),
    Intake(
        key="insurance_application",
        agencies=("houkatsu",),
        weight=9,
        members=(_m("self", F, 78, 90, absolute=True), _m("child", F, -32, -24)),
        topics=("care",),
        visitor="family",
        visitor_member=1,
        visitor_relation="長女（同居）",
        complaint=(
            "同居の長女が来所。母（本人・{a0}歳）が最近足腰が弱り、一人で買い物に行けなくなった。"
            "デイサービスを使わせたいが、何から手続きすればよいか分からない。",
        ),
        wishes=("母には日中、人と話す機会を持ってほしい。自分はパートの仕事を続けたい。",),
        response="advice",
        note=(
            "要介護認定の申請方法と、結果が出るまでの流れを説明。申請書の記入を手伝い、"
            "長寿介護課へ提出できるよう案内した。主治医意見書のため、かかりつけ医を確認した。",
        ),
    ),
    Intake(
        key="money_lost",
        agencies=("houkatsu",),
        weight=5,
        members=ALONE_OLD_F,
        topics=("income", "care"),
        situations=("isolation",),
        channels=("phone", "home_visit"),
        visitor="minsei",
        visitor_name="地区担当の民生委員",
        complaint=(
            "民生委員から。本人（{a0}歳・ひとり暮らし）が「通帳がなくなった。誰かに盗られた」と何度も訴えている。"
            "年金の引き出しも自分でできていないようだ。",
        ),
        wishes=("本人は「人に通帳は預けたくない」。民生委員は、お金のことで被害に遭わないか心配している。",),
        response="continue",
        note=(
            "訪問し、通帳は押し入れの中から見つかった。社協の日常生活自立支援事業（金銭管理）の説明をしたが、"
            "本人はまだ迷っている。親族（甥）への連絡を検討する。",
        ),
    ),
    Intake(
        key="elder_abuse",
        agencies=("houkatsu",),
        weight=4,
        members=(_m("self", F, 80, 90, absolute=True), _m("child", M_, -34, -28)),
        topics=("abuse", "family", "care"),
        situations=("8050",),
        channels=("phone",),
        visitor="agency",
        visitor_name="通所介護事業所 生活相談員",
        complaint=(
            "デイサービスの生活相談員から電話。本人（{a0}歳）の腕に複数のあざがあり、"
            "「息子に怒鳴られる。言うことを聞かないと押される」と話した。同居の長男（{a1}歳）は無職。",
        ),
        wishes=("本人は「息子が悪いわけではない。大ごとにしないでほしい」と話している。",),
        response="refer",
        note=("高齢者虐待の疑いとして長寿介護課に通報。事実確認の訪問に同行する。",),
        refer_to="choju",
        basis="law_other",
        basis_note="高齢者虐待防止法第7条に基づく通報",
        referral_message=(
            "デイサービスからの情報で、同居の長男による身体的虐待が疑われます。本人は大ごとにしたくないと話しています。"
            "事実確認の訪問を一緒に行わせてください。"
        ),
        decline="",
    ),
    Intake(
        key="no_meals",
        agencies=("houkatsu",),
        weight=5,
        members=(_m("self", M_, 66, 79, absolute=True),),
        topics=("food", "income", "health"),
        situations=("isolation",),
        channels=("home_visit",),
        visitor="minsei",
        visitor_name="地区担当の民生委員",
        complaint=(
            "民生委員と訪問。本人（{a0}歳・ひとり暮らし）は年金が少なく、月末になると1日1食にしている。"
            "体重が減ってきている。国民健康保険税の滞納もあるらしい。",
        ),
        wishes=("「贅沢は言わないが、腹いっぱい食べたい」。役所に行くのは気が引けるとのこと。",),
        response="refer",
        note=("家計の相談と滞納の整理のため、本人の同意を得てくらし・しごと相談センターへつないだ。",),
        refer_to="jiritsu",
        referral_message=(
            "年金収入のみのひとり暮らしの方で、月末に食費が尽きています。税の滞納もあるようです。"
            "家計の見直しと、必要なら生活保護の検討をお願いします。訪問での面談を希望されています。"
        ),
        decline=(
            "本人に電話で確認したところ、年金の振込口座の件は長女が整理を始めたとのことで、"
            "今は家計相談は不要とのお話でした。食事の確保は引き続き地域包括での見守りをお願いします。"
        ),
    ),
    Intake(
        key="wife_wandering",
        agencies=("houkatsu",),
        weight=5,
        members=(_m("self", F, 76, 86, absolute=True), _m("spouse", M_, 0, 5)),
        topics=("care", "community"),
        channels=("visit",),
        visitor="family",
        visitor_member=1,
        visitor_relation="夫",
        complaint=(
            "夫が来所。妻（本人・{a0}歳）がひとりで出かけて帰れなくなり、先週警察に保護された。"
            "アルツハイマー型認知症の診断を受けているが、介護サービスは使っていない。",
        ),
        wishes=("夫は「自分が元気なうちは自分でみたい」。ただ、また迷子になるのが怖い。",),
        response="continue",
        note=(
            "認知症初期集中支援チームの訪問を調整。見守りSOSネットワークへの事前登録と、"
            "GPS端末の貸し出しを案内した。",
        ),
    ),
    Intake(
        key="salon_absent",
        agencies=("houkatsu",),
        weight=4,
        members=ALONE_OLD_F,
        topics=("community", "health"),
        situations=("isolation",),
        channels=("phone",),
        visitor="other",
        visitor_name="いきいきサロン世話役",
        complaint=(
            "地区のいきいきサロンの世話役から電話。毎回来ていた本人（{a0}歳）が2か月来ていない。"
            "電話すると「足が痛くて行けない」と言うが、声に元気がない。",
        ),
        wishes=("本人は「またみんなに会いたい」と話していたとのこと。",),
        response="continue",
        note=(
            "訪問して膝の痛みと外出の状況を確認する。サロンまでの送迎ボランティアの有無を社協に確認する。",
        ),
    ),
    # ── 障がい ──────────────────────────────────────────────────────────
    Intake(
        key="after_school",
        agencies=("shogai_ayumi",),
        weight=5,
        members=(_m("self", M_, 17, 18, absolute=True), _m("parent", F, 38, 48)),
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
        members=(_m("self", F, 48, 66, absolute=True), _m("spouse", M_, -2, 5)),
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
        members=(_m("self", M_, 38, 56, absolute=True),),
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
        members=(_m("self", M_, 7, 12, absolute=True), _m("parent", F, 27, 38)),
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
        members=(_m("self", F, 30, 46, absolute=True), _m("parent", F, 24, 32, "市内北田に住む母")),
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
        members=(_m("self", M_, 24, 42, absolute=True),),
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
        members=(_m("self", F, 28, 45, absolute=True), _m("parent", F, 24, 32)),
        topics=("job_search", "health"),
        situations=("mental",),
        complaint=(
            "本人来所（{a0}歳・双極性障害で通院中）。体調が安定してきたので働きたいが、長く続いたことがない。",
        ),
        wishes=("「週3日くらいから、人と話さない仕事がしたい」。",),
        response="continue",
        note=("就労移行支援事業所の情報提供。主治医の意見を確認したうえで見学に同行する。",),
    ),
    # ── 子ども・子育て ─────────────────────────────────────────────────────
    Intake(
        key="isolated_mother",
        agencies=("riyosha",),
        weight=6,
        members=(
            _m("self", F, 27, 36, absolute=True),
            _m("child", M_, 0, 1, absolute=True),
            _m("spouse", M_, 0, 4),
        ),
        topics=("childcare", "community"),
        situations=("isolation",),
        complaint=(
            "ひろばに初めて来所。夫の転勤で半年前にかさね市に来た。近くに知り合いがおらず、夜泣きが続いて眠れない。",
        ),
        wishes=("「同じくらいの子どもがいるお母さんと話したい」。",),
        response="advice",
        note=("ひろばの開所日と、月齢の近い親子の集まりを案内。保健センターの乳児相談も紹介した。",),
    ),
    Intake(
        key="nursery",
        agencies=("riyosha",),
        weight=5,
        members=(
            _m("self", F, 28, 38, absolute=True),
            _m("child", F, 1, 2, absolute=True),
            _m("spouse", M_, 0, 4),
        ),
        topics=("childcare", "work"),
        channels=("visit", "phone"),
        complaint=(
            "育休明けの4月に職場復帰予定。希望の保育園に入れるか不安。一時預かりも使ったことがない。",
        ),
        wishes=("「職場に近い園がいいけれど、通える範囲ならどこでも」。",),
        response="advice",
        note=(
            "保育所の入所申込みの時期と必要書類、一時預かりの登録方法を説明。子育て支援課の窓口を案内した。",
        ),
    ),
    Intake(
        key="postpartum",
        agencies=("kodomo",),
        weight=5,
        members=(
            _m("self", F, 24, 38, absolute=True),
            _m("child", F, 0, 0, absolute=True),
            _m("spouse", M_, 0, 5),
        ),
        topics=("childcare", "health"),
        situations=("mental",),
        channels=("phone", "home_visit"),
        complaint=(
            "新生児訪問の保健師から。本人（{a0}歳）はEPDS（産後うつ質問票）13点。「赤ちゃんがかわいいと思えない」と涙ぐんだ。"
            "実家は県外で、夫は帰りが遅い。",
        ),
        wishes=("「ちゃんとしたお母さんにならなきゃと思うほど苦しい」。",),
        response="continue",
        note=("2週間後に再訪問。産後ケア事業（日帰り型）の利用を調整し、必要に応じて精神科受診を勧める。",),
        follow="再訪問。産後ケアを2回利用し、「少し眠れた」と表情が和らいでいた。",
        follow_note="夫も同席し、家事の分担を話し合った。1か月後に電話で様子を確認する。",
    ),
    Intake(
        key="speech_delay",
        agencies=("kodomo",),
        weight=4,
        members=(_m("self", M_, 3, 3, absolute=True), _m("parent", F, 25, 36)),
        topics=("childcare", "health"),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=("1歳6か月健診で言葉の遅れを指摘された。3歳になるが二語文が出ない。",),
        wishes=("母「保育園の先生にも相談したが、どこに行けばいいのか分からない」。",),
        response="advice",
        note=(
            "発達相談（心理士）を予約。結果により、児童発達支援の利用について相談支援事業所こもれびを紹介する。",
        ),
    ),
    Intake(
        key="neglect_school",
        agencies=("kodomo",),
        weight=3,
        members=(_m("self", F, 8, 11, absolute=True), _m("parent", F, 26, 34), _m("sibling", M_, -6, -4)),
        topics=("abuse", "childcare"),
        channels=("phone",),
        visitor="agency",
        visitor_name="市立かさね南小学校 教頭",
        complaint=(
            "小学校の教頭から電話。本人（{a0}歳）が同じ服で登校する日が続き、給食をおかわりしてむさぼるように食べる。"
            "弟（保育園）の送迎も本人がしているらしい。",
        ),
        wishes=("本人は学校で「お母さんは夜仕事だから寝てる」と話している。",),
        response="continue",
        note=("要保護児童対策地域協議会の個別ケースとして受理。家庭訪問し、母と話をする予定。",),
    ),
    Intake(
        key="single_parent_money",
        agencies=("kosodate",),
        weight=5,
        members=(
            _m("self", F, 30, 42, absolute=True),
            _m("child", M_, 6, 14, absolute=True),
            _m("child", F, 3, 9, absolute=True),
        ),
        topics=("income", "childcare"),
        complaint=("離婚が成立し、子ども2人と市営住宅に転居。パートの収入だけでは家賃と食費で精一杯。",),
        wishes=("「子どもたちに、部活や習い事をあきらめさせたくない」。",),
        response="refer",
        note=(
            "児童扶養手当とひとり親家庭の医療費助成を申請。家計の見直しと就労の相談のため、くらし・しごと相談センターにつないだ。",
        ),
        refer_to="jiritsu",
        referral_message=(
            "ひとり親になったばかりの方です。手当は申請済みです。家計の見直しと、正社員として働ける仕事探しの相談をお願いします。"
            "平日の日中はパートのため、夕方以降の面談を希望されています。"
        ),
        decline=(
            "当センターの面談は平日17時までで、ご希望の夕方以降の対応が難しい状況です。"
            "ハローワークのマザーズコーナー（夜間予約可）をご案内いただけますか。家計相談は土曜の臨時枠なら対応できます。"
        ),
    ),
    Intake(
        key="dv",
        agencies=("kosodate",),
        weight=3,
        members=(_m("self", F, 28, 44, absolute=True), _m("child", F, 4, 10, absolute=True)),
        topics=("abuse", "family", "housing"),
        channels=("phone",),
        complaint=(
            "本人から電話（夫の外出中）。夫から日常的に怒鳴られ、生活費を渡されない。先週は壁を殴って穴を開けた。"
            "子どもがおびえている。",
        ),
        wishes=("「今すぐ家を出る決心はつかない。でも子どもを守りたい」。",),
        response="continue",
        note=(
            "安全計画を一緒に確認（緊急時の連絡先、持ち出す物）。一時保護の制度と保護命令を説明。"
            "連絡は本人の携帯に、担当者名を名乗らず行う。こども家庭センターと情報共有する。",
        ),
        household="連絡は本人の携帯電話へ。自宅への郵送・電話は不可（夫に知られるおそれ）。",
    ),
    Intake(
        key="truancy",
        agencies=("kyoiku",),
        weight=5,
        members=(_m("self", M_, 12, 15, absolute=True), _m("parent", F, 30, 40), _m("parent", M_, 30, 44)),
        topics=("withdrawal", "family"),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=(
            "中学生の本人（{a0}歳）が2学期から登校していない。昼夜逆転でゲームをしている。父親は無理にでも行かせろと言う。",
        ),
        wishes=("母「学校でなくてもいいから、外に出る場所があれば」。",),
        response="continue",
        note=(
            "教育支援センター（適応指導教室）の見学を提案。スクールソーシャルワーカーが家庭訪問する。ひだまりの家も紹介した。",
        ),
        follow="SSWが家庭訪問。本人は部屋から出てきて、好きなゲームの話を10分ほどした。",
        follow_note="次回は教育支援センターの職員と一緒に訪問する約束をした。",
    ),
    # ── くらし・お金 ──────────────────────────────────────────────────────
    Intake(
        key="rent_arrears",
        agencies=("jiritsu",),
        weight=8,
        members=(_m("self", M_, 40, 60, absolute=True),),
        topics=("rent_loan", "income", "job_search"),
        complaint=(
            "本人来所（{a0}歳・ひとり暮らし）。勤めていた運送会社が廃業し、3か月前から無職。家賃を2か月滞納し、"
            "管理会社から退去をほのめかされている。",
            "本人来所。体調を崩して派遣の仕事を切られた。家賃の滞納が2か月分あり、所持金は1万円ほど。",
        ),
        wishes=("「住むところだけは失いたくない。仕事はすぐにでも探したい」。",),
        response="continue",
        note=(
            "住居確保給付金を申請。ハローワークに同行する日程を決めた。管理会社には本人の了承を得て支払い計画を伝える。",
        ),
        follow="本人来所。給付金の支給が決定。倉庫内作業のパートの面接を受けた。",
        follow_note="採用が決まれば家計表を一緒に作り、滞納分の分割返済を管理会社と相談する。",
    ),
    Intake(
        key="debt",
        agencies=("jiritsu",),
        weight=5,
        members=(
            _m("self", M_, 35, 55, absolute=True),
            _m("spouse", F, -5, 2),
            _m("child", M_, 8, 15, absolute=True),
        ),
        topics=("debt", "income", "family"),
        complaint=(
            "本人来所。消費者金融3社から計180万円の借入れ。返済のために借りる状態が続いている。妻には話していない。",
        ),
        wishes=("「家族には知られずに何とかしたい。自己破産はしたくない」。",),
        response="continue",
        note=(
            "債務の一覧を一緒に作成。法テラスの無料法律相談を予約した。家計改善支援事業の利用を提案し、本人了承。",
        ),
    ),
    Intake(
        key="hungry",
        agencies=("jiritsu",),
        weight=4,
        members=(_m("self", M_, 48, 64, absolute=True),),
        topics=("food", "income"),
        situations=("isolation",),
        channels=("visit", "phone"),
        complaint=("本人来所。所持金が300円で、2日間水だけで過ごしている。日雇いの仕事が途切れた。",),
        wishes=("「とにかく今日食べるものがほしい」。",),
        response="refer",
        note=(
            "フードバンクかさねに連絡して食料を受け取れるよう調整。生活保護の申請意思を確認し、生活福祉課につないだ。",
        ),
        refer_to="seikatsu",
        basis="other",
        basis_note="所持金がほとんどなく、食事がとれていないため緊急に必要（本人も口頭で了承）",
        referral_message="所持金300円で食事がとれていない方です。本日中の面接をお願いします。本人は生活保護の申請を希望しています。",
        decline="",
    ),
    Intake(
        key="self_employed",
        agencies=("jiritsu",),
        weight=4,
        members=(_m("self", M_, 45, 62, absolute=True), _m("spouse", F, -5, 0), _m("child", F, -30, -22)),
        topics=("income", "tax_bills"),
        complaint=(
            "本人来所。飲食店を営んでいるが、客が戻らず赤字が続いている。住民税と国民健康保険税を滞納している。",
        ),
        wishes=("「店は続けたい。税金の払い方を相談したい」。",),
        response="advice",
        note=("税の分納について税務課への相談方法を説明。家計改善支援事業で収支表を作ることを提案した。",),
    ),
    Intake(
        key="young_jobless",
        agencies=("jiritsu",),
        weight=4,
        members=(_m("self", M_, 21, 29, absolute=True), _m("parent", F, 24, 30), _m("parent", M_, 26, 34)),
        topics=("job_search", "withdrawal"),
        situations=("isolation",),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=(
            "母が来所。本人（{a0}歳）は専門学校を中退してから3年、家で過ごしている。アルバイトの面接に行っても続かない。",
        ),
        wishes=("母「本人も働きたい気持ちはあるようだ」。本人は来所を拒んではいない。",),
        response="continue",
        note=("次回、本人と面談する約束。就労準備支援事業（農作業体験）の説明資料を渡した。",),
    ),
    Intake(
        key="welfare",
        agencies=("seikatsu",),
        weight=4,
        members=(_m("self", F, 70, 82, absolute=True),),
        topics=("income", "health"),
        complaint=(
            "本人来庁（{a0}歳・ひとり暮らし）。年金は月5万円ほど。預金が底をつき、持病の薬代が払えない。",
        ),
        wishes=("「子どもには迷惑をかけたくない」。",),
        response="continue",
        note=("生活保護の申請を受理。扶養照会について説明し、本人の事情を聞き取った。",),
    ),
    Intake(
        key="medical_cost",
        agencies=("clinic",),
        weight=3,
        members=(_m("self", F, 38, 56, absolute=True), _m("child", M_, 15, 17, absolute=True)),
        topics=("income", "health"),
        situations=("mental",),
        channels=("visit",),
        complaint=(
            "通院中の本人（{a0}歳・うつ病）から医療相談室に相談。パートを辞め、受診を控えたいと話す。高校生の息子と二人暮らし。",
        ),
        wishes=("「治療は続けたいが、お金がもたない」。",),
        response="refer",
        note=(
            "自立支援医療の申請を支援。生活費の相談のため、本人の同意を得てくらし・しごと相談センターにつないだ。",
        ),
        refer_to="jiritsu",
        referral_message="うつ病で通院中の方です。収入が途絶え受診を控えようとしています。家計と当面の生活費の相談をお願いします。",
        decline="",
    ),
    # ── 保健・その他 ──────────────────────────────────────────────────────
    Intake(
        key="alcohol_family",
        agencies=("kenko",),
        weight=4,
        members=(_m("self", M_, 48, 64, absolute=True), _m("spouse", F, -6, 0)),
        topics=("health", "family"),
        situations=("addiction",),
        channels=("phone",),
        visitor="family",
        visitor_member=1,
        visitor_relation="妻",
        complaint=(
            "妻から電話。夫（本人・{a0}歳）が退職後、朝から飲酒するようになった。注意すると物を投げる。",
        ),
        wishes=("妻「お酒をやめてほしい。自分がどうすればいいのか知りたい」。",),
        response="continue",
        note=(
            "家族相談として継続。こころの健康相談（精神科医）を妻の予約で入れた。断酒会の家族の集いも案内。",
        ),
    ),
    Intake(
        key="withdrawn_son_family",
        agencies=("kenko",),
        weight=4,
        members=(_m("self", M_, 24, 40, absolute=True), _m("parent", F, 24, 32)),
        topics=("withdrawal", "family"),
        situations=("isolation",),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=(
            "母が来所。息子（本人・{a0}歳）は大学を中退後、ほとんど部屋から出ない。食事は部屋の前に置いている。",
        ),
        wishes=("母「このままでいいとは思っていない。でも本人を傷つけたくない」。",),
        response="continue",
        note=("ひきこもり家族教室（月1回）を案内。母の相談を継続し、本人への手紙の書き方を一緒に考える。",),
    ),
    Intake(
        key="where_to_ask",
        agencies=("chiiki_fukushi",),
        weight=3,
        members=(_m("self", F, 58, 70, absolute=True),),
        topics=("other", "community"),
        channels=("phone",),
        complaint=(
            "本人から電話。隣家の庭木が伸び放題で、空き家なのか人が住んでいるのか分からない。どこに言えばいいのか。",
        ),
        wishes=("「もし誰か住んでいて困っているなら、力になりたい」。",),
        response="advice",
        note=(
            "空き家の相談は都市計画課へ。居住者がいる場合は地域包括支援センターが訪問できることを説明した。",
        ),
    ),
    Intake(
        key="premium_arrears",
        agencies=("choju",),
        weight=3,
        members=(_m("self", M_, 68, 80, absolute=True), _m("spouse", F, -5, 0)),
        topics=("tax_bills", "income"),
        complaint=("本人来庁。介護保険料の督促状が届いた。妻の入院費がかさみ払えなかった。",),
        wishes=("「分けて払えるなら払いたい」。",),
        response="advice",
        note=("分納の手続きを案内し、高額介護サービス費・高額療養費の申請状況を確認した。",),
    ),
    Intake(
        key="volunteer",
        agencies=("shakyo",),
        weight=3,
        members=(_m("self", F, 62, 74, absolute=True),),
        topics=("community",),
        situations=("isolation",),
        complaint=("本人来所。夫を亡くして1年、家にいると気持ちが沈む。何か人の役に立つことがしたい。",),
        wishes=("「昔、保育士をしていたので子どもと関わることなら」。",),
        response="advice",
        note=(
            "ボランティアセンターに登録。子ども食堂の調理ボランティアと、いきいきサロンの手伝いを紹介した。",
        ),
    ),
    Intake(
        key="mother_needs_care",
        agencies=("jiritsu",),
        weight=3,
        area="中央圏域",
        members=(_m("self", M_, 48, 58, absolute=True), _m("parent", F, 26, 34)),
        topics=("care", "work", "income"),
        complaint=(
            "本人来所（{a0}歳）。同居の母（{a1}歳）が転んでから家の中でも伝い歩きになり、日中ひとりにしておけない。"
            "夜勤のある仕事を続けられるか不安。",
        ),
        wishes=("「母の介護のことは何も分からない。仕事は辞めたくない」。",),
        response="refer",
        note=(
            "母の介護については、本人の同意を得て地域包括支援センター本町につないだ。本人の仕事の相談は当機関で継続する。",
        ),
        refer_to="houkatsu_chuo",
        referral_message=(
            "同居の母（要介護認定なし）が転倒後、伝い歩きになっています。息子さん（本人）は夜勤のある仕事をしており、"
            "介護保険の申請とサービスの相談をお願いします。平日の夕方なら自宅で会えるとのことです。"
        ),
        decline=(
            "ご住所を確認したところ、母は先月から北上野の長女宅に身を寄せているとのことでした。"
            "北部圏域の地域包括支援センターわかばへおつなぎください。"
        ),
        resend_to="houkatsu_kita",
        resend_message=(
            "母は北上野の長女宅に身を寄せているとのことで、わかばさんへつなぎ直します。転倒後、伝い歩きになっています。"
            "介護保険の申請とサービスの相談をお願いします。長女が窓口になります。"
        ),
    ),
    Intake(
        key="care_leaver",
        agencies=("jiritsu",),
        weight=2,
        members=(_m("self", F, 19, 23, absolute=True),),
        topics=("housing", "income", "work"),
        situations=("isolation",),
        complaint=(
            "本人来所（{a0}歳）。児童養護施設を出て就職したが、職場の人間関係で退職。寮を出なければならない。",
        ),
        wishes=("「頼れる大人がいない。アパートを借りたいけど保証人がいない」。",),
        response="continue",
        note=(
            "住居確保給付金と保証会社の利用を検討。施設の自立支援担当職員とも連絡を取ることに本人が同意した。",
        ),
    ),
]


# What the receiving agency records when it takes a referral on: (complaint, response note), by its key.
RECEIVED: dict[str, tuple[str, str]] = {
    "choju": (
        "地域包括支援センターからの通報を受け、事実確認のため地域包括の職員と訪問。本人と長男から個別に話を聞いた。",
        "コアメンバー会議で虐待の有無と緊急性を判断する。当面は地域包括が週1回訪問して見守る。",
    ),
    "jiritsu": (
        "{source}からのつなぎ。本人と面談し、収入と支出、滞納の状況を聞き取って家計表を一緒に作った。",
        "家計改善支援事業の利用を本人と合意。次回は2週間後。",
    ),
    "kenko": (
        "基幹相談支援センターからのつなぎ。地区担当保健師が母と一緒に本人宅を訪問した。",
        "本人はドア越しに少し話した。2週間後に再訪問する。",
    ),
    "seikatsu": (
        "くらし・しごと相談センターからのつなぎ。当日面接し、生活保護の申請を受け付けた。",
        "食料はフードバンクかさねから受け取り済み。申請から14日以内に決定する。",
    ),
    "clinic": (
        "基幹相談支援センターからのつなぎ。医療相談室の精神保健福祉士が本人に電話し、受診の予約を取った。",
        "初診には母が付き添う予定。",
    ),
    "houkatsu_chuo": (
        "{source}からのつなぎ。夕方に自宅を訪問し、本人と母に会った。母は「息子に迷惑をかけたくない」と話す。",
        "要介護認定を代行申請。認定までの間、暫定でデイサービスを使えるよう調整する。",
    ),
    "houkatsu_kita": (
        "{source}からのつなぎ。長女宅を訪問し、母と長女に会った。",
        "要介護認定を申請。長女の家での生活に合わせてサービスを調整する。",
    ),
}

CANCEL_REASONS = [
    "本人から、家族と話し合ってしばらく様子を見たいと連絡があったため、いったん取り消します。",
    "本人が体調を崩して入院したため取り消します。退院の見通しが立ったら改めてつなぎます。",
    "同じ内容を重複して送っていたため、こちらを取り消します。",
]
CANCEL_BY_WITHDRAWAL = "本人から情報共有の同意を撤回したいとの申し出があったため、このつなぎを取り消します。"
