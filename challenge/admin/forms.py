"""Forms of the admin console. Shapes only: the services check content (URLs, IPA codes, slugs)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..models import ADMINISTRATION_KINDS, INVITATION_ROLES, LEGAL_DOCUMENTS, PARTNER_KINDS, ROLES
from ..web.forms import REQUIRED, BaseForm
from ..web.templating import ROLE_LABELS


class AdministrationForm(BaseForm):
    name = StringField(_l("Nome"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(
        _l("Tipo di ente"), choices=list(ADMINISTRATION_KINDS.items()), validators=[InputRequired(REQUIRED)]
    )
    region = SelectField(_l("Regione"), validators=[InputRequired(REQUIRED)])
    ipa_code = StringField(
        _l("Codice IPA (facoltativo)"),
        description=_l("Il codice dell'ente nell'Indice dei domicili digitali della PA, per esempio c_a944."),
        validators=[Optional(), Length(max=20)],
    )
    website = StringField(_l("Sito web (facoltativo)"), validators=[Optional(), Length(max=300)])
    email = EmailField(_l("Email di contatto (facoltativa)"), validators=[Optional(), Length(max=254)])
    description = TextAreaField(
        _l("Descrizione (facoltativa)"),
        description=_l("Puoi usare Markdown."),
        validators=[Optional(), Length(max=10000)],
    )
    embed_origins = TextAreaField(
        _l("Siti che possono incorporare le sfide (facoltativo)"),
        description=_l(
            "Un indirizzo per riga, solo https e senza percorso, per esempio https://www.comune.esempio.it. "
            "Solo questi siti possono mostrare le sfide dell'amministrazione in un riquadro."
        ),
        validators=[Optional(), Length(max=2000)],
    )


class LabForm(BaseForm):
    name = StringField(_l("Nome"), validators=[DataRequired(REQUIRED), Length(max=200)])
    territory = StringField(_l("Territorio"), validators=[DataRequired(REQUIRED), Length(max=200)])
    coordinator = SelectField(_l("Amministrazione coordinatrice"), validators=[InputRequired(REQUIRED)])
    themes = SelectMultipleField(
        _l("Assi tematici"), coerce=int, validators=[InputRequired(_l("Scegli almeno un asse tematico."))]
    )
    description = TextAreaField(_l("Descrizione (facoltativa)"), validators=[Optional(), Length(max=5000)])


class PartnerForm(BaseForm):
    """Shown on the lab's page below the lab's own form: its own ids keep the page's ids unique."""

    name = StringField(_l("Nome del partner"), id="partner-name", validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(
        _l("Tipo di partner"),
        id="partner-kind",
        choices=list(PARTNER_KINDS.items()),
        validators=[InputRequired(REQUIRED)],
    )
    website = StringField(
        _l("Sito web del partner (facoltativo)"), id="partner-website", validators=[Optional(), Length(max=300)]
    )


class RoleForm(BaseForm):
    role = SelectField(
        _l("Ruolo"), choices=[(role, ROLE_LABELS[role]) for role in ROLES], validators=[InputRequired(REQUIRED)]
    )
    administration = SelectField(_l("Amministrazione (solo per il personale)"), validators=[Optional()])
    reason = TextAreaField(
        _l("Motivo"),
        description=_l("Resta nel registro delle attività."),
        validators=[DataRequired(REQUIRED), Length(max=1000)],
    )


class InvitationForm(BaseForm):
    email = EmailField(_l("Email della persona da invitare"), validators=[DataRequired(REQUIRED), Length(max=254)])
    role = SelectField(
        _l("Ruolo"),
        choices=[(role, ROLE_LABELS[role]) for role in INVITATION_ROLES],
        validators=[InputRequired(REQUIRED)],
    )
    administration = SelectField(_l("Amministrazione (solo per il personale)"), validators=[Optional()])


class LegalVersionForm(BaseForm):
    document = SelectField(_l("Documento"), choices=list(LEGAL_DOCUMENTS.items()), validators=[InputRequired(REQUIRED)])
    version = StringField(
        _l("Nuova versione"),
        description=_l("Un'etichetta breve, su una riga, per esempio la data: 2027-01-15."),
        validators=[DataRequired(REQUIRED), Length(max=32)],
    )
    summary = TextAreaField(
        _l("Che cosa cambia"),
        description=_l(
            "Lo leggono le persone quando accettano la nuova versione, e resta nel registro delle attività."
        ),
        validators=[DataRequired(REQUIRED), Length(max=5000)],
    )
    body = TextAreaField(
        _l("Testo completo"),
        description=_l(
            "Il testo che la pagina pubblica mostrerà, in Markdown: ## per i titoli dei paragrafi, - per gli elenchi."
        ),
        validators=[DataRequired(REQUIRED), Length(max=100000)],
    )


class ContentPageForm(BaseForm):
    title = StringField(_l("Titolo"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(
        _l("Indirizzo"),
        description=_l(
            "La parte finale dell'indirizzo /pages/…: lettere minuscole, cifre e trattini, per esempio come-funziona."
        ),
        validators=[DataRequired(REQUIRED), Length(max=80)],
    )
    body = TextAreaField(
        _l("Testo"),
        description=_l("In Markdown: ## per i titoli dei paragrafi, - per gli elenchi, [testo](indirizzo) per i link."),
        validators=[DataRequired(REQUIRED), Length(max=100000)],
    )
    in_footer = BooleanField(_l("Mostra il link nel piè di pagina"))
