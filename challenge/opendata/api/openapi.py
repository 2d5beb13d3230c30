"""The OpenAPI 3.1 document of /api/v1, written by hand and checked against real responses by the tests."""

from __future__ import annotations

from typing import Any

from ...core.regions import regions
from ...models import OUTCOMES
from ...text.characters import CONTROL_CHARACTER_RANGES
from ...web.helpers import MAX_ROW_ID
from ..exports import LICENCE_URL

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
# Text a request may carry: the app refuses C0 control characters but tab, CR and LF.
TEXT = {"type": "string", "pattern": f"^[^{CONTROL_CHARACTER_RANGES}]*$"}
ROW_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ROW_ID}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(name: str) -> dict[str, Any]:
    return _object(
        {"items": {"type": "array", "items": _ref(name)}, "next": {"type": ["string", "null"], "format": "uri"}}
    )


SOLUTION_LINK = {"oneOf": [{"type": "null"}, _object({"id": INTEGER, "title": STRING, "url": URL})]}

SCHEMAS: dict[str, Any] = {
    "Error": _object({"status": INTEGER, "error": STRING, "message": STRING}),
    # A file as its address sends it: images at their largest width, in PNG, JPEG or WebP.
    "Attachment": _object(
        {
            "id": INTEGER,
            "title": STRING,
            "alt": STRING,
            "media_type": STRING,
            "bytes": {"type": "integer", "minimum": 1},
            "url": URL,
        }
    ),
    "Administration": _object(
        {
            "slug": STRING,
            "name": STRING,
            "kind": STRING,
            "region_code": STRING,
            "region": STRING,
            "solution_count": INTEGER,
            "url": URL,
        }
    ),
    "Challenge": _object(
        {
            "slug": STRING,
            "title": STRING,
            "summary": STRING,
            "body": STRING,
            "status": {"type": "string", "enum": ["open", "evaluation", "closed"]},
            "theme": {"type": "integer", "minimum": 1, "maximum": 3},
            "sdgs": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}},
            "region_code": STRING,
            "deadline": {"type": "string", "format": "date"},
            "administration": STRING,
            "lab": NULLABLE_STRING,
            "solution_count": INTEGER,
            "comment_count": INTEGER,
            "created_at": DATETIME,
            "attachments": {"type": "array", "items": _ref("Attachment")},
            "url": URL,
        }
    ),
    "Solution": _object(
        {
            "id": INTEGER,
            "challenge": STRING,
            "title": STRING,
            "body": STRING,
            "author": STRING,
            "authors": {
                "type": "array",
                "description": "Every author in order: the proposer first, then the co-authors as they joined.",
                "items": _object({"id": NULLABLE_INTEGER, "name": STRING, "organisation": NULLABLE_STRING}),
            },
            "organisation": {
                **NULLABLE_STRING,
                "description": "The organisation the solution is presented as, chosen by its proposer.",
            },
            "status": {"type": "string", "enum": ["published"]},
            "votes_up": {"type": "integer", "minimum": 0},
            "votes_down": {"type": "integer", "minimum": 0},
            "score": INTEGER,
            "comment_count": INTEGER,
            "created_at": DATETIME,
            "updated_at": DATETIME,
            "official_response": {"oneOf": [{"type": "null"}, _ref("OfficialResponse")]},
            "attachments": {"type": "array", "items": _ref("Attachment")},
            "url": URL,
        }
    ),
    "OfficialResponse": _object(
        {
            "outcome": {"type": "string", "enum": list(OUTCOMES)},
            "body": STRING,
            "created_at": DATETIME,
            "updated_at": DATETIME,
        }
    ),
    "Comment": _object(
        {
            "id": INTEGER,
            "solution_id": INTEGER,
            "parent_id": NULLABLE_INTEGER,
            "author": STRING,
            "body": STRING,
            "votes_up": INTEGER,
            "votes_down": INTEGER,
            "created_at": DATETIME,
        }
    ),
    "Lab": _object(
        {
            "slug": STRING,
            "name": STRING,
            "territory": STRING,
            "region_code": STRING,
            "coordinator": NULLABLE_STRING,
            "description": STRING,
            "themes": {"type": "array", "items": INTEGER},
            "partners": {"type": "array", "items": _object({"name": STRING, "kind": STRING})},
            "url": URL,
        }
    ),
    "Stats": _object(
        {
            "solution_count": INTEGER,
            "latest": SOLUTION_LINK,
            "best_voted": SOLUTION_LINK,
            "most_proactive": {"oneOf": [{"type": "null"}, _object({"slug": STRING, "name": STRING, "url": URL})]},
        }
    ),
    "AdministrationScore": _object(
        {
            "slug": STRING,
            "name": STRING,
            "challenges_opened": INTEGER,
            "responses_published": INTEGER,
            "solutions_received": INTEGER,
            "solutions_answered": INTEGER,
            "points": INTEGER,
            "answer_share": {"type": "number"},
        }
    ),
    "Leaderboards": _object(
        {
            "period": {"type": "string", "enum": ["30d", "12m", "all"]},
            "latest": {"type": "array", "items": _ref("Solution")},
            "best": {"type": "array", "items": _ref("Solution")},
            "hot": {"type": "array", "items": _ref("Solution")},
            "administrations": {"type": "array", "items": _ref("AdministrationScore")},
            "contributors": {"type": "array", "items": _object({"name": STRING, "net_votes": INTEGER})},
        }
    ),
}
# Evaluation (issue 18): a challenge's published results and a solution's award and follow-through.
AWARD = _object(
    {
        "place": {"type": "string", "enum": ["1", "2", "3", "mention"]},
        "motivation": STRING,
        "solution_id": INTEGER,
        "title": STRING,
        "url": URL,
    }
)
SCHEMAS["Award"] = AWARD
SCHEMAS["Results"] = _object(
    {
        "awards": {"type": "array", "items": _ref("Award")},
        "criteria": {
            "type": "array",
            "items": _object({"name": STRING, "description": STRING, "weight": {"type": "integer", "minimum": 1}}),
        },
        "popular_weight": {"type": "integer", "minimum": 0, "maximum": 50},
        "solution_count": INTEGER,
        "evaluator_count": INTEGER,
    }
)
SCHEMAS["Milestone"] = _object(
    {
        "title": STRING,
        "date": {"type": "string", "format": "date"},
        "status": {"type": "string", "enum": ["planned", "in_progress", "done"]},
        "body": STRING,
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
    }
)
SCHEMAS["ChallengeDetail"] = {
    "allOf": [
        _ref("Challenge"),
        _object({"results": {"oneOf": [{"type": "null"}, _ref("Results")], "description": "Once closed."}}),
    ]
}
SCHEMAS["SolutionDetail"] = {
    "allOf": [
        _ref("Solution"),
        _object(
            {
                "award": {"oneOf": [{"type": "null"}, _ref("Award")], "description": "Once its challenge is closed."},
                "milestones": {"type": "array", "items": _ref("Milestone")},
            }
        ),
    ]
}
# Meetings of labs and challenges (issue 30): never the online link nor who registered.
ROME_DATETIME = {**DATETIME, "description": "Italian time (Europe/Rome), with its offset."}
SCHEMAS["Meeting"] = _object(
    {
        "id": INTEGER,
        "title": STRING,
        "starts_at": ROME_DATETIME,
        "ends_at": ROME_DATETIME,
        "place": STRING,
        "address": STRING,
        "online": {
            "type": "boolean",
            "description": "Whether it can be followed online (registered people get the link).",
        },
        "lab": NULLABLE_STRING,
        "challenge": NULLABLE_STRING,
        "body": STRING,
        "registration": {"type": "boolean", "description": "Whether people register on the platform."},
        "seats": {"type": ["integer", "null"], "minimum": 1, "description": "null: no limit."},
        "registered_count": {"type": "integer", "minimum": 0},
        "waiting_count": {"type": "integer", "minimum": 0},
        "minutes_html": {"type": "string", "description": "Sanitised HTML; empty until the minutes are written."},
        "solutions_discussed": {"type": "array", "items": _object({"id": INTEGER, "title": STRING, "url": URL})},
        "url": URL,
        "calendar_url": URL,
    }
)
SCHEMAS["AdministrationScore"]["properties"]["milestones_completed"] = INTEGER
SCHEMAS["AdministrationScore"]["required"].append("milestones_completed")
# A duplicate merged into another solution answers 301 to it (solutions.merging).
SCHEMAS["MergedSolution"] = _object(
    {"id": INTEGER, "status": {"type": "string", "enum": ["merged"]}, "merged_into": INTEGER, "url": URL}
)
for _name in ("Administration", "Challenge", "Solution", "Comment", "Lab", "Meeting"):
    SCHEMAS[f"{_name}Page"] = _page_of(_name)


