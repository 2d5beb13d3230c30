"""The registry of every table: each feature keeps its models beside it, and this package imports them all so that Alembic sees every one."""

from ..account.models import ACCOUNT_KINDS, ROLES, AuthSession, Byline, PasswordThrottle, PersonRef, User
from ..administrations.models import ADMINISTRATION_KINDS, Administration
from ..attachments.models import ATTACHMENT_ROLES, Attachment
from ..cache.models import CacheVersion
from ..challenges.models import (
    CHALLENGE_STATUSES,
    PREMODERATION_MODES,
    VISIBILITIES,
    Challenge,
    Follow,
    Participant,
    challenge_sdgs,
)
from ..coauthors.models import CoauthorInvitation
from ..comments.models import CommentRevision
from ..core.audit_models import (
    AUDIT_ACTIONS,
    CLI_ACTOR,
    INVITATION_ROLES,
    JUROR_ROLE,
    PARTICIPANT_ROLE,
    AuditEntry,
    Invitation,
)
from ..core.legal_models import LEGAL_DOCUMENTS, LegalVersion
from ..core.model_helpers import utcnow
from ..core.reference_models import Sdg, Theme
from ..evaluation.models import (
    AWARD_PLACES,
    DEFAULT_CRITERIA,
    MILESTONE_STATUSES,
    Award,
    EvaluationCriterion,
    EvaluationNote,
    EvaluationScore,
    Evaluator,
    Milestone,
)
from ..labs.models import PARTNER_KINDS, Lab, Partner, lab_themes
from ..meetings.models import Meeting, MeetingRegistration, meeting_solutions
from ..messages.models import ChallengeMessage
from ..moderation.models import (
    APPEAL_STATUSES,
    APPEALABLE_ACTIONS,
    FLAG_REASONS,
    MODERATION_ACTIONS,
    Appeal,
    Flag,
    ModerationAction,
    UserFlag,
)
from ..notifications.models import (
    DIGEST_FREQUENCIES,
    EMAIL_FREQUENCIES,
    NEVER_IN_DIGESTS,
    NOTIFICATION_KINDS,
    EmailDigest,
    EmailPreference,
    Notification,
    OutboxEmail,
    default_frequency,
)
from ..pages.models import ContentPage, ContentPageVersion
from ..solutions.models import HELD_BACK, Comment, Solution, SolutionCoauthor, SolutionFollow, SolutionRevision
from ..solutions.response_models import OUTCOMES, OfficialResponse, OfficialResponseRevision
from ..spid.models import SamlRequest, SeenAssertion
from ..votes.models import CommentVote, SolutionVote

__all__ = [
    "ACCOUNT_KINDS",
    "ADMINISTRATION_KINDS",
    "APPEALABLE_ACTIONS",
    "APPEAL_STATUSES",
    "ATTACHMENT_ROLES",
    "AUDIT_ACTIONS",
    "AWARD_PLACES",
    "CHALLENGE_STATUSES",
    "CLI_ACTOR",
    "DEFAULT_CRITERIA",
    "DIGEST_FREQUENCIES",
    "EMAIL_FREQUENCIES",
    "FLAG_REASONS",
    "HELD_BACK",
    "INVITATION_ROLES",
    "JUROR_ROLE",
    "LEGAL_DOCUMENTS",
    "MILESTONE_STATUSES",
    "MODERATION_ACTIONS",
    "NEVER_IN_DIGESTS",
    "NOTIFICATION_KINDS",
    "OUTCOMES",
    "PARTICIPANT_ROLE",
    "PARTNER_KINDS",
    "PREMODERATION_MODES",
    "ROLES",
    "VISIBILITIES",
    "Administration",
    "Appeal",
    "Attachment",
    "AuditEntry",
    "AuthSession",
    "Award",
    "Byline",
    "CacheVersion",
    "Challenge",
    "ChallengeMessage",
    "CoauthorInvitation",
    "Comment",
    "CommentRevision",
    "CommentVote",
    "ContentPage",
    "ContentPageVersion",
    "EmailDigest",
    "EmailPreference",
    "EvaluationCriterion",
    "EvaluationNote",
    "EvaluationScore",
    "Evaluator",
    "Flag",
    "Follow",
    "Invitation",
    "Lab",
    "LegalVersion",
    "Meeting",
    "MeetingRegistration",
    "Milestone",
    "ModerationAction",
    "Notification",
    "OfficialResponse",
    "OfficialResponseRevision",
    "OutboxEmail",
    "Participant",
    "Partner",
    "PasswordThrottle",
    "PersonRef",
    "SamlRequest",
    "Sdg",
    "SeenAssertion",
    "Solution",
    "SolutionCoauthor",
    "SolutionFollow",
    "SolutionRevision",
    "SolutionVote",
    "Theme",
    "User",
    "UserFlag",
    "challenge_sdgs",
    "default_frequency",
    "lab_themes",
    "meeting_solutions",
    "utcnow",
]
