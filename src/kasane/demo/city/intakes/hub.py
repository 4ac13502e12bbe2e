"""Households referred to the 多機関協働 (the 社協) that have no case yet: requested, declined with the hub's
reasons, accepted."""

from __future__ import annotations

# Households referred to the 多機関協働 that have no case (yet): template, sender, state, message, answer.
TO_HUB: list[tuple[str, str, str, str, str]] = [
    (
        "withdrawn_son_family",
        "kenko",
        "requested",
        "ひきこもりの息子さん（{a0}歳）の母の家族相談を1年続けています。母も体調を崩しがちで、家族だけで抱えるのは限界です。"
        "本人は母を通じて「話を聞くだけなら」と言っています。アウトリーチを含め、多機関協働での検討をお願いします。",
        "",
    ),
    (
        "rent_arrears",
        "jiritsu",
        "declined",
        "家賃滞納で相談中の方です。生活の立て直しに複数の機関の関わりが必要か、相談させてください。",
        "住居確保給付金と就労支援で当面の見通しが立っており、現時点ではくらし・しごと相談センターでの支援の継続が適当と"
        "考えます。多機関協働としてはお受けしませんが、支援の進め方の相談（支援者支援）には随時応じます。"
        "状況が変わったら改めてご連絡ください。",
    ),
    (
        "caregiver_tired",
        "houkatsu",
        "accepted",
        "老老介護で妻の疲労が強く、妻自身の通院も滞っています。長男が市外から月1回来ますが、借金の相談もあるようです。"
        "複数の機関の支援を調整したいので、多機関協働として相談させてください。",
        "受理しました。来週、地域包括と同行訪問し、利用申込みについて説明します。",
    ),
]
