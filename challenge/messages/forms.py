"""The form the staff of a challenge write to its participants with."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..web.forms import REQUIRED, BaseForm


class ChallengeMessageForm(BaseForm):
    subject = StringField(_l("Oggetto"), validators=[DataRequired(REQUIRED), Length(max=200)])
    body = TextAreaField(
        _l("Messaggio"),
        description=_l("Testo semplice: arriva nella campanella e per email a chi non l'ha disattivato."),
        validators=[DataRequired(REQUIRED), Length(max=5000)],
    )
