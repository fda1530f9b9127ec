"""Turn decoded article text into the normalised text that every offset indexes.

The steps (each deterministic, so the same input always gives the same text and therefore the
same document id; 3 runs last, on the cleaned text, so that normalising twice changes nothing):

1. Decode byte sequences that were UTF-8 read as latin-1 and still hold a C1 control character
   (``â\\x80\\x99`` -> ``’``), before step 2 would take them for debris.
2. Replace runs of destroyed mojibake (text encoded and decoded several times with bytes lost
   along the way, as in scraped dumps: ``network_\\x90_â__\\x90_â__s``) by the punctuation their
   context shows they stood for. C1 control characters never occur in real text, so a run is
   only touched when it holds one.
3. Repair recoverable mojibake (``donâ€™t`` -> ``don’t``) with ftfy when it is installed, else
   with a hand repair of the common UTF-8-read-as-cp1252 sequences. Curly quotes are kept as
   written: the text should stay the article's text.
4. Unicode NFC; line breaks unified to ``\\n``; control and zero-width characters removed;
   every other kind of space becomes a plain space.
5. Runs of spaces collapsed inside lines, lines trimmed, blank-line runs reduced to one blank
   line (a paragraph break), single line breaks kept, the whole text trimmed.
"""
from __future__ import annotations

import importlib.util
import logging
import re
import unicodedata
from functools import lru_cache

log = logging.getLogger(__name__)

# One character for each byte 0x80-0xFF, as cp1252 or latin-1 shows it: what bytes become when
# UTF-8 is read with the wrong codec.
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)}
_BYTE_OF.update({bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0)
                 if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})
# Underscores stand where some scrapers dropped bytes they could not map.
_DEBRIS = "_" + "".join(sorted(_BYTE_OF))
BROKEN_RUN = re.compile(f"[{re.escape(_DEBRIS)}]*[\x80-\x9f][{re.escape(_DEBRIS)}]*")
C1 = re.compile("[\x80-\x9f]")
_CONT = "".join(ch for ch, b in _BYTE_OF.items() if b < 0xC0)
CONTRACTION = re.compile(r"(?:s|t|d|ll|re|ve|m)\b")

# Other line breaks become "\n"; control (Cc/Cf) and zero-width characters go; other spaces
# become plain spaces. "\r\n" is replaced before this table maps a lone "\r".
_BREAKS = "\r\u2028\u2029\x0b\x0c\x85"
_INVISIBLE = ([c for c in range(0x20) if chr(c) not in "\n\t" + _BREAKS] + list(range(0x7F, 0xA0))
              + [0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFFFE, 0xFFFF])
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
CHARACTER_TABLE = {**{c: None for c in _INVISIBLE}, **{ord(c): " " for c in _SPACES},
                   **{ord(c): "\n" for c in _BREAKS if c != "\x85"}, 0x85: "\n"}
UNUSUAL = re.compile(f"[{re.escape(''.join(map(chr, CHARACTER_TABLE)))}]")
SPACE_RUNS = re.compile(" {2,}")
BLANK_RUNS = re.compile(r"\n{3,}")
MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONT)}]")

# UTF-8 read as cp1252, most frequent first (used only when ftfy is not installed).
_HAND_REPAIRS = (
    ("â€™", "’"), ("â€˜", "‘"), ("â€œ", "“"), ("â€\x9d", "”"), ("â€”", "—"), ("â€“", "–"),
    ("â€¦", "…"), ("â€¢", "•"), ("Ã©", "é"), ("Ã¨", "è"), ("Ã¡", "á"), ("Ã¼", "ü"),
    ("Ã¶", "ö"), ("Ã¤", "ä"), ("Ã§", "ç"), ("Ã±", "ñ"), ("Ã³", "ó"), ("Ã­", "í"),
    ("Â\u00a0", " "), ("Â ", " "),
)


