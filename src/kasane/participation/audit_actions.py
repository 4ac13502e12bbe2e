"""The participation app's audited actions, in Japanese for the trail's readers."""

ACTIONS = {
    "participation.started": "参加支援の開始",
    "participation.viewed": "参加支援の閲覧",
    "participation.listed": "参加支援の一覧表示",
    "participation.case_linked": "参加支援とケースの結び付け",
    "participation.urgent_start": "参加支援：会議の決定前の支援開始",
    "participation.assessed": "参加支援アセスメントの記録",
    "participation.matched": "受け入れ先候補の表示",
    "participation.proposed": "受け入れ先の提案",
    "participation.stage_changed": "受け入れの段階の変更",
    "participation.host_updated": "受け入れ先の担当者の変更",
    "participation.host_consent": "受け入れ先への情報提供の同意",
    "participation.host_consent_withdrawn": "受け入れ先への情報提供の同意の撤回",
    "participation.referral_sheet": "紹介票の作成",
    "participation.host_note": "受け入れ先支援の記録",
    "participation.followed_up": "フォローアップの記録",
    "participation.reviewed": "参加支援の評価",
    "participation.ended": "参加支援の終了",
    "development.opened": "資源開拓の開始",
    "development.approached": "資源開拓の働きかけ",
    "development.closed": "資源開拓の完了",
}
