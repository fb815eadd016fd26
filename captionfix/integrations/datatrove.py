"""A datatrove pipeline step that cleans ``Document.text`` (extra ``datatrove``).

:class:`CaptionfixCleaner` cleans each document's text, keeps the records in
``doc.metadata["captionfix"]`` (the JSON form of :func:`captionfix.as_dict`
without ``text``, plus ``changed``), adds one ``Media`` per caption when asked,
and counts what it did in datatrove's stats.  It is a ``PipelineStep`` rather
than a ``BaseFormatter``, whose ``format(text) -> str`` could not carry the records.

Pass :func:`parquet_schema` to datatrove's ``ParquetWriter``: left to itself,
the writer infers its schema from the first document, which fails as soon as
a later document has captions the first one did not.

The step runs unchanged under ``LocalPipelineExecutor`` and
``RayPipelineExecutor`` (``tests/test_datatrove.py``, ``tests/test_ray.py``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from datatrove.data import Document, DocumentsPipeline, Media, MediaType
from datatrove.pipeline.base import PipelineStep

from captionfix.pipeline import clean
from captionfix.records import Result, as_dict

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyarrow as pa

    from captionfix.config import Config

__all__ = ["CaptionfixCleaner", "parquet_schema", "records"]


def records(result: Result) -> dict[str, Any]:
    """The records of *result* as stored in a document's metadata: ``changed`` first.

    >>> from captionfix import clean
    >>> r = records(clean("Kirby said“We will.”"))
    >>> list(r), r["changed"], r["edits"][0]["rule"]
    (['changed', 'captions', 'credits', 'edits', 'capped'], True, 'quotes')
    """
    data = as_dict(result)
    del data["text"]
    return {"changed": result.changed, **data}


class CaptionfixCleaner(PipelineStep):  # type: ignore[misc]
    """Clean ``doc.text`` with :func:`captionfix.clean` and keep the records.

    Args:
        config: the :class:`captionfix.Config`; the default config when ``None``.
        metadata_key: where the records go in ``doc.metadata``.
        media: add one ``Media`` per caption to ``doc.media``: ``alt`` is the
            caption text, ``metadata`` holds the credit line (``credit``, or
            ``None``), the rule that found it and its copy count; ``type`` is
            video when the credit is flagged ``video``, image otherwise.  The
            ``url`` is empty: plain text does not say where the image was.

    Stats (per document, so datatrove prints totals and means): ``changed``,
    ``captions``, ``credits``, ``edits``, ``edits_<rule>`` for each rule that
    made an edit, and ``capped_<rule>`` for each rule the safety cap stopped.

    >>> from datatrove.data import Document
    >>> doc = Document("A. (AP Photo/Evan Vucci)\\n\\nB.", id="1")
    >>> [doc] = CaptionfixCleaner(media=True).run([doc])
    >>> doc.text, doc.media[0].alt, doc.media[0].metadata["credit"]
    ('B.', 'A.', '(AP Photo/Evan Vucci)')
    >>> doc.metadata["captionfix"]["credits"][0]["creators"]
    ['Evan Vucci']

    """

    name = "📰 captionfix"
    type = "✂️ - FORMAT"

    def __init__(
        self, config: Config | None = None, *, metadata_key: str = "captionfix", media: bool = False
    ) -> None:
        """Keep the options; the work is done in :meth:`run`."""
        super().__init__()
        self.config = config
        self.metadata_key = metadata_key
        self.media = media

    def clean_document(self, doc: Document) -> Document:
        """Clean one document in place, update the stats, and return it."""
        result = clean(doc.text, config=self.config)
        doc.text = result.text
        doc.metadata[self.metadata_key] = records(result)
        self.stat_update("changed", value=int(result.changed))
        self.stat_update("captions", value=len(result.captions))
        self.stat_update("credits", value=len(result.credits))
        self.stat_update("edits", value=len(result.edits))
        for rule, count in Counter(edit.rule for edit in result.edits).items():
            self.stat_update(f"edits_{rule}", value=count)
        for rule in result.capped:
            self.stat_update(f"capped_{rule}")
        if self.media:
            for index, caption in enumerate(result.captions):
                credit = caption.credit
                video = credit is not None and "video" in credit.flags
                doc.media.append(
                    Media(
                        id=f"{doc.id}/caption/{index}",
                        type=MediaType.VIDEO if video else MediaType.IMAGE,
                        url="",
                        alt=caption.text,
                        metadata={
                            "credit": credit.raw if credit else None,
                            "rule": caption.rule,
                            "count": caption.count,
                        },
                    )
                )
        return doc

    def run(
        self,
        data: DocumentsPipeline,
        rank: int = 0,  # noqa: ARG002  (the signature of PipelineStep.run)
        world_size: int = 1,  # noqa: ARG002
    ) -> DocumentsPipeline:
        """Clean each document of *data* as it passes."""
        if data is None:
            return
        for doc in data:
            with self.track_time():
                self.clean_document(doc)
            yield doc


def parquet_schema(
    *, media: bool = False, metadata: Iterable[pa.Field] = (), metadata_key: str = "captionfix"
) -> pa.Schema:
    """The schema of datatrove's ``ParquetWriter`` output after :class:`CaptionfixCleaner`.

    Columns ``text``, ``id``, ``media`` (when *media*) and ``metadata``: a
    struct of the other metadata fields a reader put there (*metadata*, e.g.
    ``pa.field("url", pa.string())``) and the records under *metadata_key*
    (:data:`captionfix.arrow.RECORDS_TYPE`).  Metadata keys not in the schema
    are not written.

    >>> schema = parquet_schema()
    >>> schema.names
    ['text', 'id', 'metadata']
    >>> schema.field("metadata").type.field("captionfix").type.field("changed").type
    DataType(bool)
    """
    import pyarrow as pa  # noqa: PLC0415  (only the Parquet writer needs it)

    from captionfix.arrow import RECORDS_TYPE  # noqa: PLC0415

    fields = [pa.field("text", pa.string()), pa.field("id", pa.string())]
    if media:
        media_type = pa.struct(
            [
                pa.field("id", pa.string()),
                pa.field("type", pa.int64()),
                pa.field("url", pa.string()),
                pa.field("alt", pa.string()),
                pa.field("path", pa.string()),
                pa.field("offset", pa.int64()),
                pa.field("length", pa.int64()),
                pa.field("media_bytes", pa.binary()),
                pa.field(
                    "metadata",
                    pa.struct(
                        [
                            pa.field("credit", pa.string()),
                            pa.field("rule", pa.string()),
                            pa.field("count", pa.int64()),
                        ]
                    ),
                ),
            ]
        )
        fields.append(pa.field("media", pa.list_(media_type)))
    metadata_fields = [*metadata, pa.field(metadata_key, RECORDS_TYPE)]
    fields.append(pa.field("metadata", pa.struct(metadata_fields)))
    return pa.schema(fields)
