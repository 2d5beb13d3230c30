"""Language choice: ?lang on the API, the switch remembered in the session, then Accept-Language, then Italian."""

from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations

from ..core.extensions import babel


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


_catalogues: dict[str, NullTranslations] = {}


def translations() -> NullTranslations:
    """The catalogue of this response's language (forced ones included), as Flask-Babel picks it.

    A page calls gettext hundreds of times; the catalogue depends on the language alone, so it is
    looked up once per language instead of through Flask-Babel's per-call context lookups."""
    locale = get_locale()
    if locale is None:  # outside a request: Flask-Babel's own answer
        return get_translations()
    catalogue = _catalogues.get(str(locale))
    if catalogue is None:
        catalogue = _catalogues[str(locale)] = get_translations()
    return catalogue


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and translations folder; templates translate through
    `translations`."""
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by Jinja's i18n extension
        gettext=lambda text: translations().ugettext(text),
        ngettext=lambda singular, plural, number: translations().ungettext(singular, plural, number),
        pgettext=lambda context, text: translations().upgettext(context, text),
        npgettext=lambda context, singular, plural, number: translations().unpgettext(
            context, singular, plural, number
        ),
        newstyle=True,
    )
