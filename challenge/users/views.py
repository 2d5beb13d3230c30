"""`/users/<id>`: a person's or an organisation's public page."""

from flask import Blueprint, abort, render_template

from .service import public_profile

bp = Blueprint("users", __name__)


@bp.get("/<int:user_id>")
def detail(user_id: int):
    """Name, kind, since when, votes received and visible contributions; 404 if deleted or hidden."""
    profile = public_profile(user_id)
    if profile is None:
        abort(404)
    return render_template("users/detail.html", profile=profile)
