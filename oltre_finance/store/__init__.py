"""Case files of the consultations in a real database (SQLAlchemy 2 and Alembic; SQLite, SQLCipher, PostgreSQL)."""

from oltre_finance.store.cases import AuditEntry, CaseStore, CaseSummary, open_store

__all__ = ["AuditEntry", "CaseStore", "CaseSummary", "open_store"]
