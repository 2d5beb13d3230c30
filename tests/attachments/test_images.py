"""Images are decoded and written again: no metadata, upright, sRGB, in widths never larger than the photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms
from sqlalchemy import select

from challenge.core.extensions import db
from challenge.models import Attachment
from tests.attachments import samples
from tests.attachments.test_uploads import upload
from tests.factories import login, make_solution, make_user


@pytest.fixture
def author_of_solution(app, client):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author).id
        login(client, author)
    return solution_id


def uploaded(app, client, solution_id: int, data: bytes, name: str) -> Attachment:
    response = upload(client, f"/solutions/{solution_id}/attachments", data, name, alt="Il prototipo in piazza")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        row = db.session.scalars(select(Attachment).order_by(Attachment.id.desc())).first()
        db.session.expunge(row)
        return row


def fetched(client, row: Attachment, rendition: dict) -> Image.Image:
    response = client.get(f"/attachments/{row.id}/{rendition['width']}.{rendition['format']}")
    assert response.status_code == 200
    assert b"GPS" not in response.data and b"Exif" not in response.data and b"posizione segreta" not in response.data
    return Image.open(io.BytesIO(response.data))


def test_gps_and_every_other_metadata_are_gone_from_every_rendition(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.phone_photo(), "IMG_2041.jpg")
    assert {(r["width"], r["format"]) for r in row.renditions} == {
        (width, fmt) for width in (480, 960, 1500) for fmt in ("jpeg", "webp")
    }
    for rendition in row.renditions:
        image = fetched(client, row, rendition)
        assert image.format == rendition["format"].upper()
        assert len(image.getexif()) == 0
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
        assert image.size == (rendition["width"], rendition["height"])
    original = client.get(f"/attachments/{row.id}/foto.jpg")
    assert original.status_code == 200 and b"GPS" not in original.data and b"Exif" not in original.data


def test_the_orientation_is_applied(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.phone_photo((2000, 1500)), "IMG_2042.jpg")
    assert (row.width, row.height) == (1500, 2000)  # taken on its side: now upright
    widest = max(row.renditions, key=lambda r: r["width"])
    assert (widest["width"], widest["height"]) == (1500, 2000)


def test_a_small_image_is_not_enlarged(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.image("PNG", (300, 200)), "schema.png")
    assert sorted((r["width"], r["format"]) for r in row.renditions) == [(300, "png"), (300, "webp")]


def test_a_large_image_has_each_width_once(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.image("PNG", (2400, 1200)), "panorama.png")
    assert sorted((r["width"], r["height"], r["format"]) for r in row.renditions) == [
        (width, width // 2, fmt) for width in (480, 960, 1600) for fmt in ("png", "webp")
    ]


def test_transparency_is_kept_in_png_and_webp(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.image("PNG", (600, 400), "RGBA"), "logo.png")
    for rendition in row.renditions:
        assert fetched(client, row, rendition).mode == "RGBA"


def test_a_colour_profile_is_converted_to_srgb_and_dropped(app, client, store, author_of_solution):
    wide = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    photo = samples.image("JPEG", (600, 400), icc_profile=wide)
    row = uploaded(app, client, author_of_solution, photo, "profilo.jpg")
    for rendition in row.renditions:
        assert "icc_profile" not in fetched(client, row, rendition).info


@pytest.mark.parametrize(
    ("fmt", "name", "own"),
    [("HEIF", "IMG_0001.heic", "jpeg"), ("AVIF", "foto.avif", "jpeg"), ("WEBP", "foto.webp", "webp")],
)
def test_phone_formats_are_written_again_in_formats_every_browser_shows(
    app, client, store, author_of_solution, fmt, name, own
):
    row = uploaded(app, client, author_of_solution, samples.image(fmt, (800, 600)), name)
    assert {r["format"] for r in row.renditions} == {own, "webp"}
    assert {r["width"] for r in row.renditions} == {480, 800}


def test_a_rendition_that_does_not_exist_is_404(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.image("PNG", (600, 400)), "schema.png")
    assert client.get(f"/attachments/{row.id}/960.png").status_code == 404
    assert client.get(f"/attachments/{row.id}/480.jpeg").status_code == 404
    assert client.get(f"/attachments/{row.id}/480.png").status_code == 200


def test_the_files_page_shows_a_small_preview_of_each_image(app, client, store, author_of_solution):
    row = uploaded(app, client, author_of_solution, samples.image("WEBP", (960, 480)), "foto.webp")
    page = client.get(f"/solutions/{author_of_solution}/attachments").get_data(as_text=True)
    assert f'<img src="/attachments/{row.id}/480.webp?v={row.version}" width="120" height="60" alt=""' in page


def test_a_heic_photo_taken_on_its_side_is_turned_once(app, client, store, author_of_solution):
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = samples.image("HEIF", (800, 400), exif=exif.tobytes())
    row = uploaded(app, client, author_of_solution, photo, "IMG_0002.heic")
    assert (row.width, row.height) == (400, 800)
