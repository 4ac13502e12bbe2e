"""The audit trail's Japanese names for what happens to events."""

ACTIONS = {
    "events.created": "研修・会議の登録",
    "events.updated": "研修・会議の変更",
    "events.programme_saved": "研修・会議のプログラムの保存",
    "events.material_added": "研修・会議の資料・記録の登録",
    "events.material_removed": "研修・会議の資料・記録の削除",
    "events.registration_added": "研修・会議の参加者の登録",
    "events.registration_updated": "研修・会議の参加者の変更",
    "events.registration_removed": "研修・会議の参加者の削除",
    "events.attendance_recorded": "研修・会議の出席の記録",
    "events.registered": "研修・会議への参加申込み",
    "events.registration_cancelled": "研修・会議の参加申込みの取消し",
    "events.groups_saved": "研修・会議のグループ分けの保存",
}
