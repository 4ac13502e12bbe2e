ACTIONS = {
    "records.import_checked": "記録の取り込み（確認）",
    "records.imported": "記録の取り込み",
    "records.import_undone": "記録の取り込みを元に戻す",
}
