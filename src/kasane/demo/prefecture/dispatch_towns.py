"""The other three of the previous 年度's dispatches (smaller towns and a mid-sized city)."""

from __future__ import annotations

from typing import Any

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

MORE_PREVIOUS_YEAR: list[dict[str, Any]] = [
    {
        "municipality": "美瑛町",
        "requested": (5, 8),
        "agreed": (5, 26),
        "requested_by": "保健福祉課（主査）",
        "request": "ひきこもりや就労が続かない人の社会参加の場が町内に少ない。観光や農業の事業者と組んだ参加支援を考えたい。",
        "themes": [T.PARTICIPATION, T.COMMUNITY, T.SMALL_TOWN],
        "experts": [2, 1],
        "hearing": {
            "held": (6, 11),
            "method": "online",
            "attendees": "保健福祉課 主査、町社協 地域福祉係／受託事業者",
            **hearing_notes(
                lead_division="保健福祉課",
                promoter="社協の地域福祉係が熱心。",
                trigger_case="30代の男性が就労を続けられず、家族から相談。町内に通える場がなかった。",
                model_project="実施していない。",
                agencies_status="包括は直営。相談支援事業所1か所。",
                awareness="農業者・観光事業者には知られていない。",
                professional_collab="保健師と社協は日頃から連携している。",
                initiatives="農家の繁忙期の手伝いを、就労体験にできないかというアイディアがある。",
                vision_clarity="「誰もが役割を持てる町」を目指したい。",
            ),
        },
        "goals": [
            {
                "text": "町内の社会資源を把握し、参加支援の受け入れ先の候補を見つける",
                "item": R.TALENT,
                "agreed": (7, 3),
                "actions": [
                    ("アセスメントシートで町内の資源を書き出す", "保健福祉課・町社協", (8, 29), (8, 22)),
                    ("農業者・観光事業者を訪ねるフィールドワーク", "町社協・三浦氏", (10, 31), (10, 9)),
                ],
                "outcome": {
                    "changes": "フィールドワークで農家2軒と観光施設1か所が受け入れに前向きになった。",
                    "evidence": "フィールドワーク参加者14人。受け入れに前向きな事業者3か所と、条件（作業内容・時間）を整理した。",
                    "achievement": "achieved",
                    "next_steps": "受け入れ先と相談機関の連絡方法を決める。",
                    "tools": [Tool.FIELDWORK],
                },
            },
            {
                "text": "保健福祉課と社協が町の現状と課題を同じシートで整理する",
                "item": R.SITUATION,
                "agreed": (7, 3),
                "actions": [
                    ("自治体アセスメントシートを作成し、道に提出する", "保健福祉課", (9, 30), (9, 25))
                ],
                "outcome": {
                    "changes": "初めて町の現状と課題を一つのシートにまとめ、課内と社協で共有できた。",
                    "evidence": "アセスメントシートを保健福祉課・社協・包括の3者で作成し、9月に道へ提出。",
                    "achievement": "achieved",
                    "next_steps": "毎年度更新する。",
                    "tools": [Tool.ASSESSMENT_SHEET],
                },
            },
        ],
        "workshops": [
            {
                "title": "美瑛町 参加の場を地域でつくるワークショップ",
                "held": (10, 9),
                "place": "美瑛町保健福祉総合センター",
                "counts": (5, 4, 2, 1, 1, 0, 5),
                "lead": "保健福祉課",
                "expert": 2,
                "reflection": "午前に農家と観光施設を訪ね、午後に受け入れの条件を話し合った。",
                "sheets": [worksheet("町・社協", W_FARM, W_YOUTH), worksheet("包括・保健", W_ELDER, W_DEBT)],
            }
        ],
    },
    {
        "municipality": "網走市",
        "requested": (6, 2),
        "agreed": (6, 16),
        "requested_by": "健康福祉部 社会福祉課（地域福祉係）",
        "request": "実施に向けた検討を始めたいが、市の相談体制の現状を整理できていない。"
        "庁内の関係課と現状を共有するところから支援してほしい。",
        "themes": [T.SITUATION, T.INTERNAL],
        "experts": [4, 3],
        "hearing": {
            "held": (7, 1),
            "method": "mail",
            "attendees": "社会福祉課 地域福祉係長（メールで回答）／受託事業者",
            **hearing_notes(
                lead_division="健康福祉部 社会福祉課",
                model_project="実施していない。",
                agencies_status="包括3か所（委託）、基幹相談支援センター、自立相談支援機関（社協に委託）。",
                awareness="関係課の認知は低い。",
                internal_structure="会議体はない。",
                finance="未着手。",
                vision_clarity="これから整理したい。",
            ),
        },
        "goals": [
            {
                "text": "アセスメントシートで市の現状と課題を整理し、関係課と共有する",
                "item": R.SITUATION,
                "agreed": (7, 22),
                "actions": [
                    ("関係課・機関にアセスメントシートの記入を依頼する", "社会福祉課", (9, 12), (9, 10)),
                    ("記入結果をワークショップで共有する", "社会福祉課・受託事業者", (10, 31), (10, 28)),
                ],
                "outcome": {
                    "changes": "6つの課・機関がそれぞれの現状と課題を書き、違いを確かめ合えた。",
                    "evidence": "アセスメントシートに6課・機関が記入。ワークショップで共有。",
                    "achievement": "achieved",
                    "next_steps": "シートを次年度も更新する。",
                    "tools": [Tool.ASSESSMENT_SHEET],
                },
            },
            {
                "text": "庁内の関係課が事業の目指す姿を話し合う場をつくる",
                "item": R.INTERNAL,
                "agreed": (7, 22),
                "actions": [("目指す地域像に関する庁内協議を開く", "社会福祉課", (2, 27), None)],
                "outcome": {
                    "changes": "庁内協議の日程は決まったが、年度内には開けなかった。",
                    "evidence": "庁内協議は4月に延期（関係課の繁忙期のため）。",
                    "achievement": "not_achieved",
                    "next_steps": "新年度の早い時期に開く。",
                    "tools": [],
                },
            },
        ],
        "workshops": [
            {
                "title": "網走市 アセスメントシートを読み合うワークショップ",
                "held": (10, 28),
                "place": "網走市役所 会議室",
                "counts": (8, 3, 4, 2, 2, 2, 0),
                "lead": "社会福祉課",
                "expert": 4,
                "reflection": "シートを並べると、同じ世帯の情報を各課が別々に持っていることが見えてきた。",
                "sheets": [
                    worksheet("福祉・介護", W_ELDER, W_DEBT),
                    worksheet("子ども・保健", W_DOUBLE, W_YOUTH),
                ],
            }
        ],
    },
    {
        "municipality": "ニセコ町",
        "requested": (6, 10),
        "agreed": (6, 16),
        "requested_by": "保健福祉課（課長補佐）",
        "request": "「すでに連携できている」という声が多く、事業化の必要性を説明しにくい。"
        "小さな町で事業を実施した場合の効果を知りたい。",
        "themes": [T.SMALL_TOWN, T.SITUATION, T.LOCAL_PEOPLE],
        "experts": [1, 4],
        "hearing": {
            "held": (6, 30),
            "method": "online",
            "attendees": "保健福祉課 課長補佐、包括（直営）社会福祉士／受託事業者",
            **hearing_notes(
                lead_division="保健福祉課",
                promoter="包括の社会福祉士。",
                model_project="実施していない。",
                agencies_status="相談は課の窓口と直営の包括でほぼ受けている。人員が少なく兼務が多い。",
                awareness="「すでに連携できている」という受け止めが多い。",
                professional_collab="顔の見える関係はあるが、担当者の異動で途切れることがある。",
                finance="効果がわからないと言われている。",
                vision_clarity="小さな町で何が変わるのかを知りたい。",
                vision_shared="共有の場はまだない。",
            ),
        },
        "goals": [
            {
                "text": "同規模の町の実例を知り、町で事業化した場合の効果を整理する",
                "item": R.SITUATION,
                "agreed": (7, 14),
                "actions": [
                    ("同規模で実施している町の担当者と意見交換する", "保健福祉課", (10, 31), (10, 16))
                ],
                "outcome": {
                    "changes": "同規模の町の実例（相談窓口の一本化、居場所づくり）を聞き、効果を課内で説明できるようになった。",
                    "evidence": "実施町の担当者との意見交換を10月に実施。課内会議で報告。",
                    "achievement": "achieved",
                    "next_steps": "町長への説明の機会をつくる。",
                    "tools": [Tool.EXCHANGE],
                },
            },
            {
                "text": "担当者が替わっても続く関係機関のつながりをつくる",
                "item": R.LOCAL_PEOPLE,
                "agreed": (7, 14),
                "actions": [
                    (
                        "関係機関・民生委員と事例検討ワークショップを開く",
                        "保健福祉課・工藤氏",
                        (11, 28),
                        (11, 20),
                    )
                ],
                "outcome": {
                    "changes": "民生委員を含めて事例を検討し、役割を言葉にできた。",
                    "evidence": "ワークショップに21人が参加。連携の手順を1枚にまとめた。",
                    "achievement": "partly",
                    "next_steps": "まとめた手順を異動の引き継ぎに使う。",
                    "tools": [Tool.CASE_WORKSHOP],
                },
            },
        ],
        "workshops": [
            {
                "title": "ニセコ町 事例検討ワークショップ",
                "held": (11, 20),
                "place": "ニセコ町民センター",
                "counts": (6, 3, 3, 1, 1, 0, 7),
                "lead": "保健福祉課",
                "expert": 1,
                "reflection": "「連携できている」と思っていたが、担当者個人のつながりに頼っていたことに気づいたという感想が多かった。",
                "sheets": [worksheet("1班", W_ELDER, W_HOARDING), worksheet("2班", W_DISABILITY, W_YOUTH)],
            }
        ],
    },
]
