"""spaCy imported through frontwatch comes without its command-line package, and still works."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def run_python(code: str, extra_path: Path | None = None) -> str:
    env_path = [str(extra_path)] if extra_path else []
    prelude = f"import sys; sys.path[:0] = {env_path!r}\n"
    done = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_spacy_imported_after_frontwatch_leaves_its_cli_unloaded_until_asked_for():
    out = run_python("""
        import frontwatch, spacy
        print("cli loaded:", "spacy.cli" in sys.modules, "typer" in sys.modules)
        doc = spacy.blank("en")("Rebels took Saraqeb, a town in Idlib.")
        print([t.text for t in doc][:4])
        import spacy.cli
        print("real cli:", hasattr(spacy.cli, "app"), spacy.cli.info.__module__)
        print("info:", spacy.info(silent=True)["spacy_version"] == spacy.__version__)
    """)
    assert "cli loaded: False False" in out
    assert "['Rebels', 'took', 'Saraqeb', ',']" in out
    assert "real cli: True spacy.cli.info" in out
    assert "info: True" in out


def test_a_spacy_wanting_more_of_its_cli_is_imported_the_ordinary_way(tmp_path):
    package = tmp_path / "spacy"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("from .cli.info import info\nfrom .cli.other import helper\nREADY = True\n")
    (package / "cli" / "__init__.py").write_text("LOADED = True\n")
    (package / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    (package / "cli" / "other.py").write_text("def helper():\n    return 'real helper'\n")
    out = run_python("""
        import frontwatch, spacy
        print(spacy.READY, spacy.info(), spacy.helper(), spacy.cli.LOADED)
    """, extra_path=tmp_path)
    assert out.split() == ["True", "real", "info", "real", "helper", "True"]
