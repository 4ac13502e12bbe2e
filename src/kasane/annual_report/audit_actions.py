ACTIONS = {
    "annual_report.exported": "事業報告書の出力",
    "annual_report.review_saved": "事業報告書の総括・考察と集計の設定の保存",
}
