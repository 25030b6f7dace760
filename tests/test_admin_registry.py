"""Every model of ours is in the Django admin, searchable and filterable, and opens in Chinese."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

LOCAL_APPS = {
    "bureaus", "targets", "tasks_registry", "enforcement", "finance", "reports", "health",
    "workflow", "notifications", "audit", "exports",
}  # fmt: skip
# The security log is the auditor's, read at /audit/ (三员分立): registered, and closed.
# The auditor's log, and the security administrator's API tokens (三员分立).
CLOSED_TO_THE_ADMINISTRATOR = {"audit.AuditEvent", "audit.AuditChainAnchor", "bureaus.ApiToken"}


def our_models():
    """Our models, less django-simple-history's copies (shown by their model's history page)."""
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in LOCAL_APPS and not m.__name__.startswith("Historical")
    ]


def test_every_model_is_registered_with_search_and_filters():
    missing, bare = [], []
    for model in our_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            missing.append(model._meta.label)
        elif not (model_admin.search_fields or model_admin.list_filter):
            bare.append(model._meta.label)
    assert missing == []
    assert bare == []


@pytest.mark.django_db
def test_every_changelist_opens_for_the_administrator(client, admin_user):
    client.force_login(admin_user)
    for model in our_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        expected = 403 if model._meta.label in CLOSED_TO_THE_ADMINISTRATOR else 200
        assert response.status_code == expected, url
    assert "站点管理" in client.get(reverse("admin:index")).content.decode()


def test_the_admin_index_speaks_chinese(client, admin_user, security_admin):
    """No library's English app or model name, and the portal's own title, not "Django 管理";
    the lockouts and authenticators are the security administrator's (三员分立)."""
    text = ""
    for user in (admin_user, security_admin):
        client.force_login(user)
        html = client.get(reverse("admin:index")).content.decode()
        assert "知识产权强市建设试点管理后台" in html
        text += re.sub(r"<[^>]+>", " ", html).replace(user.username, "")
    assert set(re.findall(r"[A-Za-z][A-Za-z_–-]{2,}", text)) <= {"API"}  # API 令牌
    assert "Django" not in text
    for words in ("登录锁定", "登录尝试", "双因素认证", "身份验证器"):
        assert words in text
