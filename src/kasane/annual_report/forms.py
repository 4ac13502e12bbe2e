from __future__ import annotations

from django import forms

MAX_REVIEW_CHARS = 8000


class ReviewForm(forms.Form):
    text = forms.CharField(
        label="総括・考察",
        required=False,
        max_length=MAX_REVIEW_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=(
            "1年間の成果と課題、次年度に向けた考察を書きます。空行で段落を分けます。"
            "報告書には「総括・考察（担当者記載）」として、書いたとおりに載ります。"
        ),
        error_messages={"max_length": f"{MAX_REVIEW_CHARS}字以内で書いてください（いま%(show_value)d字）。"},
    )
    min_sample = forms.IntegerField(
        label="集計を示す最少の回答数",
        min_value=1,
        max_value=100,
        help_text="回答数がこれより少ないアンケートは、報告書に集計を示さず「回答数が少ないため」と書きます。",
        error_messages={
            "required": "最少の回答数を入れてください。",
            "invalid": "最少の回答数は数字で入れてください。",
            "min_value": "最少の回答数は1以上にしてください。",
            "max_value": "最少の回答数は100以下にしてください。",
        },
    )
