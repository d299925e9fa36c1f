"""Tests for the shared stigma lexicon and simulator.coding.stigma.find_stigmatizing_terms."""

from __future__ import annotations

import itertools
import re

import pytest

from simulator.coding.stigma import KINDS, LexiconError, find_stigmatizing_terms, load_lexicon


def test_every_entry_explains_and_offers_an_alternative():
    """Does every lexicon entry say why it harms, offer an alternative, and have a known kind?"""
    lexicon = load_lexicon()
    assert len(lexicon) >= 30
    for entry in lexicon.entries:
        assert entry.why.strip().endswith("."), entry.term
        assert entry.alternatives and all(a.strip() for a in entry.alternatives), entry.term
        assert entry.kind in KINDS, entry.term


def test_every_pattern_is_word_bounded_and_case_insensitive():
    """Is every pattern anchored on a word boundary and matched whatever the case?"""
    for entry in load_lexicon().entries:
        assert entry.pattern.pattern.startswith("\\b"), entry.term
        assert entry.pattern.flags & re.IGNORECASE, entry.term
    assert [m.term for m in find_stigmatizing_terms("ADDICT")] == ["addict"]
    assert find_stigmatizing_terms("The addiction clinic opens at nine.") == []


def test_covers_the_content_brief_pairs():
    """Are the pairs named in the course content brief all in the lexicon?"""
    sentences = {
        "He is an addict.": "addict",
        "A junkie was outside.": "junkie",
        "Her uncle is an alcoholic.": "alcoholic",
        "She got clean last year.": "clean (about a person)",
        "His urine was dirty.": "clean / dirty (test result)",
        "He relapsed.": "relapse",
        "He committed suicide.": "committed suicide",
        "He is a schizophrenic.": "schizophrenic / psychotic (as a label)",
        "She is suffering from anxiety.": "suffering from",
        "Housing for the mentally ill.": "mentally ill",
        "Years of substance abuse.": "substance abuse",
        "He is non-compliant.": "non-compliant",
        "She is a frequent flyer.": "frequent flyer",
        "He can be manipulative.": "manipulative",
        "Opioid replacement therapy works.": "opioid replacement therapy",
    }
    for sentence, term in sentences.items():
        assert [m.term for m in find_stigmatizing_terms(sentence)] == [term], sentence


def test_clean_only_about_a_person_or_a_test():
    """Is "clean" flagged about a person or a test result but not about a room or water?"""
    assert find_stigmatizing_terms("She has stayed clean since March.")
    assert find_stigmatizing_terms("He tested clean on Friday.")
    assert not find_stigmatizing_terms("The room is clean and we have clean water.")
    assert not find_stigmatizing_terms("He came clean about the missed rent.")


def test_own_words_are_respected_but_can_be_listed():
    """Are quoted words and self-descriptions left out, yet returned and marked on request?"""
    text = 'She said "I\'m an addict and proud of my recovery." I am a recovering alcoholic.'
    assert find_stigmatizing_terms(text) == []
    matches = find_stigmatizing_terms(text, include_own_words=True)
    assert [(m.term, m.quoted, m.self_description) for m in matches] == [
        ("addict", True, True),
        ("alcoholic", False, True),
    ]
    assert all(m.own_words for m in matches)


def test_spans_point_at_the_words_and_matches_do_not_overlap():
    """Does each span slice out the matched words, with one match per stretch of text?"""
    text = "The drug addict relapsed; his UA came back dirty."
    matches = find_stigmatizing_terms(text)
    assert [text[slice(*m.span)] for m in matches] == [
        "drug addict",
        "relapsed",
        "UA came back dirty",
    ]
    ends = [m.span for m in matches]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "terms: [{term: x}]",
            "terms[0]: missing or empty field(s): pattern, why, alternatives, kind",
        ),
        (
            "terms: [{term: x, pattern: '(', why: y, alternatives: [z], kind: person}]",
            "terms[0].pattern",
        ),
        (
            "terms: [{term: x, pattern: '\\bx', why: y, alternatives: [z], kind: mood}]",
            "terms[0].kind",
        ),
        (
            "terms: [{term: x, pattern: '\\bx', why: y, alternatives: z, kind: person}]",
            "alternatives",
        ),
        ("just text", "expected a mapping with a list under 'terms'"),
        ("terms: [", "not valid YAML"),
    ],
)
def test_bad_lexicon_errors_name_the_file_and_field(tmp_path, content, message):
    """Does a broken lexicon fail with the file name, the entry and what was expected?"""
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_a_custom_lexicon_replaces_or_extends_the_default(tmp_path):
    """Can an organization's own lexicon be used instead of the default, or added to it?"""
    path = tmp_path / "org.yaml"
    path.write_text(
        "terms:\n  - {term: consumer, pattern: '\\bconsumers?\\b', why: Some dislike it.,"
        " alternatives: [person served], kind: person}\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    assert [
        m.term for m in find_stigmatizing_terms("A consumer and an addict.", lexicon=lexicon)
    ] == ["consumer"]


def test_fenced_blocks_and_triple_quotes_count_as_quoted():
    """Is a note shown in a fenced block or a triple-quoted string treated as quoted material?"""
    fenced = "Fix this note:\n```\nPatient is an addict.\n```\nThen the addict is gone."
    triple = 'note = """\nHe relapsed.\n"""\nhe relapsed'
    assert [m.span[0] for m in find_stigmatizing_terms(fenced)] == [fenced.rindex("addict")]
    assert [m.span[0] for m in find_stigmatizing_terms(triple)] == [triple.rindex("relapsed")]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        # ordinary idioms and terms of art: no finding
        ("You've been suffering with so much grief.", []),
        ("He suffered with back pain for years.", []),
        ("It's been a crazy week.", []),
        ("I was crazy busy this morning.", []),
        ("That noise drives me crazy.", []),
        ("Let's update your relapse prevention plan.", []),
        ("The relapse-prevention group meets Monday.", []),
        # the labels the module teaches against: still found
        ("She suffers from depression.", ["suffering from"]),
        ("He is suffering with a mental illness.", ["suffering from"]),
        ("That guy is crazy, stay away.", ["crazy / psycho / lunatic"]),
        ("He's crazy.", ["crazy / psycho / lunatic"]),
        ("They locked him in the crazy house.", ["crazy / psycho / lunatic"]),
        ("He relapsed after the funeral.", ["relapse"]),
    ],
)
def test_idioms_and_terms_of_art_pass_and_labels_do_not(text, terms):
    """Is "suffering with grief", "a crazy week" or "relapse prevention plan" left alone, while
    "suffers from depression", "he's crazy" and "he relapsed" are still found?"""
    assert [match.term for match in find_stigmatizing_terms(text)] == terms
