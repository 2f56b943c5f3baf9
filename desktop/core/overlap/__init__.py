"""Text reuse between articles: seeds, alignment, classification, paraphrase, the link service.

normalize.py  tokens with clean-text offsets and normalised forms
seeds.py      hashed word n-grams and the candidate search
align.py      seeds chained and merged into edit-tolerant passages
classify.py   kind (verbatim / edited) and score of an aligned passage
paraphrase.py lexical sentence-pair matching (quotes, content lemmas) on linked pairs
service.py    LinkService: incremental linking over the store, queries, clusters
"""
