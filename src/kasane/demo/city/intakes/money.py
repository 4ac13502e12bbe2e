"""くらし・お金: 生活困窮, debt, housing and work."""

from __future__ import annotations

from kasane.demo.city.intakes.shape import M_, F, Intake, member

INTAKES: list[Intake] = [
    Intake(
        key="rent_arrears",
        agencies=("jiritsu",),
        weight=8,
        members=(member("self", M_, 40, 60, absolute=True),),
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
            member("self", M_, 35, 55, absolute=True),
            member("spouse", F, -5, 2),
            member("child", M_, 8, 15, absolute=True),
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
        members=(member("self", M_, 48, 64, absolute=True),),
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
        members=(
            member("self", M_, 45, 62, absolute=True),
            member("spouse", F, -5, 0),
            member("child", F, -30, -22),
        ),
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
        members=(
            member("self", M_, 21, 29, absolute=True),
            member("parent", F, 24, 30),
            member("parent", M_, 26, 34),
        ),
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
        members=(member("self", F, 70, 82, absolute=True),),
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
        members=(member("self", F, 38, 56, absolute=True), member("child", M_, 15, 17, absolute=True)),
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
]
