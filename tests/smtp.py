"""A real SMTP server for the tests (aiosmtpd), so mail goes through Django's SMTP backend and back.

Use the `smtp_server` fixture: while it is active the site's EMAIL_BACKEND is the
SMTP one, pointed at this server, and `smtp_server.messages` holds what arrived
as parsed email messages (with `.envelope_to` the addresses given to RCPT TO).
"""

import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        message.envelope_from = envelope.mail_from
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=10):
        """Block until `count` messages have arrived (mail sent from another thread or process)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} emails, {len(self.messages)} arrived")
                self._arrived.wait(remaining)
        return self.messages

    def to(self, address):
        return [message for message in self.messages if address in message.envelope_to]


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname=self.host, port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()

    @property
    def messages(self):
        return self.inbox.messages


class WorkerDied(Exception):
    """Stands for the worker process being killed: nothing after it in the task runs."""


def worker_dies_after(monkeypatch, sends):
    """Django's SMTP backend delivers `sends` emails, then the worker "dies" (WorkerDied) before the next.

    `monkeypatch.undo()` brings the worker back."""
    from django.core.mail.backends.smtp import EmailBackend  # noqa: PLC0415 - this module loads before Django

    real_send = EmailBackend.send_messages
    accepted = []

    def send_messages(self, messages):
        if len(accepted) >= sends:
            raise WorkerDied
        result = real_send(self, messages)
        accepted.extend(messages)
        return result

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
