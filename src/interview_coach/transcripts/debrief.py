"""A mock interview's debrief as a one-page Markdown report, drawn from the debrief document
stored with the session (`coaching.interview.Debrief.to_dict()`), so a round exported today
or a year from now reads as it did when it ended. Only the document's own words are used:
the rules it states are the ones that decided it."""

from __future__ import annotations

from interview_coach.bank.models import BAND_LABELS
from interview_coach.common.textfmt import clip, local_time, plural

SCHEMA = 1  # of the debrief document
REPLY_CHARS = 240  # a follow-up reply is quoted up to this long

_VERDICTS = {
    "closed": "closed the gap",
    "not_closed": "did not close the gap",
    "no_answer": "no answer",
    "not_judged": "nothing was missing, so not judged",
    "not_asked": "not asked",
}
_STANDING = (("strong", "Strong"), ("mixed", "Mixed"), ("weak", "Weak"))


def _line(text: str | None) -> str:
    return " ".join((text or "").split())


def _band(band: str) -> str:
    return BAND_LABELS.get(band, band)


def debrief_markdown(d: dict, heading: int = 1) -> str:
    """The report; `heading` is the level of its title (1 on its own, deeper inside a
    longer export)."""
    h = "#" * heading
    sub = "#" * (heading + 1)
    subsub = "#" * (heading + 2)
    qs = d.get("questions") or []
    out = [f"{h} Mock interview debrief: {_band(d.get('recommendation', ''))}", ""]
    aids = []
    if d.get("finished_at"):
        aids.append(local_time(d["finished_at"]))
    asked, planned = d.get("asked", len(qs)), d.get("planned", len(qs))
    minutes = d.get("minutes")
    aids.append(
        f"{asked} of {plural(planned, 'question')}"
        if asked != planned
        else plural(asked, "question")
    )
    if minutes:
        aids.append(f"{minutes:g} min each, {d.get('target_seconds', 60)} s target")
    level = d.get("level") or {}
    if level.get("target"):
        aids.append(
            f"target {level.get('target_title') or ''} ({level['target']})".replace("( ", "(")
        )
    out += [f"*{' · '.join(aids)}*", ""]
    if d.get("ended_early"):
        out += [f"The round ended early, after {plural(asked, 'question')} of {planned}.", ""]

    out += [f"{sub} Recommendation: {_band(d.get('recommendation', ''))}", ""]
    out += [f"- {_line(a)}" for a in d.get("applied") or []]
    out += ["", "How it is decided:", ""]
    out += [f"{n}. {_line(r)}" for n, r in enumerate(d.get("rules") or [], 1)]
    if d.get("follow_up_rule"):
        out += ["", f"Follow-ups: {_line(d['follow_up_rule'])}"]

    out += ["", f"{sub} Questions", ""]
    for n, q in enumerate(qs, 1):
        out += _question(q, n, subsub)

    comps = d.get("competencies") or []
    if comps:
        out += [f"{sub} Competencies", ""]
        for standing, title in _STANDING:
            names = [
                f"{c.get('name', c.get('category', ''))} ({_band(c.get('band', ''))})"
                for c in comps
                if c.get("standing") == standing
            ]
            if names:
                out.append(f"- **{title}:** {', '.join(names)}")
        out.append("")

    out += [f"{sub} Level", "", _line(level.get("message")) or "Not assessed.", ""]

    practise = d.get("practise_next") or []
    if practise:
        out += [f"{sub} Practise next (in your due queue now)", ""]
        for n, p in enumerate(practise, 1):
            out.append(f"{n}. {_line(p.get('text'))} *({p.get('question_id', '')})*")
        out.append("")
    if d.get("model"):
        out += [f"*Scored offline by Interview Coach with {d['model']}.*", ""]
    return "\n".join(out).rstrip() + "\n"


def _question(q: dict, n: int, h: str) -> list[str]:
    band, before = q.get("band", ""), q.get("answer_band", q.get("band", ""))
    title = f"{h} {n}. {_line(q.get('question'))}"
    aids = list(
        dict.fromkeys([q.get("question_id", ""), (q.get("category") or "").replace("-", " ")])
    )
    if q.get("core"):
        aids.append("core")
    if not q.get("answered", True):
        aids.append("no answer")
    elif q.get("seconds"):
        aids.append(f"{q['seconds']:.0f} s")
    if q.get("timed_out"):
        aids.append("time ran out")
    verdict = f"**Verdict: {_band(band)}**"
    if before != band:
        verdict += f" (the answer alone: {_band(before)})"
    out = [title, "", f"*{' · '.join(a for a in aids if a)}*", "", verdict, ""]
    for m in q.get("made") or []:
        out.append(f'- Made: {_line(m.get("label"))}: "{_line(m.get("sentence"))}"')
    for m in q.get("missed") or []:
        said = m.get("sentence")
        tail = f': "{_line(said)}" counts against it' if said else ""
        out.append(f"- Missed: {_line(m.get('label'))}{tail}")
    for f in q.get("red_flags") or []:
        out.append(f'- Red flag: {_line(f.get("label"))}: "{_line(f.get("sentence"))}"')
    if q.get("sounded"):
        out += ["", "How it sounded:", ""]
        out += [f"- {_line(line)}" for line in q["sounded"]]
    f = q.get("follow_up") or {}
    if f.get("question"):
        out += ["", f"Follow-up: *{_line(f['question'])}*"]
        if _line(f.get("answer")):
            out.append(f"> {clip(f['answer'], REPLY_CHARS)}")
        verdict_words = _VERDICTS.get(f.get("verdict", ""), f.get("verdict", ""))
        # The sentence that made (or denied) the point, when the reply had more than it.
        shown = f.get("evidence") and _line(f["evidence"]) != _line(f.get("answer"))
        evidence = f' ("{_line(f["evidence"])}")' if shown else ""
        out.append(f"Reply: {verdict_words}{evidence}.")
    if q.get("changed"):
        out += ["", _line(q["changed"])]
    out.append("")
    return out
