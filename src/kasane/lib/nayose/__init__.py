"""名寄せ: finding the same person recorded twice, with the evidence for each pair (pure Python, no models).

keys.py        one record reduced to folded keys; address_key; the blocking keys
score.py       the weights per field and agreement level, and the rules for families (旧姓・家族・双子)
candidates.py  pairs from shared blocks only, scored; find_duplicates() is the entry point
"""

from kasane.lib.nayose.candidates import Duplicates, compare, find_duplicates
from kasane.lib.nayose.keys import PersonRecord, address_key
from kasane.lib.nayose.score import FIELD_LABELS, ScoredPair
from kasane.lib.nayose.weights import THRESHOLD

__all__ = [
    "FIELD_LABELS",
    "THRESHOLD",
    "Duplicates",
    "PersonRecord",
    "ScoredPair",
    "address_key",
    "compare",
    "find_duplicates",
]
