"""The register's audited actions, in Japanese for the trail's readers."""

ACTIONS = {
    "resource.created": "社会資源の登録",
    "resource.updated": "社会資源の変更",
    "resource.imported": "社会資源の取り込み",
    "resource.exported": "社会資源の書き出し",
}
