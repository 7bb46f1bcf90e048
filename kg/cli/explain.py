"""kg explain: print every mention of an article with its sentence offsets and rule."""
from __future__ import annotations

from pathlib import Path

from .common import formatter
from .main import UserError

EPILOG = """example:
  kg explain seeds/*.txt | grep first_last"""


def register(sub) -> None:
    p = sub.add_parser("explain", help="print every mention of an article with its offsets and rule",
                       epilog=EPILOG, formatter_class=formatter())
    p.add_argument("articles", nargs="+", type=Path, metavar="ARTICLE", help="article .txt files")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..events.extract import extract
    from ..ingest.articles import BadInput, read_article

    for path in args.articles:
        try:
            article = read_article(path)
        except BadInput as e:
            raise UserError(f"{path}: {e}") from None
        if len(args.articles) > 1:
            print(f"# {article.id}")
        explain(extract(article))
    return 0


def explain(facts) -> None:
    """One line per mention, role and event: what, where in the text, which rule."""
    for m in facts.mentions:
        ev = m.evidence
        print(f"{m.kind:<7} {m.name:<45} {ev.start:>6}-{ev.end:<6} {ev.rule:<20} {ev.quote!r}")
    for r in facts.roles:
        where = r.org or r.place or ""
        print(f"role    {r.person} — {r.title} ({where})  [{r.evidence.rule}] {r.evidence.quote!r}")
    for e in facts.events:
        print(f"event   {e.type:<10} {e.label}  date={e.date}  [{e.evidence.rule}] {e.evidence.quote!r}")
