"""medspaCy's ConText against the project's offered-vs-mentioned sentence rules (issue 11, 7).

Only the sentence-level decision is swapped: ``crawler.extract.rules.rejected`` is replaced by
one built on ConText, and everything else (block rules, page kind, locations, hours) runs
unchanged, so any difference in the scores is ConText's.

ConText reads each sentence the claims step hands it, split again by pysbd (medspaCy's
``medspacy_pysbd``) so its scope is a proper sentence. Targets are our own vocabulary mentions
(``mentions.find``), labelled with their facet, as a span group (they may overlap). Modifiers
are medspaCy's default English rules plus the cue lists of cues.json where a ConText category
fits, negation forward and negation_after backward as in our rules, the rest both ways; the
clause breaks the project's rules use ("but", "however", ";", ":") end a scope.

Variants (``--variant``, default ``context``); results and the decision are in bench/CONTEXT.md:
  context  a mention is rejected when ConText modifies it (negated, hypothetical, other
           experiencer, historical, or the custom COMPARISON/ELSEWHERE); nothing else.
  hybrid   ConText replaces only the project's scope rules (negated, not_yet, comparison,
           elsewhere, help_applying, hypothetical, other_experiencer, biography); the rest of
           SENTENCE_RULES (question, compound, duration, definition, generic, coverage talk,
           ancillary free) stay as they are.
  project  the project's own rules, untouched (a baseline under the same interpreter).

Usage (run from the repository root, in a venv with medspacy and pysbd installed):
  python bench/context_compare.py [--variant V] [--prune] [--all-cues] crawl -o OUT --start-urls FILE
  python bench/context_compare.py [--variant V] realpages [--shared DIR]
  python bench/context_compare.py [--variant V] speed [GLOB ...]
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
import time
from functools import cache, lru_cache
from pathlib import Path

from carefinder.mentions import find
from crawler.extract import rules

# cues.json list -> ConText category, direction, and the target facets it may modify (None:
# all). Negation has a direction in our rules too; the other lists bind to their clause.
CUE_CATEGORIES = {
    "negation": ("NEGATED_EXISTENCE", "FORWARD", None),
    "negation_after": ("NEGATED_EXISTENCE", "BACKWARD", None),
    "not_yet": ("HYPOTHETICAL", "BIDIRECTIONAL", None),
    "hypothetical": ("HYPOTHETICAL", "BIDIRECTIONAL", None),
    "help_applying": ("HYPOTHETICAL", "BIDIRECTIONAL", None),
    "other_experiencer": ("FAMILY", "BIDIRECTIONAL", None),
    "biography": ("HISTORICAL", "BIDIRECTIONAL", None),
    "comparison": ("COMPARISON", "BIDIRECTIONAL", None),
    "elsewhere": ("ELSEWHERE", "BIDIRECTIONAL", None),
    "elsewhere_level": ("ELSEWHERE", "BIDIRECTIONAL", {"levels_of_care"}),
}
# ConText category -> the reason a rejected mention carries. POSSIBLE_EXISTENCE is left out:
# "may help with anxiety" is hedged, not negated, and the brief counts only these.
REASONS = {
    "NEGATED_EXISTENCE": "negated",
    "HYPOTHETICAL": "hypothetical",
    "FAMILY": "other_experiencer",
    "HISTORICAL": "historical",
    "COMPARISON": "comparison",
    "ELSEWHERE": "elsewhere",
}
# The project's rules that ConText stands in for in the hybrid variant.
SCOPE_RULES = {
    "negated",
    "not_yet",
    "comparison",
    "elsewhere",
    "help_applying",
    "hypothetical",
    "other_experiencer",
    "biography",
}
SPANS = "medspacy_spans"


def _cue_lists() -> dict[str, list[str]]:
    path = Path(rules.__file__).with_name("cues.json")
    return json.loads(path.read_text(encoding="utf-8"))


PRUNE_ON_TARGET_OVERLAP = [False]  # --prune sets it: drop modifiers inside a target's words
# --all-cues clears it: keep a cue that lies inside a longer one ("not" in "are not able to")
PRUNE_ON_MODIFIER_OVERLAP = [True]


@cache
def pipeline():
    """A blank English tokenizer, pysbd sentences and ConText with default + our cue rules."""
    import medspacy  # noqa: F401  (registers the medspacy_* factories)
    import spacy
    from medspacy.context import ConTextRule

    nlp = spacy.blank("en")
    nlp.add_pipe("medspacy_pysbd")
    context = nlp.add_pipe(
        "medspacy_context",
        config={
            "rules": "default",
            "input_span_type": "group",
            "span_group_name": SPANS,
            "prune_on_target_overlap": PRUNE_ON_TARGET_OVERLAP[0],
            "prune_on_modifier_overlap": PRUNE_ON_MODIFIER_OVERLAP[0],
        },
    )
    cues = _cue_lists()
    added = []
    for name, (category, direction, facets) in CUE_CATEGORIES.items():
        for i, fragment in enumerate(cues[name]):
            added.append(
                ConTextRule(
                    f"{name}:{i}",
                    category,
                    pattern=rf"(?<![\w-])(?:{fragment})(?![\w])",
                    direction=direction,
                    allowed_types=facets,
                )
            )
    added.append(ConTextRule("clause break", "CLAUSE", pattern=rules.CLAUSE.pattern,
                             direction="TERMINATE"))  # fmt: skip
    context.add(added)
    return nlp


@lru_cache(maxsize=50_000)  # the claims step asks once per mention; sentences repeat per site
def verdicts(sentence: str) -> dict[tuple[int, int, str], str]:
    """(start, end, slug) of each mention ConText modifies -> the reason, for one sentence."""
    nlp = pipeline()
    doc = nlp.make_doc(sentence)
    spans, keys = [], []
    for m in find(sentence):
        span = doc.char_span(m.start, m.end, label=m.facet, alignment_mode="expand")
        if span is not None:
            spans.append(span)
            keys.append((m.start, m.end, m.slug))
    if not spans:
        return {}
    doc.spans[SPANS] = spans
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    out = {}
    for key, span in zip(keys, doc.spans[SPANS], strict=True):
        reasons = [REASONS[mod.category] for mod in span._.modifiers if mod.category in REASONS]
        if reasons:
            out[key] = reasons[0]
    return out


def context_rejected(sentence, mention, voice=None) -> str | None:
    return verdicts(sentence).get((mention.start, mention.end, mention.slug))


def hybrid_rejected(sentence, mention, voice=None) -> str | None:
    ctx = rules.Context(sentence, mention, voice)
    for reason, test in rules.SENTENCE_RULES:
        if reason not in SCOPE_RULES and test(ctx):
            return reason
    return context_rejected(sentence, mention, voice)


VARIANTS = {"context": context_rejected, "hybrid": hybrid_rejected, "project": rules.rejected}


def speed(patterns: list[str]) -> int:
    """Page extraction time (the crawl pipeline's ``page_facts``) over every file matched:
    wall clock, CPU time of this process (steadier on a shared machine), and the CPU time spent
    inside the sentence decision (``rules.rejected``) alone."""
    from crawler.extract.page import page_facts

    files = sorted({p for pattern in patterns for p in glob.glob(pattern, recursive=True)})
    if not files:
        print(f"context_compare: error: no files match {' '.join(patterns)}", file=sys.stderr)
        return 2
    if rules.rejected is not VARIANTS["project"]:
        pipeline()  # load the model outside the clock
    decide, spent = rules.rejected, [0.0]

    def timed(sentence, mention, voice=None):
        started = time.process_time()
        try:
            return decide(sentence, mention, voice)
        finally:
            spent[0] += time.process_time() - started

    rules.rejected = timed
    wall, cpu, rule = [], [], []
    for path in files:
        content = Path(path).read_bytes().decode("utf-8", errors="replace")
        url = "http://127.0.0.1/" + Path(path).name
        spent[0], started, started_cpu = 0.0, time.perf_counter(), time.process_time()
        page_facts(content, url, "text/html")
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        rule.append(spent[0] * 1000)
    parts = [f"pages={len(files)}"]
    for name, times in (("wall", wall), ("cpu", cpu), ("rules_cpu", rule)):
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        parts.append(
            f"{name}_median_ms={statistics.median(times):.2f} {name}_p95_ms={p95:.2f} "
            f"{name}_max_ms={times[-1]:.1f}"
        )
    print("speed: " + " ".join(parts))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="context_compare", description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="context")
    parser.add_argument(
        "--prune",
        action="store_true",
        help="ConText's prune_on_target_overlap: a cue inside a mention ('family' in 'family "
        "therapy') modifies nothing",
    )
    parser.add_argument(
        "--all-cues",
        action="store_true",
        help="ConText's prune_on_modifier_overlap off: a forward 'not' inside a backward "
        "'are not able to' still counts",
    )
    parser.add_argument("command", choices=["crawl", "realpages", "speed"])
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the command")
    args = parser.parse_args(argv)
    PRUNE_ON_TARGET_OVERLAP[0] = args.prune
    PRUNE_ON_MODIFIER_OVERLAP[0] = not args.all_cues
    rules.rejected = VARIANTS[args.variant]  # claims.py calls rules.rejected at run time
    if args.command == "speed":
        return speed(args.args or ["../shared/devfarm/farm/site_*/**/*.htm*"])
    from carefinder_cli.main import main as carefinder

    if args.command == "crawl":
        return carefinder(["crawl", *args.args])
    return carefinder(["eval", "realpages", *args.args])


if __name__ == "__main__":
    sys.exit(main())
