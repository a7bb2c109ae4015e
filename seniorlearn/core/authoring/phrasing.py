"""Where a subtitle line may end: at phrase boundaries, never leaving a tail of a word or two.

A learner reads one cue at a time while the narration speaks it, so a cue that stops in the
middle of a phrase ("再看一眼金额，" / "对不对。", "for the shop to" / "scan.") makes them wait
for the meaning. The pieces are chosen together (dynamic programming over every place a line
could end) rather than filled greedily: each place to break costs what it would cost a reader,
and each piece costs for being short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# In Chinese text, a run of Latin letters or digits (App, 120, 9:30) is one unit.
_TRAILING = r"[，。！？；：、,.!?;:…”’）)]*\s*"
_CJK_TOKEN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9:.%'’-]*{_TRAILING}|\S{_TRAILING}")

SENTENCE_END = "。！？!?…"
CLAUSE_END = "；：，,;:"
LIST_MARK = "、"
# Chinese words a new line may begin with: the phrase before them is complete.
_ZH_OPENERS = ("就", "再", "还", "也", "和", "或", "然后", "如果", "但", "可以", "要", "请", "不要")
# English words a line reads badly ending on: they bind to what follows.
_EN_BINDERS = frozenset(
    "a an the to of for from with by on in at into your my his her their its our this that "
    "and or but if when then is are was be can will may must should could would do does has have "
    "had you we i it who which not no very more".split())
# English words that tie a line's last word to what follows them ("open | the code").
_EN_DETERMINERS = frozenset("the a an your my his her their its our this that these those".split())
# English words a new line may begin with.
_EN_OPENERS = frozenset("and or but then when if so because until before after while "
                        "for with on in at by".split())

# Costs, in the same units: what each kind of break costs a reader.
_COST = {"sentence": 0.0, "clause": 1.0, "list": 4.0, "opener": 5.0, "word": 8.0,
         "determiner": 16.0, "binder": 30.0, "inside": 12.0}
SHORT_PENALTY = 60.0   # a piece shorter than MIN_UNITS, unless it is all there is
PIECE_COST = 2.0       # each extra cue flashes by: prefer fewer
SLACK_WEIGHT = 6.0     # how much an under-filled line costs
MIN_UNITS = {"cjk": 4, "latin": 3}  # characters (Chinese) or words (English) in a piece


@dataclass(frozen=True)
class _Token:
    text: str   # as written, with trailing punctuation and space
    units: int  # characters that are not punctuation (Chinese) or 1 word (English)


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def split_cues(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, broken where a reader's phrase ends."""
    text = " ".join(text.split())
    if not text:
        return []
    cjk = is_cjk(text)
    tokens = _tokens(text, cjk)
    best = _best_breaks(tokens, limit, cjk)
    return [_join(tokens[a:b]) for a, b in zip(best, best[1:], strict=False)]


def _tokens(text: str, cjk: bool) -> list[_Token]:
    if cjk:
        return [_Token(t, sum(1 for c in t if c.isalnum())) for t in _CJK_TOKEN.findall(text)]
    return [_Token(w + " ", 1) for w in text.split(" ")]


def _join(tokens: list[_Token]) -> str:
    return "".join(t.text for t in tokens).strip()


def _break_cost(tokens: list[_Token], at: int, cjk: bool) -> float:
    """What ending a line after ``tokens[at - 1]`` costs."""
    if at == len(tokens):
        return 0.0
    before, after = tokens[at - 1].text.rstrip(), tokens[at].text.strip()
    if _ends_sentence(before):
        return _COST["sentence"]
    if before[-1] in CLAUSE_END:
        return _COST["clause"]
    if before[-1] in LIST_MARK:
        return _COST["list"]
    if cjk:
        following = "".join(t.text for t in tokens[at:at + 2])
        return _COST["opener"] if following.startswith(_ZH_OPENERS) else _COST["inside"]
    word = before.strip("“”‘’\"'()")
    if word.lower() in _EN_BINDERS or (len(word) > 1 and word.isupper()):  # "ID | number"
        return _COST["binder"]
    if after.lower() in _EN_OPENERS:
        return _COST["opener"]
    if word[:1].isupper() and at >= 2 and not _ends_sentence(tokens[at - 2].text):
        return _COST["determiner"]  # inside a button's name: "tap Where | to"
    return _COST["determiner"] if after.lower() in _EN_DETERMINERS else _COST["word"]


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return text[-1] in SENTENCE_END or text.endswith(".")


def _piece_cost(tokens: list[_Token], start: int, end: int, limit: int, cjk: bool) -> float:
    length = len(_join(tokens[start:end]))
    if length > limit:
        return float("inf") if end - start > 1 else 1e6  # one over-long word: no choice
    cost = PIECE_COST + SLACK_WEIGHT * ((limit - length) / limit) ** 2
    units = sum(t.units for t in tokens[start:end])
    if units < MIN_UNITS["cjk" if cjk else "latin"] and (start, end) != (0, len(tokens)):
        cost += SHORT_PENALTY
    return cost


def _best_breaks(tokens: list[_Token], limit: int, cjk: bool) -> list[int]:
    """Token indices where pieces start, plus the end: the cheapest way through."""
    count = len(tokens)
    best: list[float] = [0.0] + [float("inf")] * count
    came_from = [0] * (count + 1)
    for end in range(1, count + 1):
        ending = _break_cost(tokens, end, cjk)
        for start in range(end - 1, -1, -1):
            piece = _piece_cost(tokens, start, end, limit, cjk)
            if piece == float("inf"):
                break  # longer pieces only get longer
            total = best[start] + piece + ending
            if total < best[end]:
                best[end], came_from[end] = total, start
    breaks, at = [count], count
    while at:
        at = came_from[at]
        breaks.append(at)
    return breaks[::-1]
