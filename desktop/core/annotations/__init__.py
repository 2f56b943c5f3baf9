"""The user's own highlights and notes: model, anchoring to the source text, storage service."""
