from django.db import migrations

FIELDS = [
    ("elderly", "高齢"),
    ("disability", "障がい"),
    ("children", "子ども・子育て"),
    ("poverty", "生活困窮"),
    ("health", "保健・医療"),
    ("other", "その他"),
]

# name, words people type for it, related fields
TOPICS = [
    (
        "ひきこもり",
        "引きこもり、閉じこもり、外に出られない、社会的ひきこもり",
        ["poverty", "disability", "health"],
    ),
    (
        "精神疾患",
        "こころの病気、精神障がい、精神障害、うつ、統合失調症、メンタル、精神疾患の疑い",
        ["disability", "health"],
    ),
    ("認知症", "物忘れ、もの忘れ、徘徊", ["elderly", "health"]),
    ("介護", "介護保険、要介護、介護サービス、介護の悩み", ["elderly"]),
    ("子育て", "育児、妊娠、出産、乳幼児、子どもの発達", ["children"]),
    ("虐待", "児童虐待、高齢者虐待、障害者虐待、ネグレクト、DV・虐待", ["children", "elderly", "disability"]),
    ("DV", "配偶者暴力、家庭内暴力、ドメスティックバイオレンス", ["children", "other"]),
    ("生活困窮", "お金がない、生活費、収入・生活費、失業、困窮、家計、税金・公共料金", ["poverty"]),
    ("障がい", "障害、障碍、発達障害、知的障害、身体障害、健康・障がい", ["disability"]),
    ("8050", "8050問題、高齢の親とひきこもりの子", ["elderly", "poverty"]),
    ("ダブルケア", "育児と介護、介護と子育て", ["elderly", "children"]),
    ("ヤングケアラー", "家族の世話をする子ども", ["children"]),
    ("依存症", "アルコール、ギャンブル、薬物、ゲーム依存", ["health", "disability"]),
    ("住まい", "住宅、家賃、住居、立ち退き、ごみ屋敷、家賃・ローン", ["poverty", "other"]),
    ("就労", "仕事、仕事探し、就職、働きたい、仕事上の悩み", ["poverty", "disability"]),
    ("債務", "借金、多重債務、ローン", ["poverty"]),
    ("食べるものがない", "食料、フードバンク、食料支援", ["poverty"]),
    ("社会的孤立", "孤立、孤独、話し相手がいない、地域との関係", ["other"]),
    ("不登校", "登校しない、学校に行けない", ["children"]),
    ("権利擁護", "成年後見、金銭管理、日常生活自立支援事業", ["elderly", "disability"]),
    ("健康", "病気、医療、受診、健診、保健", ["health"]),
    ("家族関係", "家族の悩み、夫婦関係、親子関係", ["other"]),
    ("地域活動・居場所", "ボランティア、居場所、サロン、参加支援", ["other"]),
]


def create(apps, schema_editor):
    SupportField = apps.get_model("agencies", "SupportField")
    Topic = apps.get_model("agencies", "Topic")
    by_code = {}
    for order, (code, name) in enumerate(FIELDS):
        by_code[code], _ = SupportField.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    for order, (name, keywords, fields) in enumerate(TOPICS):
        topic, _ = Topic.objects.update_or_create(
            name=name, defaults={"keywords": keywords, "sort_order": order}
        )
        topic.support_fields.set([by_code[code] for code in fields])


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
