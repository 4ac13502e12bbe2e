"""The demo: the fictional かさね市 with its residents and meetings (``city``), 北海道's backup support
(``prefecture``), and the ``kasane demo`` command. The top floor: it stands on every app, none on it."""
