"""The officials' queue's own SQL on a filled SQLite database (bench/fill.py): each filter's page and capped
count as grievances.services.queue sends them, and the old CASE sort for comparison.

Run: python3 bench/queue_sql.py /work/benchdata/s100k.sqlite3
"""
import sqlite3
import sys
import time
from datetime import UTC, datetime

c = sqlite3.connect(sys.argv[1])
now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
cols = "id, reference, status, urgent, agency_id, destination_country, next_due_at"
Q = {
 "default page 1": f"SELECT {cols} FROM grievances ORDER BY done, next_due_at, id LIMIT 50",
 "default page 100": f"SELECT {cols} FROM grievances ORDER BY done, next_due_at, id LIMIT 50 OFFSET 4950",
 "default count (capped)": "SELECT count(*) FROM (SELECT id FROM grievances LIMIT 1001)",
 "open": f"SELECT {cols} FROM grievances WHERE done = 0 ORDER BY done, next_due_at, id LIMIT 50",
 "urgent+overdue": f"SELECT {cols} FROM grievances WHERE urgent = 1 AND done = 0 AND next_due_at < '{now}' "
                   "ORDER BY done, next_due_at, id LIMIT 50",
 "urgent+overdue count": "SELECT count(*) FROM (SELECT id FROM grievances WHERE urgent = 1 AND done = 0 "
                         f"AND next_due_at < '{now}' LIMIT 1001)",
 "destination SA": f"SELECT {cols} FROM grievances WHERE destination_country = 'SA' "
                   "ORDER BY done, next_due_at, id LIMIT 50",
 "one agency": f"SELECT {cols} FROM grievances WHERE agency_id = 4242 ORDER BY done, next_due_at, id LIMIT 50",
 "category": f"SELECT {cols} FROM grievances WHERE EXISTS (SELECT 1 FROM grievance_categories "
             "WHERE grievance_categories.grievance_id = grievances.id AND category = 'unpaid_wages') "
             "ORDER BY done, next_due_at, id LIMIT 50",
 "old sort (CASE) page 1": f"SELECT {cols} FROM grievances ORDER BY CASE WHEN status IN "
                           "('received', 'acknowledged', 'investigating', 'referred') THEN 0 ELSE 1 END, "
                           "CASE WHEN status = 'received' THEN acknowledge_due_at ELSE resolve_due_at END, id LIMIT 50",
}
for name, sql in Q.items():
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        c.execute(sql).fetchall()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"{name:26} median {timings[2]:8.1f} ms  max {timings[-1]:8.1f} ms")
