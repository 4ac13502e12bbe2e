"""全国地方公共団体コード: five digits and a check digit (総務省: weights 6,5,4,3,2; the last digit of 11 minus
the sum modulo 11), whose first two digits are the prefecture's code (JIS X 0401)."""

from __future__ import annotations

PREFECTURES = {
    "01": "北海道", "02": "青森県", "03": "岩手県", "04": "宮城県", "05": "秋田県", "06": "山形県",
    "07": "福島県", "08": "茨城県", "09": "栃木県", "10": "群馬県", "11": "埼玉県", "12": "千葉県",
    "13": "東京都", "14": "神奈川県", "15": "新潟県", "16": "富山県", "17": "石川県", "18": "福井県",
    "19": "山梨県", "20": "長野県", "21": "岐阜県", "22": "静岡県", "23": "愛知県", "24": "三重県",
    "25": "滋賀県", "26": "京都府", "27": "大阪府", "28": "兵庫県", "29": "奈良県", "30": "和歌山県",
    "31": "鳥取県", "32": "島根県", "33": "岡山県", "34": "広島県", "35": "山口県", "36": "徳島県",
    "37": "香川県", "38": "愛媛県", "39": "高知県", "40": "福岡県", "41": "佐賀県", "42": "長崎県",
    "43": "熊本県", "44": "大分県", "45": "宮崎県", "46": "鹿児島県", "47": "沖縄県",
}  # fmt: skip


def check_digit(five: str) -> str:
    total = sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def full_code(code: str) -> str:
    """A five-digit code gets its check digit; a six-digit code is returned as it is."""
    return code + check_digit(code) if len(code) == 5 else code


def is_valid(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and check_digit(code[:5]) == code[5]


def municipal_code_error(code: str) -> str | None:
    """Why ``code`` is not a municipality's 全国地方公共団体コード, in words staff can act on; None if it is.
    A prefecture's own code (the third to fifth digits 000) is not a municipality's."""
    if len(code) != 6 or not code.isdigit():
        return "全国地方公共団体コードは6桁の数字で入力してください（例：032018）。"
    if code[:2] not in PREFECTURES:
        return f"先頭2桁「{code[:2]}」は都道府県コード（01〜47）ではありません。"
    if check_digit(code[:5]) != code[5]:
        return f"検査数字（6桁目）が合いません。{code[:5]} の検査数字は {check_digit(code[:5])} です。"
    if code[2:5] == "000":
        return "都道府県のコードです。市区町村のコードを入力してください。"
    return None
