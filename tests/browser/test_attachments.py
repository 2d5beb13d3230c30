"""Uploading a cover and a photo on a phone (375 px), and the pages that show them, in Chromium."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from tests.attachments.samples import phone_photo
from tests.browser.conftest import MOBILE, assert_accessible, screenshot, sign_in
from tests.factories import make_administration, make_challenge, make_solution, make_user


def cover_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1800, 900), (0, 102, 204)).save(out, "JPEG")
    return out.getvalue()


def test_staff_add_a_cover_and_an_author_a_photo_on_a_phone(new_context, server):
    with server.app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner, title="Piazze più verdi")
        staff_id = make_user(role="staff", administration=owner).id
        author = make_user()
        solution_id = make_solution(challenge, author=author, title="Alberi in piazza").id
        slug, author_id = challenge.slug, author.id

    staff = new_context(viewport=MOBILE)
    sign_in(staff, server, staff_id)
    page = staff.new_page()
    page.goto(f"/challenges/{slug}")
    page.get_by_role("link", name="Gestisci allegati e immagini").click()
    assert_accessible(page)
    page.get_by_label("File").set_input_files({"name": "piazza.jpg", "mimeType": "image/jpeg", "buffer": cover_jpeg()})
    page.get_by_label("Tipo").select_option("cover")
    page.get_by_role("button", name="Carica").click()
    expect(page.locator("#alt-error")).to_contain_text("Descrivi l'immagine")  # no alt text: refused, nothing kept
    page.get_by_label("File").set_input_files({"name": "piazza.jpg", "mimeType": "image/jpeg", "buffer": cover_jpeg()})
    page.get_by_label("Tipo").select_option("cover")
    page.get_by_label("Testo alternativo").fill("La piazza con i nuovi alberi")
    page.get_by_role("button", name="Carica").click()
    expect(page.locator(".flashes")).to_contain_text("Allegato aggiunto.")
    page.get_by_role("link", name="Torna alla pagina").click()
    cover = page.get_by_role("img", name="La piazza con i nuovi alberi")
    expect(cover).to_be_visible()
    assert cover.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")  # waits for the bytes
    # The phone gets the smallest width, in WebP.
    assert "/480.webp?v=" in cover.evaluate("img => img.currentSrc")
    assert_accessible(page)
    screenshot(page, "attachments-challenge-cover-375")

    phone = new_context(viewport=MOBILE)
    sign_in(phone, server, author_id)
    page = phone.new_page()
    page.goto(f"/solutions/{solution_id}")
    page.get_by_role("link", name="Gestisci allegati e immagini").click()
    page.get_by_label("File").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": phone_photo((2000, 1500))}
    )
    page.get_by_label("Testo alternativo").fill("Il prototipo dell'aiuola")
    page.get_by_role("button", name="Carica").click()
    expect(page.locator(".flashes")).to_contain_text("Allegato aggiunto.")
    page.get_by_role("link", name="Torna alla pagina").click()
    photo = page.get_by_role("img", name="Il prototipo dell'aiuola")
    photo.scroll_into_view_if_needed()
    expect(photo).to_have_attribute("loading", "lazy")
    expect(photo).to_have_attribute("width", "1500")
    expect(photo).to_have_attribute("height", "2000")
    assert_accessible(page)
    screenshot(page, "attachments-solution-photo-375")
