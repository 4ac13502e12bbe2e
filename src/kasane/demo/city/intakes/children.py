"""子ども・子育て: the こども家庭センター, schools and nurseries."""

from __future__ import annotations

from kasane.demo.city.intakes.shape import M_, F, Intake, member

INTAKES: list[Intake] = [
    Intake(
        key="isolated_mother",
        agencies=("riyosha",),
        weight=6,
        members=(
            member("self", F, 27, 36, absolute=True),
            member("child", M_, 0, 1, absolute=True),
            member("spouse", M_, 0, 4),
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
            member("self", F, 28, 38, absolute=True),
            member("child", F, 1, 2, absolute=True),
            member("spouse", M_, 0, 4),
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
            member("self", F, 24, 38, absolute=True),
            member("child", F, 0, 0, absolute=True),
            member("spouse", M_, 0, 5),
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
        members=(member("self", M_, 3, 3, absolute=True), member("parent", F, 25, 36)),
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
        members=(
            member("self", F, 8, 11, absolute=True),
            member("parent", F, 26, 34),
            member("sibling", M_, -6, -4),
        ),
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
            member("self", F, 30, 42, absolute=True),
            member("child", M_, 6, 14, absolute=True),
            member("child", F, 3, 9, absolute=True),
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
        members=(member("self", F, 28, 44, absolute=True), member("child", F, 4, 10, absolute=True)),
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
        members=(
            member("self", M_, 12, 15, absolute=True),
            member("parent", F, 30, 40),
            member("parent", M_, 30, 44),
        ),
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
]
