"""Input the views parse themselves: integers, redirect targets, request size. Never a 500."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from challenge.core.extensions import db
from challenge.models import AuthSession, Challenge, Comment, CommentVote, Lab, SolutionVote
from challenge.text.characters import has_control_characters
from challenge.web.helpers import MAX_ROW_ID, paginate, parse_int
from tests.challenges.test_views import form_data
from tests.factories import PASSWORD, login, make_challenge, make_comment, make_solution, make_user

# Not one integer in range: words, numbers no column holds, zero and negatives for row ids,
# decimals, exponents, digits of other scripts and padding that int() would accept.
BAD_INTEGERS = ["abc", "99999999999999999999", str(MAX_ROW_ID + 1), "0", "1.5", "١", "1" * 5000]
# More that int() or a careless check would let through; the parser's own test covers them.
ALSO_BAD = ["-1", "1e3", " 1", "1 ", "0x1", "+1", "", "1_000"]
BAD_VOTES = ["2", "-2", "99999999999999999999", "abc", "١", "+1"]

# Every integer a view reads from the query, a form or the path (found with grep for
# request.args, coerce=, HiddenField, int( and <int:>): (who, method, url, form data).
INTEGER_PARAMETERS = [
    ("visitor", "get", "/challenges?page={bad}", None),
    ("visitor", "get", "/challenges?theme={bad}", None),
    ("visitor", "get", "/challenges?sdg={bad}", None),
    ("visitor", "get", "/challenges/{slug}?page={bad}", None),
    ("visitor", "get", "/search?q=orti&page={bad}", None),
    ("visitor", "get", "/search?q=orti&theme={bad}", None),
    ("visitor", "get", "/administrations/{administration}?page={bad}", None),
    ("visitor", "get", "/labs/{lab}?page={bad}", None),
    ("visitor", "get", "/solutions/{bad}", None),
    ("visitor", "get", "/api/v1/challenges?theme={bad}", None),
    ("visitor", "get", "/api/v1/challenges?sdg={bad}", None),
    ("visitor", "get", "/api/v1/challenges?limit={bad}", None),
    ("visitor", "get", "/api/v1/challenges?cursor={bad}", None),
    ("visitor", "get", "/api/v1/solutions?cursor={bad}", None),
    ("visitor", "get", "/api/v1/solutions/{bad}", None),
    ("visitor", "get", "/api/v1/solutions/{solution}/comments?cursor={bad}", None),
    ("visitor", "get", "/api/v1/administrations?limit={bad}", None),
    ("admin", "get", "/moderation/log?page={bad}", None),
    ("admin", "post", "/solutions/{solution}/comments", {"body": "Una risposta", "parent_id": "{bad}"}),
    ("admin", "post", "/challenges/new", {"theme": "{bad}"}),
    ("admin", "post", "/challenges/new", {"sdgs": ["11", "{bad}"]}),
    ("admin", "post", "/challenges/new", {"administration": "{bad}"}),
    ("admin", "post", "/challenges/new", {"lab": "{bad}"}),
    ("admin", "post", "/challenges/{slug}/edit", {"theme": "{bad}"}),
]


@pytest.fixture
def rows(app):
    """One of everything the integer parameters point at, and a signed-in admin's client."""
    with app.app_context():
        challenge = make_challenge()
        solution = make_solution(challenge)
        comment = make_comment(solution)
        lab = Lab(name="Laboratorio Appennino", slug="laboratorio-appennino", territory="Appennino", region_code="08")
        db.session.add(lab)
        db.session.commit()
        admin = app.test_client()
        login(admin, make_user(role="admin"))
        return {
            "slug": challenge.slug,
            "administration": challenge.administration.slug,
            "administration_id": challenge.administration_id,
            "lab": lab.slug,
            "solution": solution.id,
            "comment": comment.id,
            "admin": admin,
        }


def fill(template, rows, bad):
    if isinstance(template, list):
        return [fill(item, rows, bad) for item in template]
    return template.format(bad=bad, **{key: value for key, value in rows.items() if key != "admin"})


def table_counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Challenge, Comment, SolutionVote, CommentVote)
        )


