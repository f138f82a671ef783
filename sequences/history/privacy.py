"""Keyed pseudonyms for join keys, and the summary of which columns an import read and which it dropped."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from .fields import personal_reason


class Pseudonymiser:
    """HMAC-SHA256 with a random key made per import and never saved: the same id in the leads and the
    events file gets the same pseudonym, but no one can recompute it from a known email or id later."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __repr__(self) -> str:
        return "Pseudonymiser(<per-import key>)"

    def __call__(self, raw: str) -> int:
        digest = hmac.new(self._key, raw.strip().lower().encode("utf-8"), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big")


@dataclass
class PrivacySummary:
    """Per file: header -> field for the columns read; header -> why for the columns never read."""

    read: dict[str, dict[str, str]] = field(default_factory=dict)
    dropped: dict[str, dict[str, str]] = field(default_factory=dict)
    redacted_values: int = 0

    def note_file(self, file: str, headers: list[str], mapping: dict[str, str]) -> None:
        used = {header: name for name, header in mapping.items()}
        self.read[file] = {h: ("hashed join key" if used[h] == "lead_id" else used[h]) for h in headers if h in used}
        dropped: dict[str, str] = {}
        for header in headers:
            if header in used:
                continue
            reason = personal_reason(header)
            dropped[header] = f"personal data ({reason}), never read" if reason else "not on the allowlist"
        self.dropped[file] = dropped

    def lines(self) -> list[str]:
        out: list[str] = []
        for file, read in self.read.items():
            out.append(f"{file}:")
            out.append("  read:    " + (", ".join(f"{h} -> {f}" for h, f in read.items()) or "nothing"))
            dropped = self.dropped.get(file, {})
            out.append("  dropped: " + (", ".join(f"{h} ({why})" for h, why in dropped.items()) or "nothing"))
        out.append(f"values replaced because they looked like personal data: {self.redacted_values}")
        out.append("lead ids are kept only as keyed hashes (HMAC-SHA256, random per-import key, never saved)")
        return out

    def to_json(self) -> dict:
        return {"read": self.read, "dropped": self.dropped, "redacted_values": self.redacted_values}
