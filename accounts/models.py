"""Recovery codes: a django-otp device whose one-time codes are stored only as SHA-256 hashes.

django-otp's own static device keeps its codes in clear text; these are random enough
(50 bits each) that an unsalted hash is all a stolen database table yields.
"""

import hashlib
import secrets

from django.db import models, transaction

from django_otp.models import Device

RECOVERY_CODE_COUNT = 10
# No 0/O or 1/l/I: codes are read off paper and typed in.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise(code):
    return "".join(character for character in code.lower() if character.isalnum())


def digest(code):
    return hashlib.sha256(normalise(code).encode()).hexdigest()


class RecoveryCodeDevice(Device):
    """A user's set of recovery codes; each works once."""

    @transaction.atomic
    def replace_codes(self):
        """Make a new set (the old ones stop working) and return them, the only time they are seen."""
        self.codes.all().delete()
        codes = [
            "-".join("".join(secrets.choice(ALPHABET) for _ in range(5)) for _ in range(2))
            for _ in range(RECOVERY_CODE_COUNT)
        ]
        RecoveryCode.objects.bulk_create(RecoveryCode(device=self, digest=digest(code)) for code in codes)
        return codes

    def verify_token(self, token):
        if not normalise(token):
            return False
        deleted, _ = self.codes.filter(digest=digest(token)).delete()
        return deleted > 0


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self):
        return f"Recovery code for {self.device.user}"
