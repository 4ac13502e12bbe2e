"""Forms of 職員管理: a new staff member, and a membership (agency and role)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from kasane.accounts.models import Role, User
from kasane.agencies.models import Agency

_kana = RegexValidator(
    r"^[\u3041-\u309F\u30A0-\u30FF\u3000 ー・]*$", "ふりがなはひらがな（またはカタカナ）で入力してください。"
)


class StaffCreateForm(forms.Form):
    """A new account. No password here: kasane issues a temporary one, and the person sets their own."""

    username = forms.CharField(
        label="ユーザー名",
        max_length=150,
        help_text="半角英数字と @ . + - _ が使えます。ログインに使います。",
        validators=[RegexValidator(r"^[\w.@+-]+\Z", "ユーザー名には半角英数字と @ . + - _ だけが使えます。")],
    )
    full_name = forms.CharField(
        label="氏名", max_length=60, help_text="姓と名の間に空白を入れてください（例：髙橋 花子）。"
    )
    full_name_kana = forms.CharField(label="ふりがな", max_length=60, required=False, validators=[_kana])
    email = forms.EmailField(label="メールアドレス", required=False)
    agency = forms.ModelChoiceField(label="所属機関", queryset=Agency.objects.none())
    role = forms.ModelChoiceField(label="役割", queryset=Role.objects.all())

    field_order = [
        "username",
        "full_name",
        "full_name_kana",
        "email",
        "agency",
        "role",
    ]

    def __init__(self, *args: Any, agencies: Any = None, roles: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("このユーザー名はすでに使われています。")
        return username


class MembershipForm(forms.Form):
    agency = forms.ModelChoiceField(label="所属機関", queryset=Agency.objects.none())
    role = forms.ModelChoiceField(label="役割", queryset=Role.objects.all())

    def __init__(self, *args: Any, agencies: Any = None, roles: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]
