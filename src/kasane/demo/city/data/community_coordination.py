"""The 社協's 地域づくり coordination over the last twelve months (``kasane.demo.city.community``): whom the
生活支援コーディネーター (``chiiki``) met, what was connected to what, and how it stands.

Some stories run over several records: the school's empty classroom that became a サロン, the 自治会館 that
became a 通いの場, the retired farmer's field that joined the 就労体験 list, the empty shop that became
えんがわハウス, the 移動販売車 whose stop became a サロン. Counterparts are groups, or people in their public
role; nobody's troubles are written here. Everything is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasane.community.models import Connection as X
from kasane.community.models import CoordinationOutcome as O
from kasane.community.models import Counterpart as P
from kasane.community.models import Method as M


@dataclass(frozen=True)
class Coord:
    ago: int  # days before the load day (a weekend moves back to the Friday)
    method: str
    kind: str
    counterpart: str
    area: str
    connection: str
    what: str  # 何を
    to: str  # 何に
    outcome: str
    summary: str
    service: str = ""  # the register's key
    next_in: int | None = None  # 次の予定日, days after the load day (negative: overdue)


COORDINATIONS: list[Coord] = [
    Coord(
        350, M.MEETING, P.SCHOOL, "かさね市立中央小学校 校長・教頭", "中央圏域", X.SPACE,
        "中央小学校の空き教室（旧第2音楽室）", "地域のサロン（放課後は子どもも立ち寄れる場）", O.IN_PROGRESS,
        "学校運営協議会で空き教室の地域開放について説明した。学校は前向きだが、教育委員会の使用許可と"
        "出入りの管理方法の整理が必要とのこと。",
    ),
    Coord(
        338, M.VISIT, P.RESIDENTS_ASSOCIATION, "桜木町自治会 会長", "中央圏域", X.SPACE,
        "桜木町自治会館（平日の午前は空いている）", "百歳体操の通いの場", O.IN_PROGRESS,
        "会館は平日午前なら使えるとのこと。体操の担い手を役員会で募ってもらうことにした。",
    ),
    Coord(
        305, M.OFFICE, P.PUBLIC, "かさね市教育委員会 学校教育課", "中央圏域", X.SPACE,
        "中央小学校の空き教室", "中央小 ふれあいルーム（空き教室のサロン）", O.CONNECTED,
        "空き教室の地域利用の要綱に沿って使用許可が出た。火曜の午後に開き、受付で名前を書いて入る方法で"
        "学校と合意した。",
        service="school_room",
    ),
    Coord(
        292, M.VISIT, P.FARM, "下河原の元農家の方", "南部圏域", X.PARTICIPATION,
        "使っていない畑（約3アール）と農機具小屋", "参加支援の就労体験の受け入れ先一覧", O.IN_PROGRESS,
        "民生委員の紹介で訪問。「畑を遊ばせておくのはもったいない。若い人が来るなら教える」とのこと。"
        "作業の内容と保険を整理してから再訪する。",
    ),
    Coord(
        280, M.VISIT, P.BUSINESS, "スーパーまるかさ城南店 店長", "南部圏域", X.INFORMATION,
        "レジや売り場での声かけ", "見守り協力店（気になる方を地域包括支援センターみなみに知らせる）",
        O.CONNECTED,
        "見守り協力店の登録を依頼し、了承を得た。連絡先のカードをレジに置き、従業員向けの説明会を"
        "地域包括支援センターと開くことにした。",
    ),
    Coord(
        262, M.MEETING, P.VOLUNTEER_GROUP, "NPO法人かさね住まいサポート（空き家相談）", "中央圏域", X.SPACE,
        "新町の空き家（元理容店。所有者が地域での利用を希望）", "多世代の居場所（第1回ハブラボで出た案）",
        O.IN_PROGRESS,
        "第1回ハブラボの後、空き家の情報を共有してもらった。改修の範囲と費用、所有者の意向を確認する。",
    ),
    Coord(
        248, M.MEETING, P.RESIDENTS_ASSOCIATION, "桜木町自治会 役員会", "中央圏域", X.NEW_ACTIVITY,
        "自治会館と、体操のDVD・重り（社協から貸出）", "桜木町いきいき百歳体操（新しい通いの場）",
        O.CONNECTED,
        "役員会で立ち上げが決まった。世話役3人が決まり、初回は保健師と社協で体操の指導に入る。",
        service="sakuragi_taiso",
    ),
    Coord(
        232, M.VISIT, P.WELFARE, "社会福祉法人清流会 せせらぎ荘 施設長", "南部圏域", X.BETWEEN,
        "せせらぎカフェの送迎車（帰りの便に空きあり）", "城南・いこいのサロンへの参加者の送迎", O.CONNECTED,
        "サロンの日の帰りの便に、城南のサロンの参加者も乗れるよう調整してもらった。",
        service="seseragi_cafe",
    ),
    Coord(
        218, M.PHONE, P.RESIDENT, "空き家の所有者（市外在住の方）", "中央圏域", X.SPACE,
        "新町の元理容店の建物", "新町 えんがわハウス", O.CONNECTED,
        "無償で貸してもらえることになった。改修は住まいサポートと新町の有志で行い、光熱費は会の負担とする。",
        service="engawa",
    ),
    Coord(
        205, M.MEETING, P.MEDICAL, "かさね中央病院 地域連携室", "中央圏域", X.INFORMATION,
        "退院前の方への案内", "地域の居場所マップ・一覧の配布先に追加", O.CONNECTED,
        "退院支援の面談で居場所マップを渡してもらうことになった。毎年度、新しい版を届ける。",
    ),
    Coord(
        196, M.VISIT, P.FARM, "下河原の元農家の方", "南部圏域", X.PARTICIPATION,
        "畑（約3アール）と農作業の指導", "就労体験の受け入れ先一覧（参加支援担当と共有）、下河原 ふれあい畑",
        O.CONNECTED,
        "参加支援担当（CSW）と同行。第2回ハブラボの話を受けて、土曜の午前にだれでも参加できる畑を開き、"
        "就労体験の受け入れも兼ねることになった。保険は社協のボランティア保険で対応する。",
        service="hatake",
    ),
    Coord(
        184, M.MEETING, P.VOLUNTEER_GROUP, "NPO法人かさね子ども応援ネット 代表", "中央圏域", X.BETWEEN,
        "えきまえ子ども食堂の調理ボランティア（高齢の方）", "わかば子ども食堂の人手が足りない日", O.CONNECTED,
        "調理の担い手が多い日を融通し合うことにした。第3回ハブラボのテーマ案としても出してもらう。",
        service="wakaba_kodomo",
    ),
    Coord(
        171, M.VISIT, P.SCHOOL, "北海道かさね農業高等学校 農業クラブ顧問", "東部圏域", X.PEOPLE,
        "農業クラブの生徒と、実習でとれた野菜", "石田こども食堂の野菜と調理の手伝い", O.CONNECTED,
        "月1回、実習の野菜を届け、生徒2〜3人が配膳を手伝うことになった。",
        service="ishida_kodomo",
    ),
    Coord(
        158, M.VISIT, P.MINSEI, "石田地区の民生委員", "東部圏域", X.PEOPLE,
        "石田こども食堂の調理の担い手", "地区の高齢の方への声かけ", O.CONNECTED,
        "料理の得意な方に声をかけてもらい、4人が調理に加わった。子どもと一緒に食べる日をつくる。",
        service="ishida_kodomo",
    ),
    Coord(
        143, M.MEETING, P.RESIDENTS_ASSOCIATION, "朝日が丘町内会 会長", "東部圏域", X.NEW_ACTIVITY,
        "朝日が丘会館", "高齢の方のサロンの立ち上げ", O.NOT_NOW,
        "担い手が集まらず、今年度の立ち上げは見送り。来年度の総会のあとに改めて相談することにした。",
    ),
    Coord(
        150, M.VISIT, P.BUSINESS, "有限会社さわぐち商店（移動販売車）", "東部圏域", X.INFORMATION,
        "移動販売車の巡回（沢口・東山・石田）", "見守り協力店", O.CONNECTED,
        "販売員が気になる方に気づいたときは、地域包括支援センターひがしやまに連絡することになった。",
        service="tobu_truck",
    ),
    Coord(
        128, M.VISIT, P.VOLUNTEER_GROUP, "NPO法人ひだまりの家", "北部圏域", X.BETWEEN,
        "ひだまりの家の若者（カフェで接客を経験）", "わかば子ども食堂の配膳", O.CONNECTED,
        "水曜の子ども食堂で配膳を手伝うことになった。初回はスタッフが同行する。",
        service="wakaba_kodomo",
    ),
    Coord(
        112, M.MEETING, P.RESIDENTS_ASSOCIATION, "若葉台自治会 会長", "北部圏域", X.SPACE,
        "若葉台会館の調理室", "わかば子ども食堂の週2回化", O.NOT_NOW,
        "調理室を使う日が自治会の行事と重なるため、今年度は見送り。",
    ),
    Coord(
        98, M.VISIT, P.PUBLIC, "かさね市東部公民館", "東部圏域", X.SPACE,
        "公民館の和室（火曜午前のほかにも空きあり）", "百歳体操とお茶っこの会の回数を増やす", O.IN_PROGRESS,
        "木曜の午前も使えそうとのこと。世話役の負担を会で話し合ってもらい、結果を聞きに行く。",
        service="tobu_ochakko",
        next_in=-68,
    ),
    Coord(
        90, M.PHONE, P.PUBLIC, "かさね市北部地区センター", "北部圏域", X.PEOPLE,
        "健康マージャンの参加者（男性が多い）", "川原町 男の料理教室の案内", O.CONNECTED,
        "センターの掲示板とマージャンの会で、料理教室のちらしを配ってもらった。",
        service="kawara_cooking",
    ),
    Coord(
        76, M.OFFICE, P.BUSINESS, "有限会社さわぐち商店", "東部圏域", X.NEW_ACTIVITY,
        "移動販売車の停留所（東山集会所の前）", "東山 お茶っこサロン（移動販売の日）", O.CONNECTED,
        "第4回ハブラボで出た案。東山地区自治会が集会所を開け、販売の日にお茶っこの会を開くことになった。",
        service="higashiyama_ochakko",
    ),
    Coord(
        70, M.MAIL, P.BUSINESS, "かさね信用金庫 北上野支店", "北部圏域", X.PEOPLE,
        "職員の地域貢献活動", "北田ふれあいサロンの会場設営", O.IN_PROGRESS,
        "支店長あてに依頼文を送った。本部の了承を待って、参加できる職員の人数を知らせてもらう。",
        service="kitada_salon",
        next_in=-49,
    ),
    Coord(
        36, M.VISIT, P.MINSEI, "南原地区の民生委員", "南部圏域", X.INFORMATION,
        "ひとり暮らしの方から聞いた「近くで集まれる場がほしい」という声", "南原いきいき百歳体操の案内",
        O.CONNECTED,
        "体操の日と場所のちらしを、民生委員の訪問の際に配ってもらうことにした。",
        service="minami_exercise",
    ),
    Coord(
        19, M.MEETING, P.VOLUNTEER_GROUP, "認知症の人と家族の会 かさね地区会", "南部圏域", X.NEW_ACTIVITY,
        "家族会の世話人", "緑ケ丘ふれあい喫茶で認知症の方が家族と来られる日", O.IN_PROGRESS,
        "第5回ハブラボを受けて打ち合わせ。喫茶の世話人と家族会で、最初の回の進め方を決める。",
        service="midorigaoka_cafe",
        next_in=12,
    ),
    Coord(
        11, M.PHONE, P.WELFARE, "地域活動支援センターそよかぜ", "北部圏域", X.BETWEEN,
        "そよかぜの利用者の手芸グループ", "松ケ丘 健康ウォーキングの会との交流", O.IN_PROGRESS,
        "秋の作品展にウォーキングの会を招く案。日程を決めて連絡をもらう。",
        service="matsugaoka_walk",
        next_in=18,
    ),
    Coord(
        4, M.VISIT, P.OTHER, "かさね市シルバー人材センター", "中央圏域", X.PEOPLE,
        "会員の大工仕事", "えんがわハウスの縁側の修繕", O.IN_PROGRESS,
        "見積もりを出してもらうことになった。費用は会の積立金と地域の寄付でまかなう予定。",
        service="engawa",
        next_in=9,
    ),
]  # fmt: skip
