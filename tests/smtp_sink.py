"""A local SMTP sink for tests: a tiny SMTP server on 127.0.0.1 that keeps
every message it is sent (no relaying, no TLS, no AUTH), for tests of the
mails CKAN sends (``smtp.server = 127.0.0.1:<port>``).

    with SmtpSink() as sink:
        ...                          # CKAN sends a mail
        [mail] = sink.messages       # email.message.EmailMessage objects
"""
from __future__ import annotations

import email
import email.policy
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def _say(self, line: str):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self._say("220 sink ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._say("250-sink")
                self._say("250 8BITMIME")
            elif verb in ("HELO", "NOOP"):
                self._say("250 OK")
            elif verb == "RSET":
                recipients = []
                self._say("250 OK")
            elif verb == "MAIL":
                recipients = []
                self._say("250 OK")
            elif verb == "RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 end with .")
                data = []
                while True:
                    part = self.rfile.readline()
                    if part in (b".\r\n", b".\n", b""):
                        break
                    data.append(part[1:] if part.startswith(b"..") else part)
                message = email.message_from_bytes(b"".join(data), policy=email.policy.default)
                self.server.sink.messages.append(message)
                self.server.sink.recipients.append(list(recipients))
                self._say("250 OK queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    def __init__(self):
        self.messages: list = []
        self.recipients: list = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        return "127.0.0.1:%d" % self.port

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def send_ckan_mail_to(sink, ckan_config, monkeypatch):
    """CKAN's mailer (the test app's config) sends to ``sink``, as a deployment with mail."""
    monkeypatch.setitem(ckan_config, "smtp.server", sink.address)
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    monkeypatch.setitem(ckan_config, "smtp.user", "")
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "opendata@example.gov.cn")
