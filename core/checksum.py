"""A short 校验码 of a report's content, printed on the 审签单 so the signed paper can be matched
to the stored version: the same figures, texts and details give the same code."""

from __future__ import annotations

import hashlib
import json

from core.model import Report


def report_checksum(report: Report) -> str:
    doc = report.to_document(include_derived=False)
    canonical = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                           default=str)
    # surrogatepass: a lone surrogate (a broken pasted character) must not crash the export
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest().upper()
    return f"{digest[:4]}-{digest[4:8]}"
