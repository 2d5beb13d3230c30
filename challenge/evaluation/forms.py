"""Forms of the evaluation: set-up, scoring, awards, milestones."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..models import AWARD_PLACES, MILESTONE_STATUSES, EvaluationCriterion
from ..web.forms import REQUIRED, BaseForm


class PopularWeightForm(BaseForm):
    popular_weight = IntegerField(
        _l("Peso del voto popolare (%)"),
        description=_l("Da 0 a 50: la parte del punteggio finale data dai voti dei cittadini."),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(0, 50, message=_l("Il peso del voto popolare è un numero da 0 a 50.")),
        ],
    )


class CriterionForm(BaseForm):
    name = StringField(
        _l("Nome del criterio"),
        validators=[DataRequired(REQUIRED), Length(max=80, message=_l("Al massimo 80 caratteri."))],
    )
    description = TextAreaField(
        _l("Descrizione"), validators=[Length(max=500, message=_l("Al massimo 500 caratteri."))]
    )
    weight = IntegerField(
        _l("Peso"),
        default=1,
        validators=[InputRequired(REQUIRED), NumberRange(1, 100, message=_l("Il peso va da 1 a 100."))],
    )


class EvaluatorForm(BaseForm):
    email = StringField(
        _l("Email di chi valuta"),
        description=_l(
            "Personale dell'amministrazione o giurati esterni: chi non ha un account riceve un invito per email."
        ),
        validators=[DataRequired(REQUIRED), Length(max=254)],
    )


SCORE_CHOICES = [("", _l("Scegli")), *[(str(value), str(value)) for value in range(1, 6)]]


class ScoringForm(BaseForm):
    """A score from 1 to 5 for each criterion (fields `score_<criterion id>`, added per challenge) and a note."""

    note = TextAreaField(
        _l("Nota privata"),
        description=_l("La leggono solo il personale della sfida e chi valuta."),
        validators=[Length(max=5000, message=_l("Al massimo 5.000 caratteri."))],
    )

    def score_fields(self) -> list:
        """The score fields, in the criteria's order."""
        return [field for field in self if field.name.startswith("score_")]


def scoring_form(criteria: list[EvaluationCriterion], **kwargs) -> ScoringForm:
    """The scoring form for these criteria."""

    class Form(ScoringForm):
        pass

    for criterion in criteria:
        setattr(
            Form,
            f"score_{criterion.id}",
            SelectField(
                criterion.name,
                description=criterion.description,
                choices=SCORE_CHOICES,
                validators=[DataRequired(_l("Assegna un punteggio da 1 a 5."))],
            ),
        )
    return Form(**kwargs)


class AwardForm(BaseForm):
    solution_id = SelectField(_l("Soluzione"), validators=[DataRequired(REQUIRED)])
    place = SelectField(_l("Premio"), choices=list(AWARD_PLACES.items()), validators=[DataRequired(REQUIRED)])
    motivation = TextAreaField(
        _l("Motivazione pubblica"),
        validators=[DataRequired(REQUIRED), Length(max=2000, message=_l("Al massimo 2.000 caratteri."))],
    )


class MilestoneForm(BaseForm):
    # Ids of their own: the comment and response forms on the solution page have a `body` and a `title` too.
    title = StringField(
        _l("Titolo della tappa"),
        id="milestone-title",
        validators=[DataRequired(REQUIRED), Length(max=200, message=_l("Al massimo 200 caratteri."))],
    )
    date = DateField(_l("Data"), id="milestone-date", validators=[DataRequired(_l("Inserisci una data valida."))])
    status = SelectField(
        _l("Stato"),
        id="milestone-status",
        choices=list(MILESTONE_STATUSES.items()),
        validators=[DataRequired(REQUIRED)],
    )
    progress = IntegerField(
        _l("Avanzamento (%)"),
        id="milestone-progress",
        default=0,
        validators=[InputRequired(REQUIRED), NumberRange(0, 100, message=_l("L'avanzamento è un numero da 0 a 100."))],
    )
    body = TextAreaField(
        _l("Descrizione"), id="milestone-body", validators=[Length(max=5000, message=_l("Al massimo 5.000 caratteri."))]
    )
