"""Arrow batches: :func:`clean_batch` and :func:`clean_table` (extra ``arrow``).

The shared core of the pipeline integrations (``docs/pipelines.md``): Ray Data,
Dask, Hugging Face ``datasets`` and the datatrove Parquet schema all use the
types declared here, so a record has one Arrow form wherever it is written.

:func:`clean_batch` cleans each text with :func:`captionfix.clean` and builds
the Arrow columns of the records directly (offsets and flat child values),
never through :func:`captionfix.as_dict`, whose dictionaries would cost more
than the conversion they feed.  Every field has an explicit type: spans are
``list<list<int64>>`` (not fixed-size lists, which Spark rejects), counts and
offsets ``int64``, and a null text gives a null row whose fields are null too.

>>> from captionfix.arrow import clean_batch
>>> rows = clean_batch(["Kirby said“We will.”", None])
>>> rows[0]["text"].as_py(), rows[0]["changed"].as_py(), rows[1].as_py()
('Kirby said “We will.”', True, None)

``rows[i].as_py()`` is :func:`captionfix.as_dict` of the same result plus
``changed`` (``tests/test_arrow.py`` checks them field by field).
"""

from __future__ import annotations

from itertools import accumulate
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from captionfix.pipeline import clean

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from captionfix.config import Config
    from captionfix.records import Credit

__all__ = [
    "CAPTION_TYPE",
    "CREDIT_TYPE",
    "EDIT_TYPE",
    "RECORDS_TYPE",
    "RESULT_TYPE",
    "SPANS_TYPE",
    "clean_batch",
    "clean_table",
]

#: Spans ``[[start, end], ...]``: variable-size lists, as Spark and Parquet readers expect.
SPANS_TYPE = pa.list_(pa.list_(pa.int64()))
_STRINGS = pa.list_(pa.string())

#: A credit line (:class:`captionfix.Credit`).
CREDIT_TYPE = pa.struct(
    [
        pa.field("raw", pa.string()),
        pa.field("creators", _STRINGS),
        pa.field("agencies", _STRINGS),
        pa.field("distributors", _STRINGS),
        pa.field("flags", _STRINGS),
        pa.field("spans", SPANS_TYPE),
    ]
)

#: A caption (:class:`captionfix.Caption`); ``credit`` is null when it has none.
CAPTION_TYPE = pa.struct(
    [
        pa.field("text", pa.string()),
        pa.field("credit", CREDIT_TYPE),
        pa.field("spans", SPANS_TYPE),
        pa.field("count", pa.int64()),
        pa.field("rule", pa.string()),
    ]
)

#: An edit (:class:`captionfix.Edit`), offsets into the input.
EDIT_TYPE = pa.struct(
    [
        pa.field("rule", pa.string()),
        pa.field("start", pa.int64()),
        pa.field("end", pa.int64()),
        pa.field("replacement", pa.string()),
        pa.field("before", pa.string()),
    ]
)

_CAPTIONS = pa.list_(CAPTION_TYPE)
_CREDITS = pa.list_(CREDIT_TYPE)
_EDITS = pa.list_(EDIT_TYPE)
_RECORD_FIELDS = [
    pa.field("changed", pa.bool_()),
    pa.field("captions", _CAPTIONS),
    pa.field("credits", _CREDITS),
    pa.field("edits", _EDITS),
    pa.field("capped", _STRINGS),
]

#: What :func:`clean_table` adds beside the clean text: everything but ``text``.
RECORDS_TYPE = pa.struct(_RECORD_FIELDS)

#: One row of :func:`clean_batch`: :func:`captionfix.as_dict` plus ``changed``.
RESULT_TYPE = pa.struct([pa.field("text", pa.string()), *_RECORD_FIELDS])

_OFFSETS = pa.int32()
# an edit as the tuple of its fields, in the order of EDIT_TYPE
_EDIT_FIELDS = attrgetter(*(f.name for f in EDIT_TYPE))
# Arrow's string view (pyarrow 16 and later), which polars and DuckDB hand out
_STRING_VIEW = pa.string_view() if hasattr(pa, "string_view") else None


def _list_array(
    offsets: list[int], values: pa.Array, mask: pa.Array | None, type_: pa.DataType
) -> pa.Array:
    return pa.ListArray.from_arrays(pa.array(offsets, _OFFSETS), values, type=type_, mask=mask)


