"""Tokenise the whole document once with spaCy's blank English pipeline.

No trained pipeline is available offline, so frontwatch uses spaCy for what rules need:
tokens with character offsets, `Matcher` and `PhraseMatcher`. The tokenised `Doc` is shared by
every extractor through the `tokens` layer; token `idx` values are offsets into the document
text, the same offsets every record carries.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline import Analysis, stage


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared blank English pipeline (tokenizer, lexical attributes, no model weights)."""
    return spacy.blank("en")


def tokenize(text: str) -> Doc:
    """A spaCy Doc for text, without running any pipeline component."""
    return nlp().make_doc(text)


@stage("tokens", produces="tokens", requires=("document",))
def tokens_stage(analysis: Analysis) -> Doc:
    """Tokenise the normalised text; token offsets index `Document.text`."""
    return tokenize(analysis.doc.text)
