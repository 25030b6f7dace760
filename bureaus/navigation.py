"""The navigation bar, by role: the one place that says which pages each role is offered."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import PROGRAMME_ROLES, may_open
from .models import ADMIN_SITE_ROLES, Role

# The auditor and the security administrator (三员分立) are not offered the programme's pages.
EVERYONE = frozenset(PROGRAMME_ROLES)
READERS = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset
    group: str | Promise | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass
class NavGroup:
    """A drop-down of the bar, or a plain link when it holds a single item."""

    label: str | Promise
    items: list[NavItem] = field(default_factory=list)


REPORTING = _("Reporting")
REGISTERS = _("Registers")
SUPERVISION = _("Supervision and assessment")
PROGRAMME = _("Programme")
SYSTEM = _("System")

NAV_ITEMS = [
    NavItem(_("Dashboard"), "reports:dashboard", READERS),
    NavItem(_("My bureau"), "reports:bureau", frozenset({Role.STAFF})),
    NavItem(_("My to-do"), "reporting:todo", frozenset({Role.STAFF}), REPORTING),
    NavItem(_("Review queue"), "reporting:review", frozenset({Role.OFFICE}), REPORTING),
    NavItem(_("Completeness"), "reporting:completeness", READERS, REPORTING),
    NavItem(_("Follow-ups"), "reporting:follow-ups", READERS, REPORTING),
    NavItem(_("Cases"), "enforcement:case-list", EVERYONE, REGISTERS),
    NavItem(_("Case statistics"), "enforcement:statistics", READERS, REGISTERS),
    NavItem(_("IP finance"), "finance:overview", READERS, REGISTERS),
    NavItem(_("IP finance"), "finance:enterprise-list", frozenset({Role.STAFF}), REGISTERS),
    NavItem(_("Activities"), "tasks_registry:activity-list", EVERYONE, REGISTERS),
    NavItem(_("Supervision"), "tasks_registry:supervision-list", EVERYONE, SUPERVISION),
    NavItem(_("Assessment"), "assessment:assessment", READERS, SUPERVISION),
    NavItem(_("Circulars"), "assessment:circular-list", EVERYONE, SUPERVISION),
    NavItem(_("Reports"), "report:index", frozenset({Role.OFFICE, Role.LEADER})),
    NavItem(_("Programme"), "home", EVERYONE, PROGRAMME),
    NavItem(_("Key tasks"), "tasks_registry:task-list", EVERYONE, PROGRAMME),
    NavItem(_("Portal defaults"), "reports:defaults", frozenset({Role.OFFICE}), PROGRAMME),
    NavItem(_("Administration"), "admin:index", frozenset(ADMIN_SITE_ROLES), SYSTEM),
    NavItem(_("API"), "api-docs", frozenset({Role.OFFICE, Role.ADMIN}), SYSTEM),
    NavItem(_("System health"), "health:status", frozenset({Role.ADMIN}), SYSTEM),
    NavItem(_("Audit log"), "audit:events", frozenset({Role.AUDITOR})),
]


def first_open(user, *url_names: str) -> NavItem | None:
    """The first of these pages the user may open, with its navigation label: where a
    breadcrumb leads back to (the to-do for staff, the review queue for the office, …)."""
    labels = {item.url_name: item.label for item in NAV_ITEMS}
    for name in url_names:
        if may_open(user, name):
            return NavItem(labels[name], name, frozenset({user.role}))
    return None


def nav_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in NAV_ITEMS if user.role in item.roles]


def menu_for(user) -> list[NavGroup]:
    """The bar: each item alone, or in its group's drop-down, in NAV_ITEMS order."""
    menu: list[NavGroup] = []
    groups: dict = {}
    for item in nav_for(user):
        if item.group is None:
            menu.append(NavGroup(item.label, [item]))
        elif item.group in groups:
            groups[item.group].items.append(item)
        else:
            groups[item.group] = NavGroup(item.group, [item])
            menu.append(groups[item.group])
    return menu
