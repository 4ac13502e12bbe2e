"""The states referrals are taken to in turn, what a receiving agency writes when a referral reaches it, and why
a referral is cancelled."""

from __future__ import annotations

# Referral outcomes, taken in turn by each sending agency, each agency starting further along the cycle, so
# that outboxes differ and every state occurs. The 相談員 login's centre starts with an overdue one.
CYCLE = ["overdue", "completed", "in_progress", "cancelled", "requested", "completed", "declined", "accepted"]
URGENT_CYCLE = ["completed", "in_progress", "accepted"]  # 虐待の通報 and emergencies are never left waiting
PARTNERS = {
    "houkatsu": ("choju",),
    "jiritsu": ("seikatsu",),
    "kodomo": ("kyoiku",),
    "kikan": ("shogai_fukushi",),
    "kenko": ("clinic",),
    "riyosha": ("kodomo",),
}
# Households whose referral was declined and then sent to another agency (the template's resend_to): each
# template that has one shows it, rather than leaving it to which templates the cycle lands on 辞退.
RESENT = ("untreated", "mother_needs_care")

# What the receiving agency records when it takes a referral on: (complaint, response note), by its key.
RECEIVED: dict[str, tuple[str, str]] = {
    "choju": (
        "地域包括支援センターからの通報を受け、事実確認のため地域包括の職員と訪問。本人と長男から個別に話を聞いた。",
        "コアメンバー会議で虐待の有無と緊急性を判断する。当面は地域包括が週1回訪問して見守る。",
    ),
    "jiritsu": (
        "{source}からのつなぎ。本人と面談し、収入と支出、滞納の状況を聞き取って家計表を一緒に作った。",
        "家計改善支援事業の利用を本人と合意。次回は2週間後。",
    ),
    "kenko": (
        "基幹相談支援センターからのつなぎ。地区担当保健師が母と一緒に本人宅を訪問した。",
        "本人はドア越しに少し話した。2週間後に再訪問する。",
    ),
    "seikatsu": (
        "くらし・しごと相談センターからのつなぎ。当日面接し、生活保護の申請を受け付けた。",
        "食料はフードバンクかさねから受け取り済み。申請から14日以内に決定する。",
    ),
    "clinic": (
        "基幹相談支援センターからのつなぎ。医療相談室の精神保健福祉士が本人に電話し、受診の予約を取った。",
        "初診には母が付き添う予定。",
    ),
    "houkatsu_chuo": (
        "{source}からのつなぎ。夕方に自宅を訪問し、本人と母に会った。母は「息子に迷惑をかけたくない」と話す。",
        "要介護認定を代行申請。認定までの間、暫定でデイサービスを使えるよう調整する。",
    ),
    "houkatsu_kita": (
        "{source}からのつなぎ。長女宅を訪問し、母と長女に会った。",
        "要介護認定を申請。長女の家での生活に合わせてサービスを調整する。",
    ),
}

CANCEL_REASONS = [
    "本人から、家族と話し合ってしばらく様子を見たいと連絡があったため、いったん取り消します。",
    "本人が体調を崩して入院したため取り消します。退院の見通しが立ったら改めてつなぎます。",
    "同じ内容を重複して送っていたため、こちらを取り消します。",
]
CANCEL_BY_WITHDRAWAL = "本人から情報共有の同意を撤回したいとの申し出があったため、このつなぎを取り消します。"
