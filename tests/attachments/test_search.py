"""A document's title is found by search, on both databases, and leads to its item, seen as the item is."""

from __future__ import annotations

import io

import pytest

from challenge.attachments.service import Upload, add_attachment, remove_attachment
from challenge.core.extensions import db
from challenge.models import Attachment
from challenge.search.service import SearchFilters, search
from tests.attachments import samples
from tests.factories import make_administration, make_challenge, make_solution, make_user


def document(user, item, title: str) -> int:
    return add_attachment(user, item, Upload(io.BytesIO(samples.PDF), "f.pdf", title=title)).id


def test_a_documents_title_is_found_by_any_inflection_and_links_to_its_item(app, client, store):
    with app.app_context():
        owner = make_administration()
        staff = make_user(role="staff", administration=owner)
        challenge = make_challenge(owner, title="Parchi cittadini")
        author = make_user()
        solution = make_solution(challenge, author=author, title="Orti condivisi")
        document(staff, challenge, "Regolamento delle biciclette")
        document(author, solution, "Preventivo dei lavori di bonifica")
        add_attachment(author, solution, Upload(io.BytesIO(samples.image()), "f.png", title="Bicicletta", alt="Foto"))
        slug, solution_id = challenge.slug, solution.id
        hits, total = search(SearchFilters(q="bicicletta regolamento"), 1, 10)
        assert [(hit.kind, hit.challenge_slug, hit.solution_id) for hit in hits] == [("document", slug, None)]
        assert total == 1  # the image's title is not searched: only documents are
    html = client.get("/search?q=bonifica&type=document").get_data(as_text=True)
    assert f'<a href="/solutions/{solution_id}">Preventivo dei lavori di <mark>bonifica</mark></a>' in html
    assert "Documento allegato a «Orti condivisi»" in html
    page = client.get("/search?q=regolamento").get_data(as_text=True)
    assert f'<a href="/challenges/{slug}">' in page and 'id="group-document"' in page


@pytest.mark.parametrize("state", ["hidden", "pending"])
def test_a_hidden_solutions_documents_are_found_only_by_who_sees_the_solution(app, store, state):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        document(author, solution, "Planimetria riservata")
        solution.status = state
        db.session.commit()
        assert search(SearchFilters(q="planimetria"), 1, 10) == ([], 0)
        draft = make_challenge(status="draft")
        document(make_user(role="admin"), draft, "Planimetria della bozza")
        assert search(SearchFilters(q="planimetria"), 1, 10) == ([], 0)


def test_a_removed_document_is_no_longer_found(app, store):
    with app.app_context():
        author = make_user()
        solution = make_solution(author=author)
        found = document(author, solution, "Cronoprogramma")
        assert search(SearchFilters(q="cronoprogramma"), 1, 10)[1] == 1
        remove_attachment(author, db.session.get_one(Attachment, found))
        assert search(SearchFilters(q="cronoprogramma"), 1, 10) == ([], 0)
