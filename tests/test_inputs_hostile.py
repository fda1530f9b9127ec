"""Hostile inputs through the CLI: one clear line per bad item, the rest stored, exit PARTIAL.

Issue 9's list of inputs, each written here (nothing copied from the corpora): empty and binary
files, a file over 50 MB, invalid UTF-8 and legacy encodings, broken and 10,000-deep HTML and
JSON, JSON Lines with broken records, feeds with bad dates, articles in Arabic, Russian and
Chinese, mojibake (and the real mojibake of FA-KES, read from ../shared at run time), and a
huge JSON Lines dump, whose reading must keep memory bounded.
"""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.exitcodes import ExitStatus
from frontwatch.ingest import InputError, read_paths
from frontwatch.records import Document

GOOD = "Government forces shelled two villages north of Idlib on Monday, a monitoring group said."
MB = 2**20

# Articles written for these tests, in other scripts.
ARABIC = ("قصفت القوات الحكومية قريتين شمال مدينة إدلب يوم الاثنين، وقال المرصد إن عشرة مدنيين قتلوا. "
          "وأضاف المرصد أن الاشتباكات استمرت حتى المساء في ريف حلب الغربي، وأن مئات العائلات نزحت نحو الحدود.")
RUSSIAN = ("Правительственные войска обстреляли две деревни к северу от Идлиба в понедельник, "
           "сообщила группа наблюдателей. По её данным, погибли десять мирных жителей, "
           "а сотни семей бежали к турецкой границе. Бои продолжались до вечера.")
CHINESE = ("政府军星期一炮击了伊德利卜以北的两个村庄，一个监测组织说，至少十名平民死亡。"
           "该组织还说，战斗持续到晚上，数百个家庭逃往土耳其边境。阿勒颇西部农村也发生了冲突。")


