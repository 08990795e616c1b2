"""Documents as stored: the report file form of interfaces.md, as compact JSON text."""

from __future__ import annotations

import json
from typing import Any

from core.storage.errors import InvalidDocument

DRAFT, FINAL = "draft", "final"
STATUS_SUMMARY = {FINAL: "定稿", DRAFT: "重新打开"}  # the revision summary of a status change


def identify(document: Any) -> tuple[str, int]:
    """(agency name, year) — the key of a report; InvalidDocument if either is missing."""
    if not isinstance(document, dict):
        raise InvalidDocument("报告内容不是 JSON 对象，无法保存。")
    agency = document.get("agency")
    name = agency.get("name") if isinstance(agency, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise InvalidDocument("报告缺少机关全称（agency.name），无法保存。")
    year = document.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise InvalidDocument("报告年度（year）必须是整数，无法保存。")
    return name.strip(), year


def check_status(status: str | None) -> None:
    if status is not None and status not in STATUS_SUMMARY:
        raise ValueError(f"status must be 'draft' or 'final', not {status!r}")


def storable_json(value: Any, **kwargs: Any) -> str:
    """JSON text SQLite can store: readable UTF-8, or escaped when the value holds a lone
    surrogate (a broken character pasted from elsewhere, which UTF-8 cannot encode). The user's
    text is kept as it is; the exporters remove such characters and the validator warns."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), **kwargs)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), **kwargs)
    return text


def to_text(document: dict[str, Any]) -> str:
    try:
        return storable_json(document, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidDocument(f"报告内容无法保存为 JSON：{exc}") from exc


def from_text(text: str) -> dict[str, Any]:
    """A stored document; InvalidDocument (never a traceback) when it is not a JSON object."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise InvalidDocument(f"数据库中的报告内容已损坏，不是有效的 JSON：{exc}。") from exc
    if not isinstance(value, dict):
        raise InvalidDocument("数据库中的报告内容不是 JSON 对象。")
    return value
