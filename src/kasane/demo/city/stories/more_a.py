"""More of the demo's 多機関協働 cases, across every status (see ``shape`` for the format)."""

from __future__ import annotations

from kasane.demo.city.stories.shape import Assess, Closure, Note, PlanText, Resident, Role, Story, Team

R = Resident
F, M = "female", "male"

STORIES: list[Story] = [
    Story(
        key="8050_daughter",
        title="8050・パニック障害で長く外出できない娘と要介護の父",
        status="closed",
        intake="houkatsu_kita",
        town="若葉台",
        family=("及川", "おいかわ"),
        days=150,
        support_days=240,
        residents=(
            R(
                "self",
                M,
                82,
                phone="home",
                situation="82歳。腰椎圧迫骨折の後、要介護2。デイサービス週3回。",
                issues="娘の将来への不安。自分が入院したときの娘の生活。",
            ),
            R(
                "child",
                F,
                47,
                situation="47歳。20代でパニック障害を発症し、約15年ほとんど外出していない。家事はこなす。",
                issues="通院が途切れている。収入がない。父以外との接点がない。",
            ),
        ),
        topics=("care", "withdrawal", "health"),
        situations=("8050", "isolation", "mental"),
        complaint=(
            "父（本人・82歳）のケアマネジャーからの情報で訪問。父は「娘が家から出られない。わしが死んだらどうなるのか」と話す。"
            "娘（47歳）はパニック障害で、以前は通院していたが、主治医の退職をきっかけに通院をやめたという。"
        ),
        wishes="父「娘が自分で暮らせるようにしてやりたい」。娘は訪問時に台所から挨拶した。",
        intake_note="父の同意を得て、娘を含めた世帯の支援を多機関協働に相談する。娘には次回、父から話してもらう。",
        referral="要介護2の父と、パニック障害で長く外出できない47歳の娘の世帯です。娘の通院の再開と、父亡き後の生活の見通しを一緒に考えてください。",
        team=(Team("kikan"), Team("jiritsu", phase="planning")),
        assessment=Assess(
            situation="父（82歳・要介護2）と娘（47歳）の二人暮らし。父の年金（月約18万円）で生活。持ち家。娘は家事全般を担い、父の介護もしている。",
            issues="①娘の通院の再開。②娘の収入（障害年金の可能性）。③娘が父以外の人と関われる場。④父の介護負担の娘への偏り。",
            strengths="娘は家事能力が高く、父との関係が良い。電話なら話せる。父のケアマネジャーが世帯の状況をよく把握している。",
            words="娘「外に出たい気持ちはある。電車とスーパーが怖い」。父「娘には苦労をかけた」。",
            risks="父の急な入院で娘がひとりになること。",
        ),
        plans=(
            PlanText(
                long_goal="「父がいなくなっても、自分の家で暮らしていけるようになりたい」（娘）",
                short_goals=(
                    "①「近所のクリニックなら行けるかもしれない」――基幹相談支援センターの職員と一緒に受診する。\n"
                    "②「自分のお金がほしい」――障害年金の受給の可能性を調べる。\n"
                    "③「人の少ないところなら通ってみたい」――就労継続支援B型事業所を見学する。"
                ),
                roles=(
                    Role(
                        "kikan",
                        "娘の受診同行、障害福祉サービスの利用相談、計画相談の事業所への引き継ぎ。",
                        "月2回",
                    ),
                    Role("jiritsu", "障害年金の申請に必要な書類の整理と家計の見通しの作成。", "月1回"),
                    Role(
                        "houkatsu_kita",
                        "父の介護の調整。娘の介護負担を減らすためのサービスの見直し。",
                        "月1回",
                    ),
                    Role("shakyo", "主担当。チームの調整、重層的支援会議での進捗確認。", "月1回"),
                ),
            ),
        ),
        notes=(
            Note(
                "intake",
                "shakyo",
                "home_visit",
                50,
                "父・娘と面談。娘は居間に出てきて、多機関協働の利用に同意した。「父のことで手一杯だった」。",
            ),
            Note(
                "assessment",
                "kikan",
                "home_visit",
                40,
                "娘と面談。以前の通院先はかさね中央病院。近所のクリニックなら行けるかもしれないと話す。",
            ),
            Note(
                "support",
                "kikan",
                "accompany",
                120,
                "娘の受診に同行。車の中で何度か休憩しながら到着できた。服薬を再開。",
            ),
            Note(
                "support",
                "jiritsu",
                "interview",
                45,
                "娘と障害年金の初診日を確認。当時の病院にカルテが残っていることが分かった。",
            ),
            Note(
                "support",
                "kikan",
                "accompany",
                90,
                "就労継続支援B型事業所（北田）を見学。娘「ここなら座って作業できる」。",
            ),
            Note(
                "support",
                "shakyo",
                "home_visit",
                30,
                "娘は週2日B型事業所に通い始めた。父「娘が出かけるのを見送るのは初めてだ」。",
            ),
            Note(
                "closing",
                "shakyo",
                "interview",
                40,
                "父・娘と終結について話し合う。娘の計画相談は相談支援センターあゆみが引き継ぐ。",
            ),
        ),
        closure=Closure(
            result="met",
            reasons="娘の通院が再開し、B型事業所に週2日通えるようになった。障害年金の申請も済み、計画相談の担当が決まった。",
            person_view="娘「まさか自分が毎週外に出られるとは思わなかった」。父「安心した」。",
            decision="短期目標をいずれも達成。娘の支援は計画相談（あゆみ）、父の支援は地域包括わかばが継続するため、多機関協働としては終結する。",
            watch="地域包括わかばが父の介護で継続して関わり、世帯に変化があれば社協に連絡する。",
        ),
    ),
    Story(
        key="roushou",
        title="老障介護（認知症の夫と知的障がいのある息子を介護する妻）",
        status="support",
        intake="houkatsu_minami",
        town="柳町",
        family=("熊谷", "くまがい"),
        days=130,
        overdue_review=True,
        residents=(
            R(
                "self",
                F,
                77,
                phone="home",
                situation="77歳。夫と息子の世話をひとりで担う。糖尿病で通院。",
                issues="自分の体調の悪化。自分が倒れた後の息子の暮らし。",
            ),
            R("spouse", M, 81, situation="81歳。アルツハイマー型認知症、要介護3。昼夜逆転がある。"),
            R(
                "child",
                M,
                50,
                situation="50歳。知的障がい（療育手帳A）。生活介護に週5日通う。母の指示がないと身支度が難しい。",
            ),
        ),
        topics=("care", "health", "family"),
        situations=("isolation",),
        complaint="本人（77歳）が来所。夫の認知症が進んで夜眠れず、息子（50歳・知的障がい）の世話もあり、「私が倒れたら二人ともどうなるのか」。",
        wishes="「家族三人でできるだけ長く暮らしたい。でも息子の先のことも決めておきたい」。",
        intake_note="夫は当センター、息子は相談支援センターあゆみが担当しているが、両者で話し合ったことはない。本人の同意を得て多機関協働へ。",
        referral="認知症の夫と知的障がいのある息子を、77歳の妻がひとりで介護しています。高齢と障がいの両方の支援者で役割を整理させてください。",
        team=(Team("shogai_ayumi"), Team("choju", phase="planning")),
        assessment=Assess(
            situation="柳町の持ち家に三人暮らし。収入は夫婦の年金と息子の障害基礎年金。長女は関東在住で年1回帰省。",
            issues="①妻の介護負担と健康。②夫の在宅生活の限界の見極め。③息子の将来の住まい（グループホーム）と金銭管理。④成年後見の検討。",
            strengths="妻は介護の工夫に長け、両方の支援者を信頼している。息子は生活介護の仲間や職員と関係が良い。",
            words="本人「息子のことは私が一番分かっている。でも私がいなくなったら、と思うと眠れない」。",
            risks="妻の入院で夫と息子の生活が同時に立ち行かなくなる。",
            urgency="high",
        ),
        plans=(
            PlanText(
                long_goal="「家族三人の暮らしを続けながら、息子が安心して暮らせる先を決めておきたい」",
                short_goals=(
                    "①「夜は眠りたい」――夫のショートステイを月1週間利用する。\n"
                    "②「息子にも外で泊まる練習をさせたい」――グループホームの体験入居（月2泊）を始める。\n"
                    "③「お金のことを頼める人を決めたい」――成年後見制度について長女と話し合う。"
                ),
                roles=(
                    Role(
                        "houkatsu_minami",
                        "夫のケアプランの見直し（ショートステイの追加）。妻の体調の把握。",
                        "月1回",
                    ),
                    Role("shogai_ayumi", "息子の計画相談。グループホームの体験入居の調整。", "月1回"),
                    Role("choju", "成年後見制度の説明と、必要時の申立ての支援。", "必要時"),
                    Role("shakyo", "主担当。チームの調整。日常生活自立支援事業の説明。", "月1回"),
                ),
            ),
        ),
        notes=(
            Note(
                "intake",
                "shakyo",
                "home_visit",
                60,
                "地域包括みなみ・あゆみと同行訪問。本人が利用申込書に署名。「両方の人が一緒に来てくれたのは初めて」。",
            ),
            Note(
                "assessment",
                "shogai_ayumi",
                "interview",
                40,
                "息子と面談。「お泊まり、行ってみたい」と話す。",
            ),
            Note(
                "support",
                "houkatsu_minami",
                "phone",
                15,
                "夫のショートステイを初めて利用。本人「久しぶりに朝まで眠れた」。",
            ),
            Note(
                "support",
                "shogai_ayumi",
                "home_visit",
                30,
                "息子のグループホーム体験（2泊）を終えた。職員によると落ち着いて過ごせた。",
            ),
            Note(
                "support",
                "choju",
                "interview",
                45,
                "本人と長女（電話参加）に成年後見制度を説明。長女は検討したいとのこと。",
            ),
        ),
    ),
    Story(
        key="hikikomori_young",
        title="ひきこもりの若者（25歳）と家族",
        status="support",
        intake="kenko",
        town="朝日が丘",
        family=("村上", "むらかみ"),
        days=45,
        residents=(
            R(
                "self",
                M,
                25,
                phone="mobile",
                situation="25歳。大学2年で中退してから約5年、自宅で過ごす。オンラインゲームで夜更かし。",
                issues="昼夜逆転。家族以外との会話がない。働いた経験がない。",
            ),
            R(
                "parent",
                F,
                54,
                situation="54歳。介護職。息子の将来を案じ、保健センターの家族教室に通っていた。",
            ),
            R("parent", M, 57, situation="57歳。市内の会社員。息子とはほとんど話さない。"),
        ),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        topics=("withdrawal", "job_search", "family"),
        situations=("isolation",),
        complaint="家族教室に1年通っている母から。息子（本人・25歳）が「このままじゃまずい」と話したので、本人が会える人を紹介してほしい。",
        wishes="母「本人の気持ちが動いた今を逃したくない」。",
        intake_note="本人と電話で話し、社協のアウトリーチ担当と会うことに同意を得た。多機関協働の利用申込みも本人が署名。",
        referral="家族教室の母の息子（25歳）です。本人が支援を受ける気持ちになっています。アウトリーチと参加支援をお願いします。",
        team=(Team("ibasho", part="participation", phase="planning"), Team("jiritsu", phase="replan")),
        assessment=Assess(
            situation="両親と三人暮らし。経済的には安定。本人は自室で過ごし、食事は家族と時間をずらしてとる。",
            issues="①生活リズム。②家族以外の人との関係。③将来の就労。④父との関係。",
            strengths="本人が自分から変わりたいと言った。パソコンに詳しい。母が長く学んできた。",
            words="「働くのはまだ怖い。でも、家以外の場所がほしい」。",
        ),
        plans=(
            PlanText(
                long_goal="「家以外に、行ける場所をもちたい」",
                short_goals="①「昼に起きる日を増やしたい」――週2回、アウトリーチ担当と昼に会う。\n②「人の少ない場所なら行ってみたい」――ひだまりの家を見学する。",
                roles=(
                    Role("shakyo", "アウトリーチ担当が週2回本人と会う。ひだまりの家の見学に同行。", "週2回"),
                    Role("kenko", "母の家族相談を継続する。", "月1回"),
                    Role("ibasho", "見学と体験の受け入れ。", "体験時"),
                ),
            ),
            PlanText(
                long_goal="「自分で稼いだお金で、欲しいパソコンを買いたい」",
                short_goals=(
                    "①「ひだまりの家のパソコン作業を続けたい」――週2回通い、チラシ作りを担当する。\n"
                    "②「働くってどんなことか知りたい」――就労準備支援事業の説明を受ける。"
                ),
                roles=(
                    Role(
                        "shakyo",
                        "主担当。参加支援担当がひだまりの家での活動を見守り、受け入れ先と調整する。",
                        "月2回",
                    ),
                    Role("ibasho", "週2回の受け入れ。チラシ作りの作業を用意する。", "週2回"),
                    Role("jiritsu", "就労準備支援事業の説明と利用の検討。", "月1回"),
                    Role("kenko", "母の家族相談を継続する。", "月1回"),
                ),
            ),
            PlanText(
                kind="participation",
                long_goal="「自分で稼ぐ練習として、外で働く体験をしてみたい」",
                short_goals=(
                    "①「体を動かす仕事もやってみたい」――農作業の就労体験に参加する（最初は週2回）。\n"
                    "②ひだまりの家のチラシとメニュー表づくりは続ける。"
                ),
                roles=(
                    Role(
                        "shakyo",
                        "参加支援担当が受け入れ先を探し、見学と体験に同行する。本人と受け入れ先の双方をフォローする。",
                        "月2回",
                    ),
                    Role("ibasho", "週2回の受け入れを続け、本人の様子を参加支援担当に伝える。", "週2回"),
                ),
            ),
        ),
        reviewed="ひだまりの家に週2回通えるようになり、当初の短期目標を達成。本人の新しい希望に沿ってプランを見直す。参加支援プランもあわせて作成する。",
        notes=(
            Note(
                "intake",
                "shakyo",
                "home_visit",
                40,
                "本人と初めて面談。自室の前の廊下で、ゲームの話を中心に30分。",
            ),
            Note(
                "assessment",
                "kenko",
                "interview",
                45,
                "母と面談。父は「甘やかすな」と言うが、支援を受けることには反対していない。",
            ),
            Note(
                "support", "shakyo", "home_visit", 60, "本人と近所のコンビニまで散歩。「昼の光がまぶしい」。"
            ),
            Note(
                "support", "shakyo", "accompany", 90, "ひだまりの家を見学。代表とパソコンの話で盛り上がった。"
            ),
            Note(
                "replan",
                "shakyo",
                "interview",
                45,
                "本人とプランを見直し。「自分で稼いだお金でパソコンを買いたい」。",
            ),
            Note(
                "support2",
                "shakyo",
                "home_visit",
                30,
                "ひだまりの家での作業を見守り。本人が作ったチラシが店に貼られた。",
            ),
            Note(
                "support2", "jiritsu", "interview", 40, "就労準備支援事業を説明。本人は「まずは見学から」。"
            ),
        ),
    ),
]
