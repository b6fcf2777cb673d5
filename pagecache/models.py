from django.db import models


class Generation(models.Model):
    """The page cache's purge generation: one row, bumped by every change visitors could see.

    The database holds it, not the cache, so that an evicted, restarted or
    unreachable Redis can never bring back pages from before a purge: the cache
    keeps only a short-lived copy (store.GENERATION_COPY_SECONDS).
    """

    value = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "page cache generation"

    def __str__(self):
        return f"Page cache generation {self.value}"
