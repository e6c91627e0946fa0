"""The archive's on-disk index format, shared by the side that writes it (`indexer/`) and the side that reads it
(`search/`, `web/`): where generations live and what their files are called (`layout`), the Whoosh schema
(`schema`), the article store (`store`), the facet arrays (`facetarrays`), the canonical-name table (`names`),
the sentence splitter both sides must agree on (`sentences`) and where corpus and index are (`config`).

It imports neither `indexer` nor `search` nor `web`: both depend on it, it depends on neither.
"""