class _Spans:
    """The column of one ``spans`` field: per owner, a list of ``[start, end]``."""

    __slots__ = ("flat", "offsets")

    def __init__(self) -> None:
        self.offsets = [0]
        self.flat: list[int] = []

    def add(self, spans: Iterable[tuple[int, int]]) -> None:
        flat = self.flat
        for start, end in spans:
            flat.append(start)
            flat.append(end)
        self.offsets.append(len(flat) // 2)

    def array(self, mask: pa.Array | None = None) -> pa.Array:
        pairs = pa.ListArray.from_arrays(
            pa.array(range(0, len(self.flat) + 1, 2), _OFFSETS), pa.array(self.flat, pa.int64())
        )
        return _list_array(self.offsets, pairs, mask, SPANS_TYPE)


class _Strings:
    """The column of a ``list<string>`` field."""

    __slots__ = ("offsets", "values")

    def __init__(self) -> None:
        self.offsets = [0]
        self.values: list[str] = []

    def add(self, values: Iterable[str]) -> None:
        self.values.extend(values)
        self.offsets.append(len(self.values))

    def array(self, mask: pa.Array | None = None) -> pa.Array:
        return _list_array(self.offsets, pa.array(self.values, pa.string()), mask, _STRINGS)


class _Credits:
    """The columns of a run of credits, some of which may be absent (a caption's)."""

    __slots__ = ("agencies", "creators", "distributors", "flags", "missing", "raw", "spans")

    def __init__(self) -> None:
        self.raw: list[str | None] = []
        self.creators = _Strings()
        self.agencies = _Strings()
        self.distributors = _Strings()
        self.flags = _Strings()
        self.spans = _Spans()
        self.missing: list[bool] = []

    def add(self, credit: Credit | None) -> None:
        if credit is None:
            self.raw.append(None)
            for column in (self.creators, self.agencies, self.distributors, self.flags):
                column.add(())
            self.spans.add(())
            self.missing.append(True)
            return
        self.raw.append(credit.raw)
        self.creators.add(credit.creators)
        self.agencies.add(credit.agencies)
        self.distributors.add(credit.distributors)
        self.flags.add(credit.flags)
        self.spans.add(credit.spans)
        self.missing.append(False)

    def array(self) -> pa.Array:
        mask = pa.array(self.missing, pa.bool_()) if any(self.missing) else None
        children = [
            pa.array(self.raw, pa.string()),
            self.creators.array(mask),
            self.agencies.array(mask),
            self.distributors.array(mask),
            self.flags.array(mask),
            self.spans.array(mask),
        ]
        return pa.StructArray.from_arrays(children, fields=list(CREDIT_TYPE), mask=mask)


def _texts(texts: Iterable[str | None] | pa.Array | pa.ChunkedArray) -> Sequence[Any]:
    """The texts of a batch as a Python sequence, nulls as ``None``."""
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        if not (
            pa.types.is_string(texts.type)
            or pa.types.is_large_string(texts.type)
            or texts.type == _STRING_VIEW
            or pa.types.is_null(texts.type)
        ):
            msg = f"clean_batch() takes a column of strings, not {texts.type}"
            raise TypeError(msg)
        return texts.to_pylist()  # type: ignore[no-any-return]
    if type(texts).__module__.partition(".")[0] == "pandas":
        # a pandas Series: missing values (None, NaN, pd.NA) become nulls
        return pa.array(texts, from_pandas=True).to_pylist()  # type: ignore[no-any-return]
    if isinstance(texts, (str, bytes)):
        msg = "clean_batch() takes a sequence of texts, not one text: use captionfix.clean()"
        raise TypeError(msg)
    return texts if isinstance(texts, (list, tuple)) else list(texts)


def _offsets(counts: list[int]) -> list[int]:
    """List offsets from per-row lengths."""
    return list(accumulate(counts, initial=0))


def _build(texts: Sequence[Any], config: Config | None) -> tuple[list[pa.Array], pa.Array | None]:
    """Clean *texts* and return the children of :data:`RESULT_TYPE` and the null mask.

    Each result is taken apart as soon as it is made, so no batch of results
    is held.  Most texts of a corpus carry no record: for them the loop only
    keeps the text, and the per-row lengths of their lists stay zero.  Edits,
    the most numerous records, are gathered as tuples in C (``attrgetter``)
    and transposed once.
    """
    n = len(texts)
    out_text: list[str | None] = []
    nulls: list[int] = []
    captions_counts = [0] * n
    credits_counts = [0] * n
    edits_counts = [0] * n
    capped_counts = [0] * n
    capped_values: list[str] = []
    edit_rows: list[tuple[str, int, int, str, str]] = []
    # the captions' columns
    cap_text: list[str] = []
    cap_credit = _Credits()
    cap_spans = _Spans()
    cap_count: list[int] = []
    cap_rule: list[str] = []
    # the credits' columns
    credit_columns = _Credits()

    append_text = out_text.append
    extend_edits = edit_rows.extend
    for row, text in enumerate(texts):
        if text is None:
            append_text(None)
            nulls.append(row)
            continue
        result = clean(text, config=config)
        append_text(result.text)
        if result.capped:
            capped_counts[row] = len(result.capped)
            capped_values.extend(result.capped)
        if not result.edits:
            continue  # nothing was removed, so there is no caption or credit either
        edits_counts[row] = len(result.edits)
        extend_edits(map(_EDIT_FIELDS, result.edits))
        if result.captions:
            captions_counts[row] = len(result.captions)
            for caption in result.captions:
                cap_text.append(caption.text)
                cap_credit.add(caption.credit)
                cap_spans.add(caption.spans)
                cap_count.append(caption.count)
                cap_rule.append(caption.rule)
        if result.credits:
            credits_counts[row] = len(result.credits)
            for credit in result.credits:
                credit_columns.add(credit)

    changed: list[bool | None] = [count > 0 for count in edits_counts]
    mask = None
    if nulls:
        missing = [False] * n
        for row in nulls:
            changed[row] = None
            missing[row] = True
        mask = pa.array(missing, pa.bool_())
    captions = pa.StructArray.from_arrays(
        [
            pa.array(cap_text, pa.string()),
            cap_credit.array(),
            cap_spans.array(),
            pa.array(cap_count, pa.int64()),
            pa.array(cap_rule, pa.string()),
        ],
        fields=list(CAPTION_TYPE),
    )
    edit_columns = list(zip(*edit_rows, strict=True)) if edit_rows else [()] * 5
    edits = pa.StructArray.from_arrays(
        [pa.array(values, f.type) for values, f in zip(edit_columns, EDIT_TYPE, strict=True)],
        fields=list(EDIT_TYPE),
    )
    children = [
        pa.array(out_text, pa.string()),
        pa.array(changed, pa.bool_()),
        _list_array(_offsets(captions_counts), captions, mask, _CAPTIONS),
        _list_array(_offsets(credits_counts), credit_columns.array(), mask, _CREDITS),
        _list_array(_offsets(edits_counts), edits, mask, _EDITS),
        _list_array(_offsets(capped_counts), pa.array(capped_values, pa.string()), mask, _STRINGS),
    ]
    return children, mask


def clean_batch(
    texts: Iterable[str | None] | pa.Array | pa.ChunkedArray, *, config: Config | None = None
) -> pa.StructArray:
    r"""Clean each text of a batch; one row of :data:`RESULT_TYPE` per text.

    *texts* is a list (or any iterable) of ``str`` and ``None``, an Arrow
    string column, or a pandas Series of strings.  A null text gives a null row.

    >>> rows = clean_batch(["Crowds in Paris. (AP Photo/Evan Vucci)\n\nThe talks go on."])
    >>> rows.type == RESULT_TYPE
    True
    >>> rows.field("text")[0].as_py()
    'The talks go on.'
    >>> rows.field("credits")[0][0]["agencies"].as_py()
    ['Associated Press']
    """
    children, mask = _build(_texts(texts), config)
    return pa.StructArray.from_arrays(children, fields=list(RESULT_TYPE), mask=mask)


def clean_table(
    table: pa.Table,
    column: str = "text",
    *,
    config: Config | None = None,
    records: str | None = "captionfix",
) -> pa.Table:
    """Return *table* with *column* cleaned and the records in a column named *records*.

    *column* keeps its place and becomes ``string``; the *records* column
    (:data:`RECORDS_TYPE`: ``changed``, ``captions``, ``credits``, ``edits``,
    ``capped``) is added at the end, or replaces a column of that name.  With
    ``records=None`` only the text is cleaned.  Each chunk of *column* is
    cleaned as one batch, so the result is chunked as the input.

    >>> table = pa.table({"id": [1, 2], "text": ["Kirby said“We will.”", None]})
    >>> out = clean_table(table)
    >>> out.column_names
    ['id', 'text', 'captionfix']
    >>> out["captionfix"].to_pylist()[0]["edits"][0]["rule"]
    'quotes'
    """
    if column not in table.column_names:
        msg = f"clean_table(): the table has no column {column!r} (columns: {table.column_names})"
        raise KeyError(msg)
    texts: list[pa.Array] = []
    rows: list[pa.Array] = []
    for chunk in table.column(column).chunks:
        children, mask = _build(_texts(chunk), config)
        texts.append(children[0])
        rows.append(pa.StructArray.from_arrays(children[1:], fields=_RECORD_FIELDS, mask=mask))
    out = table.set_column(
        table.column_names.index(column),
        pa.field(column, pa.string()),
        pa.chunked_array(texts, pa.string()),
    )
    if records is None:
        return out
    records_column = pa.chunked_array(rows, RECORDS_TYPE)
    if records in out.column_names:
        return out.set_column(out.column_names.index(records), records, records_column)
    return out.append_column(pa.field(records, RECORDS_TYPE), records_column)
