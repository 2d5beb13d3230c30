"""The person's data as a ZIP: the JSON document, one CSV per list in it, a README in their language."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from challenge.account.data_export import tables
from tests.account.test_data_rights import complete_person
from tests.factories import login, make_solution, make_user


def archive(client) -> zipfile.ZipFile:
    response = client.get("/account/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="sfide-pa-dati-')
    assert response.headers["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(response.data))


def read_csv(files: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = files.read(f"csv/{name}.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_the_zip_holds_the_same_document_as_the_json_export_and_a_table_for_each_list(app, client):
    with app.app_context():
        complete_person(client)
    document = client.get("/account/export").get_json()
    files = archive(client)
    assert json.loads(files.read("dati.json")) == document
    names = set(files.namelist())
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            assert len(read_csv(files, key)) == len(value), key
        assert any(name.startswith(f"csv/{key}") for name in names), key
    profile = read_csv(files, "profile")
    assert len(profile) == 1 and profile[0]["email"] == "tutto@example.it"
    assert profile[0]["terms.version"] == document["profile"]["terms"]["version"]
    assert profile[0]["profile_public"] == "true" and profile[0]["pending_email"] == ""
    # Her own solution and the one she co-authors, in the order they were proposed.
    assert [row["title"] for row in read_csv(files, "solutions")] == ["Di qualcun altro", "La proposta di Tina"]
    assert [row["value"] for row in read_csv(files, "votes_solutions")] == ["1"]
    assert [row["value"] for row in read_csv(files, "votes_comments")] == ["-1"]
    assert [(row["kind"], row["frequency"]) for row in read_csv(files, "email_notifications")] == [
        ("comment", "immediate")
    ]
    scores = read_csv(files, "evaluations_scores")
    assert [(row["criterion"], row["value"]) for row in scores] == [("Impatto", "4")]
    assert scores[0]["evaluations.challenge"] == document["evaluations"][0]["challenge"]
    assert [row["body"] for row in read_csv(files, "evaluations_notes")] == ["Nota di Tina"]
    assert [row["solution_id"] for row in read_csv(files, "followed_solutions")] == [
        str(document["followed_solutions"][0]["solution_id"])
    ]


def test_text_a_spreadsheet_would_run_is_kept_as_text(app, client):
    with app.app_context():
        person = make_user()
        make_solution(author=person, title="=SOMMA(A1:A9)")
        login(client, person)
    files = archive(client)
    assert json.loads(files.read("dati.json"))["solutions"][0]["title"] == "=SOMMA(A1:A9)"
    assert read_csv(files, "solutions")[0]["title"] == "'=SOMMA(A1:A9)"
    assert files.read("csv/comments.csv") == b""  # no comments: an empty file, as the README says


def test_the_readme_is_in_the_persons_language(app):
    for language, title in [("it", "Sfide PA: i tuoi dati"), ("en", "Sfide PA: your data")]:
        client = app.test_client()
        with app.app_context():
            login(client, make_user(language=language))
        readme = archive(client).read("README.txt").decode("utf-8")
        assert readme.startswith(title) and "dati.json" in readme


def test_the_export_needs_a_signed_in_person(client):
    response = client.get("/account/export.zip")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_tables_flatten_records_groups_plain_values_and_nested_lists():
    document = {
        "profile": {"id": 7, "terms": {"version": "2026-01"}},
        "votes": {"solutions": [{"solution_id": 1, "value": 1}], "comments": []},
        "email_notifications": ["comment", "award"],
        "evaluations": [{"challenge": "sfida-1", "scores": [{"criterion": "Costi", "value": 3}], "notes": []}],
    }
    assert tables(document) == {
        "profile": [{"id": 7, "terms.version": "2026-01"}],
        "votes_solutions": [{"solution_id": 1, "value": 1}],
        "votes_comments": [],
        "email_notifications": [{"value": "comment"}, {"value": "award"}],
        "evaluations": [{"challenge": "sfida-1"}],
        "evaluations_scores": [{"evaluations.challenge": "sfida-1", "criterion": "Costi", "value": 3}],
        "evaluations_notes": [],
    }
