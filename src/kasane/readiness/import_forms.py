"""The forms of 市町村一覧の取り込み: the upload, and the ticks that confirm flagged rows."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms

from kasane.readiness.importer import MAX_ROWS

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="市町村一覧のファイル（CSVまたはExcel）",
        help_text=(
            "1行目に見出し（市町村コード・市町村名・ふりがな・振興局・ブロック・人口・面積・実施状況・実施年度）を置いてください。"
            f"{MAX_ROWS}行まで。次の画面で変更内容を確認してから反映します。"
        ),
        error_messages={"required": "ファイルを選んでください。"},
    )
    new_regions = forms.CharField(
        label="新しく加える振興局",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="ファイルに、まだ登録されていない振興局の名称があるときだけ、1行に1つ書きます。",
    )

    def __init__(self, *args: Any, region_label: str = "振興局", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_regions"]
        field.label = f"新しく加える{region_label}"
        field.help_text = (
            f"ファイルに、まだ登録されていない{region_label}の名称があるときだけ、1行に1つ書きます。"
            "書いていない名称の行はエラーになります。"
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（2MBまで）。")
        return upload

    def clean_new_regions(self) -> list[str]:
        names = []
        for line in self.cleaned_data["new_regions"].splitlines():
            name = unicodedata.normalize("NFKC", line).strip()
            if len(name) > 30:
                raise forms.ValidationError(f"「{name}」は長すぎます（30文字まで）。")
            if name and name not in names:
                names.append(name)
        return names
