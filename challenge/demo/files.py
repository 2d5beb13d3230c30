"""The demo's files: a cover and the call (a PDF) on the busiest challenges, and a sketch on some proposals,
drawn here, never downloaded."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from sqlalchemy import select

from ..attachments.service import Upload, add_attachment
from ..core.extensions import db
from ..core.permissions import can_change_attachments
from ..models import Challenge, Solution, User

COVERED = 3  # challenges that get a cover and a call
PICTURED = 4  # proposals that get a sketch
# Sky, field and sun of each cover, so that the pages look different.
PALETTES = [((0, 102, 204), (0, 140, 90), (255, 204, 0)), ((90, 40, 140), (200, 90, 40), (255, 230, 160))]


def cover(number: int) -> bytes:
    """A landscape of flat colours, 1600 × 800: small once written as WebP."""
    sky, field, sun = PALETTES[number % len(PALETTES)]
    picture = Image.new("RGB", (1600, 800), sky)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((1150 - 90 * number, 120, 1350 - 90 * number, 320), fill=sun)
    draw.polygon([(0, 560), (500, 420), (1000, 540), (1600, 430), (1600, 800), (0, 800)], fill=field)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def sketch(number: int) -> bytes:
    """A plan of a square seen from above, 1200 × 900: paths, a few trees and benches, as a PNG."""
    picture = Image.new("RGB", (1200, 900), (236, 232, 220))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 400, 1200, 500), fill=(180, 180, 180))  # the road
    draw.rectangle((550 + 40 * number, 0, 650 + 40 * number, 900), fill=(200, 190, 170))  # the path
    for tree in range(6):
        x, y = 120 + 170 * tree, 200 if tree % 2 else 700
        draw.ellipse((x - 60, y - 60, x + 60, y + 60), fill=(40, 130 - 10 * number, 60))
    for bench in range(3):
        draw.rectangle((200 + 350 * bench, 560, 300 + 350 * bench, 590), fill=(120, 70, 30))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def call_pdf(title: str) -> bytes:
    """A one-page PDF whose text is the challenge's title (Latin-1 only: the demo's titles are)."""
    text = title.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 760 Td (Bando: " + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()
    return bytes(out)


def attach_demo_files() -> int:
    """A cover and a call on the challenges with the most solutions, added by the demo's admin; how many got them."""
    admin = db.session.scalars(select(User).where(User.role == "admin").order_by(User.id)).first()
    busiest = db.session.scalars(
        select(Challenge)
        .where(Challenge.status != "draft")
        .order_by(Challenge.solution_count.desc(), Challenge.id)
        .limit(COVERED)
    ).all()
    if admin is None:
        return 0
    for number, challenge in enumerate(busiest):
        # A landscape that says nothing of the challenge: decorative, so screen readers skip it.
        picture = Upload(io.BytesIO(cover(number)), "copertina.jpg", is_decorative=True, role="cover")
        add_attachment(admin, challenge, picture)
        add_attachment(admin, challenge, Upload(io.BytesIO(call_pdf(challenge.title)), "bando.pdf", title="Bando"))
    return len(busiest)


def attach_demo_sketches() -> int:
    """A sketch on the most voted proposals whose authors may still change their files; how many got one."""
    candidates = db.session.scalars(
        select(Solution).where(Solution.status == "published").order_by(Solution.votes_up.desc(), Solution.id)
    )
    chosen = [solution for solution in candidates if can_change_attachments(solution.author, solution)][:PICTURED]
    for number, solution in enumerate(chosen):
        alt = "Pianta della piazza con i percorsi pedonali, gli alberi e le panchine proposti"
        add_attachment(solution.author, solution, Upload(io.BytesIO(sketch(number)), "schizzo.png", alt=alt))
    return len(chosen)
