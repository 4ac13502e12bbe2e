"""The demo's dispatches, written as the contractor's facilitators and the prefecture's officer note them.

Six municipalities in the previous 年度, every one taken to 成果整理済, and four in the current 年度 at
different steps. Dates are (month, day) inside the 年度; the current year's dates that must fall before or
after the demo's today are given as day offsets from it. Worksheets describe cases by age and household,
never by anything that identifies a person.
"""

from __future__ import annotations

from typing import Any

from kasane.demo.prefecture.dispatch_towns import MORE_PREVIOUS_YEAR
from kasane.demo.prefecture.dispatch_worksheets import (
    W_DEBT,
    W_DISABILITY,
    W_DOUBLE,
    W_ELDER,
    W_FARM,
    W_HOARDING,
    W_YOUTH,
    hearing_notes,
    worksheet,
)
from kasane.readiness.themes import ReadinessItem as R
from kasane.readiness.themes import Theme as T
from kasane.readiness.themes import Tool

PREVIOUS_YEAR: list[dict[str, Any]] = [
    {
        "municipality": "苫小牧市",
        "requested": (5, 12),
        "agreed": (5, 26),
        "requested_by": "福祉部 総合福祉課（地域共生担当 主査）",
        "request": "専門職の経験や能力にばらつきがあり、機関同士が互いの業務を十分に理解できていない。"
        "適切に対応できていない困難ケースが出ている。機関どうしが連携する素地づくりと、庁内の理解を進めたい。",
        "themes": [T.SHARING, T.INTERNAL, T.TALENT],
        "experts": [4, 0],
        "hearing": {
            "held": (6, 18),
            "method": "online",
            "attendees": "総合福祉課長、同課 地域共生担当 主査、市社協 地域福祉課長／道 地域福祉課、受託事業者",
            **hearing_notes(
                lead_division="福祉部 総合福祉課",
                promoter="総合福祉課の地域共生担当が中心。社協の地域福祉課長が協力的で、推進役になりうる。",
                trigger_case="高齢・障がい・生活困窮など分野を越えた複合的な課題への対応に苦労した相談が続き、"
                "一元的に受け止める窓口機能の検討を始めた。",
                model_project="モデル事業・移行準備事業の実施はない。令和2年度に国の調査研究事業で包括的支援体制を検討した。",
                model_project_experience="調査研究事業の研修で他分野の専門職どうしの顔の見える関係ができた一方、"
                "参加者が限られ、市全体には広がらなかった。",
                agencies_status="地域包括支援センター7か所（すべて委託）、基幹相談支援センター3か所、生活困窮者自立相談支援事業所（直営）、"
                "こども相談センターなど。包括は相談件数が増え、手一杯との声。",
                awareness="福祉部内でも事業の意義の理解に差がある。現場の専門職の関心は高い。",
                internal_structure="庁内連携会議はない。ケースごとに担当課が個別に声をかけている。",
                professional_collab="経験のある相談員どうしは連携できているが、経験の浅い職員は他機関の役割をよく知らない。",
                finance="事業化の相談はまだ。効果を説明する材料がほしいと言われている。",
                initiatives="包括の圏域ごとに多機関の事例検討会を開きたいという案がある。",
                vision_clarity="地域福祉計画の「誰もが支え合うまち」を目指すが、事業として何を実現するかは整理されていない。",
                vision_shared="福祉部内の係長級で話し始めた段階。",
            ),
        },
        "goals": [
            {
                "text": "関係機関が互いの役割と業務を理解し、困難ケースで連携する素地をつくる",
                "item": R.SHARING,
                "agreed": (7, 10),
                "actions": [
                    ("包括7圏域の事例を事前課題シートで集める", "総合福祉課", (9, 30), (9, 26)),
                    (
                        "事例検討ワークショップを開く（包括・障がい・困窮・子ども）",
                        "総合福祉課・受託事業者",
                        (10, 31),
                        (10, 21),
                    ),
                    (
                        "ワークショップで出た「足りない資源」を一覧にまとめる",
                        "受託事業者",
                        (12, 15),
                        (12, 10),
                    ),
                ],
                "outcome": {
                    "changes": "多機関で困難事例を検討し、どのケースにどの機関と連携すべきかを話し合えた。"
                    "他機関の役割を知らなかったという声が多く、顔の見える関係ができた。",
                    "evidence": "事例検討ワークショップに7分野から42人が参加。アンケートで「他機関の業務が分かった」が86％。"
                    "ワークショップ後、包括と基幹相談支援センターの合同連絡会が2回開かれた。",
                    "achievement": "achieved",
                    "next_steps": "連絡会を定例化し、経験の浅い職員も参加できるようにする。",
                    "tools": [Tool.CASE_WORKSHOP],
                },
            },
            {
                "text": "福祉部内で事業の意義を共有し、庁内連携会議の設置方針を決める",
                "item": R.INTERNAL,
                "agreed": (7, 10),
                "actions": [
                    ("福祉部の課長・係長向け勉強会を開く", "総合福祉課・大森教授", (11, 30), (11, 18)),
                    ("庁内連携会議の設置要綱の案をつくる", "総合福祉課", (2, 28), (3, 6)),
                ],
                "outcome": {
                    "changes": "勉強会で他市の実例を聞き、福祉部の管理職が事業の意義を説明できるようになった。"
                    "庁内連携会議の設置要綱案ができた。",
                    "evidence": "勉強会に福祉部の課長・係長18人が参加。要綱案を部長会議に報告（3月）。",
                    "achievement": "partly",
                    "next_steps": "福祉部以外（住宅・税務・教育）の参加が決まっていない。",
                    "tools": [Tool.STUDY_INTERNAL],
                },
            },
        ],
        "workshops": [
            {
                "title": "苫小牧市 事例検討ワークショップ",
                "held": (10, 21),
                "place": "苫小牧市役所 第2会議室",
                "counts": (9, 6, 14, 5, 4, 3, 1),
                "lead": "総合福祉課",
                "expert": 4,
                "reflection": "包括の職員が、困窮や障がいの窓口がどこまで対応できるのかを初めて知ったという場面が多かった。"
                "次は経験の浅い職員向けに、機関ごとの業務紹介の時間を長めにとる。",
                "sheets": [
                    worksheet("1班（包括・社協）", W_ELDER, W_HOARDING),
                    worksheet("2班（障がい・困窮）", W_DISABILITY, W_DEBT),
                    worksheet("3班（子ども・保健）", W_DOUBLE, W_YOUTH),
                ],
            }
        ],
    },
    {
        "municipality": "釧路市",
        "requested": (4, 25),
        "agreed": (5, 26),
        "requested_by": "福祉部 生活福祉事務所（地域福祉担当）",
        "request": "モデル事業から続く取り組みはあるが、組織再編中で関係部署の理解が得られていない。"
        "財政部に説明できる材料がほしい。担当課の職員が事業の意義を対外的に説明できるようにしたい。",
        "themes": [T.FINANCE, T.INTERNAL, T.PARTICIPATION],
        "experts": [3, 2],
        "hearing": {
            "held": (6, 5),
            "method": "phone",
            "attendees": "生活福祉事務所 地域福祉担当 主幹・主査／道 地域福祉課、受託事業者",
            **hearing_notes(
                lead_division="福祉部 生活福祉事務所",
                promoter="生活福祉事務所がモデル事業時代から所管。民間の困窮支援事業所が推進役。",
                trigger_case="困窮分野の民間事業所からの働きかけでモデル事業を始めた。",
                model_project="モデル事業を5か年実施。移行準備事業を実施中。",
                agencies_status="包括7か所（委託5・直営2）、生活相談支援センター（委託）、障害者相談支援事業所3か所、基幹相談支援センター。",
                awareness="福祉部内の組織再編の最中で、事業への理解が部内に広がっていない。",
                internal_structure="地域福祉課が庁内連携会議を年数回開くが、「うちの部署はできることがない」と言われることもある。",
                professional_collab="現場の相談員間のケース連携は活発。",
                finance="事業の具体的な情報が少なく、財政部への説得材料が足りない。",
                initiatives="中間的就労の先進的な取り組みを参加支援として位置づけたい。",
                vision_clarity="困窮分野を起点に、分野を越えた支援をつくりたいという思いは明確。",
                vision_shared="担当課の中にとどまっている。",
            ),
        },
        "goals": [
            {
                "text": "担当課職員が重層的支援体制整備事業の意義を理解し、財政部・関係課に説明できる",
                "item": R.INTERNAL,
                "agreed": (6, 30),
                "actions": [
                    ("他市の担当者との意見交換会に参加する", "生活福祉事務所", (9, 30), (9, 12)),
                    (
                        "財政部向けの説明資料（事業費と交付金の整理）をつくる",
                        "生活福祉事務所・松田氏",
                        (12, 26),
                        (12, 19),
                    ),
                ],
                "outcome": {
                    "changes": "他市の実例を知り、担当課の職員が事業の意義を自分のことばで説明できるようになった。"
                    "財政部への説明資料ができた。",
                    "evidence": "意見交換会に2人参加。説明資料を使って財政部と1月に協議し、次年度の検討課題に挙がった。",
                    "achievement": "achieved",
                    "next_steps": "組織再編後の体制で、関係課を巻き込んだ検討の場をつくる。",
                    "tools": [Tool.EXCHANGE, Tool.INTERNAL_TALKS],
                },
            },
            {
                "text": "中間的就労の取り組みを、参加支援として関係機関と共有する",
                "item": R.TALENT,
                "agreed": (6, 30),
                "actions": [
                    (
                        "受け入れ先の事業所と相談機関の意見交換ワークショップを開く",
                        "生活福祉事務所・三浦氏",
                        (11, 30),
                        (11, 13),
                    )
                ],
                "outcome": {
                    "changes": "受け入れ先の事業所と相談機関が、参加支援として何ができるかを話し合えた。",
                    "evidence": "ワークショップに受け入れ先6事業所を含む28人が参加。新たに2事業所が受け入れに前向きと回答。",
                    "achievement": "partly",
                    "next_steps": "受け入れ先へのフォローの方法を決める。",
                    "tools": [Tool.CASE_WORKSHOP],
                },
            },
        ],
        "workshops": [
            {
                "title": "釧路市 参加支援を考えるワークショップ",
                "held": (11, 13),
                "place": "釧路市生涯学習センター 研修室",
                "counts": (6, 4, 5, 3, 1, 6, 3),
                "lead": "生活福祉事務所",
                "expert": 2,
                "reflection": "受け入れ先の事業所から「どんな人が来るのか事前に知りたい」「困ったときの連絡先がほしい」という声が出た。",
                "sheets": [
                    worksheet("受け入れ先事業所", W_FARM, None),
                    worksheet("困窮・障がい", W_DISABILITY, W_YOUTH),
                    worksheet("包括・社協", W_ELDER, W_DEBT),
                ],
            }
        ],
    },
    {
        "municipality": "森町",
        "requested": (5, 20),
        "agreed": (6, 2),
        "requested_by": "保健福祉課 福祉係（係長）",
        "request": "事業の実施を検討しているが、町内で何から始めればよいかわからない。"
        "社協や民生委員など地域の関係者と、町の目指す姿を共有する機会をつくりたい。",
        "themes": [T.LOCAL_PEOPLE, T.SHARING, T.SMALL_TOWN],
        "experts": [1],
        "hearing": {
            "held": (6, 24),
            "method": "visit",
            "attendees": "保健福祉課長、福祉係長、地域包括支援センター（直営）主任ケアマネジャー、町社協 事務局長／受託事業者",
            **hearing_notes(
                lead_division="保健福祉課 福祉係",
                promoter="福祉係長と社協事務局長。",
                trigger_case="8050の世帯への対応で、包括・社協・保健師がそれぞれに関わり、誰が中心になるか決まらなかった。",
                model_project="実施していない。",
                agencies_status="包括は直営1か所。障がいの相談は近隣町と共同で委託。困窮の相談は道の振興局が担当。",
                awareness="町職員の関心は高くない。民生委員は地域の困りごとをよく知っている。",
                internal_structure="課内で福祉・介護・保健の係が顔を合わせて相談している。",
                professional_collab="顔の見える関係があり、必要なときに集まれる。",
                finance="未着手。",
                vision_clarity="はっきりしていない。",
                vision_shared="まだ共有の場がない。",
            ),
        },
        "goals": [
            {
                "text": "地域関係者が地域共生社会の理念を理解し、町の目指す姿について共通認識を持つ",
                "item": R.LOCAL_PEOPLE,
                "agreed": (7, 15),
                "actions": [
                    ("民生委員協議会の定例会で事業を説明する", "保健福祉課", (8, 31), (8, 20)),
                    ("町民・関係者向けの学びの場を開く", "保健福祉課・町社協", (11, 30), (11, 6)),
                ],
                "outcome": {
                    "changes": "民生委員や町内会役員が、町の困りごとと事業のつながりを話し合えた。",
                    "evidence": "学びの場に民生委員・町内会役員など38人が参加。参加者アンケートで「理念が理解できた」が79％。",
                    "achievement": "achieved",
                    "next_steps": "学びの場を年1回続ける。",
                    "tools": [Tool.STUDY_PHILOSOPHY],
                },
            },
            {
                "text": "包括・社協・保健師がケースの情報を共有する場を定例化する",
                "item": R.SHARING,
                "agreed": (7, 15),
                "actions": [("月1回の三者連絡会を試行する", "包括・町社協・保健推進係", (12, 31), (12, 17))],
                "outcome": {
                    "changes": "三者連絡会を試行し、8050の世帯など複数の機関が関わる世帯を共有できた。",
                    "evidence": "10月から3月まで連絡会を5回開催。",
                    "achievement": "achieved",
                    "next_steps": "障がいの相談支援事業所にも加わってもらう。",
                    "tools": [Tool.CASE_WORKSHOP],
                },
            },
        ],
        "workshops": [
            {
                "title": "森町 みんなで考える地域共生ワークショップ",
                "held": (11, 6),
                "place": "森町公民館 大ホール",
                "counts": (7, 5, 4, 1, 2, 0, 19),
                "lead": "保健福祉課",
                "expert": 1,
                "reflection": "民生委員から「制度の狭間の人は地域が一番知っている」という発言があり、会場がうなずいた。",
                "sheets": [
                    worksheet("1班（民生委員）", W_ELDER, W_HOARDING),
                    worksheet("2班（町・社協）", W_DOUBLE, W_YOUTH),
                ],
            }
        ],
    },
    *MORE_PREVIOUS_YEAR,
]
