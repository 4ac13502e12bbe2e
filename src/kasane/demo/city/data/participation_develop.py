"""資源開拓 by the 社協 from two 不足している社会資源 the 全体推進会議 raised (``city.meetings.GAPS``): short work
experience for people who have not worked for a long time, found at a small factory and entered in the register;
and a place open in the evening, still being sought. No personal data: needs are written as situations."""

from __future__ import annotations

from dataclasses import dataclass

from kasane.demo.city.data.outreach_shape import At, on


@dataclass(frozen=True)
class Approach:
    at: At
    whom: str
    what: str
    result: str


@dataclass(frozen=True)
class Development:
    key: str
    gap: str  # the ResourceGap's title
    title: str
    need: str
    prospects: str
    opened: At
    approaches: tuple[Approach, ...]
    registered: At | None = None  # the new activity entered in the register (``resources_south.DEVELOPED``)
    closed: At | None = None
    close_note: str = ""


_WORK = "gap:ひきこもりの方の就労体験先"
_EVENING = "gap:夜間・休日に通える居場所"

DEVELOPMENTS: list[Development] = [
    Development(
        key="short_work",
        gap="ひきこもりの方の就労体験先",
        title="短い時間から始められる就労体験の受け入れ先",
        need=(
            "ひきこもりの経験がある人や長く働いていない人が、週1〜2回・2時間程度から始められる就労体験の受け入れ先が"
            "少ない。朝の早い農作業などでは時間帯が合わずに続かない例もあり、午後に座ってできる作業の受け入れ先が必要。"
        ),
        prospects="商工会の会員事業所（製造・印刷・小売）、市内の農家、社会福祉法人の作業",
        opened=on(_WORK, 4),
        approaches=(
            Approach(
                on(_WORK, 8),
                "かさね市商工会（事務局長）",
                "参加支援の趣旨と就労体験の受け入れの流れを説明し、会報で受け入れ事業所を募集してもらうよう依頼した。",
                "次号の会報に募集記事を載せてもらえることになった。理事会でも紹介してもらえる。",
            ),
            Approach(
                on(_WORK, 22),
                "有限会社かさね紙工（社長）",
                "会報の記事を見て連絡があった。工場を訪ね、封入・検品など座ってできる作業を見せてもらい、午後2時間からの"
                "受け入れを相談した。",
                "前向きな返事。従業員に説明してから、改めて連絡をもらうことになった。",
            ),
            Approach(
                on(_WORK, 36),
                "有限会社かさね紙工（社長・工場長）",
                "業務の切り出しを一緒に検討。チラシの封入、印刷物の検品、化粧箱の組み立てを体験の作業とし、工場長が"
                "指導役になることを確認した。休むときの連絡は参加支援担当を通すことにした。",
                "火・木の午後1時〜3時、2人まで受け入れることが決まった。",
            ),
        ),
        registered=on(_WORK, 44),
        closed=on(_WORK, 46),
        close_note=(
            "有限会社かさね紙工で、軽作業の就労体験（封入・検品）の受け入れが始まり、社会資源に登録した。"
            "次の全体推進会議で報告し、商工会と次の受け入れ事業所を探す。"
        ),
    ),
    Development(
        key="evening_place",
        gap="夜間・休日に通える居場所",
        title="夜間・休日に通える居場所",
        need=(
            "昼夜逆転のある若者や、日中は働いている人が、夜や休日に気軽に立ち寄れる場所が市内にない。"
            "ひだまりの家は平日の日中のみ開いている。"
        ),
        prospects="社協のふれあいサロン（若葉台）の夜間開放、駅前の喫茶店、中央公民館",
        opened=on(_EVENING, 10),
        approaches=(
            Approach(
                on(_EVENING, 15),
                "ふれあいサロン（若葉台）の地区ボランティア",
                "月2回、夜7時〜9時にサロンを開く案を説明し、協力できる人を募った。",
                "3人が協力できると回答。冬の帰りの足が課題との意見があった。",
            ),
            Approach(
                on(_EVENING, 30),
                "喫茶ともしび（店主）",
                "定休日の夜に店を会場として借りられないか相談した。",
                "月1回なら貸してもよいとのこと。光熱費の扱いを相談したいと言われた。",
            ),
            Approach(
                on(_EVENING, 52),
                "かさね市中央公民館（社会教育係）",
                "日曜の午後に和室を定期的に使えるか相談した。",
                "翌月分の予約から使える。利用団体の登録が必要とのこと。",
            ),
        ),
    ),
]
