"""Benchmark check: the spellings a misspelt word finds in a filled database (bench/fill.py), so that a change of the
words' index or of its look-up can be shown to find the same ones.

Run: .venv/bin/python bench/spellings.py DATABASE_URL [--words 200] [--save FILE] [--compare FILE]
Misspells --words registry words (seeded: a letter changed, dropped, added or two swapped), asks
registry.services.search.spellings() for each, prints the median and p95 time of a look-up, and saves the spellings
found (JSON) or compares them with a saved run: the same spellings, the same spellings in another order (equally
alike words), or which were found only before or only now.
"""
import argparse
import json
import random
import statistics
import string
import time

import sqlalchemy as sa

from portal.app import create_app
from portal.extensions import db
from registry.services.search import spellings


def misspelt(words: list[str], count: int) -> list[str]:
    """Registry words with one typo each, the same ones for the same registry."""
    chance = random.Random(10)
    typed = []
    for word in chance.sample(words, min(count, len(words))):
        i = chance.randrange(len(word))
        letter = chance.choice(string.ascii_lowercase)
        swapped = word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]
        typed.append(chance.choice([word[:i] + letter + word[i + 1:], word[:i] + word[i + 1:],
                                    word[:i] + letter + word[i:], swapped]))
    return [w for w in typed if len(w) >= 4]


def compare(before: dict[str, list[str]], now: dict[str, list[str]]) -> None:
    same = sum(1 for w in now if now[w] == before.get(w))
    reordered = [w for w in now if now[w] != before.get(w) and set(now[w]) == set(before.get(w, []))]
    changed = [w for w in now if set(now[w]) != set(before.get(w, []))]
    print(f"same spellings: {same} of {len(now)}; same in another order: {len(reordered)}; different: {len(changed)}")
    for w in changed:
        before_only, now_only = sorted(set(before[w]) - set(now[w])), sorted(set(now[w]) - set(before[w]))
        print(f"  {w}: only before {before_only}, only now {now_only}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--save")
    parser.add_argument("--compare")
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url, "SECRET_KEY": "bench", "INSTANCE_PATH": "/tmp"})
    with app.app_context():
        words = sorted(db.session.scalars(sa.text("SELECT word FROM search_words WHERE length(word) >= 5")))
        found, timings = {}, []
        for word in misspelt([w for w in words if w.isalpha()], args.words):
            start = time.perf_counter()
            found[word] = spellings(word)[1:]
            timings.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    timings.sort()
    print(f"{len(words):,} registry words; {len(found)} misspelt words: look-up median "
          f"{statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms")
    if args.save:
        with open(args.save, "w") as out:
            json.dump(found, out, indent=0)
    if args.compare:
        with open(args.compare) as saved:
            compare(json.load(saved), found)


if __name__ == "__main__":
    main()
