"""The first schema: cases, their meetings with the household snapshot, the audit table.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_info",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("opened_on", sa.Date, nullable=False),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("consultant", sa.String(200), nullable=False),
        sa.Column("household_json", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.UniqueConstraint("case_id", "number", name="uq_meetings_case_number"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("case_ref", sa.String(64), nullable=True),
    )


def downgrade() -> None:
    for table in ("audit", "meetings", "cases", "store_info"):
        op.drop_table(table)
