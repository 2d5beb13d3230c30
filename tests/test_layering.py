"""Services return data: ids and objects. URLs are built by views and templates (url_for needs a request)."""

from __future__ import annotations

from pathlib import Path

import challenge
from challenge.comments.service import add_comment
from challenge.core.extensions import db
from challenge.models import Notification
from challenge.moderation.service import hide
from challenge.solutions.responses import respond
from tests.factories import make_challenge, make_solution, make_user

CHALLENGE = Path(challenge.__file__).parent
# The use cases: each feature's service module and the shared floor beneath them.
SERVICES = sorted([*CHALLENGE.glob("*/service.py"), *CHALLENGE.glob("core/*.py")])


def test_no_service_module_builds_urls():
    assert [str(path.relative_to(CHALLENGE)) for path in SERVICES if "url_for" in path.read_text("utf-8")] == []


def test_services_that_notify_work_without_a_request(app):
    """A command or a worker has no request: notifying must not need one."""
    with app.app_context():
        staff = make_user(role="staff")
        solution = make_solution(make_challenge(staff.administration))
        comment = add_comment(make_user(), solution, "Bella idea.")
        respond(staff, solution, "under_review", "La valutiamo.")
        hide(make_user(role="moderator"), comment, "Fuori tema", "off_topic")
        about = set(db.session.execute(db.select(Notification.kind, Notification.solution_id, Notification.comment_id)))
        expected = {
            ("comment", solution.id, comment.id),
            ("response", solution.id, None),
            ("moderation", solution.id, comment.id),
        }
    assert about == expected
