"""Errors a user can cause. Their message is one readable line; the CLI prints it as is."""


class ParallaxError(Exception):
    """Base of every error whose message is meant for the user."""


class IngestError(ParallaxError):
    """A file could not be read or turned into an article (empty, binary, bad encoding...)."""


class QueryError(ParallaxError):
    """A search query could not be parsed."""


class LibraryError(ParallaxError):
    """The library folder cannot be used (not writable, newer schema, corrupt database...)."""


class LibraryBusy(LibraryError):
    """Another Parallax process holds the library for writing."""


class NotFound(ParallaxError):
    """A document id (or other key) that the library does not hold."""
