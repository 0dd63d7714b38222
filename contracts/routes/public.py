"""What a worker sees without logging in: the check of a verification code, and the public copy of an attested
contract to print or download."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contracts import bp, services
from contracts.forms import CheckForm
from contracts.models import Contract
from contracts.routes.printing import render_print
from portal.extensions import limiter
from portal.links import public_url
from portal.security import configured_limit
from registry.services import verdict


@bp.get("/contracts/check")
@bp.get("/contracts/check/<code>")
@limiter.limit(configured_limit("CONTRACT_CHECK_RATE_LIMIT"))
def check(code: str | None = None):
    """Check my contract: the key terms behind a verification code, with warnings."""
    typed = code is None and "code" in request.args
    form = CheckForm(request.args if typed else None)
    if typed:
        if form.validate():
            return redirect(url_for("contracts.check", code=services.normalise_code(form.code.data)))
        return render_template("contracts/check.html", form=form), 422
    if code is None:
        return render_template("contracts/check.html", form=form)
    view = services.public_view(code)
    if view is None:
        form.code.data = code
        form.code.errors = [_("No attested contract has this code. Check each character; if it is right, "
                              "the contract was not attested: do not travel on it, and ask the Ministry.")]
        return render_template("contracts/check.html", form=form), 404
    if services.normalise_code(code) != code:
        return redirect(url_for("contracts.check", code=services.normalise_code(code)))
    contract = view.contract
    return render_template("contracts/public.html", view=view, c=contract,
                           agency_verdict=verdict(contract.origin_agency), liable=services.liable_parties(contract),
                           check_url=public_url("contracts.check", code=contract.verification_code))


def _public_contract(code: str) -> Contract:
    view = services.public_view(code)
    if view is None:
        abort(404)
    return view.contract


@bp.get("/contracts/check/<code>/print")
@limiter.limit(configured_limit("CONTRACT_PRINT_RATE_LIMIT"))
def public_print(code: str):
    """The public copy of an attested contract, to print (the worker named by initials)."""
    return render_print(_public_contract(code), private=False, pdf=False)


@bp.get("/contracts/check/<code>/contract.pdf")
@limiter.limit(configured_limit("CONTRACT_PDF_RATE_LIMIT"))
def public_pdf(code: str):
    """The public copy of an attested contract as a PDF."""
    return render_print(_public_contract(code), private=False, pdf=True)
