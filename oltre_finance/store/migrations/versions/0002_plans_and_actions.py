"""The plan agreed at a meeting: budget targets, the debt and savings plans, the actions.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "meeting_id", sa.Integer, sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        sa.Column("debt_strategy", sa.String(20), nullable=False),
        sa.Column("debt_extra", sa.String(32), nullable=False),
        sa.Column("savings_monthly", sa.String(32), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_table(
        "budget_targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("monthly", sa.String(32), nullable=False),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date, nullable=True),
    )


def downgrade() -> None:
    for table in ("actions", "budget_targets", "plans"):
        op.drop_table(table)
