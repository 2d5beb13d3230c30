"""Uploading files to challenges and solutions: types read from content, alt text, limits, nothing kept on a refusal."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from challenge.core.extensions import db
from challenge.models import Attachment
from tests.attachments import samples
from tests.factories import login, make_administration, make_challenge, make_solution, make_user


def attachment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attachment))


def stored(store) -> list[str]:
    return sorted(key for key, _written in store.listing())


@pytest.fixture
def staff_on_challenge(app, client):
    """A client signed in as the staff of an open challenge; the challenge's slug."""
    with app.app_context():
        owner = make_administration()
        slug = make_challenge(owner).slug
        login(client, make_user(role="staff", administration=owner))
    return slug


def upload(client, url: str, data: bytes, name: str, **fields):
    return client.post(url, data={"file": (io.BytesIO(data), name), **fields}, content_type="multipart/form-data")


def test_a_pdf_call_is_attached_and_downloaded_as_a_file(app, client, store, staff_on_challenge):
    url = f"/challenges/{staff_on_challenge}/attachments"
    response = upload(client, url, samples.PDF, "bando.pdf", title="Bando della sfida", role="document")
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalars(select(Attachment)).one()
        assert (row.media_type, row.byte_count, row.original_filename) == (
            "application/pdf",
            len(samples.PDF),
            "bando.pdf",
        )
        attachment_id = row.id
    page = client.get(f"/challenges/{staff_on_challenge}").get_data(as_text=True)
    assert "Bando della sfida" in page and "PDF, 1 KB" in page
    download = client.get(f"/attachments/{attachment_id}/bando-della-sfida.pdf")
    assert download.status_code == 200 and download.data == samples.PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.EXE, "bando.pdf", "non è ammesso"),  # a program renamed
        (samples.SVG, "logo.svg", "HTML, SVG e XML non sono ammessi"),
        (samples.HTML, "foto.png", "HTML, SVG e XML non sono ammessi"),
        (samples.plain_zip(), "allegati.zip", "archivi"),
        (samples.image("PNG"), "relazione.pdf", "termina in .pdf"),  # content and name disagree
        (samples.image("GIF"), "animazione.gif", "non è ammesso"),
        (b"\x00\x01\x02binary\xff\xfe", "dati.txt", "non è ammesso"),
    ],
    ids=["exe-as-pdf", "svg", "html-as-png", "zip", "png-as-pdf", "gif", "binary-as-txt"],
)
def test_a_file_is_judged_by_its_content_and_a_refusal_stores_nothing(
    app, client, store, staff_on_challenge, data, name, message
):
    response = upload(client, f"/challenges/{staff_on_challenge}/attachments", data, name, role="image", alt="Una foto")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and message in page
    assert attachment_count(app) == 0
    assert stored(store) == []


@pytest.mark.parametrize(
    ("data", "name", "media_type"),
    [
        (samples.docx(), "regolamento.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (samples.odt(), "regolamento.odt", "application/vnd.oasis.opendocument.text"),
        (samples.CSV, "dati.csv", "text/csv"),
        (samples.TEXT, "verbale.txt", "text/plain"),
    ],
)
def test_office_documents_and_text_are_accepted(app, client, store, staff_on_challenge, data, name, media_type):
    response = upload(client, f"/challenges/{staff_on_challenge}/attachments", data, name, role="document")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Attachment.media_type)).one() == media_type


def test_a_macro_enabled_document_is_refused(app, client, store, staff_on_challenge):
    types = b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    docm = samples.zip_of({"[Content_Types].xml": types, "word/vbaProject.bin": b"\x00" * 64})
    response = upload(client, f"/challenges/{staff_on_challenge}/attachments", docm, "bando.docx", role="document")
    assert response.status_code == 422 and attachment_count(app) == 0


def test_an_image_needs_alt_text_unless_it_is_decorative(app, client, store, staff_on_challenge):
    url = f"/challenges/{staff_on_challenge}/attachments"
    response = upload(client, url, samples.image("PNG"), "mappa.png", role="image", alt="  ")
    assert response.status_code == 422
    assert 'id="alt-error"' in response.get_data(as_text=True)
    assert attachment_count(app) == 0 and stored(store) == []
    assert upload(client, url, samples.image("PNG"), "fregio.png", role="image", decorative="y").status_code == 303
    with app.app_context():
        row = db.session.scalars(select(Attachment)).one()
        assert (row.is_decorative, row.alt) == (True, "")
    page = client.get(f"/challenges/{staff_on_challenge}").get_data(as_text=True)
    assert 'alt=""' in page


def test_a_document_given_as_an_image_is_refused(app, client, store, staff_on_challenge):
    response = upload(
        client, f"/challenges/{staff_on_challenge}/attachments", samples.PDF, "bando.pdf", role="cover", alt="x"
    )
    assert response.status_code == 422 and "il file è un documento" in response.get_data(as_text=True)


