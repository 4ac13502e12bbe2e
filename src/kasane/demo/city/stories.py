"""多機関協働 cases for the demo: the household, how it came to the 社協, and what happened since.

A story is written once, in full; the loader keeps only what the case's status has reached (a case in
アセスメント中 gets no plan, its support-phase notes are dropped) and dates everything backwards from the
day of loading. Plan goals are in the person's words, as the プラン兼事業等利用申込書 asks.

Phases used by notes and consents: intake (受付 → アセスメント開始), assessment, planning (→ 会議提出),
support (承認 → today or closure), replan / support2 (a plan reviewed into a second version), closing
(評価 → 終結), reopen (再開 → today).

The four households the demo is known by are here; the others are in ``demo_stories_more``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resident:
    rel: str
    sex: str
    age: int
    name: str = ""  # 「姓 名」 as typed; "" = generated from the household's surname
    kana: str = ""
    family: tuple[str, str] | None = None  # another surname (a parent who lives apart, …)
    apart: str = ""
    phone: str = ""  # "mobile", "home" or ""
    note: str = ""
    situation: str = ""  # for the assessment sheet
    issues: str = ""


@dataclass(frozen=True)
class Note:
    phase: str
    agency: str
    kind: str
    minutes: int
    text: str


@dataclass(frozen=True)
class Team:
    agency: str
    part: str = "support"
    phase: str = "assessment"  # when the agency joined
    left: str = ""  # the phase in which it left the team, if it did


@dataclass(frozen=True)
class Role:
    agency: str
    actions: str
    frequency: str = ""


@dataclass(frozen=True)
class PlanText:
    long_goal: str
    short_goals: str
    roles: tuple[Role, ...]
    kind: str = "collaboration"
    comment: str = ""
    approval: str = ""  # what the meeting said when it approved the plan


@dataclass(frozen=True)
class Assess:
    situation: str
    issues: str
    strengths: str
    words: str
    risks: str = ""
    urgency: str = "medium"


@dataclass(frozen=True)
class Closure:
    result: str  # GoalResult
    reasons: str
    person_view: str
    decision: str  # the meeting's notes, which become the case's closure reason
    watch: str = ""  # how the household is watched over after closure; "" = not at all


@dataclass(frozen=True)
class Contact:
    """Another agency that met the household first and referred it to the intake agency.

    That agency then owns the household record, as it would in the application.
    """

    agency: str
    member: int
    complaint: str
    note: str
    topics: tuple[str, ...] = ("other",)
    wishes: str = ""
    response: str = "continue"
    visitor: str = "self"
    visitor_name: str = ""


@dataclass(frozen=True)
class ExtraConsent:
    """A consent from another member of the household (consent is per person)."""

    member: int
    agency: str
    shared: tuple[str, ...]
    phase: str
    purpose: str
    at: float = 0.5  # position within the phase
    meeting: bool = True
    note: str = ""


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    status: str  # CaseStatus value
    intake: str  # the agency that took the consultation and referred the household to the 社協
    town: str  # "" = address withheld (DV)
    residents: tuple[Resident, ...]
    topics: tuple[str, ...]
    situations: tuple[str, ...]
    complaint: str
    wishes: str
    intake_note: str
    referral: str  # the referral's message to the 社協
    team: tuple[Team, ...] = ()
    assessment: Assess | None = None
    plans: tuple[PlanText, ...] = ()  # collaboration v1 (and v2 when reviewed), then other kinds
    notes: tuple[Note, ...] = ()
    closure: Closure | None = None
    contacts: tuple[Contact, ...] = ()
    consents: tuple[ExtraConsent, ...] = ()
    case_person: int = 0
    visitor: str = "self"
    visitor_member: int | None = None
    visitor_relation: str = ""
    visitor_name: str = ""
    channel: str = "visit"
    household: str = ""
    family: tuple[str, str] | None = None
    lead: str = ""  # username of the lead coordinator
    days: int = 60  # 支援中: days since the (last) approval; 終結: days since closure
    support_days: int = 150  # 終結: how long support lasted
    overdue_review: bool = False
    revised: str = ""  # the meeting asked for a revision (its notes)
    reviewed: str = ""  # a progress meeting asked for a second version of the plan (its notes)
    withdrawn: str = ""  # the person withdrew consent; the case was closed after it
    reopened: str = ""  # why the closed case was reopened
    assessment2: Assess | None = None  # a later assessment (support2 or reopen)


SUGAWARA = Story(
    key="8050",
    title="8050・長期ひきこもりの長男と高齢の母",
    status="support",
    intake="houkatsu_kita",
    town="上野原",
    family=("菅原", "すがわら"),
    lead="kyodo",
    days=70,
    residents=(
        Resident(
            "self",
            "female",
            84,
            "菅原 トミ子",
            "すがわら とみこ",
            phone="home",
            situation="84歳。夫を12年前に亡くし、長男と二人暮らし。高血圧と変形性膝関節症で月1回通院。要支援1。"
            "遺族年金と老齢年金で月約14万円。",
            issues="膝の痛みで買い物や布団干しが負担。長男の将来を案じ「私が死んだらあの子はどうなる」と繰り返す。"
            "長男の食事や洗濯を全て担っている。",
        ),
        Resident(
            "child",
            "male",
            54,
            "菅原 修",
            "すがわら おさむ",
            note="人と会うことを避けている。訪問は事前に母を通じて伝える。",
            situation="54歳。高校卒業後、地元の製材所に18年勤めたが、36歳のとき工場閉鎖で離職。再就職の面接に2回落ちてから"
            "外出しなくなり、約18年自宅で過ごす。昼夜逆転気味で、夜はラジオで野球中継を聴く。受診歴なし。",
            issues="収入がなく母の年金に頼っている。国民年金は免除申請をしないまま未納が続く。外との接点は母だけ。"
            "不眠や気分の落ち込みがうかがえるが未受診。",
        ),
        Resident(
            "child",
            "female",
            57,
            "小松 久美子",
            "こまつ くみこ",
            apart="仙台市に住む長女",
            situation="57歳。仙台市在住、既婚。年2回帰省し、週1回母に電話している。",
        ),
    ),
    visitor="self",
    channel="home_visit",
    topics=("care", "withdrawal", "income", "family"),
    situations=("8050", "isolation", "mental"),
    complaint=(
        "要支援の更新調査で訪問した際、本人（84歳）から相談。同居の長男（54歳）が18年ほど仕事をせず家にいる。"
        "自分の年金で二人で暮らしているが、膝が悪くなり、この先長男の食事の世話ができなくなるのが心配。"
        "長男は人に会うのを嫌がり、訪問中も自室から出てこなかった。"
    ),
    wishes=(
        "「私がいなくなったら、あの子はどうやって暮らしていくのか。あの子が困らないようにしてやりたい」。"
        "長男に無理に外に出てほしいわけではない、とも話す。"
    ),
    intake_note=(
        "長男の状況は母からの聞き取りのみ。母の同意を得て、多機関協働（社協）に相談し、世帯として支援を検討することにした。"
        "母の介護予防ケアマネジメントは引き続き当センターが担当する。"
    ),
    referral=(
        "84歳の母と、18年ほど自宅で過ごしている54歳の長男の世帯です。母の膝の痛みが進み、家事と長男の世話が負担になっています。"
        "長男とはまだ会えていません。母は多機関協働の利用に同意しています。世帯全体の支援方針を一緒に考えてください。"
    ),
    team=(
        Team("jiritsu", phase="assessment"),
        Team("shogai_midori", phase="planning"),
    ),
    assessment=Assess(
        situation=(
            "母（84歳）と長男（54歳）の二人暮らし。築40年の持ち家（平屋）。収入は母の年金（月約14万円）のみで、貯金は約200万円。"
            "長男は36歳で製材所の閉鎖により離職して以降、約18年ほぼ外出していない。家事は全て母が担っているが、"
            "膝の痛みが強くなり、買い物や布団干しが難しくなってきている。長女（57歳）は仙台市在住で年2回帰省。"
            "近所付き合いは、母が町内会の班長をしていた頃からの数軒のみ。"
        ),
        issues=(
            "①母の介護予防と家事の負担の軽減。②長男に社会との接点がなく、母が亡くなった後の生活（収入・家事・住まい）の見通しが"
            "立っていない。③長男の国民年金の未納期間が将来の受給資格に影響するおそれ。④長男に不眠や抑うつの可能性があるが未受診。"
            "⑤母が長男のことを誰にも相談できず、長年ひとりで抱えてきた。"
        ),
        strengths=(
            "母は支援を受け入れることに前向きで、地域包括の担当者と信頼関係がある。長男は母の通院日に車を出すことがあり"
            "（運転免許あり）、母を気づかう様子がある。野球が好き。持ち家があり住まいは当面安定している。長女が電話で母を支えている。"
        ),
        words=(
            "母「修には修のペースがある。でも私がいなくなった後が心配でたまらない」。"
            "長男（母を通じて）「別に困っていない。放っておいてほしい」。"
        ),
        risks="母の転倒・入院で長男の暮らしが急に立ち行かなくなるおそれ。長男の健康状態が分からない（18年健診を受けていない）。",
        urgency="medium",
    ),
    assessment2=Assess(
        situation=(
            "アウトリーチの訪問を続けるうち、長男は玄関先や居間で話せるようになった。みどりの森クリニックを受診し、うつ病（中等度）と"
            "診断され服薬を始めた。夜は4〜5時間眠れるようになり、母と一緒に買い物に出かける日もある。国民年金保険料は全額免除が"
            "承認された。母は通所型サービス（運動）に週1回通い、膝の痛みは続くが外出の機会が増えた。"
        ),
        issues=(
            "①長男の通院と服薬の継続。②長男が家事を少しずつ担えるようになること。③長男が家の外で過ごせる場所と、"
            "将来の収入の見通し。④母の膝の状態と介護予防。"
        ),
        strengths=(
            "長男が自分の言葉で困りごとを話し、支援者に質問できるようになった。主治医との関係が良い。母の表情が明るくなった。"
            "長男は畑仕事に関心を示している。"
        ),
        words="長男「母さんが元気なうちに、自分のことは自分でできるようになりたい」。母「修が外の人と話せるようになってうれしい」。",
        risks="服薬の中断。母の膝の悪化による入院。",
    ),
    plans=(
        PlanText(
            long_goal="「この家で、修と二人で穏やかに暮らしたい。私が元気なうちに、修が困らない道筋をつけておきたい」（母）",
            short_goals=(
                "①「膝が痛くても、買い物と通院は続けたい」（母）――通所型サービス（運動）と買い物の支援を使う。\n"
                "②「修が嫌がらない人なら、家に来てもらってもいい」（母）――アウトリーチ担当が月2回訪問し、長男への手紙と声かけを続ける。\n"
                "③「お金のことを一度ちゃんと整理したい」（母）――家計と長男の年金の状況を確認する。"
            ),
            roles=(
                Role(
                    "shakyo",
                    "多機関協働の主担当。支援チームの調整と重層的支援会議の開催。アウトリーチ担当が長男への手紙と"
                    "玄関越しの声かけを続ける。",
                    "月2回訪問",
                ),
                Role(
                    "houkatsu_kita",
                    "母の介護予防ケアマネジメント。通所型サービスの利用調整。母の体調の変化をチームに共有する。",
                    "月1回訪問",
                ),
                Role(
                    "jiritsu",
                    "母と家計表を作成。長男の国民年金保険料の免除申請と未納期間の整理。",
                    "月1回面談",
                ),
                Role(
                    "shogai_midori",
                    "長男が会う気持ちになったときに備え、アウトリーチ担当に同行できる体制をとる。"
                    "受診や障害福祉サービスの情報を母に提供する。",
                    "必要時",
                ),
            ),
            comment="母「修に無理をさせないでほしい。でも、誰かが気にかけてくれるのはありがたい」",
            approval=(
                "母の介護予防と家計の整理を先に進め、長男にはアウトリーチで関係づくりを続ける方針を承認。"
                "長男本人の同意が得られた段階で役割分担を見直す。"
            ),
        ),
        PlanText(
            long_goal=(
                "「母さんが元気なうちに、自分のことは自分でできるようになりたい」（長男）／"
                "「修と二人で、この家で暮らしたい」（母）"
            ),
            short_goals=(
                "①「夜ちゃんと眠れるようになりたい」（長男）――みどりの森クリニックへの通院を続ける（初めのうちは相談支援専門員が同行）。\n"
                "②「家のことを少しずつ覚えたい」（長男）――母と一緒に買い物に行く。洗濯は自分でする。\n"
                "③「人の少ない時間なら、外で何か手伝ってもいい」（長男）――ひだまりの家の畑作業を見学する。\n"
                "④「歩けるうちは自分の足で歩きたい」（母）――通所型サービスを続ける。"
            ),
            roles=(
                Role(
                    "shakyo",
                    "主担当としてチームを調整。アウトリーチの訪問を月1回に減らし、参加支援担当に引き継ぐ。"
                    "ひだまりの家の見学に同行する。",
                    "月1回訪問",
                ),
                Role(
                    "houkatsu_kita",
                    "母の介護予防ケアマネジメントを継続。母の通院と膝の状態を把握する。",
                    "月1回訪問",
                ),
                Role(
                    "shogai_midori",
                    "長男の計画相談。通院同行、自立支援医療の申請支援。今後の障害福祉サービスの利用を長男と検討する。",
                    "月1回・通院時",
                ),
                Role(
                    "jiritsu",
                    "国民年金保険料の免除の継続を確認。母・長男と将来の家計の見通しを作る。",
                    "2か月に1回",
                ),
            ),
            comment="長男「書いてあることは自分で言ったことなので、やってみる」。母「修が自分で決めたのがうれしい」",
            approval="長男本人の言葉で書かれたプランであることを確認し承認。参加支援（ひだまりの家）は見学から始める。",
        ),
    ),
    reviewed=(
        "長男が受診を始め、本人から支援を受けたいとの意思が示された。長男本人の希望を中心にしたプランへ見直すこととし、"
        "修正を求める。"
    ),
    consents=(
        ExtraConsent(
            member=1,
            agency="shakyo",
            shared=("houkatsu_kita", "jiritsu", "shogai_midori", "clinic"),
            phase="support",
            at=0.72,
            purpose="長男本人の支援のため、支援チームの機関と通院先で情報を共有する",
            note="居間で初めて長男本人と面談した際に説明し、書面で同意を得た。",
        ),
    ),
    notes=(
        Note(
            "intake",
            "shakyo",
            "home_visit",
            60,
            "地域包括わかばの担当者と同行訪問。母と面談し、多機関協働の利用申込みについて説明した。母は「修のことを誰かに話したのは"
            "初めて」と涙ぐんだ。長男は自室にいて出てこなかった。アウトリーチ担当の自己紹介の手紙を母に託した。",
        ),
        Note(
            "assessment",
            "shakyo",
            "home_visit",
            30,
            "アウトリーチ担当が訪問。長男の部屋の前で名乗り、プロ野球の話を少しした。返事はなかったが、ラジオの音量が下がった。"
            "次回も同じ曜日・時間に来ると伝えた。",
        ),
        Note(
            "assessment",
            "jiritsu",
            "interview",
            60,
            "母と面談（社協同席）。家計表を作成。年金収入は月約14万円、支出は約12万円、貯金約200万円。"
            "長男の国民年金は未納が続いており、免除申請をしていないことを確認した。",
        ),
        Note(
            "assessment",
            "houkatsu_kita",
            "phone",
            15,
            "母から電話。膝の痛みで整形外科を受診し、痛み止めが変わった。通所型サービスの見学に行ってみたいとのこと。",
        ),
        Note(
            "planning",
            "shakyo",
            "home_visit",
            30,
            "アウトリーチ訪問（4回目）。長男が襖を開けて「毎回来なくていい」と一言。顔を見て話せたのは初めて。"
            "母は「修が返事をした」と喜んでいた。",
        ),
        Note(
            "planning",
            "shakyo",
            "meeting",
            60,
            "支援チームで打ち合わせ（わかば・くらし・しごと・みどり）。プラン案を確認。長男の同意はまだないため、"
            "長男に関する役割は「母を通じた情報提供」と「会う準備」にとどめる。",
        ),
        Note(
            "planning",
            "shakyo",
            "interview",
            40,
            "母にプラン案を説明。「修に無理をさせないでほしい」との意見を本人の意見欄に記載した。母がプランに同意し署名。",
        ),
        Note(
            "support",
            "houkatsu_kita",
            "home_visit",
            30,
            "母の通所型サービス（運動）を週1回で開始。「みんなとおしゃべりするのが楽しい」。膝の痛みは変わらない。",
        ),
        Note(
            "support",
            "shakyo",
            "home_visit",
            30,
            "アウトリーチ訪問。長男が玄関まで出てきて10分ほど立ち話。「夜、眠れない」とぽつりと話した。"
            "受診の話はせず、次回の約束だけした。",
        ),
        Note(
            "support",
            "jiritsu",
            "interview",
            30,
            "長男の国民年金保険料の免除申請を、母が代理で行うことに長男が同意（母を通じて確認）。申請書の記入を支援した。",
        ),
        Note(
            "support",
            "shakyo",
            "home_visit",
            45,
            "アウトリーチ訪問。長男から「眠れないのは病院に行けば何とかなるのか」と質問があった。みどりの森クリニックのことを伝え、"
            "相談支援専門員が一緒に行けることを説明。長男は「考える」。",
        ),
        Note(
            "support",
            "shakyo",
            "interview",
            50,
            "長男と初めて居間で面談（母同席）。支援チームの機関と情報を共有すること、重層的支援会議で検討することについて、"
            "長男本人から書面で同意を得た。",
        ),
        Note(
            "support",
            "shogai_midori",
            "accompany",
            180,
            "長男のみどりの森クリニック初診に同行。うつ病（中等度）と診断され服薬開始。長男「思ったより話を聞いてくれた」。"
            "自立支援医療の申請を支援した。",
        ),
        Note(
            "replan",
            "shakyo",
            "interview",
            60,
            "長男・母とプランの見直し。長男の言葉で短期目標を書いた。長男が初めてプランに署名。",
        ),
        Note(
            "support2",
            "shakyo",
            "home_visit",
            30,
            "訪問。長男は服薬を続けており、夜は4〜5時間眠れるようになった。母と一緒にスーパーへ行ったと話す。",
        ),
        Note(
            "support2",
            "houkatsu_kita",
            "phone",
            10,
            "母から電話。「修が洗濯物をたたんでくれた」とうれしそうに話す。",
        ),
        Note(
            "support2",
            "shakyo",
            "accompany",
            90,
            "参加支援担当と長男でひだまりの家を見学。畑で育てている野菜の話に興味を示し、「人が少ない午前中なら」と話した。",
        ),
        Note(
            "support2",
            "shogai_midori",
            "accompany",
            60,
            "2回目の通院同行。主治医から、日中の活動を少しずつ増やしてよいとの話。次回から長男ひとりで通院してみることになった。",
        ),
        Note(
            "support2",
            "jiritsu",
            "interview",
            40,
            "母・長男と家計の見通しを確認。国民年金は全額免除が承認された。長男「いつか少しでも自分で稼げたら」。",
        ),
    ),
)


ONODERA = Story(
    key="double_care",
    title="ダブルケア（認知症の父の介護と幼児2人の子育て）",
    status="support",
    intake="riyosha",
    town="稲荷町",
    family=("小野寺", "おのでら"),
    days=95,
    residents=(
        Resident(
            "self",
            "female",
            43,
            "小野寺 由香",
            "おのでら ゆか",
            phone="mobile",
            situation="43歳。医療事務のパート（週4日）。子ども2人の育児と、実父の介護（週4〜5回通う）を担う。"
            "睡眠は5時間ほどで、頭痛のため市販薬を常用している。",
            issues="心身の疲労。自分の時間がない。父の夜間の電話で眠れない。",
        ),
        Resident(
            "spouse",
            "male",
            45,
            "小野寺 拓也",
            "おのでら たくや",
            situation="45歳。自動車部品工場の交替勤務（夜勤あり）。育児に協力的だが、平日はほとんど家にいない。",
        ),
        Resident(
            "child",
            "male",
            4,
            "小野寺 陽向",
            "おのでら ひなた",
            situation="4歳。保育園の年中。最近、母が出かけると泣くことが増えた。",
        ),
        Resident(
            "child",
            "female",
            1,
            "小野寺 結愛",
            "おのでら ゆあ",
            situation="1歳。保育所は待機中で、母のパートの日は一時預かりを使う。",
        ),
        Resident(
            "parent",
            "male",
            79,
            "千田 勝男",
            "ちだ かつお",
            family=("千田", "ちだ"),
            apart="城南でひとり暮らしの実父",
            phone="home",
            situation="79歳。城南の実家でひとり暮らし。2年前に妻を亡くした。アルツハイマー型認知症（要介護1）。"
            "デイサービス週2回。服薬の管理ができず、夜間に娘へ何度も電話をかける。",
            issues="薬の飲み忘れ・飲み過ぎ。ガスコンロの消し忘れ。夕方から夜の不安が強い。",
        ),
    ),
    topics=("care", "childcare", "health", "work"),
    situations=("double_care",),
    complaint=(
        "子育て支援センターのひろばに子ども2人と来所。職員が声をかけると「父の介護もあって、もう限界かもしれない」と話し始めた。"
        "城南でひとり暮らしの父（79歳・認知症）のところに、仕事帰りや休日に通っている。父は夜中に何度も電話してくる。"
        "下の子は保育所に入れず、上の子は母が出かけるたびに泣く。夫は夜勤があり頼れない。"
    ),
    wishes=(
        "「父を施設に入れるのは、まだかわいそう。でも子どもたちにも我慢させている。誰に相談したらいいのかも分からなかった」。"
    ),
    intake_note=(
        "ダブルケアの状況。父の介護は地域包括みなみ、下の子の保育は子育て支援課の所管だが、本人はどちらにも相談していなかった。"
        "本人の同意を得て、多機関協働で整理することにした。"
    ),
    referral=(
        "ダブルケアの方です。実父（認知症・要介護1）の介護と、4歳・1歳の子の育児、パートの仕事を一人で抱えています。"
        "疲労が強く、頭痛で市販薬を常用しています。父の担当の地域包括（みなみ）と、保育所入所の相談先を含めて、"
        "役割分担を一緒に考えてください。"
    ),
    team=(Team("houkatsu_minami", phase="intake"), Team("kosodate", phase="planning")),
    assessment=Assess(
        situation=(
            "本人（43歳）は夫・子ども2人と稲荷町のアパートに住み、車で15分の城南に実父（79歳）がひとり暮らし。父は母が亡くなってから"
            "認知症が進み要介護1。デイサービス週2回以外の日は本人が通い、服薬と食事を確認している。父は夜間に1日3〜5回本人に電話する。"
            "下の子（1歳）は保育所に入れず、パートの日は一時預かりを使っているが費用がかさんでいる。夫は交替勤務で、平日はほぼ不在。"
        ),
        issues=(
            "①本人の心身の疲労（睡眠不足、頭痛、市販薬の常用）。②父の服薬管理と夜間の不安への対応が本人頼み。③下の子の保育の確保。"
            "④上の子の情緒の不安定（母の不在が多い）。⑤父のこれからの暮らし方について家族で話し合えていない。"
        ),
        strengths=(
            "本人は状況を言葉にでき、支援を受け入れる気持ちがある。夫は子育てに協力的で、休日は子どもをみられる。父のケアマネジャーが"
            "熱心。父は大工をしていた頃の話をすると表情が明るい。ひろばのスタッフと本人の関係が良い。"
        ),
        words="「父の介護も子育ても、どちらも手を抜きたくない。でも全部ひとりでやるのは無理だと分かった」。",
        risks="本人の体調の悪化。父の服薬事故・火の不始末。",
        urgency="high",
    ),
    plans=(
        PlanText(
            long_goal="「父にはできるだけ長く家で暮らしてほしい。子どもたちとの時間もちゃんと取りたい」",
            short_goals=(
                "①「夜はまとめて眠りたい」――父の夕方の訪問介護と服薬確認を増やし、夜間の電話を減らす。\n"
                "②「下の子を安心して預けたい」――介護を理由とする保育所の入所申請を行い、それまでは一時預かりを続ける。\n"
                "③「上の子と2人だけの時間をつくりたい」――週1回、夫が父の家に行く日をつくる。\n"
                "④「父のこれからを家族で話したい」――ケアマネジャーの同席で家族会議を開く。"
            ),
            roles=(
                Role(
                    "riyosha",
                    "本人の身近な相談相手として、ひろば来所時に様子を確認。一時預かりの利用調整。",
                    "週1回程度",
                ),
                Role(
                    "houkatsu_minami",
                    "父の担当ケアマネジャーと連携し、夕方の訪問介護と服薬支援を調整。家族会議を開く。",
                    "月1回",
                ),
                Role(
                    "kosodate",
                    "介護を理由とする保育所入所の申請を受け付け、入所を調整する。",
                    "申請時・入所決定時",
                ),
                Role(
                    "shakyo",
                    "主担当。本人との定期面談、チーム内の情報共有、重層的支援会議での進捗報告。",
                    "月1回面談",
                ),
            ),
            comment="「夜眠りたい、が一番です。父のことを話せる人が増えて気持ちが楽になった」",
            approval="本人の休息の確保を最優先とする方針を確認し承認。保育所入所の見込みを次回の会議で報告する。",
        ),
    ),
    notes=(
        Note(
            "intake",
            "shakyo",
            "interview",
            60,
            "ひろばの相談室で本人と面談（すくすく職員同席）。多機関協働の説明をし、利用申込書に署名をもらった。"
            "本人「もっと早く相談すればよかった」。",
        ),
        Note(
            "assessment",
            "houkatsu_minami",
            "home_visit",
            45,
            "父の家を本人・ケアマネジャーと訪問。服薬カレンダーに薬が残っている日が多い。ガスコンロに焦げ跡。"
            "父は「娘には迷惑をかけている」と話した。",
        ),
        Note(
            "assessment",
            "riyosha",
            "interview",
            20,
            "ひろば来所。上の子が母から離れない。本人の表情が硬い。頭痛薬を1日3回飲んでいると話す。",
        ),
        Note(
            "planning",
            "shakyo",
            "meeting",
            60,
            "チーム打ち合わせ（すくすく・みなみ・子育て支援課）。保育所入所は介護を理由に申請できることを確認。"
            "父の夕方の訪問介護をケアプランに加える方向で調整する。",
        ),
        Note(
            "planning",
            "shakyo",
            "interview",
            40,
            "本人とプラン案を確認。短期目標を本人の言葉で書き直した。「夜眠りたい、が一番です」。",
        ),
        Note(
            "support",
            "houkatsu_minami",
            "phone",
            15,
            "夕方の訪問介護（服薬確認）を開始。父の夜間の電話は1日1〜2回に減ったと本人から。",
        ),
        Note(
            "support",
            "kosodate",
            "interview",
            30,
            "保育所の入所申請を受け付けた（介護を理由とする申請）。4月入所で調整中。",
        ),
        Note(
            "support",
            "riyosha",
            "interview",
            20,
            "ひろば来所。「昨日は6時間眠れた」。上の子は父親とおじいちゃんの家に行く日を楽しみにしている。",
        ),
        Note(
            "support",
            "houkatsu_minami",
            "meeting",
            90,
            "父の担当者会議に本人・夫が参加。家族会議で、当面は在宅で暮らし、来年度にグループホームを見学することを決めた。",
        ),
        Note(
            "support",
            "shakyo",
            "interview",
            30,
            "本人と定期面談。頭痛薬の量が減った。「父に優しくできる日が増えた」。",
        ),
    ),
)


SATO = Story(
    key="young_carer",
    title="ヤングケアラー（精神疾患の母と弟妹の世話をする高校生）",
    status="awaiting_meeting",
    intake="kodomo",
    town="日の出町",
    family=("佐藤", "さとう"),
    residents=(
        Resident(
            "self",
            "female",
            17,
            "佐藤 美月",
            "さとう みづき",
            phone="mobile",
            situation="17歳。県立高校2年。母の調子が悪い日は弟妹の朝食・弁当と妹の保育園の送りを担う。遅刻が月に6〜8回あり、"
            "欠席も増えて進級が危ぶまれている。吹奏楽部は1年の冬に退部した。",
            issues="学業の継続。自分の時間がない。母の病気を誰にも話せず、友人関係からも離れている。",
        ),
        Resident(
            "parent",
            "female",
            44,
            "佐藤 恵",
            "さとう めぐみ",
            phone="mobile",
            situation="44歳。統合失調症で10年前からみどりの森クリニックに通院。この1年は服薬が途切れがちで、週の半分は寝込む。"
            "離婚後スーパーのパートを続けていたが半年前に退職。児童扶養手当と貯金で暮らす。",
            issues="服薬の中断と病状の悪化。家計の不安定さ。子どもに頼っていることへの罪悪感。",
        ),
        Resident(
            "sibling",
            "male",
            11,
            "佐藤 蓮",
            "さとう れん",
            situation="11歳。小学5年。宿題は姉にみてもらっている。",
        ),
        Resident(
            "sibling",
            "female",
            5,
            "佐藤 心春",
            "さとう こはる",
            situation="5歳。保育園の年長。送迎は姉か母。",
        ),
    ),
    contacts=(
        Contact(
            agency="kyoiku",
            member=0,
            complaint=(
                "高校の担任から市のスクールソーシャルワーカーに相談。2年生の本人（17歳）の遅刻・欠席が増え、面談で"
                "「母の具合が悪い日は、弟と妹の世話をしないといけない」と話した。"
            ),
            wishes="「学校はやめたくない」。",
            note="SSWが高校で本人と面談。本人の了承を得て、こども家庭センターにつなぐ。",
            topics=("withdrawal", "family", "childcare"),
            response="refer",
            visitor="agency",
            visitor_name="県立高校 2年担任",
        ),
    ),
    topics=("family", "childcare", "health"),
    situations=("young_carer", "mental"),
    complaint=(
        "スクールソーシャルワーカーからのつなぎ。高校の相談室で本人と面談（SSW同席）。母（44歳）は統合失調症で通院しているが、"
        "この1年は寝込む日が多い。本人が朝食と弟妹の弁当を作り、妹を保育園に送ってから登校するため遅刻が続いている。"
        "夜は弟の宿題をみて、自分の勉強はほとんどできていない。"
    ),
    wishes=(
        "「お母さんのことは嫌いじゃない。でも、ちゃんと学校に行って卒業したい。看護師になりたい」。"
        "母に知られて母が傷つくのが心配とも話した。"
    ),
    intake_note=(
        "本人の希望を第一に、母の同意も得たうえで支援を始めることを本人と確認した。後日母と面談し、母も支援を受けることに同意。"
        "家庭全体の支援が必要なため、多機関協働につなぐ。"
    ),
    referral=(
        "ヤングケアラーの高校2年生と、その家庭です。母は統合失調症で服薬が途切れがちです。本人は看護師を目指していますが、"
        "家事と弟妹の世話で遅刻・欠席が増えています。本人・母とも多機関協働の利用に同意しています。"
        "母の医療と家事の支援、弟妹の居場所を含めて役割を分担させてください。"
    ),
    team=(
        Team("kyoiku", phase="assessment"),
        Team("shogai_midori", phase="assessment"),
        Team("kenko", phase="planning"),
        Team("ibasho", part="participation", phase="planning"),
    ),
    consents=(
        ExtraConsent(
            member=1,
            agency="kodomo",
            shared=("shakyo", "shogai_midori", "kenko", "kyoiku", "clinic"),
            phase="intake",
            at=0.1,
            purpose="母の通院先・相談支援事業所と病状や暮らしの状況を共有し、家族全体の支援を検討するため",
            note="娘の支援について母と面談した際、母自身の情報の共有についても説明し同意を得た。",
        ),
    ),
    assessment=Assess(
        situation=(
            "母（44歳・統合失調症）と子ども3人の4人世帯。8年前に離婚し、養育費は途絶えている。日の出町のアパート（2DK）。"
            "母は半年前にパートを退職し、児童扶養手当と貯金で暮らす。母の服薬が途切れがちで寝込む日が多く、長女の本人（17歳）が"
            "家事と弟（11歳）・妹（5歳）の世話を担っている。母方の祖母は隣県に住むが、母とは疎遠。"
        ),
        issues=(
            "①本人の学業（遅刻・欠席）と進路。②母の治療の継続と病状の安定。③家事の担い手が本人しかいない。"
            "④家計の見通し（母の収入がない）。⑤弟妹の放課後の過ごし方と保育園の送迎。"
        ),
        strengths=(
            "本人には看護師になるという目標があり、担任と養護教諭を信頼している。母は子どもたちを大切に思っており、支援を受ける意思を"
            "示した。母の主治医とクリニックの精神保健福祉士が協力的。弟は姉を手伝いたいと言っている。"
        ),
        words="本人「誰かに助けてと言っていいとは思わなかった」。母「娘に甘えていたことは分かっている。治療はちゃんと続けたい」。",
        risks="母の病状の悪化（入院の可能性）。本人の出席日数不足による原級留置。",
        urgency="high",
    ),
    plans=(
        PlanText(
            long_goal="「高校を卒業して、看護学校に行きたい」（本人）／「子どもたちが子どもらしく過ごせるように、体調を整えたい」（母）",
            short_goals=(
                "①「朝、遅刻しないで学校に行きたい」――母の調子が悪い日の朝の家事と妹の送りを、家事援助とファミリー・サポートで補う。\n"
                "②「薬をやめないで通院したい」（母）――相談支援専門員が服薬と通院を支え、訪問看護の導入を検討する。\n"
                "③「放課後に勉強する時間がほしい」――弟がひだまりの家の学習支援に通い、本人が自分の勉強に使える時間をつくる。\n"
                "④「お金の心配を少しでも減らしたい」（母）――障害年金の申請を検討する。"
            ),
            roles=(
                Role(
                    "kodomo",
                    "本人の相談窓口として月2回面談。ファミリー・サポートの利用調整。要保護児童対策地域協議会での情報共有。",
                    "月2回",
                ),
                Role(
                    "shogai_midori",
                    "母の計画相談。居宅介護（家事援助）の支給申請、訪問看護の導入の調整、障害年金の申請支援。",
                    "月1回訪問",
                ),
                Role("kenko", "母の地区担当保健師として家庭訪問し、体調と服薬の様子を確認する。", "月1回"),
                Role(
                    "kyoiku",
                    "スクールソーシャルワーカーとして学校と家庭の連絡役。担任・養護教諭との調整、出席状況の共有。",
                    "随時",
                ),
                Role("ibasho", "弟の放課後の居場所（学習支援）の受け入れ。", "週2回"),
                Role(
                    "shakyo",
                    "主担当。チームの調整と重層的支援会議の開催。本人が話しやすい場をつくる。",
                    "月1回",
                ),
            ),
            comment="本人「お母さんに内緒で何かされるのは嫌だったけど、一緒に決められてよかった」",
        ),
    ),
    notes=(
        Note(
            "intake",
            "shakyo",
            "interview",
            60,
            "こども家庭センターで本人・母と面談（センター担当者同席）。多機関協働について説明。本人が利用申込書に署名し、"
            "母も同席のうえ同意した。",
        ),
        Note(
            "assessment",
            "shogai_midori",
            "home_visit",
            60,
            "母と面談（保健師同行）。この2週間服薬できていない。主治医に連絡し受診日を早めてもらった。"
            "母「子どもに悪いと思うと余計に具合が悪くなる」。",
        ),
        Note("assessment", "kyoiku", "phone", 15, "担任から。今月の遅刻は5回。期末試験は受けられた。"),
        Note(
            "assessment",
            "kodomo",
            "interview",
            45,
            "本人と面談。「弟は、宿題をみてくれるのは私だけだと思っている」。弟が通える学習支援の場があれば、と話す。",
        ),
        Note(
            "planning",
            "shakyo",
            "meeting",
            60,
            "チーム打ち合わせ。朝の家事援助とファミリー・サポートの組み合わせ、弟の放課後の居場所（ひだまりの家）を確認した。",
        ),
        Note(
            "planning",
            "shakyo",
            "interview",
            45,
            "本人・母とプラン案を確認。本人の言葉で目標を書き、本人と母がそれぞれ同意・署名した。次回の重層的支援会議に提出する。",
        ),
    ),
)


SAITO = Story(
    key="poverty_disability",
    title="生活困窮（離職の繰り返し・家賃滞納）と障がいの疑い",
    status="planning",
    intake="jiritsu",
    town="駅前一丁目",
    family=("齋藤", "さいとう"),
    household="郵便物を開封せずにためてしまうため、重要な書類は面談時に一緒に確認する。",
    residents=(
        Resident(
            "self",
            "male",
            34,
            "齋藤 大輔",
            "さいとう だいすけ",
            phone="mobile",
            situation="34歳。ひとり暮らし。高校卒業後の10年間で7回転職（製造、配送、飲食、コールセンターなど）。遅刻や指示の"
            "聞き漏らしを注意されて辞めることが続いた。3か月前に倉庫の仕事を辞めて無職。家賃（月4万2千円）を3か月滞納。",
            issues="収入がない。家賃滞納による退去のおそれ。携帯電話料金の未払い。予定の管理や書類の手続きが苦手。"
            "発達障害の可能性があるが未受診。",
        ),
        Resident(
            "parent",
            "female",
            63,
            "齋藤 悦子",
            "さいとう えつこ",
            apart="北上市に住む母",
            situation="63歳。年金とパートで暮らす。本人とは年に数回電話する程度で、金銭的な援助は難しい。",
        ),
    ),
    topics=("rent_loan", "income", "job_search", "health"),
    situations=("mental",),
    complaint=(
        "本人来所。3か月前に倉庫の仕事を辞め、家賃を3か月滞納している。管理会社から今月中に払わなければ退去の手続きに入ると"
        "言われた。これまで10年で7回仕事を変わった。どの職場でも「言われたことを忘れる」「段取りが悪い」と叱られ、"
        "居づらくなって辞めてしまう。"
    ),
    wishes="「働く気はある。でも、また同じことになりそうで怖い。自分のどこがおかしいのか知りたい」。",
    intake_note=(
        "住居確保給付金を申請し、管理会社と支払い計画を相談する。面談中、書類の記入に時間がかかり、話が途中で別の話題に移ることが"
        "多かった。本人から「昔から忘れ物が多い」との話もあり、発達障害の可能性を念頭に、医療と障害福祉を含めた支援が必要と判断。"
        "本人の同意を得て多機関協働につなぐ。"
    ),
    referral=(
        "家賃滞納（3か月）と離職を繰り返している34歳の方です。住居確保給付金は申請済みです。仕事が続かない背景に発達障害の可能性が"
        "あり、本人も「自分のどこがおかしいのか知りたい」と話しています。医療・障害福祉と就労支援をつなぐ役割分担をお願いします。"
    ),
    team=(
        Team("kikan", phase="assessment"),
        Team("clinic", phase="assessment"),
        Team("seikatsu", phase="assessment", left="planning"),
    ),
    assessment=Assess(
        situation=(
            "駅前一丁目のアパートでひとり暮らし。家賃4万2千円。離職後の収入はなく、貯金は底をついた。住居確保給付金の支給決定で"
            "当面の家賃は確保できたが、滞納分（12万6千円）が残る。携帯電話の料金も2か月未払い。北上市に住む母とは年に数回の電話"
            "のみ。友人は高校時代の1人だけ。"
        ),
        issues=(
            "①家賃の滞納分と未払いの整理。②安定した収入。③仕事が続かない背景の理解（発達特性の評価）。"
            "④郵便物や手続きを自分で管理する方法。"
        ),
        strengths=(
            "働く意欲がある。体力があり、配送の仕事では道を覚えるのが早かった。パソコンが得意で、ゲームの攻略サイトを作ったことが"
            "ある。約束の日時に来所できている（スマートフォンのアラームを使っている）。"
        ),
        words="「怒られるのが怖くて、分からないことを聞けなかった。向いている仕事があるなら知りたい」。",
        risks="給付金の支給期間が終わった後の家賃。孤立と自己否定感の強まり。",
    ),
    plans=(
        PlanText(
            long_goal="「自分に合った仕事を見つけて、長く働きたい。家賃の心配をしないで暮らしたい」",
            short_goals=(
                "①「自分の得意・不得意を知りたい」――みどりの森クリニックで発達の評価を受ける（基幹相談支援センターが受診に同行）。\n"
                "②「滞納を片付けたい」――家計表を作り、管理会社と分割返済の約束をする。\n"
                "③「郵便物をためないようにしたい」――週1回、くらし・しごと相談センターで一緒に開封・整理する。\n"
                "④「焦らずに働き始めたい」――就労準備支援事業の作業体験に参加し、評価の結果を見て働き方を考える。"
            ),
            roles=(
                Role(
                    "jiritsu",
                    "家計表の作成、管理会社との返済の調整、郵便物の整理の支援、就労準備支援事業の利用。",
                    "週1回",
                ),
                Role(
                    "kikan",
                    "受診同行と評価結果の説明への同席。結果により就労移行支援や手帳の情報を提供する。",
                    "受診時・月1回",
                ),
                Role(
                    "clinic",
                    "発達の評価（心理検査を含む）と診断。医療相談室の精神保健福祉士が本人とチームの窓口になる。",
                    "検査時",
                ),
                Role("shakyo", "主担当。チームの調整、重層的支援会議への提出。", "月1回"),
            ),
        ),
    ),
    notes=(
        Note(
            "intake",
            "shakyo",
            "interview",
            45,
            "くらし・しごと相談センターで本人と面談（渡邉相談員同席）。多機関協働の説明をし、利用申込書に署名。"
            "本人「こんなに大勢で相談に乗ってもらっていいのか」。",
        ),
        Note(
            "assessment",
            "seikatsu",
            "interview",
            30,
            "生活保護の要否について本人と面談。住居確保給付金の支給決定で当面の家賃は確保されたため、現時点では申請しないことを"
            "本人と確認した。",
        ),
        Note(
            "assessment",
            "kikan",
            "interview",
            60,
            "本人と面談。子どもの頃から忘れ物が多く、通知表に毎年「落ち着きがない」と書かれていたと話す。受診の希望あり。"
            "みどりの森クリニックの初診を予約した。",
        ),
        Note(
            "assessment",
            "jiritsu",
            "interview",
            40,
            "家計表を作成。携帯電話料金の未払い2か月分を分割で払う約束を、本人が電話で取り付けた（相談員が横で支援）。",
        ),
        Note(
            "planning",
            "clinic",
            "phone",
            15,
            "医療相談室から。初診済み。心理検査を来月実施予定。結果の説明には基幹相談支援センターの同席を本人が希望している。",
        ),
        Note(
            "planning",
            "shakyo",
            "interview",
            45,
            "本人とプラン案を作成中。「焦らずに働き始めたい」を目標に入れたいと本人。評価の結果が出る前に会議に出すか、"
            "結果を待つかを本人と相談している。",
        ),
    ),
)

NAMED = [SUGAWARA, ONODERA, SATO, SAITO]
