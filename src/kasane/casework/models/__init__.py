"""The case journey's records, one module per noun; Django finds them here."""

from kasane.casework.models.cases import *  # noqa: F403
from kasane.casework.models.consents import *  # noqa: F403
from kasane.casework.models.consultations import *  # noqa: F403
from kasane.casework.models.evaluations import *  # noqa: F403
from kasane.casework.models.households import *  # noqa: F403
from kasane.casework.models.life import *  # noqa: F403
from kasane.casework.models.merges import *  # noqa: F403
from kasane.casework.models.referrals import *  # noqa: F403
from kasane.casework.models.reporting import *  # noqa: F403