@pytest.mark.parametrize(("who", "method", "url", "data"), INTEGER_PARAMETERS)
def test_a_bad_integer_is_a_400_404_or_form_error_on_every_database(app, client, rows, who, method, url, data):
    target = rows["admin"] if who == "admin" else client
    before = table_counts(app)
    for bad in BAD_INTEGERS:
        if data is None:
            response = target.get(fill(url, rows, quote(bad)))
        else:
            base = form_data(administration=str(rows["administration_id"])) if "challenges" in url else {}
            response = target.post(
                fill(url, rows, ""), data={**base, **{key: fill(value, rows, bad) for key, value in data.items()}}
            )
        assert response.status_code in ((422,) if data else (400, 404)), bad
    assert table_counts(app) == before


@pytest.mark.parametrize("bad", BAD_VOTES)
@pytest.mark.parametrize("url", ["/solutions/{solution}/vote", "/comments/{comment}/vote"])
def test_a_bad_vote_value_is_a_400(app, rows, url, bad):
    response = rows["admin"].post(fill(url, rows, ""), data={"value": bad})
    assert response.status_code == 400
    assert table_counts(app)[2:] == (0, 0)


def test_the_form_says_which_integer_is_wrong(app, rows):
    response = rows["admin"].post(
        "/challenges/new", data=form_data(administration=str(rows["administration_id"]), theme="99999999999999999999")
    )
    assert response.status_code == 422
    assert 'id="theme-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/challenges?theme=", "/challenges?sdg=&page=", "/search?q=orti&theme="])
