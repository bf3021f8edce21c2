"""Vietnamese text helpers: search that ignores diacritics ("ho tich" finds "Hộ tịch")."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case, without tone marks or hooks, đ → d: the form people type on a kiosk."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "d")


def matches(query: str, *texts: str) -> bool:
    """Every word of the query starts a word of the texts, ignoring diacritics and case:
    "gia han" finds "Gia hạn giấy phép" but not "hôn nhân"."""
    words = fold(query).split()
    haystack = re.findall(r"\w+", " ".join(fold(t) for t in texts))
    return all(any(h.startswith(w) for h in haystack) for w in words)


def score(query: str, *texts: str) -> int:
    """How many query words are whole words of the texts: ranks "gia han" → "Gia hạn" first."""
    haystack = set(re.findall(r"\w+", " ".join(fold(t) for t in texts)))
    return sum(1 for w in fold(query).split() if w in haystack)
