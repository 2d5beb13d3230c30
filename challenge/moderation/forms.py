"""Forms for flags and moderation actions."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.forms import REQUIRED
from ..forms import BaseForm
from ..models import FLAG_REASONS


class FlagForm(BaseForm):
    reason = SelectField(
        _l("Motivo della segnalazione"), choices=list(FLAG_REASONS.items()), validators=[DataRequired(REQUIRED)]
    )
    detail = TextAreaField(_l("Dettagli (facoltativi)"), validators=[Optional(), Length(max=2000)])


class ModerationForm(BaseForm):
    reason = TextAreaField(_l("Motivo"), validators=[Optional(), Length(max=2000)])


class SuspensionForm(BaseForm):
    reason = TextAreaField(_l("Motivo (sarà mostrato alla persona)"), validators=[Optional(), Length(max=500)])
    until = DateField(_l("Fino al (facoltativo)"), validators=[Optional()])
