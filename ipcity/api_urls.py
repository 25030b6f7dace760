"""/api/v1/: every app's API views, registered in one router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from bureaus.api import BureauViewSet, ObtainTokenView, RevokeTokenView
from enforcement.api import CampaignViewSet, CaseViewSet
from finance.api import (
    EnterpriseViewSet,
    InsurancePolicyViewSet,
    InterestSubsidyViewSet,
    PledgeLoanViewSet,
)
from reports.assessment_api import AssessmentAPIView
from targets.api import IndicatorViewSet, ProgressViewSet
from tasks_registry.api import KeyTaskViewSet
from tasks_registry.supervision_api import ActivityViewSet, SupervisionItemViewSet
from workflow.api import FigureViewSet, TaskReportViewSet

router = DefaultRouter()
router.register("bureaus", BureauViewSet)
router.register("indicators", IndicatorViewSet)
router.register("progress", ProgressViewSet, basename="progress")
router.register("key-tasks", KeyTaskViewSet)
router.register("figures", FigureViewSet)
router.register("task-reports", TaskReportViewSet)
router.register("supervision-items", SupervisionItemViewSet, basename="supervision-item")
router.register("activities", ActivityViewSet, basename="activity")
router.register("cases", CaseViewSet)
router.register("campaigns", CampaignViewSet)
router.register("enterprises", EnterpriseViewSet)
router.register("pledge-loans", PledgeLoanViewSet)
router.register("interest-subsidies", InterestSubsidyViewSet)
router.register("insurance-policies", InsurancePolicyViewSet)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("auth/token/revoke/", RevokeTokenView.as_view(), name="api-token-revoke"),
    path("assessment/<int:year>/", AssessmentAPIView.as_view(), name="api-assessment"),
    *router.urls,
]