def _query(name: str, schema: dict, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path_param(name: str, schema: dict) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "Items per page."),
    _query("cursor", ROW_ID, "The cursor from the previous page's `next` link."),
]
# Every operation: the language of error messages, else the Accept-Language header, else Italian.
LANG = _query("lang", TEXT, "Language of error messages: `it` or `en`; otherwise Accept-Language decides.")
ERRORS = {
    "400": {"description": "Invalid parameter", "content": {"application/json": {"schema": _ref("Error")}}},
    "404": {"description": "Not found", "content": {"application/json": {"schema": _ref("Error")}}},
    "429": {"description": "Rate limited", "content": {"application/json": {"schema": _ref("Error")}}},
}


def _get(summary: str, schema: str, parameters: list | None = None, not_found: bool = False) -> dict[str, Any]:
    responses = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
        "304": {"description": "Not modified (ETag matched)"},
    }
    responses["400"] = ERRORS["400"]
    responses["429"] = ERRORS["429"]
    if not_found:
        responses["404"] = ERRORS["404"]
    operation_id = summary.lower().replace(" ", "_").replace(",", "")
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "parameters": [*(parameters or []), LANG],
            "responses": responses,
        }
    }


def _merged_answer(operation: dict[str, Any]) -> dict[str, Any]:
    """The operation, with the 301 a merged duplicate answers (Location: the solution it joined)."""
    operation["get"]["responses"]["301"] = {
        "description": "Merged into another solution: `merged_into`, and Location leads to it",
        "content": {"application/json": {"schema": _ref("MergedSolution")}},
    }
    return operation


