"""Forms for flags and moderation actions."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..models import FLAG_REASONS
from ..web.forms import REQUIRED, BaseForm


class FlagForm(BaseForm):
    reason = SelectField(
        _l("Motivo della segnalazione"), choices=list(FLAG_REASONS.items()), validators=[DataRequired(REQUIRED)]
    )
    detail = TextAreaField(_l("Dettagli (facoltativi)"), validators=[Optional(), Length(max=2000)])


REASON_CODES = [("", _l("Scegli una categoria")), *FLAG_REASONS.items()]


class ModerationForm(BaseForm):
    """Hide, reject and suspend need both (the statement of reasons); the services say so next to the field."""

    reason_code = SelectField(_l("Categoria del motivo"), choices=REASON_CODES, validators=[Optional()])
    reason = TextAreaField(_l("Motivo"), validators=[Optional(), Length(max=2000)])


class SuspensionForm(ModerationForm):
    reason = TextAreaField(_l("Motivo (sarà mostrato alla persona)"), validators=[Optional(), Length(max=500)])
    until = DateField(_l("Fino al (facoltativo)"), validators=[Optional()])


class AppealForm(BaseForm):
    body = TextAreaField(
        _l("Perché la decisione andrebbe rivista"),
        validators=[DataRequired(REQUIRED), Length(max=5000)],
    )


class AppealDecisionForm(BaseForm):
    reply = TextAreaField(_l("Risposta motivata"), validators=[DataRequired(REQUIRED), Length(max=5000)])