def normalise_text(text: str) -> str:
    """The normalised form of a decoded text (see the module docstring for the steps)."""
    text = clean_characters(repair_broken_runs(text))   # 1, 2, 4, 5
    # ftfy (3) looks at the text around a suspect sequence, so it sees the cleaned text: then
    # normalising a normalised text changes nothing.
    fixed = repair_mojibake(text)
    return text if fixed == text else clean_characters(fixed)


def clean_characters(text: str) -> str:
    """Steps 4 and 5: NFC, line breaks, invisible characters, spaces."""
    text = unicodedata.normalize("NFC", text)
    if UNUSUAL.search(text):
        text = text.replace("\r\n", "\n").translate(CHARACTER_TABLE)
    return collapse_whitespace(text)


def collapse_whitespace(text: str) -> str:
    """Lines trimmed, space runs made one space, blank-line runs one blank line (plain str ops
    first: a regex anchored on every space costs more than the rest of normalisation)."""
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    if "  " in text:
        text = SPACE_RUNS.sub(" ", text)
    if "\n\n\n" in text:
        text = BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def repair_broken_runs(text: str) -> str:
    """Decode or replace runs of mojibake debris that hold a C1 control character.

    C1 controls never occur in real text. A run without underscores is usually UTF-8 read as
    latin-1 (``â\\x80\\x99``) and decodes back; a run with underscores lost bytes on the way and
    is replaced by the apostrophe, quote or dash its context shows it stood for.
    """
    if not C1.search(text):
        return text
    return BROKEN_RUN.sub(_repair_run, text)


def _repair_run(match: re.Match) -> str:
    run = match.group()
    if "_" not in run:
        decoded = _decode_twice(run)
        if decoded is not None:
            return decoded
    return _replacement(match)


def _decode_twice(run: str) -> str | None:
    """The run read back as UTF-8 (twice for doubly encoded text), or None if it is not UTF-8."""
    decoded = None
    for _ in range(2):
        try:
            decoded = bytes(_BYTE_OF[ch] for ch in run).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            break
        run = decoded
    return decoded


def _replacement(match: re.Match) -> str:
    """Guess the lost character from the run's last byte and the characters around it."""
    text, run = match.string, match.group()
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if run.endswith("\u00a9") and before.isspace():
        return "©"                       # photo credits: "© REUTERS"
    if before.isalnum() and after.isalnum():
        # inside a word: an apostrophe before a contraction's ending (Syria's, don't), else a dash
        return "'" if CONTRACTION.match(text, match.end()) else "—"
    if run.endswith("\x9d") or (not before.isspace() and not after.isalnum()):
        return '"'                       # closing quote
    if after.isalnum() or after in "(\"'":
        return '"' if before.isspace() else ' "'   # opening quote
    return "—" if before.isspace() and after.isspace() else " — "


def repair_mojibake(text: str) -> str:
    """Undo text decoded with the wrong codec (``donâ€™t``); ASCII text is returned as is."""
    if text.isascii():
        return text
    fix = _ftfy()
    if fix is not None:
        return fix(text)
    for bad, good in _HAND_REPAIRS:
        if bad in text:
            text = text.replace(bad, good)
    return text


@lru_cache(maxsize=1)
def _ftfy():
    """ftfy's fixer with the article text kept as written (quotes, line breaks, width), or None
    when ftfy is not installed.

    fix_text costs milliseconds, so only texts showing a UTF-8-read-as-cp1252 pair pay for it;
    and ftfy itself (its character tables: a tenth of a second) is imported only when the first
    such text turns up, which most runs never see.
    """
    if importlib.util.find_spec("ftfy") is None:
        log.info("ftfy is not installed: mojibake repaired by hand for the common cases")
        return None
    return lambda text: _ftfy_fix(text) if MOJIBAKE_HINT.search(text) else text


def _ftfy_fix(text: str) -> str:
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


@lru_cache(maxsize=1)
def _ftfy_config():
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, fix_character_width=False,
                                normalization="NFC", unescape_html=False, explain=False)
