"""What changed between two versions of a document, as a list of leaf paths.

A leaf path joins the keys down to a value with "/": "tables/requests/new_received/commercial",
"text/overview", "agency/phone", "year". (Document keys never contain "/"; the dot in row keys
such as "withheld.state_secret" is part of the key.) An empty object counts as a leaf, so that
adding or removing one is seen. A change is a JSON object {"path", "old", "new"} where "old" is
absent when the path is new and "new" is absent when the path was removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

_SCALARS = (str, int, float, type(None))


def leaves(document: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every leaf of a nested dict by path, in document order."""
    out: dict[str, Any] = {}
    for path, value in _walk(document, prefix):
        out[path] = value
    return out


def _walk(node: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            yield from _walk(value, path + "/")
        else:
            yield path, value


def same(a: Any, b: Any) -> bool:
    """Equal as JSON: 1, 1.0 and true differ (they are different text in the file)."""
    if type(a) is type(b) and isinstance(a, _SCALARS):
        return bool(a == b)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The changed leaves: added and changed paths in new document order, then removed paths
    (for documents with the same key order — ours always — in old document order).

    Subtrees that are identical (equal, and equal as text: 1, 1.0 and true differ) are skipped
    whole — an autosave changes one cell of a 200-leaf document, at every keystroke."""
    changes: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    _diff(old, new, "", changes, removed)
    return changes + removed


def _branch(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value)


def _diff(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str,
          changes: list[dict[str, Any]], removed: list[dict[str, Any]]) -> None:
    for key, value in new.items():
        path = f"{prefix}{key}"
        if key not in old:
            changes.extend({"path": p, "new": v} for p, v in
                           (_walk(value, path + "/") if _branch(value) else [(path, value)]))
            continue
        before = old[key]
        if before == value and repr(before) == repr(value):
            continue  # identical subtree or leaf
        if _branch(before) and _branch(value):
            _diff(before, value, path + "/", changes, removed)
            continue
        was = leaves(before, path + "/") if _branch(before) else {path: before}
        now = leaves(value, path + "/") if _branch(value) else {path: value}
        for p, v in now.items():
            if p not in was:
                changes.append({"path": p, "new": v})
            elif not same(was[p], v):
                changes.append({"path": p, "old": was[p], "new": v})
        removed.extend({"path": p, "old": v} for p, v in was.items() if p not in now)
    for key, value in old.items():
        if key not in new:
            path = f"{prefix}{key}"
            removed.extend({"path": p, "old": v} for p, v in
                           (_walk(value, path + "/") if _branch(value) else [(path, value)]))


def paths(changes: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(c["path"] for c in changes)


def merge(first: list[dict[str, Any]], then: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two consecutive change lists over the same paths as one: first's old, then's new.

    Paths whose value ended where it started are dropped (typing a letter and deleting it
    again is no change); an empty result means the pair cancelled out.
    """
    latest = {c["path"]: c for c in then}
    merged: list[dict[str, Any]] = []
    for change in first:
        last = latest[change["path"]]
        entry: dict[str, Any] = {"path": change["path"]}
        if "old" in change:
            entry["old"] = change["old"]
        if "new" in last:
            entry["new"] = last["new"]
        if ("old" in entry) == ("new" in entry) and (
                "old" not in entry or same(entry["old"], entry["new"])):
            continue
        merged.append(entry)
    return merged


def apply(document: Mapping[str, Any], changes: list[dict[str, Any]],
          reverse: bool = False) -> dict[str, Any]:
    """The leaves of `document` with `changes` applied (or undone, with reverse=True)."""
    out = leaves(document)
    side = "old" if reverse else "new"
    for change in changes:
        if side in change:
            out[change["path"]] = change[side]
        else:
            out.pop(change["path"], None)
    return out
