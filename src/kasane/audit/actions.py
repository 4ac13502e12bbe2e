"""Names of audited actions, in Japanese for the trail's readers. Unknown codes show as themselves."""

from __future__ import annotations

import importlib

ACTIONS: dict[str, str] = {
    "auth.login": "ログイン",
    "auth.login_failed": "ログイン失敗",
    "auth.lockout": "アカウントロック",
    "auth.logout": "ログアウト",
    "auth.idle_timeout": "無操作によるログアウト",
    "auth.otp_failed": "確認コードの誤り",
    "auth.2fa_enabled": "二要素認証の設定",
    "auth.password_changed": "パスワード変更",
    "auth.password_set": "パスワードの本人設定（仮パスワードから）",
    "staff.created": "職員の登録",
    "staff.updated": "職員情報の変更",
    "staff.password_reset": "仮パスワードの発行（管理者）",
    "staff.2fa_reset": "二要素認証の解除（管理者）",
    "staff.unlocked": "ロック解除（管理者）",
    "staff.membership_added": "所属・役割の追加",
    "staff.membership_removed": "所属・役割の削除",
    "staff.import_previewed": "機関・職員の取り込み（確認画面）",
    "staff.imported": "機関・職員の取り込み",
    "staff.import_undone": "機関・職員の取り込みを元に戻す",
    "apikey.issued": "APIキーの発行",
    "apikey.revoked": "APIキーの失効",
    "role.updated": "役割の権限変更",
    "setup.municipality": "市町村の初期設定（kasane setup）",
    "setup.areas_added": "日常生活圏域の追加（kasane setup）",
    "agency.created": "機関の登録",
    "agency.updated": "機関情報の変更",
    "directory.brochure": "相談先パンフレットの出力",
    "audit.exported": "監査ログの出力",
    "system.restore": "バックアップからの復元",
    "audit.head_published": "監査ログの控えの書き出し",
    "person.created": "本人・世帯員の登録",
    "person.updated": "本人・世帯員の変更",
    "person.bulk_added": "本人・世帯員の一括登録",
    "person.viewed": "本人の記録の閲覧",
    "access.denied": "記録の閲覧の拒否（根拠なし・存在しない）",
    "person.searched": "本人の検索",
    "person.lookalikes_shown": "登録前の確認：同じ方の候補に表示",
    "household.viewed": "世帯の閲覧",
    "consent.recorded": "同意の記録",
    "consent.withdrawn": "同意の撤回",
    "consent.viewed": "同意の閲覧",
    "consent.document_viewed": "同意書の閲覧",
    "consultation.recorded": "相談の受付",
    "consultation.viewed": "相談記録の閲覧",
    "consultation_note.recorded": "相談経過の記録",
    "consultation.listed": "相談記録の一覧表示",
    "consultation.closed": "相談記録の終了",
    "consultation.reopened": "相談記録の再開",
    "referral.sent": "つなぎの送付",
    "referral.accept": "つなぎの受理",
    "referral.decline": "つなぎの辞退",
    "referral.start": "つなぎの対応開始",
    "referral.complete": "つなぎの完了",
    "referral.cancel": "つなぎの取消",
    "referral.viewed": "つなぎの閲覧",
    "referral.listed": "つなぎ一覧の閲覧",
    "case.opened": "多機関協働ケースの受付",
    "case.start_assessment": "ケース：アセスメント開始",
    "case.start_planning": "ケース：プラン作成へ",
    "case.submit_plan": "ケース：プランを会議に提出",
    "case.review_plan": "ケース：プランの見直し",
    "case.reopen": "ケースの再開",
    "case.viewed": "ケースの閲覧",
    "case.members_viewed": "ケースの世帯員の閲覧",
    "case.listed": "ケース一覧の閲覧",
    "case.exported": "支援ケース一覧の出力",
    "case.team_added": "支援チームへの追加",
    "case.subjects_changed": "主たる支援対象者の変更",
    "case.team_removed": "支援チームからの離脱",
    "assessment.recorded": "アセスメントの記録",
    "plan.created": "支援プランの作成",
    "plan.updated": "支援プランの変更",
    "plan.activated": "支援プランの実施開始",
    "plan.viewed": "支援プランの閲覧",
    "decision.recorded": "会議の決定の記録",
    "note.recorded": "支援経過の記録",
    "evaluation.recorded": "終結時の評価の記録",
    "sheet.consultation": "相談受付・申込票の出力",
    "sheet.assessment": "アセスメントシートの出力",
    "sheet.plan": "プラン兼事業等利用申込書の出力",
    "sheet.evaluation": "評価シートの出力",
    "sheet.progress": "支援経過記録の出力",
    "disclosure.search_made": "開示請求：本人の検索",
    "disclosure.searched": "開示請求：本人の検索結果に表示",
    "disclosure.listed": "開示請求の一覧表示",
    "disclosure.registered": "開示請求の受付",
    "disclosure.person_chosen": "開示請求：本人の確定",
    "disclosure.viewed": "開示請求の閲覧",
    "disclosure.produced": "開示資料の作成",
    "retention.policy_updated": "保存期間の変更",
    "retention.applied": "保存期間を過ぎた記録の匿名化",
    "meeting_body.created": "会議体の登録",
    "meeting_body.changed": "会議体の設定の変更",
    "meeting_body.member_added": "会議体の構成員の追加",
    "meeting_body.member_removed": "会議体の構成員の削除",
    "pledge.taken": "守秘義務の誓約",
    "meeting.created": "会議の登録",
    "meeting.series_created": "定例会議の作成",
    "meeting.attendance": "会議の出席の記録",
    "meeting.invited": "会議への招集",
    "agenda_item.created": "議題の追加",
    "agenda_item.viewed": "議題の閲覧",
    "agenda_item.listed": "議題の一覧表示",
    "agenda_item.minutes": "議事録の記録",
    "agenda_item.withdrawn": "議題の取り下げ",
    "agenda_item.moved": "議題の移動（別の会議へ）",
    "minutes.pdf": "会議録（PDF）の出力",
    "action_item.done": "会議の宿題の完了",
    "resource_gap.created": "不足している社会資源の登録",
    "resource_gap.updated": "不足している社会資源の更新",
}


# Apps above casework name their own actions in ``<app>/audit_actions.py`` (a dict called ACTIONS).
APPS_WITH_ACTIONS = (
    "resources",
    "outreach",
    "participation",
    "readiness",
    "events",
    "questionnaires",
    "dispatch",
    "community",
    "annual_report",
    "programme",
)


def _load_app_actions() -> None:
    for app in APPS_WITH_ACTIONS:
        try:
            module = importlib.import_module(f"kasane.{app}.audit_actions")
        except ModuleNotFoundError:
            continue
        ACTIONS.update(module.ACTIONS)


_load_app_actions()


def label(code: str) -> str:
    return ACTIONS.get(code, code)
