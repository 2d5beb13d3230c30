"""In-app notifications, with email through the outbox for the kinds a person chose."""

from __future__ import annotations

import smtplib
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ScalarResult, ScalarSelect, Select, func, insert, literal, select, update

from ..core.extensions import db
from ..core.visibility import can_view_challenge, people_who_see
from ..models import (
    NOTIFICATION_KINDS,
    Challenge,
    ChallengeMessage,
    Follow,
    ModerationAction,
    Notification,
    OutboxEmail,
    Solution,
    SolutionFollow,
    User,
    utcnow,
)
from ..text.characters import one_line
from .excerpts import excerpt_of
from .mail import language_of, render_email, unsubscribe_url
from .outbox_delivery import masked, new_message_id, outbox_log, retry_delay
from .preferences import frequency_of_kind, unsubscribe_token

MAX_ATTEMPTS = 12  # with the default delays, about 4 hours of trying


# What a moderation notice says, by the logged action it reports.
MODERATION_SENTENCES = {
    "hide": _l("La moderazione ha nascosto un tuo contenuto: «%(title)s»."),
    "auto_hide": _l("Un tuo contenuto è stato nascosto in attesa di revisione dopo alcune segnalazioni: «%(title)s»."),
    "reject": _l("La moderazione non ha pubblicato un tuo contenuto: «%(title)s»."),
    "restore": _l("La moderazione ha ripristinato un tuo contenuto, di nuovo visibile a tutti: «%(title)s»."),
    "approve": _l("La moderazione ha approvato e pubblicato un tuo contenuto: «%(title)s»."),
    "uphold": _l("Il tuo ricorso è stato respinto: la decisione su «%(title)s» resta."),
    "overturn": _l("Il tuo ricorso è stato accolto: la decisione su «%(title)s» è stata annullata."),
    "merge": _l(
        "La tua soluzione «%(title)s» è stata unita a una soluzione simile della stessa sfida:"
        " voti, commenti e autori ora sono riuniti lì."
    ),
}


# What a follower of a solution hears of its status: hidden or back by moderation, else withdrawn.
FOLLOWED_STATUS_SENTENCES = {
    "hide": _l("Una soluzione che segui è stata nascosta dalla moderazione: «%(title)s»."),
    "auto_hide": _l("Una soluzione che segui è stata nascosta in attesa di revisione: «%(title)s»."),
    "restore": _l("Una soluzione che segui è di nuovo visibile: «%(title)s»."),
    "overturn": _l("Una soluzione che segui è di nuovo visibile: «%(title)s»."),
    "merge": _l("Una soluzione simile è stata unita a «%(title)s»: voti, commenti e autori ora sono riuniti lì."),
    None: _l("Una soluzione che segui è stata ritirata da chi l'ha proposta: «%(title)s»."),
}


def sentence(kind: str, title: str, action: str | None = None) -> str:
    """What happened, in the reader's language; `title` names the item concerned, `action` a moderation notice's."""
    if kind == "moderation" and action in MODERATION_SENTENCES:
        return str(MODERATION_SENTENCES[action]) % {"title": title}
    if kind == "comment":
        return _("Nuovo commento sulla tua soluzione «%(title)s».", title=title)
    if kind == "response":
        return _("L'amministrazione ha risposto alla tua soluzione «%(title)s».", title=title)
    if kind == "new_solution":
        return _("Nuova soluzione su una sfida che segui: «%(title)s».", title=title)
    if kind == "award":
        return _("La tua soluzione «%(title)s» è tra le vincitrici.", title=title)
    if kind == "results":
        return _("Sono pubblicati gli esiti di una sfida che segui: «%(title)s».", title=title)
    if kind == "follow_status":
        return str(FOLLOWED_STATUS_SENTENCES[action]) % {"title": title}
    if kind == "follow_comment":
        return _("Nuovo commento su una soluzione che segui: «%(title)s».", title=title)
    if kind == "follow_response":
        return _("L'amministrazione ha risposto a una soluzione che segui: «%(title)s».", title=title)
    if kind == "message":
        return _("Nuovo messaggio dallo staff di una sfida: «%(title)s».", title=title)
    if kind == "milestone":
        return _("Nuovo aggiornamento sulla realizzazione di «%(title)s».", title=title)
    if kind == "coauthor_decline":
        return _("Il tuo invito a firmare «%(title)s» come coautore è stato rifiutato.", title=title)
    if kind == "coauthor_removed":
        return _("Non sei più tra gli autori della soluzione «%(title)s».", title=title)
    if kind == "access":
        return _(
            "La sfida «%(title)s» ora è riservata a un pubblico più ristretto: non puoi più vederla né parteciparvi.",
            title=title,
        )
    if kind == "evaluation":
        return _(
            "È iniziata la valutazione della sfida «%(title)s»: puoi dare i tuoi punteggi alle soluzioni.", title=title
        )
    return _("La moderazione è intervenuta su un tuo contenuto: «%(title)s».", title=title)


