ACTIONS = {
    "records.import_uploaded": "記録の取り込み（ファイルの読み込み）",
    "records.import_viewed": "記録の取り込み（列の対応の閲覧）",
    "records.import_checked": "記録の取り込み（確認）",
    "records.imported": "記録の取り込み",
    "records.import_undone": "記録の取り込みを元に戻す",
}
