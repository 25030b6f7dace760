"""The access matrix (MLPS 8.1.4.2 e, ASVS V4.1): every route of the portal × every role → the
status it must answer to a GET. `test_access_matrix.py` walks the URL resolver and fails on any
route missing here, so a new page or API route ships only with its line in this file.

Columns (personas built in `access_world.py`):

    anon     not logged in
    owner    bureau staff of 区市场监管局, the bureau that owns every record the URLs name (alice)
    other    bureau staff of 区科技局, which has no share in those records (bob)
    office   the leading-group office
    leader   a leader (reads everything, changes nothing)
    admin    the system administrator (superuser)
    auditor  the security auditor (三员分立: the audit log and nothing else)
    secadmin the security administrator (三员分立: accounts' lockouts, second factors, password
             resets, API tokens and activation in the admin, nothing else)

Values: an HTTP status, LOGIN (302 to the login page), MOVED (302 elsewhere: the logged-in user
is sent on, e.g. the auditor from the home page to the audit log). 405 on a GET is a route that
changes state and takes POST only; 404 for `other` is "another bureau's record does not exist".

Adding a route is one line in ROUTES (and one in KWARGS when its URL takes arguments).
"""

LOGIN = "login"
MOVED = "moved"
POST, PATCH = "post", "patch"

ADMIN_CATCH_ALL = "admin/(?P<url>.*)$"  # the one unnamed pattern outside the admin's model pages

ROLES = ("anon", "owner", "other", "office", "leader", "admin", "auditor", "secadmin")

