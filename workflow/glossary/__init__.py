"""The IP glossary: terms in en/az/ru and matching them in text across inflection.

Matching works on words. A text is cut into word tokens; each token expands to the base forms it
may be an inflection of (its *keys*):

- English: the word, and the word without a plural or possessive ending (``trademarks`` →
  ``trademark``, ``WIPO's`` → ``wipo``, ``patents'`` → ``patent``);
- Azerbaijani: the word with every chain of inflectional suffixes stripped (plural, possessive,
  case, copula: ``nişanlarının`` → ``nişanları`` → ``nişanlar`` → ``nişan``), with the k→y and
  q→ğ alternations undone (``ilkinliyi`` → ``ilkinlik``) and suffixes after an acronym's hyphen
  or apostrophe (``ÜƏMT-nin`` → ``ÜƏMT``), under Turkic casing (İ→i, I→ı);
- Russian: the word's lemmas (pymorphy3) or its Snowball stem (measured in the README).

Derivational suffixes are never stripped, so ``patentləşdirmə``, ``патентный`` or ``patently``
do not match ``patent``. Each language's terms are compiled once into a trie over word keys: one
pass over the tokens finds every occurrence of every term, nested ones included.


The package, by layer: ``terms`` (the data a glossary row becomes), ``inflect`` (tokens and their
keys per language), ``match`` (the trie matcher and the check of one translation), ``candidates``
(multiword terms the glossary lacks). Pure: nothing here reads or writes files.
"""

from .candidates import Candidate, term_candidates
from .inflect import RussianMethod, Token, fold, token_keys, tokens
from .match import FormKind, Match, Matcher, Status, TermUse, check_pair, source_terms
from .terms import LANGS, Glossary, Term

__all__ = ["LANGS", "Candidate", "FormKind", "Glossary", "Match", "Matcher", "RussianMethod",
           "Status", "Term", "TermUse", "Token", "check_pair", "fold", "source_terms",
           "term_candidates", "token_keys", "tokens"]
