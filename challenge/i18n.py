"""Language choice: ?lang on the API, the switch remembered in the session, then Accept-Language, then Italian."""

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale

from .extensions import babel


def select_locale() -> str:
    """The language of this response."""
    if not has_request_context():  # commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if request.blueprint == "api" and request.args.get("lang") in languages:
        return request.args["lang"]  # API clients have no session: ?lang=en picks the language of error messages
    chosen = session.get("lang", "")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def localized_name(item) -> str:
    """`name_en` in English, `name_it` otherwise, for reference data stored in both."""
    return item.name_en if str(get_locale()) == "en" else item.name_it


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and translations folder."""
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
