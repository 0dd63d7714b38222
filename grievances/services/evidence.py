"""Evidence files: photos and PDFs checked by their content and size, kept through portal.uploads under
random names outside the static folders (removed again if the transaction does not commit)."""
from datetime import datetime

from flask import current_app

from grievances.models import EventKind, EvidenceFile, Grievance
from grievances.services.events import add_event
from portal import uploads
from portal.database import utcnow
from portal.errors import Problems, StorageFailed
from portal.extensions import db
from portal.text import _l, _ln
from portal.uploads import Upload

EVIDENCE = "evidence"  # the uploads folder of evidence files
ALLOWED_EVIDENCE = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "application/pdf": "PDF"}


def evidence_folder() -> str:
    """instance/uploads/evidence: outside the static folders, never served directly."""
    return uploads.folder(EVIDENCE)


def evidence_path(evidence: EvidenceFile) -> str:
    """Where an evidence file's bytes are kept."""
    return uploads.path(EVIDENCE, evidence.stored_name)


def check_evidence(files: list[Upload], problems: Problems) -> None:
    """Add to problems what is wrong with the files: too many, too large, not a photo or a PDF."""
    max_files = current_app.config.get("GRIEVANCE_MAX_FILES", 5)
    if len(files) > max_files:
        problems.add("evidence", _ln("Send at most %(num)d file at a time.", "Send at most %(num)d files at a time.",
                                     max_files))
    for upload in files:
        if upload.too_large:
            problems.add("evidence", _ln("“%(name)s” is too large: each file may be %(num)d MB at most.",
                                         "“%(name)s” is too large: each file may be %(num)d MB at most.",
                                         uploads.limit() // (1024 * 1024), name=upload.filename))
        elif upload.mime not in ALLOWED_EVIDENCE:
            problems.add("evidence", _l("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.", name=upload.filename))


def store_evidence(grievance: Grievance, files: list[Upload], now: datetime) -> list[EvidenceFile]:
    """Keep checked files with the case, and say so on its timeline. When the files cannot be written (a
    full disk, a storage fault), refuse: the transaction rolls back, the files already written go with it
    (portal.uploads), and the sender gets the form back with everything typed."""
    try:
        stored = [uploads.store(EVIDENCE, upload.data) for upload in files]
    except OSError:
        raise StorageFailed(_l("We could not keep your files just now, so nothing was sent yet. Please choose "
                               "the files again and send once more, or send without them and add them later."),
                            field="evidence") from None
    added = [EvidenceFile(original_name=upload.safe_name or "evidence", mime_type=upload.mime, size=len(upload.data),
                          stored_name=name, uploaded_at=now) for upload, name in zip(files, stored, strict=True)]
    grievance.evidence.extend(added)
    db.session.flush()
    if added:
        add_event(grievance, EventKind.EVIDENCE_ADDED, None, now, data={"files": len(added)})
    return added


def worker_add_evidence(grievance: Grievance, files: list[Upload], now: datetime | None = None) -> list[EvidenceFile]:
    """More photos or PDFs from the worker, after filing."""
    problems = Problems()
    check_evidence(files, problems)
    if not files:
        problems.add("evidence", _l("Choose a photo or a PDF to send."))
    problems.raise_if_any()
    return store_evidence(grievance, files, now or utcnow())
