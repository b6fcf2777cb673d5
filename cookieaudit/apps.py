from django.apps import AppConfig


class CookieAuditConfig(AppConfig):
    name = "cookieaudit"
    verbose_name = "Cookie audit"
