"""The form a challenge's staff invite participants with: a list of addresses, a CSV file, or both."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from ..core.email_addresses import valid_email
from ..web.forms import BaseForm
from .addresses import AddressFileError, Entry, describe_invalid, from_csv, invalid, pasted


class InviteParticipantsForm(BaseForm):
    emails = TextAreaField(
        _l("Indirizzi email"),
        description=_l("Uno per riga. Chi ha già un account lo ritrova collegato quando accetta."),
        validators=[Optional(), Length(max=200_000)],
    )
    file = FileField(
        _l("Oppure un file CSV di indirizzi"),
        description=_l("Gli indirizzi nella prima colonna, o nella colonna intitolata «email»."),
    )

    addresses: list[str]  # set by validate(): every address, normalised, in the order given

    def validate(self, extra_validators=None) -> bool:
        """Every line of the list and of the file must be an address; nothing is invited otherwise."""
        if not super().validate(extra_validators):
            return False
        typed = pasted(self.emails.data)
        uploaded = self._uploaded()
        if uploaded is None:
            return False
        if not typed and not uploaded:
            self.emails.errors = [_("Scrivi almeno un indirizzo email o scegli un file CSV.")]
            return False
        for field, entries in ((self.emails, typed), (self.file, uploaded)):
            if wrong := invalid(entries):
                field.errors = [describe_invalid(wrong)]
        if self.emails.errors or self.file.errors:
            return False
        self.addresses = [address for entry in typed + uploaded if (address := valid_email(entry.text))]
        return True

    def _uploaded(self) -> list[Entry] | None:
        """The file's entries ([] without a file); None, with the reason on the field, when it cannot be read."""
        upload = self.file.data
        if not upload or not getattr(upload, "filename", ""):
            return []
        try:
            return from_csv(upload.read())
        except AddressFileError as error:
            self.file.errors = [str(error)]
            return None
