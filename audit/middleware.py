"""Access refusals into the audit log, in one place for pages, API and admin alike."""

from .services import record_refusal

REFUSALS = {401, 403, 404}


class RefusalAuditMiddleware:
    """After the view (and the middleware inside this one) answered: any refusal is recorded,
    rate-limited per client by audit.services.record_refusal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSALS:
            record_refusal(request, response.status_code)
        return response
