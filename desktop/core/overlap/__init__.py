"""Text reuse between articles: seeds, alignment, classification, paraphrase, the link service.

normalize.py  tokens with clean-text offsets and normalised forms
seeds.py      hashed word n-grams and the candidate search
align.py      seeds chained and merged into edit-tolerant passages
classify.py   kind (verbatim / edited) and score of an aligned passage
paraphrase.py lexical sentence-pair matching (quotes, content lemmas) on linked pairs
candidates.py which pairs are aligned: one order-free rule (desktop and batch alike)
engine.py     one article prepared, and the links of one pair (pure)
linker.py     the rule kept true incrementally over the store (add, recheck)
service.py    LinkService: linking over the store, queries, clusters
"""
