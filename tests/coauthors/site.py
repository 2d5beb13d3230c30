"""The co-authors of the page catalogue's site (tests/pages.py)."""

from __future__ import annotations

from challenge.coauthors import service
from challenge.models import Solution, User
from tests.factories import make_user


def _link(token: str) -> str:
    return f"/coauthorships/{token}"


def site_coauthors(solution: Solution, author: User) -> tuple[dict[str, str], dict[str, int]]:
    """The solution presented as its association's, with a co-author who accepted, an invitation to an address
    with an account and one to an address without: their link tokens, and the invited account."""
    solution.as_organisation = True
    coauthor = make_user(name="Anna Coautrice", email="anna.coautrice@example.it")
    accepted = service.invite_coauthor(author, solution, coauthor.email, _link)
    service.accept_invitation(accepted, coauthor)
    invitee = make_user(name="Bruno Invitato", email="bruno.invitato@example.it")
    to_account = service.invite_coauthor(author, solution, invitee.email, _link)
    to_address = service.invite_coauthor(author, solution, "nuova.coautrice@example.it", _link)
    tokens = {"coauthorship": service.token_of(to_account), "coauthorship_new": service.token_of(to_address)}
    return tokens, {"invitee": invitee.id, "coauthor": coauthor.id}