def _may_hear(user: User, kind: str, solution_id: int | None, challenge_id: int | None) -> bool:
    """Nobody hears news of a challenge they may not see (core.visibility), but the notice that they lost sight."""
    if kind == "access":
        return True
    challenge = (
        db.session.get_one(Solution, solution_id).challenge
        if solution_id is not None
        else db.session.get(Challenge, challenge_id)
    )
    return challenge is None or can_view_challenge(user, challenge)


def _mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def queue_email(recipient: str, subject: str, body: str, html: str = "", unsubscribe_url: str = "") -> bool:
    """Put one message in the outbox, in the caller's transaction; False when no mail server is configured
    (the message waits for one: `outbox send` delivers it once FLASK_MAIL_SERVER is set)."""
    # A line break in a title would end the Subject header and start another one.
    db.session.add(
        OutboxEmail(
            recipient=recipient,
            subject=one_line(subject)[:200],
            body=body,
            html_body=html,
            unsubscribe_url=unsubscribe_url,
            message_id=new_message_id(),
        )
    )
    return _mail_enabled()


def _queue_email(user: User, notification: Notification, checked: bool = False) -> None:
    if not _mail_enabled() or not user.email:
        return
    if not checked and db.session.scalar(select(frequency_of_kind(notification.kind, user.id))) != "immediate":
        return
    with force_locale(language_of(user)):
        text = sentence(
            notification.kind, notification.title, notification.action.action if notification.action else None
        )
        excerpt = excerpt_of(notification)
    unsubscribe = unsubscribe_url(unsubscribe_token(user, notification.kind))
    # The template builds the link to what the notification is about, as the notifications page does.
    subject, body, html = render_email(
        user,
        "notification",
        text,
        text=text,
        notification=notification,
        kind_label=NOTIFICATION_KINDS[notification.kind],
        excerpt=excerpt,
        unsubscribe=unsubscribe,
    )
    queue_email(user.email, subject, body, html, unsubscribe_url=unsubscribe)


def notify(
    user: User,
    kind: str,
    title: str,
    solution_id: int | None,
    comment_id: int | None = None,
    action: ModerationAction | None = None,
    challenge_id: int | None = None,
) -> None:
    """Tell one person about an event on a solution (or a comment on it), or on a whole challenge, in the
    caller's transaction.

    A moderation notice names the log line it reports (`action`): its decision, date and reasons."""
    if user.deleted_at is not None or not _may_hear(user, kind, solution_id, challenge_id):
        return
    notification = Notification(
        user_id=user.id,
        kind=kind,
        title=title[:500],
        solution_id=solution_id,
        comment_id=comment_id,
        action=action,
        challenge_id=challenge_id,
    )
    db.session.add(notification)
    _queue_email(user, notification)


def notify_authors(
    solution: Solution,
    kind: str,
    comment_id: int | None = None,
    action: ModerationAction | None = None,
    except_user_id: int | None = None,
) -> None:
    """Tell every author of the solution (all hold the same rights, all hear of it), but who caused the event."""
    for author in solution.authors:
        if author.id != except_user_id:
            notify(author, kind, solution.title, solution.id, comment_id, action)


def notify_followers(
    challenge_id: int, except_user_id: int, title: str, solution_id: int, kind: str = "new_solution"
) -> None:
    """Tell everyone following a challenge, with one INSERT ... SELECT however many they are."""
    followers = select(Follow.user_id).where(Follow.challenge_id == challenge_id, Follow.user_id != except_user_id)
    _notify_all(followers, kind, title, solution_id)


def notify_solution_followers(
    solution: Solution,
    kind: str,
    except_user_id: int | None = None,
    comment_id: int | None = None,
    action: ModerationAction | None = None,
) -> None:
    """Tell everyone following one solution (a follow_* kind), except who caused the event.

    Its authors follow it implicitly: they hear of the same events through their own notices
    (comment, response, moderation), so they are left out here and never told twice."""
    left_out = [*solution.author_ids, *([] if except_user_id is None else [except_user_id])]
    followers = select(SolutionFollow.user_id).where(
        SolutionFollow.solution_id == solution.id, SolutionFollow.user_id.not_in(left_out)
    )
    _notify_all(followers, kind, solution.title, solution.id, comment_id, action)


def notify_new_comment(solution: Solution, comment_id: int, commenter_id: int) -> None:
    """A comment appeared: the solution's authors hear of it (but who wrote it), and so do its followers."""
    notify_authors(solution, "comment", comment_id, except_user_id=commenter_id)
    notify_solution_followers(solution, "follow_comment", commenter_id, comment_id)


