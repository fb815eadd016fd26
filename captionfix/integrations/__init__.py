"""Adapters for the engines that run captionfix in pipelines (``docs/pipelines.md``).

Each module needs its engine, an optional extra, and is imported by name only;
importing this package or :mod:`captionfix` imports no engine.

* :mod:`captionfix.integrations.datatrove`: a datatrove pipeline step (extra ``datatrove``);
* :mod:`captionfix.integrations.hf_datasets`: Hugging Face ``datasets.map`` (extra ``datasets``);
* :mod:`captionfix.integrations.ray_data`: Ray Data, on one machine or many (extra ``ray``);
* :mod:`captionfix.integrations.dask_dataframe`: Dask DataFrames (extra ``dask``).

The Arrow batch core they share is :mod:`captionfix.arrow` (extra ``arrow``).
"""
