"""Scheduled jobs run in small batches: each batch is one transaction, so no job holds the database's
write lock for long, and a job run twice at once (two schedulers, a cron line beside the scheduler)
does each piece of work once (the services lock or key what they change)."""
from collections.abc import Callable

from portal.extensions import db

BATCH_SIZE = 100

# step(after_id) does one batch of the work after that id and returns (how many done, the last id it
# looked at, or None when nothing was left).
Step = Callable[[int], tuple[int, int | None]]


def run_in_batches(step: Step) -> int:
    """Run step batch after batch, committing each, until it finds nothing left; the total done."""
    after, total = 0, 0
    while True:
        try:
            done, last = step(after)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        total += done
        if last is None:
            return total
        after = last
