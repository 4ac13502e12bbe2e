"""The outreach app's audited actions, in Japanese for the trail's readers."""

ACTIONS = {
    "outreach_target.created": "アウトリーチ対象の登録",
    "outreach_target.viewed": "アウトリーチ対象の閲覧",
    "outreach_target.listed": "アウトリーチ対象の一覧表示",
    "outreach_target.updated": "アウトリーチ対象の変更",
    "outreach_target.stage_changed": "アウトリーチの段階の変更",
    "outreach_target.handed_over": "アウトリーチ：支援につなぐ",
    "outreach_target.closed": "アウトリーチの終了",
    "outreach_target.reopened": "アウトリーチの再開",
    "outreach_contact.recorded": "アウトリーチの接触記録",
    "agency_visit.recorded": "関係機関等への訪問の記録",
    "home_visit.planned": "訪問の予定（帰所確認）の登録",
    "home_visit.returned": "帰所の確認",
    "outreach.settings_updated": "アウトリーチの設定の変更",
}
