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
    "events.roster_imported": "研修・会議の参加者名簿の取り込み",
    "events.roster_import_undone": "研修・会議の参加者名簿の取り込みの取消し",
    "events.participants_exported": "研修・会議の参加者と出席の書き出し",
    "events.roster_printed": "研修・会議の受付名簿・名札・参加証明書の出力",
    "events.signed_up_public": "研修・会議への参加申込み（申込フォーム）",
    "events.signup_settings_saved": "研修・会議の申込フォームの設定",
    "events.invitations_sent": "研修・会議の案内メールの送信",
}