def _notify_all(
    user_ids: Select,
    kind: str,
    title: str,
    solution_id: int,
    comment_id: int | None = None,
    action: ModerationAction | None = None,
) -> None:
    """One notification for each of `user_ids` (a one-column SELECT) who may see the solution's challenge,
    and email to those who want this kind."""
    challenge = db.session.get_one(Solution, solution_id).challenge
    user_ids = select(User.id).where(User.id.in_(user_ids), people_who_see(challenge))
    about = {"kind": kind, "title": title[:500], "solution_id": solution_id, "comment_id": comment_id}
    _insert_for_each(user_ids, {**about, "action_id": action.id if action else None})
    if _mail_enabled():
        notice = Notification(**about, action=action)  # not added: the rows were inserted above
        for user in _emailed_now(user_ids, kind):
            _queue_email(user, notice, checked=True)


def notify_message(message: ChallengeMessage, user_ids: Select) -> int:
    """Tell the people in `user_ids` about a message from a challenge's staff: in the app with one
    INSERT ... SELECT, and by email to those who want it at once. Returns how many were told."""
    recipients = select(User.id).where(User.id.in_(user_ids))
    told = db.session.scalar(select(func.count()).select_from(recipients.subquery())) or 0
    about = {"title": message.subject[:500], "message_id": message.id, "challenge_id": message.challenge_id}
    _insert_for_each(recipients, {"kind": "message", **about})
    if _mail_enabled():
        for user in _emailed_now(recipients, "message"):
            if not user.email:
                continue
            unsubscribe = unsubscribe_url(unsubscribe_token(user, "message"))
            rendered = render_email(
                user, "challenge_message", message.subject, message=message, unsubscribe=unsubscribe
            )
            queue_email(user.email, *rendered, unsubscribe_url=unsubscribe)
    return told


def _insert_for_each(user_ids: Select, values: dict[str, object]) -> None:
    """One notification row with `values` for each of `user_ids` (a one-column SELECT), in one INSERT ... SELECT."""
    given = {column: value for column, value in {**values, "created_at": utcnow()}.items() if value is not None}
    rows = user_ids.add_columns(*(literal(value) for value in given.values()))  # a bare NULL has no type
    db.session.execute(insert(Notification).from_select(["user_id", *given], rows))


def _emailed_now(user_ids: Select, kind: str) -> ScalarResult[User]:
    """Those of `user_ids` who want this kind of notification by email at once."""
    return db.session.scalars(
        select(User).where(User.id.in_(user_ids), frequency_of_kind(kind, User.id) == "immediate")
    )


def unread_count(user: User) -> ScalarSelect[int]:
    """How many notifications the person has not read: a subquery, which the header asks in one statement
    with its other questions about the reader."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def recent(user: User, limit: int = 50) -> list[Notification]:
    """The person's newest notifications."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user: User) -> None:
    """Mark every notification of the person as read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()


def _deliver(message: OutboxEmail) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config.get("MAIL_DEFAULT_SENDER", "noreply@sfide.example")
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at.replace(tzinfo=UTC))
    email["Message-ID"] = message.message_id
    if message.unsubscribe_url:  # RFC 8058: mail clients offer a one-click unsubscribe button
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)), timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(email)


def _claim_next() -> OutboxEmail | None:
    """The oldest due message, locked until the next commit; other workers skip it (PostgreSQL)."""
    return db.session.scalar(
        select(OutboxEmail)
        .where(
            OutboxEmail.sent_at.is_(None), OutboxEmail.next_attempt_at <= utcnow(), OutboxEmail.attempts < MAX_ATTEMPTS
        )
        .order_by(OutboxEmail.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # SQLite has no row locks: run one worker there
    )


def send_outbox(limit: int = 100) -> tuple[int, int]:
    """Try up to `limit` due messages once each; failures wait longer each time. Returns (sent, failed)."""
    sent = failed = 0
    # A failed message is due again only later, so each pass tries a message at most once.
    while sent + failed < limit and (message := _claim_next()) is not None:
        message.attempts += 1
        try:
            _deliver(message)
        # Whatever one message does (a header EmailMessage refuses, a recipient the server
        # refuses, a dropped connection), it is recorded on it and the others still go.
        except Exception as error:
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            delay = retry_delay(message.attempts)
            message.next_attempt_at = utcnow() + delay
            failed += 1
            outbox_log.warning(
                "message %s %s to %s failed (attempt %s, next in %d s): %s",
                message.id,
                message.message_id,
                masked(message.recipient),
                message.attempts,
                delay.total_seconds(),
                type(error).__name__,
            )
        else:
            message.sent_at = utcnow()
            sent += 1
            outbox_log.info("message %s %s sent to %s", message.id, message.message_id, masked(message.recipient))
        # One message at a time. At-least-once: stopped after the server's "250" and before this
        # commit, the next pass sends it again, with the same Message-ID so receivers drop the copy.
        db.session.commit()
    return sent, failed
