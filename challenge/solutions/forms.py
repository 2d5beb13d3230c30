"""Forms on and around the solution page: the solution, comments, the official response."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..models import OUTCOMES
from ..web.forms import REQUIRED, BaseForm


class SolutionForm(BaseForm):
    title = StringField(
        _l("Titolo"),
        description=_l("Una frase che riassume la tua proposta."),
        validators=[
            DataRequired(REQUIRED),
            Length(min=8, max=200, message=_l("Il titolo deve avere tra 8 e 200 caratteri.")),
        ],
    )
    body = TextAreaField(
        _l("La tua soluzione"),
        description=_l(
            "Descrivi l'idea, chi ne beneficia e come si potrebbe realizzare. Puoi usare Markdown: **grassetto**, *corsivo*, elenchi e link."
        ),
        validators=[
            DataRequired(REQUIRED),
            Length(min=30, max=20000, message=_l("Il testo deve avere tra 30 e 20.000 caratteri.")),
        ],
    )
    # Offered to an account that acts for an organisation (User.organisation), on the form of its proposer.
    organisation = BooleanField(_l("Presenta la soluzione come proposta della tua organizzazione"))


class ResponseForm(BaseForm):
    outcome = SelectField(_l("Esito"), choices=list(OUTCOMES.items()), validators=[DataRequired(REQUIRED)])
    body = TextAreaField(
        _l("Risposta ufficiale"),
        id="response-body",  # the comment form on the same page has a `body` field too
        description=_l("Spiega la decisione e i prossimi passi. Puoi usare Markdown."),
        validators=[
            DataRequired(REQUIRED),
            Length(max=10000, message=_l("La risposta può avere al massimo 10.000 caratteri.")),
        ],
    )


class MergeForm(BaseForm):
    """Staff and moderators merge a duplicate into another solution of its challenge (choices set by the view)."""

    into = SelectField(
        _l("Soluzione in cui unirla"),
        coerce=int,
        description=_l("Voti, commenti, follower e autori di questa soluzione passeranno a quella scelta."),
        validators=[DataRequired(_l("Scegli la soluzione in cui unirla."))],
    )
    reason = TextAreaField(
        _l("Motivo"),
        description=_l("Spiega perché le due soluzioni sono duplicate: lo leggeranno gli autori."),
        validators=[
            DataRequired(REQUIRED),
            Length(max=2000, message=_l("Il motivo può avere al massimo 2.000 caratteri.")),
        ],
    )
