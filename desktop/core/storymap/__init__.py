"""The story map: how a story travelled across the articles of a library (pure code + a service).

quotemarks.py  quotation marks paired inside blocks: quotes, multi-paragraph and split quotes
speakers.py    who a quote is attributed to (said, told, according to...; pronouns resolved)
quotes.py      Quote, and ``extract(text, blocks)``: every direct quotation of one article
quote_groups.py one quote across articles: groups, altered wording (word diff), speakers
pairs.py       pair shares by kind, the ranking of most-reused pairs, families
clusters.py    one passage and all its copies across N articles
provenance.py  who published first and the direction of copying, each call with its evidence
service.py     StoryMapService: quotes stored per article, the map assembled from the links
"""
