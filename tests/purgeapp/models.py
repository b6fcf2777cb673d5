from django.db import models


class Notice(models.Model):
    """Something a page shows (tests/performance/urls.py lists them)."""

    text = models.CharField(max_length=200)

    def __str__(self):
        return self.text
