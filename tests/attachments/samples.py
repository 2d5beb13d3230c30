"""Files made in the test, never downloaded: documents, photos with GPS, and impostors."""

from __future__ import annotations

import io
import zipfile

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
CSV = b"comune;abitanti\nFerrara;129000\nBologna;390000\n"
TEXT = "Verbale dell'incontro con i cittadini.\nSi è parlato di piste ciclabili.\n".encode()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx() -> bytes:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>'
    )
    return zip_of({"[Content_Types].xml": types.encode(), "word/document.xml": b"<w:document/>"})


def odt() -> bytes:
    return zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})


def plain_zip() -> bytes:
    return zip_of({"relazione.pdf": PDF, "foto.txt": TEXT})


def image(fmt: str = "PNG", size: tuple[int, int] = (640, 480), mode: str = "RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (30, 120, 200) if mode == "RGB" else (30, 120, 200, 128)).save(out, fmt, **save)
    return out.getvalue()


# A position in Ferrara, as a phone records it (degrees, minutes, seconds as rationals).
GPS = {1: "N", 2: (44.0, 50.0, 7.2), 3: "E", 4: (11.0, 37.0, 12.5)}


def phone_photo(size: tuple[int, int] = (2000, 1500)) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera, a comment and orientation 6 (turn it 90°)."""
    photo = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was held on its side
    exif[0x010F] = "Fotocamera di prova"  # Make
    exif[0x010E] = "Scattata in via Garibaldi"  # ImageDescription
    exif[0x8825] = GPS  # GPSInfo
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif, comment=b"posizione segreta")
    return out.getvalue()
