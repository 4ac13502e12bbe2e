ACTIONS = {
    "readiness.imported": "市町村一覧の取り込み",
    "readiness.profile_updated": "市町村の状況の変更",
    "readiness.sheet_created": "自治体アセスメントシートの作成",
    "readiness.sheet_saved": "自治体アセスメントシートの保存",
    "readiness.sheet_submitted": "自治体アセスメントシートの提出",
    "readiness.rated": "体制整備の段階の評価",
    "readiness.counts_published": "集計値の公表",
}
