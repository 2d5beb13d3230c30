"""The solution form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..auth.forms import REQUIRED


class SolutionForm(FlaskForm):
    title = StringField(
        _l("Titolo"),
        description=_l("Una frase che riassume la tua proposta."),
        validators=[DataRequired(REQUIRED), Length(min=8, max=200, message=_l("Il titolo deve avere tra 8 e 200 caratteri."))],
    )
    body = TextAreaField(
        _l("La tua soluzione"),
        description=_l("Descrivi l'idea, chi ne beneficia e come si potrebbe realizzare. Puoi usare Markdown: **grassetto**, *corsivo*, elenchi e link."),
        validators=[DataRequired(REQUIRED), Length(min=30, max=20000, message=_l("Il testo deve avere tra 30 e 20.000 caratteri."))],
    )
