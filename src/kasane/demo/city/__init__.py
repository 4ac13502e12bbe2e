"""かさね市 for the demo: agencies and staff (``data``), residents at every stage of the case journey
(``cases``, ``stories``, ``intakes``), and its 包括的支援会議 (``meetings``)."""
