"""The current 年度's four dispatches, each at a different step. Dates are day offsets from the demo's today
(negative: already past), so the steps hold whatever day the demo is loaded."""

from __future__ import annotations

from typing import Any

from kasane.demo.prefecture.dispatch_worksheets import W_DOUBLE, W_ELDER, W_HOARDING, W_YOUTH, worksheet
from kasane.readiness.themes import ReadinessItem as R
from kasane.readiness.themes import Theme as T

CURRENT_YEAR: list[dict[str, Any]] = [
    {
        # ワークショップ実施: the workshop was held; outcomes come at the year's end.
        "municipality": "八雲町",
        "requested": -190,
        "agreed": -176,
        "requested_by": "保健福祉課 福祉係（主任）",
        "request": "町の面積が広く、地域ごとに相談の入り口が違う。社協・包括・保健師の情報共有の仕組みと、"
        "地域の関係者の巻き込み方を相談したい。",
        "themes": [T.SHARING, T.LOCAL_PEOPLE, T.OUTREACH],
        "experts": [1, 4],
        "hearing": {
            "held": -160,
            "method": "online",
            "attendees": "保健福祉課 福祉係長・主任、町社協 事務局次長、包括（委託）管理者／道 地域福祉課、受託事業者",
            "lead_division": "保健福祉課 福祉係",
            "promoter": "社協の事務局次長。熊石地域の支所とも連絡をとっている。",
            "trigger_case": "山間部の高齢夫婦の世帯で、訪問した機関がそれぞれ別の課題を把握していたが、共有されていなかった。",
            "model_project": "実施していない。",
            "agencies_status": "包括は委託1か所とブランチ1か所。保健師は地区担当制。",
            "awareness": "社協の関心は高い。町内会長の一部は「見守りはもうやっている」という受け止め。",
            "internal_structure": "課内の係をまたぐ定例の場はない。",
            "professional_collab": "地区担当の保健師と包括はよく連絡をとっている。",
            "finance": "未着手。",
            "initiatives": "地区ごとの見守りネットワークを、相談の入り口として生かしたい。",
            "vision_clarity": "「どの地域に住んでいても相談できる町」を掲げたい。",
            "vision_shared": "課内で話し合い始めた。",
        },
        "goals": [
            {
                "text": "地区ごとに、包括・社協・保健師が世帯の情報を共有する場をつくる",
                "item": R.SHARING,
                "agreed": -140,
                "actions": [
                    ("八雲地区・熊石地区で連絡会を試行する", "保健福祉課・町社協", -60, -58),
                    ("共有のルール（同意の取り方、記録の残し方）を決める", "保健福祉課", 60, None),
                ],
            },
            {
                "text": "町内会・民生委員と、見守りから相談につなぐ流れを話し合う",
                "item": R.LOCAL_PEOPLE,
                "agreed": -140,
                "actions": [("民生委員・町内会長との意見交換会を開く", "町社協・工藤氏", 45, None)],
            },
        ],
        "workshops": [
            {
                "title": "八雲町 地区で支える事例検討ワークショップ",
                "held": -12,
                "place": "八雲町総合体育館 会議室",
                "counts": (8, 6, 4, 1, 2, 1, 9),
                "lead": "保健福祉課",
                "expert": 1,
                "reflection": "熊石地区の参加者から、冬場は訪問が難しく電話での見守りに頼っているという報告があった。",
                "sheets": [
                    worksheet("八雲地区", W_ELDER, W_HOARDING),
                    worksheet("熊石地区", W_DOUBLE, W_YOUTH),
                ],
            }
        ],
    },
    {
        # 目標設定済: goals agreed; the workshop is planned for next month.
        "municipality": "栗山町",
        "requested": -150,
        "agreed": -136,
        "requested_by": "福祉課 地域福祉係（係長）",
        "request": "令和10年度の実施を予定している。参加支援の受け入れ先づくりと、庁内の理解を進めたい。",
        "themes": [T.PARTICIPATION, T.INTERNAL],
        "experts": [2, 0],
        "hearing": {
            "held": -110,
            "method": "visit",
            "attendees": "福祉課長、地域福祉係長、町社協 事務局長／受託事業者",
            "lead_division": "福祉課 地域福祉係",
            "promoter": "地域福祉係長。",
            "model_project": "令和9年度に移行準備事業を予定。",
            "agencies_status": "包括は直営。生活困窮の相談は社協に委託。",
            "awareness": "庁内では福祉課の事業という受け止め。",
            "finance": "移行準備事業の予算要求に向けて相談を始める。",
            "initiatives": "社協の「ふれあいサロン」を参加の場として広げたい。",
            "vision_clarity": "実施予定年度は決まっているが、何を実現するかはこれから。",
        },
        "goals": [
            {
                "text": "参加支援の受け入れ先の候補を、社協と一緒に5か所以上見つける",
                "item": R.TALENT,
                "agreed": -90,
                "actions": [
                    ("サロン・農園・商店など町内の資源を書き出す", "町社協", -30, -35),
                    ("現地ワークショップで受け入れの条件を話し合う", "福祉課・三浦氏", 17, None),
                ],
            },
            {
                "text": "庁内の関係課（税務・住宅・教育）が事業の目指す姿を共有する",
                "item": R.INTERNAL,
                "agreed": -90,
                "actions": [("庁内関係者向け勉強会を開く", "福祉課・大森教授", 70, None)],
            },
        ],
        "workshops": [
            {
                "title": "栗山町 参加の場づくりワークショップ",
                "held": 17,
                "place": "栗山町中央公民館",
                "counts": (0, 0, 0, 0, 0, 0, 0),
                "lead": "福祉課",
                "expert": 2,
                "reflection": "",
                "sheets": [],
            }
        ],
    },
    {
        # ヒアリング済: heard last month; goals are still being discussed with the town.
        "municipality": "美幌町",
        "requested": -80,
        "agreed": -66,
        "requested_by": "保健福祉課（主幹）",
        "request": "相談機関どうしの連携はあるが、どこにも属さない相談が保健福祉課に集中している。"
        "相談の受け止め方と、関係機関の役割分担を見直したい。",
        "themes": [T.CONSULTATION, T.COLLABORATION],
        "experts": [3],
        "hearing": {
            "held": -30,
            "method": "online",
            "attendees": "保健福祉課 主幹・主査、包括（直営）主任ケアマネジャー／道 地域福祉課、受託事業者",
            "lead_division": "保健福祉課",
            "promoter": "保健福祉課の主幹。",
            "trigger_case": "50代の単身男性の生活困窮と健康の相談を、課の窓口が一人で抱えることになった。",
            "model_project": "実施していない。",
            "agencies_status": "包括は直営。障がいは委託の相談支援事業所2か所。困窮は振興局。",
            "awareness": "相談機関の関心は高いが、町内の他課には知られていない。",
            "internal_structure": "ケースごとに課内で相談している。",
            "professional_collab": "相談支援専門員と包括の連携はある。",
            "finance": "未着手。",
            "vision_clarity": "まだ整理できていない。",
        },
        "goals": [],
        "workshops": [],
    },
    {
        # 依頼受付: the request came in; the prefecture has not decided yet.
        "municipality": "中標津町",
        "requested": -13,
        "agreed": None,
        "requested_by": "福祉課 社会福祉係（係長）",
        "request": "ひきこもりの相談が増えているが、通える居場所や就労体験の場が町内にない。"
        "同じくらいの規模の町の参加支援の進め方を知りたい。",
        "themes": [T.PARTICIPATION, T.COMMUNITY],
        "experts": [],
        "hearing": None,
        "goals": [],
        "workshops": [],
    },
]