def test_a_challenge_has_one_cover(app, client, store, staff_on_challenge):
    url = f"/challenges/{staff_on_challenge}/attachments"
    assert upload(client, url, samples.image("JPEG"), "piazza.jpg", role="cover", alt="La piazza").status_code == 303
    again = upload(client, url, samples.image("JPEG"), "altra.jpg", role="cover", alt="Un'altra piazza")
    assert again.status_code == 422 and 'id="role-error"' in again.get_data(as_text=True)
    assert attachment_count(app) == 1


def test_files_per_item_are_limited(app, client, store, staff_on_challenge, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENTS_PER_ITEM", 2)
    url = f"/challenges/{staff_on_challenge}/attachments"
    for number in range(2):
        assert upload(client, url, samples.TEXT + bytes([65 + number]), f"n{number}.txt").status_code == 303
    third = upload(client, url, samples.CSV, "dati.csv")
    assert third.status_code == 422 and "al massimo 2 file" in third.get_data(as_text=True)
    assert attachment_count(app) == 2


def test_an_image_over_the_pixel_budget_is_refused_before_decoding(app, client, store, staff_on_challenge, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_PIXELS", 1_000_000)
    response = upload(
        client,
        f"/challenges/{staff_on_challenge}/attachments",
        samples.image("PNG", (1200, 1000)),
        "grande.png",
        role="image",
        alt="Grande",
    )
    assert response.status_code == 422 and "troppi pixel" in response.get_data(as_text=True)
    assert attachment_count(app) == 0 and stored(store) == []


def test_uploads_may_exceed_the_request_limit_that_every_other_route_keeps(app, client, store, staff_on_challenge):
    big = samples.TEXT * (2 * 1024 * 1024 // len(samples.TEXT))  # 2 MB, over MAX_CONTENT_LENGTH
    assert upload(client, f"/challenges/{staff_on_challenge}/attachments", big, "lungo.txt").status_code == 303
    elsewhere = client.post(
        f"/challenges/{staff_on_challenge}/follow",
        data={"file": (io.BytesIO(big), "lungo.txt")},
        content_type="multipart/form-data",
    )
    assert elsewhere.status_code == 413


def test_a_file_over_the_attachment_limit_is_refused_next_to_the_field(
    app, client, store, staff_on_challenge, monkeypatch
):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1024 * 1024)
    big = samples.TEXT * (1024 * 1024 // len(samples.TEXT) + 10)
    response = upload(client, f"/challenges/{staff_on_challenge}/attachments", big, "lungo.txt")
    assert response.status_code == 422 and "troppo grande" in response.get_data(as_text=True)


def test_the_author_attaches_a_photo_to_their_solution_and_others_may_not(app, client, store):
    with app.app_context():
        author = make_user()
        solution_id = make_solution(author=author).id
        stranger = make_user()
        login(client, author)
    url = f"/solutions/{solution_id}/attachments"
    assert upload(client, url, samples.phone_photo((800, 600)), "foto.jpg", alt="Il prototipo").status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Attachment.role)).one() == "image"
        login(client, stranger)
    assert upload(client, url, samples.PDF, "altro.pdf").status_code == 403
    assert attachment_count(app) == 1


def test_a_failed_commit_leaves_no_row_and_gc_removes_the_stored_file(
    app, client, store, staff_on_challenge, monkeypatch
):
    def refuse():
        raise IntegrityError("INSERT", {}, Exception("the database went away"))

    with monkeypatch.context() as patch:
        patch.setattr(db.session, "commit", refuse)
        response = upload(client, f"/challenges/{staff_on_challenge}/attachments", samples.PDF, "bando.pdf")
    assert response.status_code == 422 and "non è stato salvato" in response.get_data(as_text=True)
    assert attachment_count(app) == 0
    assert len(stored(store)) == 1  # stored before the row, which never came
    result = app.test_cli_runner().invoke(args=["attachments", "gc", "--older-than", "0"])
    assert "1 orphaned files removed." in result.output
    assert stored(store) == []


def test_gc_keeps_files_that_rows_point_at_and_recent_orphans(app, client, store, staff_on_challenge):
    assert upload(client, f"/challenges/{staff_on_challenge}/attachments", samples.PDF, "bando.pdf").status_code == 303
    store.put("f" * 64, io.BytesIO(b"orfano appena caricato"))
    runner = app.test_cli_runner()
    assert "0 orphaned files removed." in runner.invoke(args=["attachments", "gc"]).output
    assert len(stored(store)) == 2
    assert "1 orphaned files removed." in runner.invoke(args=["attachments", "gc", "--older-than", "0"]).output
    assert len(stored(store)) == 1


def test_a_body_over_the_upload_limit_comes_back_with_the_reason_next_to_the_file(
    app, client, store, staff_on_challenge, monkeypatch
):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1024 * 1024)
    huge = samples.TEXT * (2 * 1024 * 1024 // len(samples.TEXT))
    response = upload(client, f"/challenges/{staff_on_challenge}/attachments", huge, "enorme.txt")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and "al massimo 1 MB" in page
    assert attachment_count(app) == 0 and stored(store) == []
