ACTIONS = {"annual_report.exported": "事業報告書の出力"}
