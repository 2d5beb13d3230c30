"""The staff's export of a challenge's solutions has a column with the absolute links to each solution's files."""

from __future__ import annotations

import csv
import io
import zipfile

from challenge.attachments.service import Upload, add_attachment
from tests.attachments import samples
from tests.factories import login, make_administration, make_challenge, make_solution, make_user


def test_each_solution_row_links_its_files_one_a_line_in_csv_and_xlsx(app, store):
    client = app.test_client()
    with app.app_context():
        owner = make_administration()
        challenge = make_challenge(owner)
        author = make_user()
        with_files = make_solution(challenge, author=author, title="Con allegati")
        make_solution(challenge, title="Senza allegati")
        plan = add_attachment(author, with_files, Upload(io.BytesIO(samples.PDF), "p.pdf", title="Piano"))
        photo = add_attachment(author, with_files, Upload(io.BytesIO(samples.image()), "f.png", alt="Foto"))
        links = "\n".join(
            f"http://localhost/attachments/{item.id}/{item.download_name}?v={item.version}" for item in (plan, photo)
        )
        login(client, make_user(role="staff", administration=owner))
        slug = challenge.slug
    text = client.get(f"/challenges/{slug}/export.csv").data.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[-1] == "Allegati"
    assert {row[1]: row[-1] for row in rows} == {"Con allegati": links, "Senza allegati": ""}
    with zipfile.ZipFile(io.BytesIO(client.get(f"/challenges/{slug}/export.xlsx").data)) as workbook:
        strings = workbook.read("xl/sharedStrings.xml").decode()
    assert f"<t>{links}</t>" in strings
