"""Document properties and the package's bytes: the same report and `created` give the same
file (python-docx stamps each zip entry with the clock; we re-pack with one fixed time)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>年报助手</Application></Properties>')


def set_properties(doc: Document, *, title: str, author: str, subject: str,
                   created: dt.datetime) -> None:
    props = doc.core_properties
    props.title = title
    props.author = author
    props.subject = subject
    props.last_modified_by = "年报助手"
    props.created = props.modified = created
    props.revision = 1
    props.comments = props.keywords = props.category = ""
    package = doc.part.package
    # python-docx's template ships a preview picture of its own sample page, and an app.xml
    # naming Microsoft Word: a thumbnail of someone else's text would mislead in a file list
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.encode("utf-8")


def fixed_bytes(doc: Document, created: dt.datetime) -> bytes:
    """The saved document, every zip entry stamped with `created` (clamped to what a zip time
    stamp can hold)."""
    raw = io.BytesIO()
    doc.save(raw)
    year = min(max(created.year, 1980), 2107)
    stamp = (year, created.month, created.day, created.hour, created.minute, created.second)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dest.writestr(entry, source.read(info.filename))
    return out.getvalue()
