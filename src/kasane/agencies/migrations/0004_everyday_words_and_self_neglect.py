"""相談先ナビ reads sentences: the everyday words a 相談員 hears for each topic, and セルフネグレクト.

The navi compares words by their dictionary form (出られない → 出る + not), so a synonym is a short phrase as
people say it (家から出ない), not every inflection of it. Words are appended to those a deployment already
holds, never replacing them.

セルフネグレクト (ゴミ屋敷, refusing care or food) is its own topic: it is not 虐待, whose ネグレクト means
neglect by a carer, and it is handled by 地域包括 and 多機関協働 rather than by the housing desk alone.
"""

from django.db import migrations
from django.db.models import F

SELF_NEGLECT = "セルフネグレクト"

WORDS = {
    "ひきこもり": "ひきこもる、閉じこもる、こもりがち、部屋にこもる、家にこもる、家から出ない、部屋から出ない、"
    "外出しない、外に出ない、人と会わない、ずっと家にいる",
    "精神疾患": "心の病、うつ病、気分が落ち込む、眠れない日が続く、不眠、幻聴、幻覚、妄想、死にたい、自殺、"
    "希死念慮、リストカット、心療内科、精神科、独り言、パニック、産後うつ",
    "認知症": "物忘れが多い、忘れっぽい、同じことを何度も聞く、同じ話を繰り返す、道に迷う、歩き回る、"
    "盗まれたと言う、物盗られ、火の消し忘れ、認知機能",
    "介護": "寝たきり、ヘルパー、訪問介護、デイサービス、ショートステイ、ケアマネジャー、ケアマネ、"
    "老人ホーム、施設に入る、介護疲れ、退院後の生活、足腰が弱る、歩けない、要支援、要介護認定",
    "子育て": "子育ての悩み、育て方、夜泣き、赤ちゃん、保育園、幼稚園、発達が気になる、言葉が遅い、産後、"
    "ひとり親、母子家庭、父子家庭、児童手当、乳児",
    "虐待": "育児放棄、介護放棄、放置、あざ、泣き叫ぶ、子どもを叩く、叩かれる、手をあげる、食べさせていない、"
    "身体的虐待、心理的虐待、性的虐待、経済的虐待、年金を勝手に使う、面前DV",
    "DV": "夫の暴力、妻の暴力、殴られる、暴力を受ける、暴言、怒鳴る、責められる、モラハラ、"
    "モラルハラスメント、デートDV、配偶者から逃げる、シェルター",
    "生活困窮": "生活できない、暮らせない、生活が苦しい、収入がない、収入が減る、滞納、生活保護、"
    "電気を止められる、ガスを止められる、水道を止められる、払えない、給料が足りない",
    "障がい": "障害者手帳、療育手帳、車いす、障害福祉サービス、知的障がい、難病、目が見えない、耳が聞こえない",
    "8050": "高齢の親と無職の子、親の年金で暮らす、年金暮らしの親、親亡き後",
    "ダブルケア": "子育てと介護、介護と育児、子育てしながら介護、介護しながら子育て",
    "ヤングケアラー": "子どもが家族の世話、子どもが家族の介護、小学生が介護、中学生が介護、高校生が介護、"
    "きょうだいの世話、家族の世話で学校",
    "依存症": "酒、酒がやめられない、酒が止まらない、飲酒、アルコール依存、パチンコ、競馬、スロット、"
    "ギャンブル依存、ゲームがやめられない、オーバードーズ、市販薬、薬の飲みすぎ",
    "住まい": "ゴミ屋敷、ごみであふれる、住む所がない、住む場所、家がない、アパート、退去、出て行くように言われる、保証人、"
    "部屋を借りる、雨漏り、家の修理、ホームレス、路上生活",
    "就労": "仕事が見つからない、職場、仕事を辞めたい、面接、ハローワーク、就職活動、求職、失業、無職、"
    "働いていない、ブランク、就労支援、職業訓練",
    "債務": "返済、督促、取り立て、消費者金融、闇金、ヤミ金、カードローン、キャッシング、リボ払い、自己破産、"
    "債務整理、お金を借りる",
    "食べるものがない": "食べ物がない、食べる物がない、食費がない、米が買えない、ご飯が食べられない",
    "社会的孤立": "ひとりぼっち、寂しい、頼れる人がいない、相談相手がいない、相談できる人がいない、"
    "誰とも話さない、近所づきあいがない、孤独死、身寄りがない",
    "不登校": "学校に行きたがらない、学校を休む、学校を休みがち、登校できない、登校していない、いじめ、"
    "保健室登校、行き渋り",
    "権利擁護": "お金の管理ができない、通帳の管理、訪問販売、悪質商法、詐欺、消費者被害、高額な契約、判断能力、"
    "後見、財産管理、年金を勝手に使う、経済的虐待",
    "健康": "病院に行かない、受診しない、未受診、血圧、糖尿病、保険証がない、通院、治療、体調が悪い",
    "家族関係": "親子げんか、夫婦げんか、離婚、嫁姑、義母、義父、義理の家族、親族とのトラブル、家族と不仲",
    "地域活動・居場所": "地域の役に立ちたい、地域活動、集まれる場所、通える場所、居場所づくり、子ども食堂、"
    "趣味の集まり、仲間づくり、生きがい",
    SELF_NEGLECT: "自己放任、ゴミ屋敷、ごみ屋敷、ごみであふれる、ごみがたまる、片付けられない、片付けができない、"
    "散らかり放題、不衛生、悪臭、身なりに構わない、入浴しない、風呂に入らない、食事をとらない、受診を拒む、"
    "支援を拒む、サービスを拒否",
}
# Placed beside 社会的孤立 in the list staff tick.
SELF_NEGLECT_AFTER = "社会的孤立"


def _split(keywords: str) -> list[str]:
    return [w.strip() for w in keywords.replace("、", "\n").replace(",", "\n").splitlines() if w.strip()]


def add_words(apps, schema_editor):
    SupportField = apps.get_model("agencies", "SupportField")
    Topic = apps.get_model("agencies", "Topic")
    if not Topic.objects.filter(name=SELF_NEGLECT).exists():
        after = Topic.objects.filter(name=SELF_NEGLECT_AFTER).first()
        order = after.sort_order + 1 if after else Topic.objects.count()
        Topic.objects.filter(sort_order__gte=order).update(sort_order=F("sort_order") + 1)
        topic = Topic.objects.create(name=SELF_NEGLECT, sort_order=order)
        topic.support_fields.set(SupportField.objects.filter(code__in=["elderly", "health", "other"]))
    for topic in Topic.objects.filter(name__in=WORDS):
        have = _split(topic.keywords)
        missing = [w for w in _split(WORDS[topic.name]) if w not in have and w != topic.name]
        if missing:
            topic.keywords = "、".join(have + missing)
            topic.save(update_fields=["keywords"])


class Migration(migrations.Migration):
    dependencies = [("agencies", "0003_agency_runs_collaboration")]
    operations = [migrations.RunPython(add_words, migrations.RunPython.noop)]