def openapi_document(server_url: str) -> dict[str, Any]:
    """The whole document, with the server this app answers on."""
    slug = _path_param("slug", TEXT)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sfide PA open data API",
            "version": "1.0.0",
            "description": "Read-only open data: challenges, solutions, comments, administrations, territorial labs, their meetings, leaderboards. Content is licensed CC BY 4.0. Error messages are in Italian or English, after the `lang` parameter or the Accept-Language header.",
            "license": {"name": "CC BY 4.0", "url": LICENCE_URL},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/challenges": _get(
                "List challenges",
                "ChallengePage",
                [
                    _query("q", TEXT, "Words in the title or summary."),
                    _query("theme", {"type": "integer", "minimum": 1, "maximum": 3}, "Strategy axis 1-3."),
                    _query("sdg", {"type": "integer", "minimum": 1, "maximum": 17}, "SDG number 1-17."),
                    _query("status", {"type": "string", "enum": ["open", "evaluation", "closed"]}, "Lifecycle status."),
                    _query("administration", TEXT, "Administration slug."),
                    _query("lab", TEXT, "Territorial lab slug."),
                    _query("region", {"type": "string", "enum": sorted(regions())}, "ISTAT region code, e.g. 08."),
                    *PAGING,
                ],
            ),
            "/challenges/{slug}": _get("Get a challenge", "ChallengeDetail", [slug], not_found=True),
            "/solutions": _get(
                "List solutions",
                "SolutionPage",
                [
                    _query("challenge", TEXT, "Challenge slug."),
                    _query(
                        "q",
                        TEXT,
                        "Full-text search in Italian: solutions whose title or text hold every word, in any "
                        "inflection (rifiuto finds rifiuti), ignoring case and accents; newest first like the rest.",
                    ),
                    *PAGING,
                ],
            ),
            "/solutions/{id}": _merged_answer(
                _get("Get a solution", "SolutionDetail", [_path_param("id", ROW_ID)], not_found=True)
            ),
            "/solutions/{id}/comments": _get(
                "List comments of a solution", "CommentPage", [_path_param("id", ROW_ID), *PAGING], not_found=True
            ),
            "/administrations": _get("List administrations", "AdministrationPage", PAGING),
            "/administrations/{slug}": _get("Get an administration", "Administration", [slug], not_found=True),
            "/labs": _get("List territorial labs", "LabPage"),
            "/labs/{slug}": _get("Get a territorial lab", "Lab", [slug], not_found=True),
            "/meetings": _get(
                "List meetings",
                "MeetingPage",
                [
                    _query("lab", TEXT, "Territorial lab slug."),
                    _query("challenge", TEXT, "Challenge slug."),
                    _query("when", {"type": "string", "enum": ["upcoming", "past"]}, "Not ended yet, or ended."),
                    *PAGING,
                ],
            ),
            "/meetings/{id}": _get("Get a meeting", "Meeting", [_path_param("id", ROW_ID)], not_found=True),
            "/leaderboards": _get(
                "Leaderboards",
                "Leaderboards",
                [
                    _query("period", {"type": "string", "enum": ["30d", "12m", "all"], "default": "12m"}, "Period."),
                ],
            ),
            "/stats": _get("Statistics box", "Stats"),
        },
        "components": {"schemas": SCHEMAS},
    }