def test_the_all_option_of_a_filter_is_no_filter(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/challenges?theme=", "/api/v1/solutions?cursor=", "/api/v1/solutions?limit="])
def test_a_blank_integer_is_invalid_in_the_api(client, url):
    assert client.get(url).status_code == 400


def test_the_one_integer_parser():
    assert parse_int("1") == 1 and parse_int(str(MAX_ROW_ID)) == MAX_ROW_ID and parse_int(7) == 7
    assert parse_int("-1", -1, 1) == -1 and parse_int("0", -1, 1) == 0
    for bad in BAD_INTEGERS + ALSO_BAD:
        with pytest.raises(ValueError):
            parse_int(bad)
    with pytest.raises(ValueError):
        parse_int("2", -1, 1)


# ---- redirect targets -------------------------------------------------------------

UNSAFE_NEXT = [
    "/account\r\nSet-Cookie: x=1",
    "/account\nX: y",
    "/account\r",
    "/\t/evil.example",
    "/a\x00b",
    "/a\x0bb",
    "/a\x7fb",
    "/a\x85b",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_unsafe_next_on_the_language_switch_goes_home(client, target):
    response = client.post("/lang", data={"lang": "en", "next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_unsafe_next_on_a_vote_goes_back_to_the_solution(app, rows, target):
    response = rows["admin"].post(f"/solutions/{rows['solution']}/vote", data={"value": "1", "next": target})
    assert response.status_code == 303 and response.headers["Location"] == f"/solutions/{rows['solution']}"


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_unsafe_next_on_sign_in_signs_in_with_its_cookie_or_is_a_400(app, client, target):
    with app.app_context():
        make_user(email="giulia@example.it")
    response = client.post(
        f"/auth/login?next={quote(target)}", data={"email": "giulia@example.it", "password": PASSWORD}
    )
    signed_in = not has_control_characters(target)  # those never get past the query guard
    assert (response.status_code, response.headers.get("Location")) == ((303, "/") if signed_in else (400, None))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuthSession)) == int(signed_in)
    assert (client.get_cookie(app.config["AUTH_COOKIE_NAME"]) is not None) == signed_in


@pytest.mark.parametrize("target", ["/account\r\nX: y", "/\t/evil.example"])
def test_unsafe_next_on_registration_still_registers_and_signs_in(app, client, target):
    data = {
        "email": "anna@example.it",
        "name": "Anna Rossi",
        "password": "orto-urbano-2026",
        "confirm": "orto-urbano-2026",
        "accept_terms": "y",
    }
    response = client.post(f"/auth/register?next={quote(target)}", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get_cookie(app.config["AUTH_COOKIE_NAME"]) is not None


def test_a_safe_next_is_still_followed(client):
    assert (
        client.post("/lang", data={"lang": "en", "next": "/challenges?theme=1"}).headers["Location"]
        == "/challenges?theme=1"
    )


# ---- request size -------------------------------------------------------------------


class UnreadableBody(io.BytesIO):
    """A request body that fails the test if the app reads any of it."""

    def read(self, *args):
        raise AssertionError("the worker read the body of an oversized request")

    readline = readinto = read


def post_200_mb(client, url, **headers):
    environ = {"CONTENT_LENGTH": str(200 * 1024 * 1024), "wsgi.input": UnreadableBody()}
    return client.post(
        url, content_type="application/x-www-form-urlencoded", headers=headers, environ_overrides=environ
    )


def test_forms_accept_up_to_one_megabyte_by_default(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


@pytest.mark.parametrize("url", ["/auth/login", "/lang", "/challenges/new", "/nowhere"])
def test_a_200_mb_post_is_413_without_reading_it(client, url):
    response = post_200_mb(client, url)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Richiesta troppo grande" in page and 'href="#footer"' in page  # the site's own error page


def test_a_200_mb_post_is_413_before_the_csrf_check_reads_it(csrf_app):
    assert post_200_mb(csrf_app.test_client(), "/auth/login").status_code == 413


def test_the_413_page_speaks_english_too(client):
    assert "Request too large" in post_200_mb(client, "/auth/login", **{"Accept-Language": "en"}).get_data(as_text=True)


def test_a_200_mb_post_to_the_api_is_a_json_413(client):
    response = post_200_mb(client, "/api/v1/challenges")
    assert response.status_code == 413
    assert response.get_json()["status"] == 413


def test_a_form_just_under_the_limit_is_read(app, client):
    with app.app_context():
        login(client, make_user())
        slug = make_challenge().slug
    response = client.post(
        f"/challenges/{slug}/solutions/new", data={"title": "Un titolo lungo", "body": "x" * (1024 * 1024 - 1000)}
    )
    assert response.status_code == 422  # read and refused by the form's length rule, not by size


def test_sign_in_never_commits_a_session_whose_redirect_then_fails(app, client, monkeypatch):
    import challenge.account.signin_views

    with app.app_context():
        make_user(email="giulia@example.it")
    monkeypatch.setattr(
        challenge.account.signin_views, "safe_next", lambda target: "/account\r\nX: y"
    )  # a future bug in safe_next
    with pytest.raises(ValueError):
        client.post("/auth/login", data={"email": "giulia@example.it", "password": PASSWORD})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 0


def test_paginate_takes_the_page_argument_and_the_page_size_setting(app):
    with app.app_context():
        for number in range(3):
            make_challenge(title=f"Sfida numero {number} per le pagine")
        query = select(Challenge).order_by(Challenge.id)
        app.config["PAGE_SIZE"] = 2
        with app.test_request_context("/?page=2"):
            second = paginate(query)
        with app.test_request_context("/?page=9"):
            past_the_end = paginate(query, per_page=1)
    assert (second.page, second.per_page, second.total, len(second.items)) == (2, 2, 3, 1)
    assert (past_the_end.items, past_the_end.total) == ([], 3)


def test_a_refused_submit_keeps_nothing_the_service_began(app):
    from wtforms import StringField

    from challenge.core.errors import ServiceError
    from challenge.web.forms import BaseForm
    from challenge.web.helpers import submit

    class NameForm(BaseForm):
        name = StringField()

    def begins_then_refuses():
        db.session.add(Lab(name="Laboratorio a metà", slug="laboratorio-a-meta", territory="Bologna", region_code="08"))
        db.session.flush()
        raise ServiceError("Rifiutato.", field="name")

    with app.test_request_context("/", method="POST", data={}):
        form = NameForm(meta={"csrf": False})
        result = submit(form, begins_then_refuses)
        labs = db.session.scalar(select(func.count()).select_from(Lab).where(Lab.slug == "laboratorio-a-meta"))
    assert (result, labs, form.name.errors) == (None, 0, ["Rifiutato."])
