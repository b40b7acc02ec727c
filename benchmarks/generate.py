"""Generate a synthetic guide folder for the benchmarks, deterministically.

The text is made of the sample letter's sentences, shuffled, with made-up
glossary terms (pronounceable pseudo-words) put into them. Every glossary
entry written occurs in the text; half the notes are anchored by a phrase that
occurs exactly once in the text, the other half by `paragraph:` number; the
questions refer to paragraphs; the timeline holds dated events.

The text depends only on the number of paragraphs and the seed, never on the
size of the glossary, notes, questions or timeline, so two guides with the
same paragraphs and different glossaries (case d) share the very same text.

    python benchmarks/generate.py OUT_FOLDER [--paragraphs 2000] [--size 1]
        [--glossary 2000] [--notes 500] [--questions 300] [--timeline 50] [--seed 1917]

`--size K` multiplies every count (paragraphs, glossary, notes, questions,
timeline): `--size 0.0625` is one sixteenth of the large guide in every part.
The folder's name is the guide's id. Output goes wherever you
point it; the benchmark runner uses build/benchmarks/ (not committed).
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEXT = ROOT / "source" / "letter-1917-10-24" / "letter.txt"

TERM_UNIVERSE = 2000  # the made-up terms the text can hold; a glossary lists the first N of them
_ONSETS = ["b", "br", "d", "dr", "f", "g", "gr", "k", "kr", "l", "m", "n", "p", "pr", "r", "s",
           "st", "t", "tr", "v", "vl", "z", "zh", "ch", "sk"]
_VOWELS = ["a", "e", "i", "o", "u", "ya", "ei", "ou"]
_CODAS = ["", "", "", "n", "r", "l", "s", "k", "v", "m"]
_SECOND = ["Accord", "Council", "Pact", "Front", "League", "Commission", "Decree", "Circle",
           "Bureau", "Assembly", "Union", "Theses", "Platform", "Group", "Brigade"]
_CATEGORIES = ["person", "organization", "event", "place", "concept"]
_GROUPS = ["Comprehension", "Context", "Interpretation", "Argument", "Discussion"]
_LINK_WORDS = ["the {}", "of the {}", "and {}", "with the {}", "by {}", "from the {}"]


def sample_sentences() -> list[str]:
    """The sentences of the sample letter (its text file), in order."""
    text = " ".join(SAMPLE_TEXT.read_text(encoding="utf-8").split())
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 3]


def make_terms(count: int = TERM_UNIVERSE, seed: int = 1917) -> list[str]:
    """`count` distinct made-up terms: one capitalised pseudo-word, a third of them
    followed by a common noun ("Vlorek Accord"). First words are all distinct."""
    rng = random.Random(f"{seed}-terms")
    seen: set[str] = set()
    terms: list[str] = []
    while len(terms) < count:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 3)))
        word += rng.choice(_CODAS)
        word = word.capitalize()
        if word.casefold() in seen:
            continue
        seen.add(word.casefold())
        terms.append(f"{word} {rng.choice(_SECOND)}" if rng.random() < 1 / 3 else word)
    return terms


def make_paragraphs(count: int, seed: int, terms: list[str]) -> list[str]:
    """`count` paragraphs of about 110 words; the first min(count, len(terms))
    terms each occur at least once, spread evenly, plus Zipf-like extra occurrences."""
    rng = random.Random(f"{seed}-text-{count}")
    sentences = sample_sentences()
    used = min(count, len(terms))
    guaranteed: dict[int, list[int]] = {}
    for t in range(used):
        guaranteed.setdefault(t * count // used, []).append(t)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(used)]
    paragraphs = []
    for number in range(count):
        if rng.random() < 0.06:
            chosen = [rng.choice(sentences)]  # an occasional one-line paragraph
        else:
            chosen = [rng.choice(sentences) for _ in range(rng.randint(2, 6))]
        words = " ".join(chosen).split()
        inserts = guaranteed.get(number, []) + rng.choices(range(used), weights, k=rng.choice([0, 1, 1, 2, 3]))
        # Places are chosen in the paragraph's own words and filled from the end, so
        # no insertion lands inside an earlier one (which would split a two-word term).
        places = sorted(((rng.randint(1, len(words) - 1), t) for t in inserts), reverse=True)
        for at, t in places:
            words[at:at] = rng.choice(_LINK_WORDS).format(terms[t]).split()
        paragraphs.append(" ".join(words))
    return paragraphs


def _prose(rng: random.Random, sentences: list[str], low: int, high: int) -> str:
    text = " ".join(rng.choice(sentences) for _ in range(rng.randint(low, high)))
    if rng.random() < 0.3:  # some inline markup, as editors write it
        words = text.split()
        k = rng.randrange(len(words))
        if words[k][-1].isalnum() and words[k][0].isalnum():
            words[k] = f"*{words[k]}*"
        text = " ".join(words)
    return text


def _unique_anchor(rng: random.Random, paragraph: str, whole: str) -> str | None:
    """A run of 4 to 7 words of `paragraph` that occurs exactly once in `whole`."""
    words = paragraph.split()
    for _ in range(12):
        length = min(len(words), rng.randint(4, 7))
        start = rng.randint(0, len(words) - length)
        phrase = " ".join(words[start:start + length])
        if whole.count(phrase) == 1:
            return phrase
    return None


def generate(out: Path, paragraphs: int = 2000, glossary: int = 2000, notes: int = 500,
             questions: int = 300, timeline: int = 50, size: float = 1.0, seed: int = 1917) -> Path:
    """Write the guide folder `out` (replacing it); returns it."""
    paragraphs = max(1, round(paragraphs * size))
    glossary, notes, questions, timeline = (round(n * size) for n in (glossary, notes, questions, timeline))
    terms = make_terms(TERM_UNIVERSE, seed)
    if glossary > min(paragraphs, len(terms)):
        raise SystemExit(f"--glossary {glossary}: at most {min(paragraphs, len(terms))} entries fit "
                         f"{paragraphs} paragraphs (each entry must occur in the text)")
    texts = make_paragraphs(paragraphs, seed, terms)
    sentences = sample_sentences()
    whole = "\n".join(texts)

    rng = random.Random(f"{seed}-glossary-{glossary}")
    entries = []
    for t in range(glossary):
        entry = {"term": terms[t], "category": rng.choice(_CATEGORIES),
                 "definition": _prose(rng, sentences, 1, 3)}
        if glossary > 1 and rng.random() < 0.25:
            others = [k for k in rng.sample(range(glossary), min(glossary, 3)) if k != t][:2]
            if others:
                entry["see"] = [terms[k] for k in others]
        entries.append(entry)

    rng = random.Random(f"{seed}-notes-{paragraphs}-{notes}")
    note_items = []
    for _ in range(notes):
        number = rng.randint(1, paragraphs)
        item: dict = {}
        anchor = _unique_anchor(rng, texts[number - 1], whole) if rng.random() < 0.5 else None
        if anchor is not None:
            item["anchor"] = anchor
        else:
            item["paragraph"] = number
        if rng.random() < 0.7:
            item["title"] = " ".join(rng.choice(terms[:max(glossary, 1)]).split()[:1] +
                                     [rng.choice(_SECOND).lower()])
        item["text"] = _prose(rng, sentences, 1, 2)
        note_items.append(item)

    rng = random.Random(f"{seed}-questions-{paragraphs}-{questions}")
    question_items = []
    for _ in range(questions):
        item = {"group": rng.choice(_GROUPS),
                "prompt": _prose(rng, sentences, 1, 2).rstrip(".!") + "?",
                "refs": sorted(rng.sample(range(1, paragraphs + 1), min(paragraphs, rng.randint(1, 3))))}
        if rng.random() < 0.5:
            item["lines"] = rng.randint(2, 6)
        if rng.random() < 0.5:
            item["answer"] = _prose(rng, sentences, 1, 3)
        question_items.append(item)
    question_items.sort(key=lambda q: _GROUPS.index(q["group"]))

    rng = random.Random(f"{seed}-timeline-{timeline}")
    events = []
    day = datetime.date(1917, 1, 1)
    for k in range(timeline):
        day += datetime.timedelta(days=rng.randint(1, 9))
        event = {"date": day.isoformat(), "event": _prose(rng, sentences, 1, 2)}
        if rng.random() < 0.5:
            event["label"] = day.strftime("%d %b %Y")
        events.append(event)

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    meta = {
        "title": f"Benchmark guide {out.name}",
        "subtitle": "A generated study guide",
        "author": "guidebuilder benchmarks",
        "dateline": "1917",
        "language": "en-GB",
        "source": "Generated from the sentences of the sample letter; not a real text.",
        "introduction": "\n\n".join(_prose(rng, sentences, 2, 4) for _ in range(2)),
        "text": "text.txt",
        "paragraphs": "blank-lines",
    }

    def dump(name: str, data) -> None:
        (out / name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
                                encoding="utf-8")

    dump("guide.yaml", meta)
    (out / "text.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    dump("glossary.yaml", entries)
    dump("notes.yaml", note_items)
    dump("questions.yaml", question_items)
    dump("timeline.yaml", events)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the guide folder to write (replaced if it exists)")
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--size", type=float, default=1.0,
                        help="multiplies every count (default 1)")
    parser.add_argument("--glossary", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--timeline", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1917)
    args = parser.parse_args()
    folder = generate(args.out, args.paragraphs, args.glossary, args.notes, args.questions,
                      args.timeline, args.size, args.seed)
    print(folder)


if __name__ == "__main__":
    main()
