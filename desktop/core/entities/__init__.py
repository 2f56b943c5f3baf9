"""Entity recognition, consolidation and user curation (issue #3).

recognizer.py runs a model over an article's blocks; candidates.py turns raw model spans into
clean name candidates (stored); consolidate.py resolves stored candidates into mentions with
one label and one canonical name per entity across the library; curation.py stores the user's
corrections; service.py is what the Library facade exposes.
"""

from desktop.core.entities.consolidate import Mention
from desktop.core.entities.labels import Label, entity_key

__all__ = ["Label", "Mention", "entity_key"]
