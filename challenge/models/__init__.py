"""All tables, in one package so that Alembic sees every model."""

from .administration import ADMINISTRATION_KINDS, Administration
from .challenge import CHALLENGE_STATUSES, Challenge, Follow, challenge_sdgs
from .common import utcnow
from .lab import PARTNER_KINDS, Lab, Partner, lab_themes
from .reference import Sdg, Theme
from .solution import Comment, Solution, SolutionRevision
from .user import ROLES, AuthSession, User

__all__ = [
    "ADMINISTRATION_KINDS",
    "CHALLENGE_STATUSES",
    "PARTNER_KINDS",
    "ROLES",
    "Administration",
    "AuthSession",
    "Challenge",
    "Comment",
    "Follow",
    "Lab",
    "Partner",
    "Sdg",
    "Solution",
    "SolutionRevision",
    "Theme",
    "User",
    "challenge_sdgs",
    "lab_themes",
    "utcnow",
]
