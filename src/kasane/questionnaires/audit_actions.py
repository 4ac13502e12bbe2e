"""Names of the questionnaires' audited actions, for the trail's readers."""

ACTIONS = {
    "questionnaire.created": "アンケートの作成",
    "questionnaire.updated": "アンケートの設定変更",
    "questionnaire.deleted": "アンケートの削除",
    "questionnaire.opened": "アンケートの回答受付開始",
    "questionnaire.closed": "アンケートの回答受付終了",
    "question.added": "アンケートの設問の追加",
    "question.updated": "アンケートの設問の変更",
    "question.moved": "アンケートの設問の並べ替え",
    "question.deleted": "アンケートの設問の削除",
    "questionnaire.links_created": "アンケートの個別回答リンクの発行",
    "questionnaire.answered": "アンケートへの回答（匿名・回答者の情報なし）",
    "questionnaire.excerpts": "アンケート自由記述の抜粋の選択",
    "questionnaire.exported": "アンケート結果の出力（Excel）",
}
