"""The form organisers describe a meeting with."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..web.forms import REQUIRED, BaseForm
from ..web.helpers import parse_int

WHEN = _l("Data e ora in Italia.")
NOT_A_TIME = _l("Inserisci data e ora, per esempio 15/03/2027 17:30.")


class MeetingForm(BaseForm):
    title = StringField(_l("Titolo"), validators=[DataRequired(REQUIRED), Length(max=200)])
    starts_at = DateTimeLocalField(
        _l("Inizio"), description=WHEN, format="%Y-%m-%dT%H:%M", validators=[DataRequired(NOT_A_TIME)]
    )
    ends_at = DateTimeLocalField(
        _l("Fine"), description=WHEN, format="%Y-%m-%dT%H:%M", validators=[DataRequired(NOT_A_TIME)]
    )
    place = StringField(_l("Luogo"), description=_l("Per esempio: Sala consiliare."), validators=[Length(max=200)])
    address = StringField(_l("Indirizzo"), validators=[Length(max=300)])
    online_url = StringField(
        _l("Link per partecipare online"),
        description=_l("Lo vedono solo le persone iscritte."),
        validators=[Length(max=500)],
    )
    seats = IntegerField(
        _l("Posti"),
        description=_l("Lascia vuoto per non porre un limite: oltre i posti si entra in lista d'attesa."),
        validators=[Optional(), NumberRange(min=1, max=100000, message=_l("Indica un numero da 1 a 100.000."))],
    )
    body = TextAreaField(_l("Descrizione e programma"), validators=[Length(max=10000)])
    registration = BooleanField(_l("Le persone si iscrivono sulla piattaforma"), default=True)


class MinutesForm(BaseForm):
    body = TextAreaField(
        _l("Verbale"),
        description=_l("Cosa si è detto e deciso. Puoi usare Markdown: **grassetto**, elenchi, link."),
        validators=[DataRequired(REQUIRED), Length(max=20000)],
    )
    # Offered as checkboxes on the meeting page; the service checks each id against what may be chosen.
    solutions = SelectMultipleField(_l("Soluzioni discusse"), coerce=parse_int, validate_choice=False)
