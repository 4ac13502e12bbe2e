"""地域づくり's audited actions, in Japanese for the trail's readers."""

ACTIONS = {
    "community.place_saved": "地域の居場所の登録・変更",
    "community.place_removed": "地域の居場所の登録解除",
    "community.gathering_saved": "居場所の開催記録",
    "community.gathering_deleted": "居場所の開催記録の削除",
    "community.coordination_saved": "地域づくりのコーディネート記録",
    "community.coordination_deleted": "地域づくりのコーディネート記録の削除",
    "community.session_saved": "ハブラボの登録・変更",
    "community.session_deleted": "ハブラボの削除",
    "community.organisation_saved": "ハブラボの参加団体の登録・変更",
    "community.result_saved": "ハブラボの成果の記録",
    "community.result_deleted": "ハブラボの成果の削除",
    "community.material_added": "ハブラボの資料の登録",
    "community.material_deleted": "ハブラボの資料の削除",
    "community.questionnaire_created": "ハブラボのアンケートの作成",
    "community.exported": "地域づくりの集計の書き出し",
}
