"""Alembic environment: migrations only ever run through ygclient.store.db.migrate."""

from alembic import context

from ygclient.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through ygclient.store.db.migrate()")

# The caller holds one transaction around all revisions: an upgrade applies completely
# or not at all.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
