"""Turn classified lines into removals and the records they produce.

The steps run in a fixed order, each over the lines the earlier ones left:
galleries, lines with a credit, credits inside lines, labelled captions,
widget labels glued to a line's end, and copies of captions.  Precision
first: a line is removed only on positive evidence (a parsed credit, a
widget label, a duplicate beside a credit or label, a gallery run).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Final

import regex

from captionfix.detection.scan import PROSE, LineInfo
from captionfix.lines import LineTable, ends_sentence, rstrip_at
from captionfix.records import Span  # noqa: TC001 - compiled code checks the type at run time
from captionfix.rules.captions import caption_key, caption_like
from captionfix.rules.credits.locate import GALLERY_MIN, FoundCredit, photo_only
from captionfix.rules.credits.parse import BYLINE
from captionfix.rules.media_labels import slideshow
from captionfix.vocab import key
from captionfix.widgets import (
    CAPTION_LABEL_LINES,
    COUNTER_SUFFIX,
    DURATION_SUFFIX,
    EXPANDER_WORDS,
    GALLERY_COUNTER_END,
    PLAY,
    SHARE_WORDS,
    WIDGET_BUTTON,
    strip_widget_tail,
)

# what parts a name from its agency in a credit line that is no byline
_CREDIT_LINE_SEPARATOR: Final = regex.compile(r"[ ]\|[ ]|\w—\w|[ ][–—-][ ]|[ ]for[ ]\p{Lu}")
_CAPTION_MIN_WORDS: Final = 4  # above a credit line of a weaker form: no name in a list
_LONE_TAGGED_MAX: Final = 220  # a caption closed by a bare tag is short


def _bare_copy_before(text: str, line_start: int, at: int, caption: str) -> int:
    """Where a bare copy of *caption* ends just before *at* begins (``X. X (Photo: …)``), or -1."""
    end = rstrip_at(text, line_start, at)
    if len(caption) < 20:
        return -1
    for tail in (caption, caption + ".", caption.rstrip(".")):
        if tail and text.endswith(tail, line_start, end):
            start = end - len(tail)
            if start == line_start or text[start - 1] == " ":
                return start - (start > line_start)
    return -1


def _paragraph(body: str) -> bool:
    """Whether a line reads as a paragraph of prose: long, or a full sentence of some length."""
    return len(body) >= 100 or (len(body) >= 50 and body.endswith((".", "!", "?", ":", '"', "”")))


class Plan:
    """The decisions of one pass: removals and the records they produce."""

    def __init__(self) -> None:
        """Start an empty plan."""
        self.removals: list[tuple[int, int, str]] = []  # (start, end, rule)
        self.captions: list[tuple[str, FoundCredit | None, Span, str]] = []
        self.credits: list[FoundCredit] = []
        # removals the cap does not count: gallery lines (structure) and captions
        # closed by a strong credit (a credited caption is not an unsure removal)
        self.sure: set[Span] = set()


class Decider:
    """Turns classified lines into removals and records (one per :func:`detect` call).

    The steps run in a fixed order, each over the lines the earlier ones left:
    galleries, lines with a credit, credits inside lines, labelled captions,
    labels glued to a line's end, and copies of captions.
    """

    def __init__(  # noqa: PLR0913, PLR0917 - what scan found, as it found it
        self,
        text: str,
        lines: LineTable,
        info: list[LineInfo],
        classified: list[int],
        heads: list[str],
        bodies: list[str],
    ) -> None:
        """Take what :func:`~captionfix.detection.scan.scan_lines` found, as it found it."""
        self.text = text
        self.lines = lines
        self.info = info
        self.heads = heads
        self.bodies = bodies  # each line stripped
        self.classified = classified  # the lines scan looked at closely; others are plain prose
        self.plan = Plan()
        self.taken = [False] * len(lines)
        self.nonblank = [i for i, x in enumerate(info) if x.kind != "blank"]
        self.order = {i: n for n, i in enumerate(self.nonblank)}

    def run(self) -> Plan:
        """Make every decision; return the plan."""
        self.galleries()
        self.slideshows()
        self.labelled_inline()
        self.credited()
        self.inline()
        self.labelled()
        self.glued_labels()
        self.duplicates()
        return self.plan

    # --- helpers ----------------------------------------------------------------

    def neighbour(self, i: int, step: int) -> int | None:
        """The non-blank line *step* places from line *i*, if any."""
        n = self.order[i] + step
        return self.nonblank[n] if 0 <= n < len(self.nonblank) else None

    def body(self, i: int) -> str:
        """The text of line *i* that a caption would hold (labels and credit left out)."""
        x = self.info[i]
        if x is PROSE:
            return self.bodies[i]
        return self.text[x.body_start : x.body_end]

    def in_word_list(self, i: int) -> bool:
        """Whether line *i* stands in a list of words, or opens a markup directive.

        A widget label stands among prose, captions or other widget labels;
        between two short lines that are none of these (``PIZZA``, ``PLACE``)
        it is an entry of a list.
        """
        if self.bodies[i].startswith(".. "):
            return True  # a reStructuredText directive (".. image::")
        around = [self.neighbour(i, -1), self.neighbour(i, 1)]
        return all(
            n is not None
            and self.info[n].kind == "prose"
            and len(self.bodies[n]) <= 24
            and len(self.bodies[n].split()) <= 2
            for n in around
        )

    def line_span(self, i: int) -> Span:
        """Where line *i* begins and where the next begins."""
        return self.lines[i][0], self.lines[i][2]

    def remove_line(self, i: int, rule: str) -> None:
        """Remove line *i* whole, for *rule*."""
        self.taken[i] = True
        s, e = self.line_span(i)
        self.plan.removals.append((s, e, rule))

    def caption(self, i: int, found: FoundCredit | None, how: str) -> None:
        """Remove line *i* as a caption whose text is the line's body."""
        self.remove_line(i, "captions")
        self.plan.captions.append((self.body(i), found, self.line_span(i), how))
        if found:
            self.plan.credits.append(found)
            if found.strong:
                self.plan.sure.add(self.line_span(i))

    def credit_only(self, i: int, found: FoundCredit, until: int = -1) -> None:
        """Remove a credit glued to or closing a prose line; the prose stays."""
        text = self.text
        line = self.lines[i]
        s, e = found.start, max(found.end, until)
        line_end = rstrip_at(text, line[0], line[1])
        if not text[e:line_end].strip(". \t\u00a0"):
            e = line_end  # the credit's own full stop goes with it
        if s > line[0] and text[s - 1] in " \u00a0":
            s -= 1  # and one space before it
        self.plan.removals.append((s, e, "credits"))
        self.plan.credits.append(found)

    # --- steps ------------------------------------------------------------------

    def galleries(self) -> None:
        """A run of three or more short tab-terminated lines: gallery thumbnails.

        A line with a tab inside is a table row, not a thumbnail.
        """
        text, lines, info = self.text, self.lines, self.info

        def thumbnail(i: int) -> bool:
            s, e = lines[i][:2]
            return (
                e > s
                and text[e - 1] == "\t"
                and info[i].kind == "prose"
                and text.find("\t", s, rstrip_at(text, s, e)) < 0
                and caption_like(text[s:e], strong=False)
            )

        runs: list[list[int]] = []
        for i in self.classified:  # tab-terminated lines are always classified
            if thumbnail(i):
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
        for run in runs:
            if len(run) >= 3:
                for j in run:
                    self.caption(j, None, "gallery")
                    self.plan.sure.add(self.line_span(j))

    def credited(self) -> None:
        """Lines that end with (or are) a credit.

        A bare agency in parentheses, ``… in Surabaya (EPA)``, is a weak credit:
        it is also how prose tags a politician's state (``Rodrigues (AP)``) or a
        source (``… in a statement (Reuters)``).  It makes a caption only after a
        video label, or on a page that closes two or more lines with
        parenthesised credits (a house style, not a one-off) -- but not in a
        list: where weak tags close lines next to each other, or most lines of
        the text, they tag the items of a digest (``… in Beijing (Xinhua)``).
        """
        paren_tails = 0
        weak: set[int] = set()
        for i in self.classified:
            credit = self.info[i].credit
            if self.info[i].kind == "captioned" and credit and self.text[credit.end - 1] == ")":
                paren_tails += 1
                if not credit.strong:
                    weak.add(i)
        listed = 2 * len(weak) > len(self.nonblank)
        dashed = 0
        for i in self.classified:
            tail = self.info[i].credit
            if tail is not None and not tail.strong and self.after_dash(tail):
                dashed += 1
        for i in self.classified:
            x = self.info[i]
            if self.taken[i] or x.credit is None or x.kind == "media_label":
                continue  # a label line's credit belongs to the caption under it
            found = x.credit
            if x.kind == "credit_line":
                self.credit_line(i, found)
                continue
            body = self.body(i)
            prev = self.neighbour(i, -1)
            after_video = prev is not None and (
                self.info[prev].widget == "play"
                or PLAY.search(self.text, self.lines[prev][0], self.lines[prev][1]) is not None
            )
            strong = found.strong or after_video
            weak_ok = strong or (
                paren_tails >= 2
                and not ends_sentence(body)
                and not listed
                and (i - 1) not in weak
                and (i + 1) not in weak
            )
            if not weak_ok and len(weak) == 1 and i in weak:
                weak_ok = self.lone_tagged_caption(i, found, body)
            elif not weak_ok and dashed == 1 and self.after_dash(found):
                # "… a Palazzo Chigi – LaPresse": a page title ends so too, so only
                # a line between paragraphs (a headline has no stop: none needed here)
                weak_ok = self.lone_tagged_caption(i, found, body, stop=False)
            if found.featured:
                self.credit_only(i, found)
            elif (
                weak_ok
                and caption_like(body, strong=strong)
                and (found.strong or i > 0)
                and not BYLINE.match(body)  # "By Jane Roe | Reuters"
            ):
                self.caption(i, found, "credited")
            elif found.strong and found.label_start >= 0 and len(body) > 650:
                self.credit_only(i, found)  # a credit glued to the end of a long paragraph

    def after_dash(self, found: FoundCredit) -> bool:
        """Whether a dash parts *found* from the words before it (``… Chigi – LaPresse``)."""
        p = rstrip_at(self.text, 0, found.start)
        return self.text[p - 1 : p] in ("–", "—")

    def lone_tagged_caption(
        self, i: int, found: FoundCredit, body: str, *, stop: bool = True
    ) -> bool:
        """Whether the one line closed by a bare tag (``… Kremlin. (TASS)``) is a caption.

        It is when it stands alone between two paragraphs of prose, inside the
        story (not its first or last lines), is one or two short sentences
        (with their full stop: a headline has none), and its tag names an agency
        of the vocabulary.  A story's own source tag
        closes its last paragraph; a digest tags many lines.
        """
        if not found.parsed.vocab_agencies or len(body) > _LONE_TAGGED_MAX or self.head_line(i):
            return False
        if stop and not ends_sentence(body):
            return False  # "Aid appeal launched for Djibouti (Xinhua)": a headline, not a caption
        before, after = self.neighbour(i, -1), self.neighbour(i, 1)
        if before is None or after is None:
            return False
        return (
            _paragraph(self.body(before))
            and _paragraph(self.body(after))
            and len(self.body(before)) > len(body)
            and len(self.body(after)) > len(body)
        )

    def credit_line(self, i: int, found: FoundCredit) -> None:
        """A line that is nothing but a credit; it may belong to the caption beside it."""
        if self.info[i].widget == "credit":
            # "Enlarge this image toggle caption Name/AP Name/AP": the widget printed
            # the credit, and the caption was not scraped
            self.remove_line(i, "credits")
            self.plan.credits.append(found)
            return
        if not found.strong and found.label_start < 0:
            return  # "(Reuters)" alone on a line is a story-source tag, not a credit
        raw = self.text[found.start : found.end]
        needs_caption = False
        if found.label_start < 0 and not (raw.isupper() or raw.startswith("(") or "/" in raw):
            # "Jane Roe, Associated Press" alone on a line is a byline; "Jane Roe |
            # Getty Images", "Jane Roe—Getty Images", "Jane Roe - Anadolu Agency" are
            # no byline's form, and a picture agency takes no bylines: those are
            # credits, but only under a caption
            if not (_CREDIT_LINE_SEPARATOR.search(raw) or photo_only(found.parsed)):
                return
            needs_caption = True
        info = self.info
        nxt = self.neighbour(i, 1)
        if nxt is not None and nxt == i + 1 and not self.taken[nxt]:
            y = info[nxt]
            if y.kind == "prose" and y.widget == "caption":  # credit, then "Image caption X"
                self.remove_line(i, "captions")
                self.caption(nxt, found, "labelled")
                return
            if y.kind == "media_label" and key(self.body(nxt)) in CAPTION_LABEL_LINES:
                y.credit = found  # the caption under the label line takes this credit
                self.remove_line(i, "captions")
                self.plan.credits.append(found)
                return
        caps_above = raw.isupper() and found.label_start < 0
        # the caption is under a caps credit line, or above a labelled credit line;
        # a caps credit line may also close the caption above it ("JANE ROE AFP")
        cands = [nxt, self.neighbour(i, -1)] if caps_above else [self.neighbour(i, -1)]
        for cand in cands:
            if (
                cand is not None
                and abs(cand - i) == 1
                and not self.head_line(cand)
                and not self.taken[cand]
                and info[cand].kind == "prose"
                and info[cand].widget_end < 0
            ):
                body = self.body(cand)
                if (
                    caption_like(body, strong=False)
                    and (caps_above or needs_caption or not ends_sentence(body))
                    and not (
                        needs_caption
                        # a caption is a sentence of some length: not a name in a
                        # list, nor a headline above its byline
                        and (len(body.split()) < _CAPTION_MIN_WORDS or not ends_sentence(body))
                    )
                ):
                    self.remove_line(i, "captions")
                    self.caption(cand, found, "credited")
                    return
        if needs_caption:
            return
        self.remove_line(i, "credits")
        self.plan.credits.append(found)

    def slideshows(self) -> None:
        """Slideshows in one paragraph: ``Photos: <title> <caption> Hide Caption 1 of 9 …``."""
        text = self.text
        for i in self.classified:
            if self.taken[i] or "Caption " not in self.bodies[i]:
                continue
            s, e, _ = self.lines[i]
            slides = slideshow(text, s, e)
            if not slides:
                continue
            self.taken[i] = True
            prev = -1
            for title_start, caption_start, caption_end, counter_end in slides:
                lead = prev if prev >= 0 else rstrip_at(text, s, title_start)
                for span in ((lead, caption_start), (caption_end, counter_end)):
                    self.plan.removals.append((*span, "media_labels"))
                    self.plan.sure.add(span)
                self.plan.removals.append((caption_start, caption_end, "captions"))
                self.plan.sure.add((caption_start, caption_end))
                body = text[caption_start:caption_end]
                self.plan.captions.append((body, None, (caption_start, caption_end), "labelled"))
                prev = counter_end

    def labelled_inline(self) -> None:
        """Caption labels run into a paragraph: ``… Image copyright PA Image caption X. …``."""
        for i in self.classified:
            runs = self.info[i].labelled_inline
            if self.taken[i] or not runs:
                continue
            for run in runs:
                span = (run.start, run.end)
                self.plan.removals.append((*span, "captions"))
                self.plan.sure.add(span)
                body = self.text[run.caption_start : run.end]
                self.plan.captions.append((body, run.credit, span, "labelled"))
                if run.credit is not None:
                    self.plan.credits.append(run.credit)
            self.info[i].inline = [
                f for f in self.info[i].inline if not any(r.start <= f.start < r.end for r in runs)
            ]

    def inline(self) -> None:
        """Credits inside a line (``Foto: Divulgação``), with a caps title run in before them."""
        text = self.text
        for i in self.classified:
            if self.taken[i]:
                continue
            inline = self.info[i].inline
            for found in inline:
                end = found.end
                button = WIDGET_BUTTON.match(text, end)
                if button:
                    end = button.end()  # the widget's "+" button
                if found is inline[-1] and len(inline) >= GALLERY_MIN:
                    counter = GALLERY_COUNTER_END.match(text, end, self.lines[i][1])
                    if counter:  # the gallery's "1 / 33" after its last credit
                        self.plan.removals.append((end, counter.end(), "media_labels"))
                if found.caption_at < 0:
                    self.credit_only(i, found, until=end)
                    continue
                start = found.caption_at - (text[found.caption_at - 1 : found.caption_at] == " ")
                title = text[found.caption_at : rstrip_at(text, found.caption_at, found.start)]
                copy = _bare_copy_before(text, self.lines[i][0], start, title)
                if copy >= 0:  # "X. X (Photo: …)": the bare copy, then the credited one
                    self.plan.removals.append((copy, end, "captions"))
                    self.plan.captions.append((title, found, (copy, start), "duplicate"))
                    self.plan.captions.append((title, found, (start, end), "credited"))
                else:
                    self.plan.removals.append((start, end, "captions"))
                    self.plan.captions.append((title, found, (start, end), "credited"))
                self.plan.credits.append(found)

    def labelled(self) -> None:
        """``Image caption`` line + caption line, ``Image caption X``, ``1 of 4. X``."""
        info = self.info
        for i in self.classified:
            x = info[i]
            if self.taken[i]:
                continue
            if x.kind == "media_label":
                nxt = self.neighbour(i, 1)
                if (
                    key(self.body(i)) in CAPTION_LABEL_LINES
                    and nxt is not None
                    and not self.taken[nxt]
                    and info[nxt].kind == "prose"
                    and caption_like(self.body(nxt), strong=True)
                ):
                    above = info[i - 1].credit if i and info[i - 1].credit else x.credit
                    self.caption(nxt, above, "labelled")
                elif self.in_word_list(i):
                    continue  # "PLAY" in a list of words, ".. image::" in a document
                self.remove_line(i, "media_labels")
            elif (
                x.kind == "prose"
                and x.widget in ("caption", "counter")
                and caption_like(self.body(i), strong=True)
            ):
                self.caption(i, None, "labelled")

    def glued_labels(self) -> None:
        """``Play Video0:56`` and gallery counters glued to the end of a line."""
        text = self.text
        for i in self.classified:
            x = self.info[i]
            if self.taken[i] or x.kind == "blank":
                continue
            s, e = x.body_start, rstrip_at(text, self.lines[i][0], self.lines[i][1])
            if not text[e - 1 : e].isdigit():
                continue
            m = PLAY.search(text, s, e) or COUNTER_SUFFIX.search(text, s, e)
            if m and m.start() > s:
                self.plan.removals.append((rstrip_at(text, s, m.start()), m.end(), "media_labels"))

    def duplicates(self) -> None:
        """Copies of a caption next to each other.

        Bare and credited, truncated, with a duration, around a widget label, or
        two short identical lines that are not sentences.
        """
        info = self.info
        keys: dict[int, str] = {}

        def full_key(i: int) -> str:
            found = keys.get(i)
            if found is None:
                body = self.body(i)
                found = keys[i] = (
                    "" if len(body) > 700 else caption_key(strip_widget_tail(body))
                )  # too long
            return found

        seq = [i for i in self.nonblank if info[i].kind != "media_label"]
        # copies of a caption begin alike: compare the heads of lines first
        heads = [self.heads[i] for i in seq]
        # the lines whose head recurs one or two lines on (found by comprehensions)
        alike = {n for n, (a, b) in enumerate(pairwise(heads)) if a == b}
        alike.update(n for n, (a, b) in enumerate(zip(heads, heads[2:], strict=False)) if a == b)
        for n in sorted(alike):
            i = seq[n]
            for m in (n + 1, n + 2):
                if m >= len(seq) or heads[m] != heads[n]:
                    continue
                # no limit on the blank lines between: the normal form folds them,
                # and the verdict must not change when it has (idempotence)
                j = seq[m]
                if not self.prefixes_agree(i, j):
                    continue
                a, b = full_key(i), full_key(j)
                if len(a) < 8 or len(b) < 8:
                    continue
                same = a == b
                truncated = (
                    not same and min(len(a), len(b)) >= 20 and (a.startswith(b) or b.startswith(a))
                )
                if not (same or truncated):
                    continue
                between = [k for k in range(i + 1, j) if info[k].kind != "blank"]
                if any(info[k].kind != "media_label" and len(self.body(k)) > 40 for k in between):
                    continue
                if not self.duplicate_signal(i, j, between, same=same, size=len(a)):
                    continue
                for k in (i, j):
                    if not self.taken[k] and caption_like(self.body(k), strong=True):
                        self.caption(k, info[k].credit, "duplicate")
                break

    def prefixes_agree(self, i: int, j: int) -> bool:
        """A cheap necessary test for two lines' caption keys to be equal or one a prefix.

        A key drops only a tail widget (duration, counter, expander, share bar)
        from the line; on a line of more than 100 characters that does not end
        with a share word, that tail cannot reach the first 40, so their key is
        a prefix of the line's key.
        """
        pre = []
        for k in (i, j):
            body = self.body(k)
            if len(body) <= 100 or len(body) > 700 or body.endswith(SHARE_WORDS):
                return True  # no cheap answer: compare the whole keys
            pre.append(caption_key(body[:40]))
        m = min(len(pre[0]), len(pre[1]))
        return pre[0][:m] == pre[1][:m]

    def duplicate_signal(
        self, i: int, j: int, between: list[int], *, same: bool, size: int
    ) -> bool:
        """Whether two like lines are copies of a caption rather than repeated prose."""
        if self.taken[i] or self.taken[j]:
            return True  # one copy is a caption already (it had a credit or a label)
        if DURATION_SUFFIX.search(self.text[self.lines[j][0] : self.lines[j][1]].rstrip()):
            return True  # a video title and its copy with the running time
        if any(self.info[k].kind == "media_label" for k in between):
            return True  # around a widget label
        if self.body(i).endswith(EXPANDER_WORDS) or self.body(j).endswith(EXPANDER_WORDS):
            return True  # a caption widget's "Read More" / "Close" copy
        if (self.info[i].credit or self.info[j].credit) and size <= 320:
            return True  # a line and its copy closed by a credit, even a bare "(Reuters)"
        # Two identical short lines that are not sentences: a caption printed twice
        # stands between paragraphs of prose.  Repetition alone is no evidence --
        # refrains, chorus lines, repeated headlines, dates and navigation words
        # repeat too, but among short lines (verse, lists, page furniture).
        if not same or i <= 1 or size > 120 or ends_sentence(self.body(i)):
            return False
        if self.body(i).endswith((",", ";")):
            return False  # a line of verse
        return self.among_paragraphs(i, j)

    def head_line(self, i: int) -> bool:
        """Whether line *i* opens the text: its first line, or the second under a headline.

        A headline and a standfirst above a lead image's credit line are not its caption.
        """
        n = self.order[i]
        if n == 0:
            return True
        first = self.nonblank[0]
        return n == 1 and not _paragraph(self.body(first))

    def among_paragraphs(self, i: int, j: int) -> bool:
        """Whether the lines around the pair *i*, *j* are prose paragraphs (or the text's end)."""
        sides = (self.neighbour(i, -1), self.neighbour(j, 1))
        prose = [k for k in sides if k is not None and _paragraph(self.body(k))]
        return len(prose) == 2 or (len(prose) == 1 and None in sides)