# fmt: off
ROUTES = {
    # route name                                   anon   owner  other  office leader admin  auditor secadmin
    # Pages
    "home":                                       (LOGIN, 200,   200,   200,   200,   200,   MOVED, MOVED),
    "login":                                      (200,   MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    "logout":                                     (405,   405,   405,   405,   405,   405,   405,   405),
    "password_change":                            (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "password_change_done":                       (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "password_reset":                             (200,   200,   200,   200,   200,   200,   200,   200),
    "password_reset_done":                        (200,   200,   200,   200,   200,   200,   200,   200),
    "password_reset_confirm":                     (200,   200,   200,   200,   200,   200,   200,   200),
    "password_reset_complete":                    (200,   200,   200,   200,   200,   200,   200,   200),
    "second-factor":                              (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "second-factor-verify":                       (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    "second-factor-enrol":                        (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "tasks_registry:task-list":                   (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "tasks_registry:task-detail":                 (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "tasks_registry:supervision-list":            (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "tasks_registry:supervision-new-inspection":  (LOGIN, 403,   403,   200,   403,   403,   403,   403),
    "tasks_registry:supervision-new-meeting":     (LOGIN, 403,   403,   200,   403,   403,   403,   403),
    "tasks_registry:supervision-new-problem":     (LOGIN, 403,   403,   200,   403,   403,   403,   403),
    "tasks_registry:supervision-detail":          (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "tasks_registry:instructions":                (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "tasks_registry:instruction-new":             (LOGIN, 403,   403,   403,   200,   403,   403,   403),
    "tasks_registry:activity-list":               (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "tasks_registry:activity-export":             (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "tasks_registry:activity-new":                (LOGIN, 200,   200,   200,   403,   403,   403,   403),
    "tasks_registry:activity-detail":             (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "tasks_registry:activity-edit":               (LOGIN, 200,   404,   200,   403,   403,   403,   403),
    "reporting:todo":                             (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "reporting:review":                           (LOGIN, 403,   403,   200,   403,   403,   403,   403),
    "reporting:review-next":                      (LOGIN, 403,   403,   MOVED, 403,   403,   403,   403),
    "reporting:remind":                           (LOGIN, 403,   403,   405,   403,   403,   403,   403),
    "reporting:completeness":                     (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "reporting:follow-ups":                       (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "reporting:close-follow-up":                  (LOGIN, 403,   403,   405,   403,   403,   403,   403),
    "reporting:evidence":                         (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "reporting:figure":                           (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "reporting:task-report":                      (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "reporting:grid":                             (LOGIN, 200,   404,   200,   200,   403,   403,   403),
    "reporting:figures-template":                 (LOGIN, 200,   200,   200,   403,   403,   403,   403),
    "reporting:import-figures":                   (LOGIN, 200,   200,   200,   403,   403,   403,   403),
    "enforcement:case-list":                      (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "enforcement:case-export":                    (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "enforcement:case-create":                    (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "enforcement:case-detail":                    (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "enforcement:case-edit":                      (LOGIN, 200,   404,   403,   403,   403,   403,   403),
    "enforcement:case-step":                      (LOGIN, 405,   405,   403,   403,   403,   403,   403),
    "enforcement:case-transfer":                  (LOGIN, 405,   405,   403,   403,   403,   403,   403),
    "enforcement:transfer-accept":                (LOGIN, 405,   405,   403,   403,   403,   403,   403),
    "enforcement:attachment":                     (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "enforcement:campaign-list":                  (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "enforcement:statistics":                     (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "enforcement:case-template":                  (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "enforcement:case-import":                    (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "finance:overview":                           (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "finance:enterprise-list":                    (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:enterprise-export":                  (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:enterprise-create":                  (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "finance:enterprise-detail":                  (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "finance:enterprise-edit":                    (LOGIN, 200,   404,   403,   403,   403,   403,   403),
    "finance:loan-list":                          (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:loan-export":                        (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:loan-create":                        (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "finance:loan-detail":                        (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "finance:loan-edit":                          (LOGIN, 200,   404,   403,   403,   403,   403,   403),
    "finance:subsidy-create":                     (LOGIN, 200,   404,   403,   403,   403,   403,   403),
    "finance:subsidy-edit":                       (LOGIN, 200,   404,   403,   403,   403,   403,   403),
    "finance:insurance-list":                     (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:insurance-export":                   (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:insurance-create":                   (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "finance:insurance-edit":                     (LOGIN, 200,   404,   403,   403,   403,   403,   403),
    "finance:budget":                             (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "finance:spending-create":                    (LOGIN, 405,   405,   403,   403,   403,   403,   403),
    "finance:budget-note":                        (LOGIN, 403,   403,   405,   403,   403,   403,   403),
    "finance:import-template":                    (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "finance:import":                             (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    "notifications:list":                         (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "notifications:mark-read":                    (LOGIN, 405,   405,   405,   405,   405,   403,   403),
    "reports:dashboard":                          (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "reports:bureau":                             (LOGIN, 200,   200,   200,   403,   403,   403,   403),
    "reports:bureau-detail":                      (LOGIN, 200,   404,   200,   200,   200,   403,   403),
    "reports:indicator":                          (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "reports:defaults":                           (LOGIN, 403,   403,   200,   403,   403,   403,   403),
    "report:index":                               (LOGIN, 403,   403,   200,   200,   403,   403,   403),
    "report:history":                             (LOGIN, 403,   403,   200,   200,   403,   403,   403),
    "report:stored":                              (LOGIN, 403,   403,   200,   200,   403,   403,   403),
    "report:circular-download":                   (LOGIN, 404,   404,   200,   200,   200,   403,   403),
    "report:preview":                             (LOGIN, 403,   403,   200,   200,   403,   403,   403),
    "report:download":                            (LOGIN, 403,   403,   405,   405,   403,   403,   403),
    "exports:job":                                (LOGIN, 200,   404,   404,   404,   404,   403,   403),
    "exports:job-download":                       (LOGIN, 200,   404,   404,   404,   404,   403,   403),
    "exports:list":                               (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "assessment:assessment":                      (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "assessment:assessment-year":                 (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "assessment:assessment-bureau":               (LOGIN, 403,   403,   200,   200,   200,   403,   403),
    "assessment:circular-list":                   (LOGIN, 200,   200,   200,   200,   200,   403,   403),
    "assessment:circular":                        (LOGIN, 404,   404,   200,   200,   200,   403,   403),
    "targets:compute-progress":                   (LOGIN, 403,   403,   405,   403,   403,   403,   403),
    "targets:assess":                             (LOGIN, 403,   403,   405,   403,   403,   403,   403),
    # Health, language switch, audit log
    "health:status":                              (LOGIN, 403,   403,   403,   403,   200,   403,   403),
    "healthz":                                    (200,   200,   200,   200,   200,   200,   200,   200),
    "set_language":                               (MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    "audit:events":                               (LOGIN, 403,   403,   403,   403,   403,   200,   403),
    "audit:export":                               (LOGIN, 403,   403,   403,   403,   403,   200,   403),
    # The REST API (its format-suffix variants share the names) and its schema
    "api-token":                                  (405,   405,   405,   405,   405,   405,   405,   405),
    "api-token-revoke":                           (401,   401,   401,   401,   401,   401,   401,   401),
    "bureau-list":                                (403,   200,   200,   200,   200,   200,   403,   403),
    "bureau-detail":                              (403,   200,   200,   200,   200,   200,   403,   403),
    "indicator-list":                             (403,   200,   200,   200,   200,   200,   403,   403),
    "indicator-detail":                           (403,   200,   200,   200,   200,   200,   403,   403),
    "progress-list":                              (403,   200,   200,   200,   200,   200,   403,   403),
    "keytask-list":                               (403,   200,   200,   200,   200,   200,   403,   403),
    "keytask-detail":                             (403,   200,   200,   200,   200,   200,   403,   403),
    "figure-list":                                (403,   200,   200,   200,   200,   200,   403,   403),
    "figure-detail":                              (403,   200,   404,   200,   200,   200,   403,   403),
    "figure-approve":                             (403,   405,   405,   405,   405,   405,   403,   403),
    "figure-reopen":                              (403,   405,   405,   405,   405,   405,   403,   403),
    "figure-return":                              (403,   405,   405,   405,   405,   405,   403,   403),
    "figure-submit":                              (403,   405,   405,   405,   405,   405,   403,   403),
    "taskreport-list":                            (403,   200,   200,   200,   200,   200,   403,   403),
    "taskreport-detail":                          (403,   200,   404,   200,   200,   200,   403,   403),
    "taskreport-approve":                         (403,   405,   405,   405,   405,   405,   403,   403),
    "taskreport-reopen":                          (403,   405,   405,   405,   405,   405,   403,   403),
    "taskreport-return":                          (403,   405,   405,   405,   405,   405,   403,   403),
    "taskreport-submit":                          (403,   405,   405,   405,   405,   405,   403,   403),
    "supervision-item-list":                      (403,   200,   200,   200,   200,   200,   403,   403),
    "supervision-item-detail":                    (403,   200,   404,   200,   200,   200,   403,   403),
    "supervision-item-send-back":                 (403,   405,   405,   405,   405,   405,   403,   403),
    "supervision-item-sign-off":                  (403,   405,   405,   405,   405,   405,   403,   403),
    "supervision-item-updates":                   (403,   405,   405,   405,   405,   405,   403,   403),
    "activity-list":                              (403,   200,   200,   200,   200,   200,   403,   403),
    "activity-detail":                            (403,   200,   404,   200,   200,   200,   403,   403),
    "case-list":                                  (403,   200,   200,   200,   200,   200,   403,   403),
    "case-detail":                                (403,   200,   404,   200,   200,   200,   403,   403),
    "case-accept":                                (403,   405,   405,   405,   405,   405,   403,   403),
    "case-advance":                               (403,   405,   405,   405,   405,   405,   403,   403),
    "case-step":                                  (403,   405,   405,   405,   405,   405,   403,   403),
    "case-transfer":                              (403,   405,   405,   405,   405,   405,   403,   403),
    "campaign-list":                              (403,   200,   200,   200,   200,   200,   403,   403),
    "campaign-detail":                            (403,   200,   200,   200,   200,   200,   403,   403),
    "enterprise-list":                            (403,   200,   200,   200,   200,   200,   403,   403),
    "enterprise-detail":                          (403,   200,   404,   200,   200,   200,   403,   403),
    "pledgeloan-list":                            (403,   200,   200,   200,   200,   200,   403,   403),
    "pledgeloan-detail":                          (403,   200,   404,   200,   200,   200,   403,   403),
    "interestsubsidy-list":                       (403,   200,   200,   200,   200,   200,   403,   403),
    "interestsubsidy-detail":                     (403,   200,   404,   200,   200,   200,   403,   403),
    "insurancepolicy-list":                       (403,   200,   200,   200,   200,   200,   403,   403),
    "insurancepolicy-detail":                     (403,   200,   404,   200,   200,   200,   403,   403),
    "api-root":                                   (403,   200,   200,   200,   200,   200,   403,   403),
    "api-assessment":                             (403,   403,   403,   200,   200,   200,   403,   403),
    "schema":                                     (200,   200,   200,   200,   200,   200,   200,   200),
    "api-docs":                                   (200,   200,   200,   200,   200,   200,   200,   200),
    # The Django admin's own pages; its model pages are in ADMIN_MODELS below.
    "admin:index":                                (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 200),
    "admin:login":                                (200,   200,   200,   MOVED, 200,   MOVED, 200,   MOVED),
    "admin:logout":                               (MOVED, MOVED, MOVED, 405,   MOVED, 405,   MOVED, 405),
    "admin:password_change":                      (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 200),
    "admin:password_change_done":                 (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 200),
    "admin:autocomplete":                         (LOGIN, LOGIN, LOGIN, 403,   LOGIN, 403,   LOGIN, 403),
    "admin:jsi18n":                               (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 200),
    "admin:view_on_site":                         (LOGIN, LOGIN, LOGIN, MOVED, LOGIN, MOVED, LOGIN, MOVED),
    "admin:auth_user_password_change":            (LOGIN, LOGIN, LOGIN, 403,   LOGIN, 403,   LOGIN, 200),
    "admin:targets_figure_simple_history":        (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:tasks_registry_taskreport_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:enforcement_case_simple_history":      (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_enterprise_simple_history":    (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_pledgeloan_simple_history":    (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_insurancepolicy_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:targets_indicator_simple_history":     (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:tasks_registry_activity_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_subsidypolicy_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_interestsubsidy_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_budgetline_simple_history":    (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:finance_spending_simple_history":      (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:reports_assessmentcriterion_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:targets_statusthresholds_simple_history": (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:reports_circular_simple_history":      (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 403),
    "admin:app_list":                             (LOGIN, LOGIN, LOGIN, 200,   LOGIN, 200,   LOGIN, 200),
    ADMIN_CATCH_ALL:                              (LOGIN, LOGIN, LOGIN, 404,   LOGIN, 404,   LOGIN, 404),
}

# The URL arguments of ROUTES, as names of the records `access_world.build_world()` makes.
KWARGS = {
    "password_reset_confirm":                     "uidb64=reset_uid token=reset_token",
    "tasks_registry:task-detail":                 "number=task",
    "tasks_registry:supervision-new-problem":     "pk=task_report",
    "tasks_registry:supervision-detail":          "pk=item",
    "tasks_registry:activity-detail":             "pk=activity",
    "tasks_registry:activity-edit":               "pk=activity",
    "reporting:close-follow-up":                  "pk=comment",
    "reporting:evidence":                         "pk=evidence",
    "reporting:figure":                           "period=period subject=indicator bureau=market",
    "reporting:task-report":                      "period=period subject=task bureau=market",
    "reporting:grid":                             "period=period bureau=market",
    "reporting:figures-template":                 "period=period",
    "reporting:import-figures":                   "period=period",
    "enforcement:case-detail":                    "pk=case",
    "enforcement:case-edit":                      "pk=case",
    "enforcement:case-step":                      "pk=case",
    "enforcement:case-transfer":                  "pk=case",
    "enforcement:transfer-accept":                "pk=case",
    "enforcement:attachment":                     "pk=attachment",
    "finance:enterprise-detail":                  "pk=enterprise",
    "finance:enterprise-edit":                    "pk=enterprise",
    "finance:loan-detail":                        "pk=loan",
    "finance:loan-edit":                          "pk=loan",
    "finance:subsidy-create":                     "loan=loan",
    "finance:subsidy-edit":                       "pk=subsidy",
    "finance:insurance-edit":                     "pk=insurance",
    "finance:spending-create":                    "pk=budget",
    "finance:budget-note":                        "pk=budget",
    "finance:import-template":                    "kind=enterprises",
    "finance:import":                             "kind=enterprises",
    "reports:bureau-detail":                      "code=market",
    "reports:indicator":                          "code=indicator",
    "report:stored":                              "pk=stored",
    "report:circular-download":                   "pk=circular fmt=docx",
    "report:preview":                             "code=period",
    "report:download":                            "code=period fmt=xlsx",
    "exports:job":                                "pk=job",
    "exports:job-download":                       "pk=job",
    "exports:list":                               "kind=figures period=period",
    "assessment:assessment-year":                 "year=year",
    "api-assessment":                             "year=year",
    "assessment:assessment-bureau":               "year=year code=market",
    "assessment:circular":                        "pk=circular",
    "bureau-detail":                              "pk=market_pk",
    "indicator-detail":                           "pk=indicator_pk",
    "targets:assess":                             "code=qualitative_code",
    "keytask-detail":                             "number=task",
    "figure-detail":                              "pk=figure",
    "figure-approve":                             "pk=figure",
    "figure-reopen":                              "pk=figure",
    "figure-return":                              "pk=figure",
    "figure-submit":                              "pk=figure",
    "taskreport-detail":                          "pk=task_report",
    "taskreport-approve":                         "pk=task_report",
    "taskreport-reopen":                          "pk=task_report",
    "taskreport-return":                          "pk=task_report",
    "taskreport-submit":                          "pk=task_report",
    "supervision-item-detail":                    "pk=item",
    "supervision-item-send-back":                 "pk=item",
    "supervision-item-sign-off":                  "pk=item",
    "supervision-item-updates":                   "pk=item",
    "activity-detail":                            "pk=activity",
    "case-detail":                                "pk=case",
    "case-accept":                                "pk=case",
    "case-advance":                               "pk=case",
    "case-step":                                  "pk=case",
    "case-transfer":                              "pk=case",
    "campaign-detail":                            "pk=campaign",
    "enterprise-detail":                          "pk=enterprise",
    "pledgeloan-detail":                          "pk=loan",
    "interestsubsidy-detail":                     "pk=subsidy",
    "insurancepolicy-detail":                     "pk=insurance",
    "admin:view_on_site":                         "content_type_id=case_type object_id=case",
    "admin:app_list":                             "app_label=app_label",
    "admin:targets_figure_simple_history":        "0=figure 1=figure_history",
    "admin:tasks_registry_taskreport_simple_history": "0=task_report 1=task_report_history",
    "admin:enforcement_case_simple_history":      "0=case 1=case_history",
    "admin:finance_enterprise_simple_history":    "0=enterprise 1=enterprise_history",
    "admin:finance_pledgeloan_simple_history":    "0=loan 1=loan_history",
    "admin:finance_insurancepolicy_simple_history": "0=insurance 1=insurance_history",
    "admin:targets_indicator_simple_history": "0=indicator_pk 1=indicator_history",
    "admin:tasks_registry_activity_simple_history": "0=activity 1=activity_history",
    "admin:finance_subsidypolicy_simple_history": "0=policy 1=policy_history",
    "admin:finance_interestsubsidy_simple_history": "0=subsidy 1=subsidy_history",
    "admin:finance_budgetline_simple_history": "0=budget 1=budget_history",
    "admin:finance_spending_simple_history": "0=spending 1=spending_history",
    "admin:reports_assessmentcriterion_simple_history": "0=criterion 1=criterion_history",
    "admin:targets_statusthresholds_simple_history": "0=thresholds 1=thresholds_history",
    "admin:reports_circular_simple_history": "0=circular 1=circular_history",
    "admin:auth_user_password_change":            "id=owner",
    ADMIN_CATCH_ALL:                              "url=no_such_page",
}

# State-changing routes on a record of alice's bureau: bob's POST (the API's PATCH) answers 404
# as his GET does, and changes nothing. Routes whose role check refuses bob first (403) are not
# here.
OTHER_BUREAU_WRITES = {
    "tasks_registry:supervision-detail":          POST,
    "tasks_registry:activity-edit":               POST,
    "reporting:figure":                           POST,
    "reporting:task-report":                      POST,
    "reporting:grid":                             POST,
    "enforcement:case-edit":                      POST,
    "enforcement:case-step":                      POST,
    "enforcement:case-transfer":                  POST,
    "enforcement:transfer-accept":                POST,
    "finance:enterprise-edit":                    POST,
    "finance:loan-edit":                          POST,
    "finance:subsidy-create":                     POST,
    "finance:subsidy-edit":                       POST,
    "finance:insurance-edit":                     POST,
    "finance:spending-create":                    POST,
    "assessment:circular":                        POST,
    "figure-detail":                              PATCH,
    "figure-approve":                             POST,
    "figure-reopen":                              POST,
    "figure-return":                              POST,
    "figure-submit":                              POST,
    "taskreport-detail":                          PATCH,
    "taskreport-approve":                         POST,
    "taskreport-reopen":                          POST,
    "taskreport-return":                          POST,
    "taskreport-submit":                          POST,
    "supervision-item-send-back":                 POST,
    "supervision-item-sign-off":                  POST,
    "supervision-item-updates":                   POST,
    "case-detail":                                PATCH,
    "case-accept":                                POST,
    "case-advance":                               POST,
    "case-step":                                  POST,
    "case-transfer":                              POST,
    "enterprise-detail":                          PATCH,
    "pledgeloan-detail":                          PATCH,
    "interestsubsidy-detail":                     PATCH,
    "insurancepolicy-detail":                     PATCH,
}

# Exports of lists that hold a record of alice's bureau: bob's file has the header and none of them.
OTHER_BUREAU_EXPORTS = (
    "exports:list",
    "tasks_registry:activity-export",
    "enforcement:case-export",
    "finance:enterprise-export",
    "finance:loan-export",
    "finance:insurance-export",
)

# The Django admin's model pages. Only the office, the administrator and the security
# administrator enter the admin (is_staff); every other role is sent to its login page. Per model,
# what each of the three gets on its pages:
ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
NONE = (403, 403, 403, 403, 403)
#                 changelist add  change history delete
BOTH_EDIT = {
    "office":    (200,       200, 200,   200,    200),
    "admin":     (200,       200, 200,   200,    200),
    "secadmin":  NONE,
}
BOTH_READ = {  # written by the application only: the admin shows them
    "office":    (200,       403, 200,   200,    403),
    "admin":     (200,       403, 200,   200,    403),
    "secadmin":  NONE,
}
BOTH_EDIT_NO_DELETE = {
    "office":    (200,       200, 200,   200,    403),
    "admin":     (200,       200, 200,   200,    403),
    "secadmin":  NONE,
}
BOTH_CHANGE = {  # one row: changed, never added or deleted
    "office":    (200,       403, 200,   200,    403),
    "admin":     (200,       403, 200,   200,    403),
    "secadmin":  NONE,
}
BOTH_READ_DELETE = {
    "office":    (200,       403, 200,   200,    200),
    "admin":     (200,       403, 200,   200,    200),
    "secadmin":  NONE,
}
ADMIN_EDITS = {
    "office":    NONE,
    "admin":     (200,       200, 200,   200,    200),
    "secadmin":  NONE,
}
ADMIN_READS = {
    "office":    NONE,
    "admin":     (200,       403, 200,   200,    403),
    "secadmin":  NONE,
}
ADMIN_CHANGES = {  # the administrator ticks; nobody adds or deletes
    "office":    NONE,
    "admin":     (200,       403, 200,   200,    403),
    "secadmin":  NONE,
}
ADMIN_READS_DELETES = {
    "office":    NONE,
    "admin":     (200,       403, 200,   200,    200),
    "secadmin":  NONE,
}
ACCOUNTS = {  # the administrator adds and configures; the security administrator (de)activates
    "office":    NONE,
    "admin":     (200,       200, 200,   200,    200),
    "secadmin":  (200,       403, 200,   200,    403),
}
SECADMIN_READS_DELETES = {  # unlocking, second factors, API tokens (三员分立)
    "office":    NONE,
    "admin":     NONE,
    "secadmin":  (200,       403, 200,   200,    200),
}
SECADMIN_READS = {  # the login records: read, kept
    "office":    NONE,
    "admin":     NONE,
    "secadmin":  (200,       403, 200,   200,    403),
}

NOBODY = {
    "office":    NONE,
    "admin":     NONE,
    "secadmin":  NONE,
}

ADMIN_MODELS = {
    "auth.group":                      ADMIN_EDITS,
    "axes.accessattempt":              SECADMIN_READS_DELETES,  # unlocking an account
    "axes.accesslog":                  SECADMIN_READS,
    "axes.accessfailurelog":           SECADMIN_READS,
    "audit.auditevent":                NOBODY,  # the auditor reads it at /audit/ (三员分立)
    "audit.auditchainanchor":          NOBODY,  # the purge's anchor, part of the log
    "bureaus.bureau":                  BOTH_EDIT,
    "bureaus.user":                    ACCOUNTS,
    "bureaus.apitoken":                SECADMIN_READS_DELETES,  # revoking; no key shown or made
    "bureaus.secondfactorrequirement": ADMIN_CHANGES,
    "otp_totp.totpdevice":             SECADMIN_READS_DELETES,  # resetting a lost phone
    "workflow.transition":             BOTH_READ,
    "workflow.evidence":               BOTH_READ,
    "workflow.reviewcomment":          BOTH_READ,
    "workflow.reminder":               BOTH_READ,
    "targets.targetarea":              BOTH_EDIT,
    "targets.indicator":               BOTH_EDIT,
    "targets.period":                  BOTH_EDIT,
    "targets.statusthresholds":        BOTH_CHANGE,
    "targets.figure":                  BOTH_READ,
    "targets.progress":                BOTH_READ,
    "targets.progressrun":             BOTH_READ,
    "targets.targetassessment":        BOTH_READ,
    "tasks_registry.taskgroup":        BOTH_EDIT,
    "tasks_registry.keytask":          BOTH_EDIT,
    "tasks_registry.taskreport":       BOTH_READ,
    "tasks_registry.taskownership":    BOTH_READ,  # changed on the task's page
    "tasks_registry.activity":         BOTH_READ,
    "tasks_registry.supervisionitem":  BOTH_READ,
    "tasks_registry.inspection":       BOTH_READ,
    "tasks_registry.jointmeeting":     BOTH_READ,
    "tasks_registry.leaderinstruction": BOTH_READ,
    "tasks_registry.supervisionupdate": BOTH_READ,
    "enforcement.case":                BOTH_READ,
    "enforcement.casestep":            BOTH_READ,
    "enforcement.caseattachment":      BOTH_READ,
    "enforcement.transfer":            BOTH_READ,
    "enforcement.campaign":            BOTH_EDIT,
    "finance.industrycluster":         BOTH_EDIT,
    "finance.subsidypolicy":           BOTH_EDIT,
    "finance.enterprise":              BOTH_READ,  # kept on the pages, whose services check
    "finance.pledgeloan":              BOTH_READ,  # kept on the pages, whose services check
    "finance.interestsubsidy":         BOTH_READ,
    "finance.insurancepolicy":         BOTH_READ,  # kept on the pages, whose services check
    "finance.budgetline":              BOTH_EDIT,
    "finance.spending":                BOTH_READ,
    "reports.assessmentcriterion":     BOTH_EDIT_NO_DELETE,  # the six measures stay
    "reports.assessmentadjustment":    BOTH_READ,
    "reports.assessmentcategory":      BOTH_EDIT,
    "reports.circular":                BOTH_READ_DELETE,  # a draft may be thrown away
    "reports.dashboardversion":        ADMIN_READS,  # the dashboards' cache stamp
    "health.heartbeat":                ADMIN_READS_DELETES,
    "health.pendingtask":              ADMIN_READS_DELETES,
    "notifications.notification":      ADMIN_EDITS,
    "notifications.delivery":          ADMIN_READS,  # delivered, still trying, or given up
    "exports.generatedreport":         ADMIN_READS_DELETES,
    "exports.exportjob":               ADMIN_READS_DELETES,
}
# fmt: on
