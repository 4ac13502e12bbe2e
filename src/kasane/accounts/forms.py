from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator

from kasane.accounts.models import Role, User
from kasane.agencies.models import Agency

_kana = RegexValidator(
    r"^[\u3041-\u309F\u30A0-\u30FF\u3000 ー・]*$", "ふりがなはひらがな（またはカタカナ）で入力してください。"
)


class LoginForm(forms.Form):
    username = forms.CharField(
        label="ユーザー名",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="パスワード",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="確認コード（6桁）",
        max_length=7,
        help_text="認証アプリに表示されている6桁の数字を入力してください。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="新しいパスワード",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="10文字以上。名前や単純な数字の並びは使えません。",
    )
    password2 = forms.CharField(
        label="新しいパスワード（確認）",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "確認用のパスワードが一致しません。")
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class StaffCreateForm(SetPasswordForm):
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
        "password1",
        "password2",
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
