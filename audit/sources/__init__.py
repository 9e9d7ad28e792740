"""Where documents come from: files and directories, stdin, and record files."""

from .files import InputProblem, discover, iter_documents, read_document

__all__ = ["InputProblem", "discover", "iter_documents", "read_document"]
