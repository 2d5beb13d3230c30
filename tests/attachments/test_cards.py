"""The cards of lists show their item's picture at its smallest width; lists without pictures show none."""

from __future__ import annotations

import io
import re

from challenge.attachments.service import Upload, add_attachment
from tests.attachments import samples
from tests.factories import make_administration, make_challenge, make_solution, make_user


def card_of(html: str, css_class: str, title: str) -> str:
    """The <article> of the card whose title is `title`."""
    cards = re.findall(rf'<article[^>]*class="{css_class}[^"]*".*?</article>', html, re.S)
    return next(card for card in cards if title in card)


def picture(data: bytes, **fields) -> Upload:
    return Upload(io.BytesIO(data), "foto", **fields)


def test_a_challenge_card_shows_its_cover_at_480_pixels_with_its_alt_text_and_lazily(app, client, store):
    with app.app_context():
        owner = make_administration()
        staff = make_user(role="staff", administration=owner)
        pictured = make_challenge(owner, title="Parchi più verdi")
        plain = make_challenge(owner, title="Sportelli aperti")
        add_attachment(staff, pictured, picture(samples.image("PNG", (400, 200)), alt="Un prato", role="image"))
        cover = add_attachment(
            staff, pictured, picture(samples.image("JPEG", (1200, 600)), alt="Il parco", role="cover")
        )
        add_attachment(staff, plain, Upload(io.BytesIO(samples.PDF), "bando.pdf"))
        cover_id, version, owner_slug = cover.id, cover.version, owner.slug
    html = client.get("/challenges").get_data(as_text=True)
    card = card_of(html, "challenge-card", "Parchi più verdi")
    img = re.search(r"<img [^>]*>", card).group(0)
    assert f'src="/attachments/{cover_id}/480.jpeg?v={version}"' in img
    assert 'width="480" height="240"' in img and 'loading="lazy"' in img and 'alt="Il parco"' in img
    assert f'<source type="image/webp" srcset="/attachments/{cover_id}/480.webp?v={version}">' in card
    assert "<img" not in card_of(html, "challenge-card", "Sportelli aperti")  # a document is no picture
    for url in ("/", f"/administrations/{owner_slug}"):
        page = client.get(url).get_data(as_text=True)
        assert f"/attachments/{cover_id}/480.jpeg" in card_of(page, "challenge-card", "Parchi più verdi"), url


def test_a_solution_card_shows_its_first_image_and_a_decorative_one_with_an_empty_alt(app, client, store):
    with app.app_context():
        challenge = make_challenge()
        author = make_user()
        solution = make_solution(challenge, author=author, title="Orti sui tetti")
        first = add_attachment(author, solution, picture(samples.image("PNG", (300, 150)), is_decorative=True))
        add_attachment(author, solution, picture(samples.image("PNG", (600, 300)), alt="Un orto"))
        make_solution(challenge, title="Nessuna foto")
        slug, first_id, version = challenge.slug, first.id, first.version
    html = client.get(f"/challenges/{slug}").get_data(as_text=True)
    card = card_of(html, "solution-card", "Orti sui tetti")
    assert re.findall(r"<img [^>]*>", card) == [
        f'<img class="card-img-top img-fluid" src="/attachments/{first_id}/300.png?v={version}" width="300" '
        'height="150" alt="" loading="lazy" decoding="async">'
    ]
    assert "<img" not in card_of(html, "solution-card", "Nessuna foto")
