"""Errors that end a run with exit status 2 and a one-line message."""


class AuditError(Exception):
    """A usage, configuration or input error; `str()` is the one-line message."""


class PackError(AuditError):
    """A malformed rule pack: the message names the file and the rule."""


class ConfigError(AuditError):
    """A malformed configuration file or option."""
