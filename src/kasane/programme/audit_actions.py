"""Names of the programme's audited actions, for the trail's readers."""

ACTIONS = {
    "programme.plan_saved": "実施計画の計画期間の登録・変更",
    "programme.plan_published": "実施計画の公表",
    "programme.plan_version_made": "実施計画書の版の作成",
    "programme.indicator_saved": "成果指標の登録・変更",
    "programme.indicator_deleted": "成果指標の削除",
    "programme.survey_measure_saved": "成果指標の調査設問の設定",
    "programme.survey_measure_deleted": "成果指標の調査設問の設定の削除",
    "programme.exported": "成果指標・国への報告の出力",
    "programme.survey_created": "成果指標の調査（市民意識調査など）の作成",
    "programme.evaluation_saved": "年度の事業評価の記録",
}
