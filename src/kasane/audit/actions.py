"""Names of audited actions, in Japanese for the trail's readers. Unknown codes show as themselves."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "auth.login": "ログイン",
    "auth.login_failed": "ログイン失敗",
    "auth.lockout": "アカウントロック",
    "auth.logout": "ログアウト",
    "auth.idle_timeout": "無操作によるログアウト",
    "auth.otp_failed": "確認コードの誤り",
    "auth.2fa_enabled": "二要素認証の設定",
    "auth.password_changed": "パスワード変更",
    "staff.created": "職員の登録",
    "staff.updated": "職員情報の変更",
    "staff.password_reset": "パスワードの再設定（管理者）",
    "staff.2fa_reset": "二要素認証の解除（管理者）",
    "staff.unlocked": "ロック解除（管理者）",
    "staff.membership_added": "所属・役割の追加",
    "staff.membership_removed": "所属・役割の削除",
    "role.updated": "役割の権限変更",
    "agency.created": "機関の登録",
    "agency.updated": "機関情報の変更",
    "directory.brochure": "相談先パンフレットの出力",
    "audit.exported": "監査ログの出力",
    "system.restore": "バックアップからの復元",
}


def label(code: str) -> str:
    return ACTIONS.get(code, code)
