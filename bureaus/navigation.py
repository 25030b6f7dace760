"""The navigation bar, by role: the one place that says which pages each role is offered."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role

# The auditor (三权分立) is offered the audit log only, not the programme's pages.
EVERYONE = frozenset(Role) - {Role.AUDITOR}
READERS = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = [
    NavItem(_("Dashboard"), "reports:dashboard", frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})),
    NavItem(_("My bureau"), "reports:bureau", frozenset({Role.STAFF})),
    NavItem(_("My to-do"), "reporting:todo", frozenset({Role.STAFF})),
    NavItem(_("Review queue"), "reporting:review", frozenset({Role.OFFICE})),
    NavItem(_("Completeness"), "reporting:completeness", READERS),
    NavItem(_("Follow-ups"), "reporting:follow-ups", READERS),
    NavItem(_("Reports"), "report:index", frozenset({Role.OFFICE, Role.LEADER})),
    NavItem(_("Supervision"), "tasks_registry:supervision-list", EVERYONE),
    NavItem(_("Activities"), "tasks_registry:activity-list", EVERYONE),
    NavItem(_("Assessment"), "assessment:assessment", READERS),
    # Readers reach the circulars from the assessment page: their bar is full enough.
    NavItem(_("Circulars"), "assessment:circular-list", frozenset({Role.STAFF})),
    NavItem(_("Programme"), "home", EVERYONE),
    NavItem(_("Key tasks"), "tasks_registry:task-list", EVERYONE),
    NavItem(_("Cases"), "enforcement:case-list", EVERYONE),
    NavItem(_("Case statistics"), "enforcement:statistics", READERS),
    NavItem(_("IP finance"), "finance:overview", READERS),
    NavItem(_("IP finance"), "finance:enterprise-list", frozenset({Role.STAFF})),
    NavItem(_("Administration"), "admin:index", frozenset({Role.OFFICE, Role.ADMIN})),
    NavItem(_("API"), "api-docs", frozenset({Role.OFFICE, Role.ADMIN})),
    NavItem(_("System health"), "health:status", frozenset({Role.ADMIN})),
    NavItem(_("Audit log"), "audit:events", frozenset({Role.AUDITOR})),
]


def nav_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in NAV_ITEMS if user.role in item.roles]
