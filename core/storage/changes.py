"""What changed between two versions of a document, as a list of leaf paths.

A leaf path joins the keys down to a value with "/": "tables/requests/new_received/commercial",
"text/overview", "agency/phone", "year". (Document keys never contain "/"; the dot in row keys
such as "withheld.state_secret" is part of the key.) An empty object counts as a leaf, so that
adding or removing one is seen. A change is a JSON object {"path", "old", "new"} where "old" is
absent when the path is new and "new" is absent when the path was removed.

Long texts are stored compactly: {"path", "edit": [...]} instead of both full texts, where the
edit is a list of runs — an integer n (n characters unchanged) or a pair [old piece, new piece]
— so either side is rebuilt from the other (`apply` forward or reverse). Changes written in the
full form stay readable: each entry says which form it has.
"""

from __future__ import annotations

import difflib
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
    again is no change); an empty result means the pair cancelled out. A compact change in
    `first` is rebuilt from `then`'s full old text (and one in `then` from `first`'s new); the
    result is in the full form (`compact` it again to store it).
    """
    latest = {c["path"]: c for c in then}
    first = [_full(c, latest[c["path"]].get("old"), reverse=True)
             if "edit" in c and "edit" not in latest[c["path"]] else c for c in first]
    by_path = {c["path"]: c for c in first}
    latest = {p: (_full(c, by_path[p].get("new"), reverse=False) if "edit" in c else c)
              for p, c in latest.items()}
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


def _full(change: dict[str, Any], value: Any, reverse: bool) -> dict[str, Any]:
    return expand([change], {change["path"]: value}, reverse)[0]


def apply(document: Mapping[str, Any], changes: list[dict[str, Any]],
          reverse: bool = False) -> dict[str, Any]:
    """The leaves of `document` with `changes` applied (or undone, with reverse=True).

    Compact text changes are rebuilt from the document's text (ValueError if it does not fit)."""
    out = leaves(document)
    side = "old" if reverse else "new"
    for change in changes:
        if "edit" in change:
            out[change["path"]] = run_edit(change["edit"], out.get(change["path"]), reverse)
        elif side in change:
            out[change["path"]] = change[side]
        else:
            out.pop(change["path"], None)
    return out


# -- compact text changes ---------------------------------------------------------------------
COMPACT_OVER = 200  # characters: shorter texts are stored whole


def text_edit(old: str, new: str) -> list[Any]:
    """Runs turning `old` into `new`: n (keep n characters) or [old piece, new piece]."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    a, b = old[head:len(old) - tail], new[head:len(new) - tail]
    runs: list[Any] = [head] if head else []
    if a or b:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > 2000)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                runs.append(i2 - i1)
            else:
                runs.append([a[i1:i2], b[j1:j2]])
    if tail:
        runs.append(tail)
    return runs


def run_edit(runs: list[Any], text: Any, reverse: bool = False) -> str:
    """The other side of a compact change, from this side (`new` from old, or old from new)."""
    if not isinstance(text, str):
        raise ValueError("compact change applied to a value that is not a text")
    out: list[str] = []
    i = 0
    for run in runs:
        if isinstance(run, int):
            out.append(text[i:i + run])
            i += run
            continue
        have, want = (run[1], run[0]) if reverse else (run[0], run[1])
        if text[i:i + len(have)] != have:
            raise ValueError("compact change does not fit the text")
        out.append(want)
        i += len(have)
    if i != len(text):
        raise ValueError("compact change does not fit the text")
    return "".join(out)


def compact(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`changes` with long text changes (both sides texts) stored as edits when smaller."""
    out: list[dict[str, Any]] = []
    for change in changes:
        old, new = change.get("old"), change.get("new")
        if isinstance(old, str) and isinstance(new, str) \
                and max(len(old), len(new)) > COMPACT_OVER:
            runs = text_edit(old, new)
            if len(json.dumps(runs, ensure_ascii=False)) < len(old) + len(new):
                out.append({"path": change["path"], "edit": runs})
                continue
        out.append(change)
    return out


def expand(changes: list[dict[str, Any]], values: Mapping[str, Any],
           reverse: bool = True) -> list[dict[str, Any]]:
    """`changes` in the full form; compact ones rebuilt from `values` (the leaves after the
    change when reverse, before it otherwise). ValueError if a text does not fit."""
    out: list[dict[str, Any]] = []
    for change in changes:
        if "edit" not in change:
            out.append(change)
            continue
        here = values.get(change["path"])
        there = run_edit(change["edit"], here, reverse)
        old, new = (there, here) if reverse else (here, there)
        out.append({"path": change["path"], "old": old, "new": new})
    return out


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Leaves by path (as `leaves` gives them) back into a nested document."""
    document: dict[str, Any] = {}
    for path, value in flat.items():
        node = document
        *parents, last = path.split("/")
        for key in parents:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        node[last] = value
    return document
