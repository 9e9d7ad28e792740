"""audit: find and correct translation artifacts and scraping defects in text."""

from .document import Document
from .engine import Auditor, audit_text
from .errors import AuditError
from .finding import Finding, Severity

__all__ = ["AuditError", "Auditor", "Document", "Finding", "Severity", "audit_text"]
__version__ = "0.1.0"
