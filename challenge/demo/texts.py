"""The Italian texts of the demo data, read from `data/*.json` (one file per kind of content).

administrations.json  each body's name, kind, ISTAT region code, and the places of its territory
                      with their preposition ("a Sassuolo"): a solution that repeats an idea of its
                      challenge is about one of them
labs.json             the 11 Emilia-Romagna territorial labs, with their partners by kind (every lab
                      has every kind: the towns, universities and associations of its own territory;
                      the businesses are invented but local in trade and name)
challenges.json       public-service problems, with the administrations whose territory has them
                      (the first launches it, later editions go to the others in order)
solutions.json        each challenge's own ideas (a title, and what to do as an infinitive clause),
                      plus the openings, actions and details solution bodies are built from
comments.json, responses.json, people.json   comments and replies, official responses by outcome, names
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple


class AdministrationText(NamedTuple):
    name: str
    kind: str
    region_code: str


class LabText(NamedTuple):
    name: str
    territory: str
    coordinator: str  # the name of the administration that coordinates it
    theme_ids: tuple[int, ...]


class ChallengeText(NamedTuple):
    title: str
    summary: str
    theme_id: int
    sdgs: tuple[int, ...]


class Idea(NamedTuple):
    title: str
    how: str  # what to do, as an infinitive clause


class Action(NamedTuple):
    thing: str
    purpose: str


@dataclass(frozen=True)
class Corpus:
    """Every demo text, in the order of its file (generators draw from them by position)."""

    administrations: tuple[AdministrationText, ...]
    places: dict[str, tuple[str, ...]]  # by administration name
    labs: tuple[LabText, ...]
    lab_description: str  # with a {focus} field
    lab_focus: tuple[str, ...]
    lab_partners: dict[str, dict[str, tuple[str, ...]]]  # by lab name, then partner kind
    challenges: tuple[ChallengeText, ...]
    challenge_homes: dict[str, tuple[str, ...]]  # administration names, by challenge title
    challenge_bodies: tuple[str, ...]
    solution_ideas: dict[str, tuple[Idea, ...]]  # by challenge title
    solution_openings: tuple[str, ...]
    solution_actions: tuple[Action, ...]
    solution_details: tuple[str, ...]
    comments: tuple[str, ...]
    replies: tuple[str, ...]
    responses: dict[str, str]  # body by outcome
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    organisations: tuple[str, ...]


def _read(name: str) -> Any:
    return json.loads((files(__package__) / "data" / name).read_text(encoding="utf-8"))


@cache
def load_corpus() -> Corpus:
    """Read the data files once per process."""
    administrations = _read("administrations.json")
    labs = _read("labs.json")
    challenges = _read("challenges.json")
    solutions = _read("solutions.json")
    comments = _read("comments.json")
    people = _read("people.json")
    return Corpus(
        administrations=tuple(AdministrationText(a["name"], a["kind"], a["region_code"]) for a in administrations),
        places={a["name"]: tuple(a["places"]) for a in administrations},
        labs=tuple(
            LabText(lab["name"], lab["territory"], lab["coordinator"], tuple(lab["theme_ids"])) for lab in labs["labs"]
        ),
        lab_description=labs["description"],
        lab_focus=tuple(labs["focus"]),
        lab_partners={
            lab["name"]: {kind: tuple(names) for kind, names in lab["partners"].items()} for lab in labs["labs"]
        },
        challenges=tuple(
            ChallengeText(c["title"], c["summary"], c["theme_id"], tuple(c["sdgs"])) for c in challenges["challenges"]
        ),
        challenge_homes={c["title"]: tuple(c["homes"]) for c in challenges["challenges"]},
        challenge_bodies=tuple(challenges["bodies"]),
        solution_ideas={
            title: tuple(Idea(idea["title"], idea["how"]) for idea in ideas)
            for title, ideas in solutions["ideas"].items()
        },
        solution_openings=tuple(solutions["openings"]),
        solution_actions=tuple(Action(a["thing"], a["purpose"]) for a in solutions["actions"]),
        solution_details=tuple(solutions["details"]),
        comments=tuple(comments["comments"]),
        replies=tuple(comments["replies"]),
        responses=_read("responses.json"),
        first_names=tuple(people["first_names"]),
        last_names=tuple(people["last_names"]),
        organisations=tuple(people["organisations"]),
    )
