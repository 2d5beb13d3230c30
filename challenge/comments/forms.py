"""The comment form, shown on the solution page and posted to the comments blueprint."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..web.forms import REQUIRED, BaseForm, optional_int


class CommentEditForm(BaseForm):
    """The new text of one's own comment."""

    body = TextAreaField(
        _l("Commento"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=5000, message=_l("Il commento può avere al massimo 5.000 caratteri.")),
        ],
    )


class CommentForm(CommentEditForm):
    """A comment, or a reply when parent_id is given."""

    parent_id = HiddenField(filters=[optional_int], validators=[Optional()])
