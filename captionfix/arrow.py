"""Arrow batches: :func:`clean_batch` and :func:`clean_table` (extra ``arrow``).

The shared core of the pipeline integrations (``docs/pipelines.md``): Ray Data,
Dask, Hugging Face ``datasets`` and the datatrove Parquet schema all use the
types declared here, so a record has one Arrow form wherever it is written.

:func:`clean_batch` cleans each text with :func:`captionfix.clean` and builds
the Arrow columns from the records' attributes (tuples of fields, one
conversion per kind of record and batch, list offsets summed in Arrow), never
through :func:`captionfix.as_dict`, whose dictionaries would cost more than
the conversion they feed.  Every field has an explicit type: spans are
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

from array import array
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from captionfix.pipeline import clean

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from captionfix.config import Config
    from captionfix.records import Caption

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

# Made once: the field lists, the empty values, and the readers of a
# record's fields as a tuple in the order of its Arrow type (``attrgetter``,
# in C).  pyarrow converts tuples of tuples to nested structs and lists in
# C++: measured, that is faster than taking the records apart into flat
# child columns in Python, and much faster than converting dictionaries.
_RESULT_FIELDS = list(RESULT_TYPE)
_CAPTION_FIELDS = list(CAPTION_TYPE)
_CREDIT_FIELDS = list(CREDIT_TYPE)
_caption_fields = attrgetter(*(f.name for f in _CAPTION_FIELDS))
_credit_fields = attrgetter(*(f.name for f in _CREDIT_FIELDS))
_edit_fields = attrgetter(*(f.name for f in EDIT_TYPE))
_NO_CREDIT = (None,) * len(_CREDIT_FIELDS)  # a caption's missing credit, field by field
_OFFSETS = pa.int32()
_EMPTY_CAPTIONS = pa.array([], CAPTION_TYPE)
_EMPTY_CREDITS = pa.array([], CREDIT_TYPE)
_EMPTY_EDITS = pa.array([], EDIT_TYPE)
_EMPTY_STRINGS = pa.array([], pa.string())
_ZERO = pa.scalar(0, _OFFSETS)
_NULL = pa.scalar(None, pa.bool_())
# Arrow's string view (pyarrow 16 and later), which polars and DuckDB hand out
_STRING_VIEW = pa.string_view() if hasattr(pa, "string_view") else None


def _caption_fields_deep(caption: Caption) -> tuple[Any, ...]:
    """A caption as the tuple of its fields, its credit too (none: all fields null)."""
    text, credit, spans, count, rule = _caption_fields(caption)
    return (text, _NO_CREDIT if credit is None else _credit_fields(credit), spans, count, rule)


def _values(rows: list[Any], type_: pa.DataType, empty: pa.Array) -> pa.Array:
    """*rows* (tuples of fields for a struct) as an Arrow array of *type_*."""
    return pa.array(rows, type_) if rows else empty


def _captions(rows: list[tuple[Any, ...]]) -> pa.Array:
    """The :data:`CAPTION_TYPE` values of captions given by :func:`_caption_fields_deep`.

    The credit of a caption without one is null, and so is each of its fields
    (a credit's ``raw`` is never null), as the fields of a null row are.
    """
    if not rows:
        return _EMPTY_CAPTIONS
    values = pa.array(rows, CAPTION_TYPE)
    credit = values.field(1)
    if not credit.field(0).null_count:
        return values
    credit = pa.StructArray.from_arrays(
        credit.flatten(), fields=_CREDIT_FIELDS, mask=credit.field(0).is_null()
    )
    children = values.flatten()
    children[1] = credit
    return pa.StructArray.from_arrays(children, fields=_CAPTION_FIELDS)


class _Texts(NamedTuple):
    """A batch's texts as Python values, and as an Arrow ``string`` column if it came as one."""

    values: Sequence[Any]
    column: pa.Array | None


def _texts(texts: Iterable[str | None] | pa.Array | pa.ChunkedArray) -> _Texts:
    """The texts of a batch as a Python sequence, nulls as ``None``."""
    if type(texts).__module__.partition(".")[0] == "pandas":
        # a pandas Series: missing values (None, NaN, pd.NA) become nulls
        texts = pa.array(texts, from_pandas=True)
    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        type_ = texts.type
        if pa.types.is_null(type_):
            return _Texts([None] * len(texts), None)
        if not (
            pa.types.is_string(type_) or pa.types.is_large_string(type_) or type_ == _STRING_VIEW
        ):
            msg = f"clean_batch() takes a column of strings, not {type_}"
            raise TypeError(msg)
        if isinstance(texts, pa.ChunkedArray):
            texts = texts.combine_chunks() if texts.num_chunks else pa.array([], type_)
        column: pa.Array | None = texts
        if not pa.types.is_string(type_):
            try:
                column = texts.cast(pa.string())
            except pa.ArrowNotImplementedError:  # string_view, before pyarrow 17
                column = None
        return _Texts(texts.to_pylist(), column)
    if isinstance(texts, (str, bytes)):
        msg = "clean_batch() takes a sequence of texts, not one text: use captionfix.clean()"
        raise TypeError(msg)
    return _Texts(texts if isinstance(texts, (list, tuple)) else list(texts), None)


def _text_column(texts: _Texts, out_text: list[str | None]) -> pa.Array:
    """The clean texts as a ``string`` column.

    A text that came in an Arrow column and came out of :func:`clean` as the
    same object (nothing was edited) is taken from that column as it is: its
    bytes are copied, not encoded to UTF-8 again.
    """
    if texts.column is None:
        return pa.array(out_text, pa.string())
    new = pa.array(
        [None if out is text else out for out, text in zip(out_text, texts.values, strict=True)],
        pa.string(),
    )
    return pc.if_else(new.is_valid(), new, texts.column)


def _build(batch: _Texts, config: Config | None) -> tuple[list[pa.Array], pa.Array | None]:
    """Clean *texts* and return the children of :data:`RESULT_TYPE` and the null mask.

    Each result is taken apart as soon as it is made, so no batch of results
    is held, and no dictionary is made.  Most texts of a corpus carry no
    record: for them the loop only keeps the text.  The records of the batch
    are kept as tuples of their fields, one flat Python list per kind, and
    converted by one ``pa.array`` call per kind.  The loop writes how many
    records of each kind a row has into a zeroed ``int32`` buffer, at the
    row's end; a cumulative sum in Arrow turns that into the list offsets,
    so there is no Python work per row for the offsets either.
    """
    texts = batch.values
    n = len(texts)
    out_text: list[str | None] = []
    nulls: list[int] = []
    # row i's number of captions, credits, edits and capped rules, at [i + 1]
    # ("i" is a C int: 32 bits wherever pyarrow runs, as Arrow's list offsets)
    caption_counts = array("i", bytes(4 * (n + 1)))
    credit_counts = array("i", bytes(4 * (n + 1)))
    edit_counts = array("i", bytes(4 * (n + 1)))
    capped_counts = array("i", bytes(4 * (n + 1)))
    caption_rows: list[tuple[Any, ...]] = []
    credit_rows: list[tuple[Any, ...]] = []
    edit_rows: list[tuple[Any, ...]] = []
    capped: list[str] = []

    keep_text = out_text.append
    for end, text in enumerate(texts, 1):
        if text is None:
            keep_text(None)
            nulls.append(end - 1)
            continue
        result = clean(text, config=config)
        keep_text(result.text)
        if result.capped:
            capped_counts[end] = len(result.capped)
            capped.extend(result.capped)
        if not result.edits:
            continue  # nothing was removed, so there is no caption or credit either
        edit_counts[end] = len(result.edits)
        edit_rows.extend(map(_edit_fields, result.edits))
        if result.captions:
            caption_counts[end] = len(result.captions)
            caption_rows.extend(map(_caption_fields_deep, result.captions))
        if result.credits:
            credit_counts[end] = len(result.credits)
            credit_rows.extend(map(_credit_fields, result.credits))

    mask = None
    if nulls:
        missing = [False] * n
        for row in nulls:
            missing[row] = True
        mask = pa.array(missing, pa.bool_())

    def column(counts: array[int], values: pa.Array, type_: pa.DataType) -> pa.Array:
        lengths = pa.Array.from_buffers(_OFFSETS, n + 1, [None, pa.py_buffer(counts)])
        offsets = pc.cumulative_sum(lengths) if len(values) else lengths  # all zeros
        return pa.ListArray.from_arrays(offsets, values, type=type_, mask=mask)

    # a row is changed when it has an edit; a null text's is null
    edit_lengths = pa.Array.from_buffers(_OFFSETS, n, [None, pa.py_buffer(edit_counts)], offset=1)
    changed = pc.not_equal(edit_lengths, _ZERO)
    if mask is not None:
        changed = pc.if_else(mask, _NULL, changed)
    children = [
        _text_column(batch, out_text),
        changed,
        column(caption_counts, _captions(caption_rows), _CAPTIONS),
        column(credit_counts, _values(credit_rows, CREDIT_TYPE, _EMPTY_CREDITS), _CREDITS),
        column(edit_counts, _values(edit_rows, EDIT_TYPE, _EMPTY_EDITS), _EDITS),
        column(capped_counts, _values(capped, pa.string(), _EMPTY_STRINGS), _STRINGS),
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
    return pa.StructArray.from_arrays(children, fields=_RESULT_FIELDS, mask=mask)


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