def as_mojibake(text: str) -> str:
    """UTF-8 bytes shown as Windows-1252 (latin-1 for the five bytes it leaves undefined)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


MOJIBAKE = as_mojibake(GOOD.replace("said.", "said: \u201cwe don\u2019t know how many died\u201d."))


# -- the folder of bad inputs -------------------------------------------------------------------


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def huge_text_file(path: Path) -> Path:
    line = (GOOD + "\n").encode()
    with open(path, "wb") as f:
        f.write(line * (51 * MB // len(line) + 1))
    return path


def feed(items: list[tuple[str, str]]) -> str:
    """An RSS feed with (pubDate, description) items."""
    body = "".join(f"<item><title>Item {i}</title><link>http://wire.example/{i}</link>"
                   f"<pubDate>{date}</pubDate><description>{text}</description></item>"
                   for i, (date, text) in enumerate(items, 1))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'


# name -> (content, bad items expected from it (name, or name#record), good documents from it)
CASES = {
    "good.txt": (GOOD, [], 1),
    "empty.txt": (b"", ["empty.txt"], 0),
    "blank.txt": (b"\n \t \r\n", ["blank.txt"], 0),
    "image.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ["image.png"], 0),
    "program.bin": (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, ["program.bin"], 0),
    "nul.txt": (b"Rebels\x00 took\x00\x01\x02 the town" * 20, ["nul.txt"], 0),
    "invalid-utf8.txt": (GOOD.encode()[:30] + b"\xff\xfe\xc3(" + GOOD.encode()[30:], [], 1),
    "deep.html": ("<html><body>" + "<div>" * 10_000 + "<p>Text</p>" + "</div>" * 10_000 + "</body></html>",
                  ["deep.html"], 0),
    "deep.json": ('{"text": "' + GOOD + '", "meta": ' + "[" * 10_000 + "1" + "]" * 10_000 + "}", ["deep.json"], 0),
    "broken.html": ("<html><body><div><p>Airstrikes hit a <b>hospital <p>in Douma on Friday, medics said<td></tr>",
                    [], 1),
    "unclosed.json": ('[{"text": "' + GOOD, ["unclosed.json"], 0),
    "dump.jsonl": ("\n".join([json.dumps({"id": "j1", "text": "Rebels took a hill near Hama on Sunday."}),
                              '{"id": "j2", "text": "cut off',
                              json.dumps(["not", "an", "object"]),
                              json.dumps({"id": "j4", "title": "a title but no text"}),
                              "<<garbage>> not JSON",
                              json.dumps({"id": "j6", "text": "Aid trucks reached Madaya on Tuesday."})]),
                   ["dump.jsonl#2", "dump.jsonl#3", "dump.jsonl#4", "dump.jsonl#5"], 2),
    "wire.xml": (feed([("Tue, 04 Apr 2017 08:00:00 GMT", "Clashes went on in Hama province."),
                       ("Wed, 05 Apr 2017 08:00:00 GMT", "")]), ["wire.xml#2"], 1),
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    for name, (content, _, _) in CASES.items():
        write(folder / name, content)
    huge_text_file(folder / "huge.txt")
    return folder


def ingest(folder: Path | list[Path], db: Path):
    paths = [str(p) for p in (folder if isinstance(folder, list) else [folder])]
    return CliRunner().invoke(main, ["ingest", *paths, "--db", str(db)])


def skipped_lines(stderr: str) -> dict[str, str]:
    """`skipped WHERE: reason` lines by the base name of WHERE; fails on a repeated item."""
    found: dict[str, str] = {}
    for line in stderr.splitlines():
        if m := re.match(r"skipped (.+?): (.+)$", line):
            name = Path(m[1]).name
            assert name not in found, f"two lines for {name}: {stderr}"
            found[name] = m[2]
    return found


def stored(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT file, text FROM documents ORDER BY seq").fetchall()


# -- tests ---------------------------------------------------------------------------------------


def test_every_bad_input_named_once_and_the_rest_stored(hostile, tmp_path):
    result = ingest(hostile, tmp_path / "store.db")
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    assert "Traceback" not in result.stderr
    lines = skipped_lines(result.stderr)
    expected = {bad for _, bads, _ in CASES.values() for bad in bads} | {"huge.txt"}
    assert set(lines) == expected
    for reason in lines.values():
        assert reason.strip() and len(reason) < 300
    assert "too large" in lines["huge.txt"] and "50 MB" in lines["huge.txt"]
    assert "empty" in lines["empty.txt"] and "PNG" in lines["image.png"]
    docs = stored(tmp_path / "store.db")
    assert len(docs) == sum(good for _, _, good in CASES.values())
    assert not any("\ufffd" in text and "Airstrikes" in text for _, text in docs)


@pytest.mark.parametrize("name", [n for n, (_, bads, _) in CASES.items() if bads] + ["huge.txt"])
def test_one_bad_input_beside_a_good_one_is_partial(hostile, tmp_path, name):
    """Each bad input alone: one line naming it (or its records), the good file stored, exit 3."""
    result = ingest([hostile / "good.txt", hostile / name], tmp_path / "store.db")
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    lines = skipped_lines(result.stderr)
    assert set(lines) == set(CASES.get(name, (None, [name]))[1])
    assert len(stored(tmp_path / "store.db")) == 1 + CASES.get(name, (None, None, 0))[2]


def test_only_bad_inputs_is_no_input(hostile, tmp_path):
    result = ingest([hostile / "empty.txt", hostile / "image.png"], tmp_path / "store.db")
    assert result.exit_code == ExitStatus.NO_INPUT
    assert set(skipped_lines(result.stderr)) == {"empty.txt", "image.png"}


def test_invalid_utf8_keeps_the_text_around_the_bad_bytes(hostile, tmp_path):
    ingest([hostile / "invalid-utf8.txt"], tmp_path / "store.db")
    [(_, text)] = stored(tmp_path / "store.db")
    assert text.startswith(GOOD[:30]) and text.endswith(GOOD[30:])


# -- other languages and encodings ---------------------------------------------------------------

ENCODED = [
    ("arabic-utf8.txt", ARABIC, "utf-8"), ("arabic-cp1256.txt", ARABIC, "cp1256"),
    ("russian-utf8.txt", RUSSIAN, "utf-8"), ("russian-cp1251.txt", RUSSIAN, "cp1251"),
    ("russian-koi8.txt", RUSSIAN, "koi8-r"), ("chinese-utf8.txt", CHINESE, "utf-8"),
    ("chinese-gb18030.txt", CHINESE, "gb18030"), ("chinese-utf16.txt", CHINESE, "utf-16"),
    ("english-cp1252.txt", GOOD.replace("said", "\u201csaid\u201d"), "cp1252"),
    ("english-utf8-bom.txt", GOOD, "utf-8-sig"),
]


@pytest.mark.parametrize("name, text, codec", ENCODED)
def test_other_scripts_and_encodings_are_read_as_written(tmp_path, name, text, codec):
    path = write(tmp_path / name, text.encode(codec))
    [doc] = read_paths([str(path)])
    assert isinstance(doc, Document), doc
    assert doc.text == text


def test_other_scripts_run_through_every_stage(tmp_path, pipeline):
    """Arabic, Russian and Chinese articles (alone and mixed with English and mojibake) go
    through every stage of the strict pipeline: no stage raises on any of them."""
    folder = tmp_path / "inbox"
    for name, text, codec in ENCODED:
        write(folder / name, text.encode(codec))
    write(folder / "mixed.txt", f"{GOOD}\n\n{ARABIC}\n\n{RUSSIAN}\n\n{CHINESE}\n\n{MOJIBAKE}")
    docs = list(read_paths([str(folder)]))
    assert len(docs) == len(ENCODED) + 1 and all(isinstance(d, Document) for d in docs)
    for doc in docs:
        analysis = pipeline.run(doc)
        assert analysis["sentences"], doc.file
    mixed = pipeline.run(next(d for d in docs if d.file == "mixed.txt"))
    assert any(p.text == "Idlib" for p in mixed["places"])   # the English paragraph still read


def test_mixed_encodings_in_one_dump(tmp_path):
    """One JSON Lines dump whose records were pasted from files in different encodings: each
    readable record is kept, and bytes that are not UTF-8 never stop the rest."""
    lines = [json.dumps({"id": "a", "text": ARABIC}, ensure_ascii=False).encode("utf-8"),
             json.dumps({"id": "r", "text": RUSSIAN}, ensure_ascii=False).encode("cp1251"),
             json.dumps({"id": "e", "text": GOOD.replace("said", "\u201csaid\u201d")},
                        ensure_ascii=False).encode("cp1252"),
             json.dumps({"id": "c", "text": CHINESE}, ensure_ascii=False).encode("utf-8")]
    path = write(tmp_path / "mixed.jsonl", b"\n".join(lines) + b"\n")
    items = list(read_paths([str(path)]))
    docs = {d.file: d.text for d in items if isinstance(d, Document)}
    assert docs.get("a") == ARABIC and docs.get("c") == CHINESE
    assert set(docs) | {i.where for i in items if isinstance(i, InputError)} >= {"a", "c"}
    assert len(items) == 4


def test_mojibake_is_repaired(tmp_path):
    path = write(tmp_path / "mojibake.txt", MOJIBAKE)
    [doc] = read_paths([str(path)])
    assert "\u2019" in doc.text and "\u201c" in doc.text
    assert "â€" not in doc.text and not re.search("[\x80-\x9f]", doc.text)


def test_real_mojibake_of_fakes_is_cleaned(shared):
    """FA-KES articles holding C1 control characters (scraped mojibake): the stored text has
    none left, and the words around them survive."""
    folder = shared / "corpora" / "fa-kes" / "articles"
    broken = [p for p in sorted(folder.glob("*.txt"))
              if re.search("[\x80-\x9f]", p.read_text("utf-8", errors="replace"))][:40]
    assert len(broken) >= 10
    for path in broken:
        [doc] = read_paths([str(path)])
        assert isinstance(doc, Document), doc
        assert not re.search("[\x80-\x9f]", doc.text), path.name
        raw_words = re.findall(r"[A-Za-z]{6,}", path.read_text("utf-8", errors="replace"))
        kept = sum(w in doc.text for w in raw_words)
        assert kept >= 0.95 * len(raw_words), path.name


# -- feeds with bad dates ------------------------------------------------------------------------

BAD_DATES = ["not a date at all", "Fri, 31 Feb 2017 10:00:00 GMT", "Mon, 03 Apr 99999 10:00:00 GMT",
             "2017-13-45", "-1"]


def test_metadata_date_in_arabic_indic_digits_is_read():
    from frontwatch.ingest.metadate import metadata_date
    assert metadata_date("\u0662\u0660\u0661\u0667-\u0660\u0664-\u0660\u0665 garbage") == "2017-04-05"


def test_feed_with_bad_dates_keeps_every_entry(tmp_path):
    """A bad date never costs the article: every entry is stored, its date unknown or found
    in its text, and never an impossible one."""
    items = [(d, f"Clashes were reported near Hama, item {i}.") for i, d in enumerate(BAD_DATES)]
    items.append(("Tue, 04 Apr 2017 08:00:00 GMT", "Aid reached Madaya."))
    path = write(tmp_path / "wire.rss", feed(items))
    result = ingest([path], tmp_path / "s.db")
    assert result.exit_code in (ExitStatus.OK, ExitStatus.PARTIAL), result.output
    with sqlite3.connect(tmp_path / "s.db") as conn:
        dates = dict(conn.execute("SELECT path, published FROM documents"))
    assert len(dates) == len(items)
    assert dates[f"{path}#{len(items)}"] == "2017-04-04"
    for value in dates.values():
        assert value is None or re.fullmatch(r"(19|20)\d\d(-(0[1-9]|1[0-2])(-\d\d)?)?", value)


def test_feed_with_bad_dates_names_each_bad_date(tmp_path):
    items = [(d, f"Clashes were reported near Hama, item {i}.") for i, d in enumerate(BAD_DATES)]
    path = write(tmp_path / "wire.rss", feed(items))
    result = ingest([path], tmp_path / "s.db")
    assert result.exit_code == ExitStatus.PARTIAL
    lines = [line for line in result.stderr.splitlines() if "wire.rss#" in line]
    assert len(lines) == len(BAD_DATES) and all("date" in line for line in lines)


# -- huge inputs: memory stays bounded ------------------------------------------------------------

PEAK = """
import resource, sys
from frontwatch.cli import main
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"PEAK {(after - before) // 1024} {code}", file=sys.stderr)
"""


def peak_growth(args: list[str], cwd: Path) -> tuple[int, int, str]:
    """(MB the command's peak memory grew above the imported CLI, exit code, stderr)."""
    done = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True, cwd=cwd, timeout=900)
    m = re.search(r"PEAK (\d+) (\S+)", done.stderr)
    assert m, done.stderr[-2000:]
    return int(m[1]), int(m[2]) if m[2].lstrip("-").isdigit() else -1, done.stderr


def test_huge_jsonl_with_oversized_records_streams_in_bounded_memory(tmp_path):
    """A 55 MB JSON Lines dump (over the 50 MB limit) is streamed: two good records stored,
    each 11 MB record named once, and memory grows by far less than the file."""
    path = tmp_path / "dump.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "g1", "text": GOOD}) + "\n")
        for k in range(5):
            f.write(json.dumps({"id": f"big{k}", "text": f"Report {k}. " + "x" * (11 * MB)}) + "\n")
        f.write(json.dumps({"id": "g2", "text": "Aid trucks reached Madaya on Tuesday."}) + "\n")
    grew, code, stderr = peak_growth(["ingest", str(path), "--db", str(tmp_path / "s.db")], tmp_path)
    assert code == ExitStatus.PARTIAL, stderr[-2000:]
    assert set(skipped_lines(stderr)) == {f"dump.jsonl#{n}" for n in range(2, 7)}
    assert [f for f, _ in stored(tmp_path / "s.db")] == ["g1", "g2"]
    assert grew < 40 + 3 * 11 * 4, f"peak memory grew {grew} MB on a 55 MB dump"   # a few lines' worth
