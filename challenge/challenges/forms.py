"""The challenge form and the lifecycle button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..models import CHALLENGE_STATUSES
from ..text.clock import today
from ..web.forms import REQUIRED, BaseForm, optional_int
from ..web.helpers import parse_int
from .service import ChallengeInput


class ChallengeForm(BaseForm):
    title = StringField(
        _l("Titolo"),
        validators=[
            DataRequired(REQUIRED),
            Length(min=8, max=200, message=_l("Il titolo deve avere tra 8 e 200 caratteri.")),
        ],
    )
    summary = TextAreaField(
        _l("Sintesi"),
        description=_l("Una o due frasi che compaiono negli elenchi (al massimo 500 caratteri)."),
        validators=[
            DataRequired(REQUIRED),
            Length(min=20, max=500, message=_l("La sintesi deve avere tra 20 e 500 caratteri.")),
        ],
    )
    body = TextAreaField(
        _l("Descrizione"),
        description=_l("Il problema, il contesto e che cosa vi aspettate dalle soluzioni. Puoi usare Markdown."),
        validators=[
            DataRequired(REQUIRED),
            Length(min=50, max=20000, message=_l("La descrizione deve avere tra 50 e 20.000 caratteri.")),
        ],
    )
    administration = SelectField(_l("Amministrazione"), coerce=optional_int, validators=[Optional()])
    theme = SelectField(_l("Asse tematico"), coerce=parse_int, validators=[InputRequired(REQUIRED)])
    sdgs = SelectMultipleField(
        _l("Obiettivi di sviluppo sostenibile (SDG)"),
        description=_l("Scegline da uno a cinque."),
        coerce=parse_int,
        validators=[InputRequired(REQUIRED)],
    )
    region = SelectField(_l("Regione"), validators=[InputRequired(REQUIRED)])
    deadline = DateField(
        _l("Scadenza per le soluzioni"),
        description=_l("Le soluzioni si accettano fino a questo giorno compreso."),
        validators=[InputRequired(_l("Inserisci una data valida."))],
    )
    lab = SelectField(_l("Laboratorio territoriale (facoltativo)"), coerce=optional_int, validators=[Optional()])
    premoderation = SelectField(
        _l("Pre-moderazione"),
        description=_l("I contenuti scelti compaiono solo dopo l'approvazione di un moderatore."),
        choices=[
            ("none", _l("Nessuna: soluzioni e commenti compaiono subito")),
            ("solutions", _l("Le nuove soluzioni attendono un moderatore")),
            ("all", _l("Le nuove soluzioni e i nuovi commenti attendono un moderatore")),
        ],
        default="none",
        validators=[Optional()],
    )

    visibility = RadioField(
        _l("Chi può vedere la sfida e partecipare"),
        description=_l(
            "Finché la sfida è in bozza puoi cambiare liberamente. Dopo l'apertura puoi sempre allargare il pubblico;"
            " restringerlo chiede una conferma e avvisa chi non potrà più vederla."
        ),
        choices=[
            ("public", _l("Pubblica: la vedono tutti, e chiunque sia registrato può partecipare")),
            (
                "invited",
                _l(
                    "Riservata ai partecipanti invitati: la vedono solo le persone invitate che hanno accettato,"
                    " il personale della tua amministrazione, i moderatori e gli amministratori"
                ),
            ),
            ("internal", _l("Interna: la vede solo il personale della tua amministrazione (e gli amministratori)")),
        ],
        default="public",
        validators=[Optional()],  # absent from a post: unchanged (public for a new challenge)
    )

    def challenge_input(self) -> ChallengeInput:
        """What the service needs from the posted form."""
        return ChallengeInput(
            title=self.title.data,
            summary=self.summary.data,
            body=self.body.data,
            theme_id=self.theme.data,
            sdg_numbers=self.sdgs.data,
            region_code=self.region.data,
            deadline=self.deadline.data,
            lab_id=self.lab.data,
            premoderation=self.premoderation.data or "none",
            visibility=self.visibility.data or "public",
            administration_id=self.administration.data if "administration" in self else None,
        )

    def validate_sdgs(self, field) -> None:
        if not 1 <= len(field.data or []) <= 5:
            raise ValidationError(_l("Scegli da uno a cinque obiettivi."))

    def validate_deadline(self, field) -> None:
        if field.data and field.data < today() and field.data != field.object_data:
            raise ValidationError(_l("La scadenza non può essere nel passato."))


class StatusForm(BaseForm):
    status = SelectField(choices=[(status, status) for status in CHALLENGE_STATUSES], validators=[InputRequired()])
