"""The upload form and a moderator's removal form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..models import ATTACHMENT_ROLES, FLAG_REASONS
from ..web.forms import REQUIRED, BaseForm


class AttachmentForm(BaseForm):
    """A challenge's staff choose the role; on a solution the file's content decides it (`role` is removed)."""

    file = FileField(_l("File"), validators=[FileRequired(REQUIRED)])
    role = SelectField(_l("Tipo"), choices=list(ATTACHMENT_ROLES.items()), default="document")
    title = StringField(
        _l("Titolo (facoltativo)"),
        description=_l("Senza titolo si usa il nome del file."),
        validators=[Optional(), Length(max=200)],
    )
    alt = TextAreaField(
        _l("Testo alternativo"),
        description=_l("Per le immagini: che cosa mostra, per chi non la vede. Non serve per i documenti."),
        validators=[Optional(), Length(max=500)],
    )
    decorative = BooleanField(_l("L'immagine è solo decorativa e non ha bisogno di descrizione"))


class RemovalForm(BaseForm):
    """A moderator removing someone's file states the reasons, as for hiding."""

    reason_code = SelectField(
        _l("Categoria del motivo"),
        choices=[("", _l("Scegli una categoria")), *FLAG_REASONS.items()],
        validators=[Optional()],
    )
    reason = TextAreaField(_l("Motivo"), validators=[Optional(), Length(max=2000)])
