"""A person's files: in their data export's ZIP, and gone from the store when their account is erased."""

from __future__ import annotations

import io
import zipfile

from challenge.account.data_rights import delete_account
from challenge.attachments.service import Upload, add_attachment
from challenge.core.extensions import db
from challenge.models import Attachment, User
from tests.attachments import samples
from tests.factories import PASSWORD, login, make_administration, make_challenge, make_solution, make_user


def test_the_export_zip_holds_each_file_the_person_uploaded_under_files(app, client, store):
    with app.app_context():
        person = make_user()
        solution = make_solution(author=person)
        document = add_attachment(person, solution, Upload(io.BytesIO(samples.PDF), "r.pdf", title="Relazione"))
        photo = add_attachment(
            person, solution, Upload(io.BytesIO(samples.phone_photo((800, 600))), "p.jpg", alt="Foto")
        )
        stranger = make_user()
        add_attachment(stranger, make_solution(author=stranger), Upload(io.BytesIO(samples.CSV), "altrui.csv"))
        largest = photo.largest
        with store.open(largest["key"]) as stream:
            published = stream.read()
        document_name, photo_name = f"files/{document.id}-relazione.pdf", f"files/{photo.id}-{photo.download_name}"
        login(client, person)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/account/export.zip").data))
    assert {name for name in archive.namelist() if name.startswith("files/")} == {document_name, photo_name}
    assert archive.read(document_name) == samples.PDF
    assert archive.read(photo_name) == published  # as published: no GPS position of the original
    assert "files/" in archive.read("README.txt").decode()


def test_erasure_removes_the_persons_solution_files_and_their_bytes_unless_another_row_has_them(app, store):
    with app.app_context():
        person, other = make_user(), make_user()
        staff = make_user(role="staff", administration=make_administration())
        challenge = make_challenge(staff.administration)
        own = make_solution(challenge, author=person)
        alone = add_attachment(person, own, Upload(io.BytesIO(samples.image("PNG", (700, 500))), "a.png", alt="Foto"))
        shared = add_attachment(person, own, Upload(io.BytesIO(samples.PDF), "r.pdf"))
        add_attachment(other, make_solution(challenge, author=other), Upload(io.BytesIO(samples.PDF), "copia.pdf"))
        # A staff member's file on the challenge is the administration's publication.
        staff_person = make_user(role="staff", administration=staff.administration)
        call = add_attachment(staff_person, challenge, Upload(io.BytesIO(samples.TEXT), "bando.txt"))
        alone_keys, shared_hash, call_id = alone.storage_keys, shared.content_hash, call.id
        assert all(key in dict(store.listing()) for key in alone_keys)
        delete_account(db.session.get_one(User, person.id), PASSWORD)
        delete_account(db.session.get_one(User, staff_person.id), PASSWORD)
        stored = dict(store.listing())
        assert not any(key in stored for key in alone_keys)
        assert shared_hash in stored  # the other person's copy of the same bytes
        assert db.session.scalars(db.select(Attachment.solution_id).where(Attachment.solution_id == own.id)).all() == []
        assert db.session.get(Attachment, call_id) is not None and call.content_hash in stored
