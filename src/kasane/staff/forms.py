"""Forms of 職員管理: a new staff member, and a membership (agency and role)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.validators import RegexValidator

from kasane.accounts.apikeys.services import ACCOUNT_PREFIX, SYSTEM_NAME_MARK
from kasane.accounts.models import Role, User
from kasane.agencies.models import Agency
from kasane.tenancy.codes import municipal_code_error

_kana = RegexValidator(
    r"^[\u3041-\u309F\u30A0-\u30FF\u3000 ー・]*$", "ふりがなはひらがな（またはカタカナ）で入力してください。"
)


class StaffCreateForm(forms.Form):
    """A new account. No password here: kasane issues a temporary one, and the person sets their own."""

    username = forms.CharField(
        label="ユーザー名",
        max_length=150,
        help_text="半角英数字と @ . + - _ が使えます。ログインに使います。",
        # ASCII only: \\w would take 全角 letters, which the account then stores folded to 半角 (ＳＯＵＤＡＮＩＮ as
        # SOUDANIN beside soudanin), round every check made on the typed text.
        validators=[
            RegexValidator(r"^[A-Za-z0-9_.@+-]+\Z", "ユーザー名には半角英数字と @ . + - _ だけが使えます。")
        ],
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
        problem = reserved_username(username)
        if problem:
            raise forms.ValidationError(problem)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("このユーザー名はすでに使われています。")
        return username

    def clean_full_name(self) -> str:
        full_name: str = self.cleaned_data["full_name"]
        problem = reserved_full_name(full_name)
        if problem:
            raise forms.ValidationError(problem)
        return full_name


def reserved_username(username: str) -> str:
    """Why a member of staff may not have this user name: it is a system key's kind (apikey.…)."""
    if username.lower().startswith(ACCOUNT_PREFIX):
        return f"「{ACCOUNT_PREFIX}」で始まるユーザー名は、APIキーのために予約されています。"
    return ""


def reserved_full_name(full_name: str) -> str:
    """Why a member of staff may not be named so: the audit trail would read them as a system."""
    if full_name.strip().startswith(SYSTEM_NAME_MARK):
        return f"氏名を「{SYSTEM_NAME_MARK}」で始めることはできません（システムの名前の印です）。"
    return ""


class MembershipForm(forms.Form):
    agency = forms.ModelChoiceField(label="所属機関", queryset=Agency.objects.none())
    role = forms.ModelChoiceField(label="役割", queryset=Role.objects.all())

    def __init__(self, *args: Any, agencies: Any = None, roles: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["role"].queryset = roles  # type: ignore[attr-defined]


class FirstRunForm(forms.Form):
    """The first-run page: the same answers as ``kasane setup``, and the code from the data directory."""

    token = forms.CharField(
        label="確認コード",
        max_length=100,
        help_text="サーバーのデータディレクトリにある setup_token ファイルの内容（先頭24文字）です。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    code = forms.CharField(
        label="全国地方公共団体コード",
        max_length=6,
        help_text="6桁（検査数字つき）。例：032018（盛岡市）",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label="市町村名", max_length=40, help_text="例：盛岡市")
    division = forms.CharField(label="事業を担当する課", max_length=120, help_text="例：盛岡市 地域福祉課")
    areas = forms.CharField(
        label="日常生活圏域と町名",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="1行に1つの圏域を「圏域名：町名、町名」の形で。例：北部圏域：北山町、上田",
    )
    admin_username = forms.CharField(
        label="最初の管理者のユーザー名",
        max_length=150,
        help_text="半角英数字と @ . + - _ が使えます。",
        # ASCII only: \\w would take 全角 letters, which the account then stores folded to 半角 (ＳＯＵＤＡＮＩＮ as
        # SOUDANIN beside soudanin), round every check made on the typed text.
        validators=[
            RegexValidator(r"^[A-Za-z0-9_.@+-]+\Z", "ユーザー名には半角英数字と @ . + - _ だけが使えます。")
        ],
    )
    admin_name = forms.CharField(label="管理者の氏名", max_length=60, help_text="例：地域 太郎")
    admin_kana = forms.CharField(label="管理者のふりがな", max_length=60, required=False, validators=[_kana])
    admin_email = forms.EmailField(label="管理者のメールアドレス", required=False)

    def clean_code(self) -> str:
        code = unicodedata.normalize("NFKC", self.cleaned_data["code"]).strip()
        error = municipal_code_error(code)
        if error:
            raise forms.ValidationError(error)
        return code

    def clean_areas(self) -> list[tuple[str, tuple[str, ...]]]:
        areas = []
        for number, line in enumerate(self.cleaned_data["areas"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, towns = line.replace(":", "：").partition("：")
            if not name.strip():
                raise forms.ValidationError(f"{number}行目：圏域名がありません。")
            listed = tuple(t.strip() for t in towns.replace(",", "、").split("、") if t.strip())
            areas.append((name.strip(), listed))
        return areas
