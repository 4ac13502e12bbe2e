"""事業の実施状況's pages: the counts (``counts``), the 成果指標 of the 実施計画 (``indicators``) and their
editing (``plan``)."""
