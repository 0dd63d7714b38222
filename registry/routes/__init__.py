"""The registry's pages, by audience: public (a worker checking an agency), apply (the online
application), agency (a representative's own record), desk and watchlist (licensing officers)."""
from registry import bp
from registry.models import DocumentKind, LicenceStatus, PartyKind, Sector, WatchlistStatus
from registry.services import effective_status

# A badge colour for each licence status (the public stylesheet's verdict colours).
BADGES = {
    LicenceStatus.APPLICATION: "pending", LicenceStatus.UNDER_REVIEW: "pending", LicenceStatus.LICENSED: "licensed",
    LicenceStatus.SUSPENDED: "suspended", LicenceStatus.EXPIRED: "expired", LicenceStatus.REVOKED: "revoked",
    LicenceStatus.REJECTED: "revoked",
}


@bp.app_context_processor
def registry_names() -> dict:
    """What the registry's templates use, wherever they are rendered (the shell's profile page too)."""
    return {"Sector": Sector, "DocumentKind": DocumentKind, "PartyKind": PartyKind,
            "WatchlistStatus": WatchlistStatus, "effective_status": effective_status, "status_badges": BADGES}
