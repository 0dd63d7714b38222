"""Fictional demonstration data: officials, then each domain's own demo.py in dependency order."""
from contracts import demo as contracts_demo
from grievances import demo as grievances_demo
from portal.auth import create_user
from portal.models import Role
from registry import demo as registry_demo

DEMOS = (registry_demo, contracts_demo, grievances_demo)  # in dependency order

# Fictional demo officials. These logins are printed by `make run`; never load demo data in production.
OFFICIALS = [
    ("admin@demo.example", "demo-admin-pass", Role.ADMINISTRATOR, "Grace Administrator", {}),
    ("licensing@demo.example", "demo-licensing-pass", Role.LICENSING_OFFICER, "Lydia Licensing", {}),
    ("cases@demo.example", "demo-cases-pass", Role.CASE_OFFICER, "Carlos Caseworker", {}),
    ("supervisor@demo.example", "demo-supervisor-pass", Role.CASE_OFFICER, "Sarah Supervisor",
     {"is_supervisor": True}),
    ("attache.riyadh@demo.example", "demo-attache-pass", Role.CASE_OFFICER, "Rashid Attaché",
     {"attache_countries": "SA"}),
]


def load() -> None:
    """Create the demo officials and every domain's demo data (flushes; the caller commits)."""
    officials = {}
    for email, password, role, name, extra in OFFICIALS:
        user = create_user(email, password, role, name=name)
        for key, value in extra.items():
            setattr(user, key, value)
        officials[email.split("@")[0]] = user
    for module in DEMOS:
        module.load(officials)


def logins_text() -> str:
    """What `make run` prints: the demo logins and whatever each domain wants a tester to know."""
    lines = ["", "Demo logins (fictional data; password after the slash):"]
    lines += [f"  {role.value:<22} {email} / {password}" for email, password, role, _n, _e in OFFICIALS]
    for module in DEMOS:
        lines += module.notes()
    return "\n".join(lines) + "\n"
