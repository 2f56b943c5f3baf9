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


class LibraryDamaged(LibraryError):
    """library.sqlite is damaged, empty (0 bytes) or not a Parallax library at all."""


class DiskFull(LibraryError):
    """A write failed because the disk (or the library's size limit) is full."""


class WriteFailed(LibraryError):
    """A write failed for another reason the user can act on (I/O error, read-only file...)."""


class InvalidFile(ParallaxError):
    """A file the user gave is unusable as a whole; ``problems`` holds one line per problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class IndexDamaged(LibraryError):
    """The search index could not be read (a damaged segment...); it is rebuilt from the store."""
