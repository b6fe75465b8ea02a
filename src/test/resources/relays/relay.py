"""A real SMTP relay for Tidings' TLS and AUTH tests, built on aiosmtpd (Debian's python3-aiosmtpd).

It speaks plaintext, STARTTLS (required before MAIL) or implicit TLS, may require AUTH PLAIN or
LOGIN, and may advertise PIPELINING. For every message it accepts it appends one JSON line to the
log: the EHLO name the client gave, whether the session was under TLS, the login, the envelope, the
Message-ID and whether RCPT came pipelined behind MAIL. It prints "ready PORT" once it listens, and stops when its standard input closes.
"""
import argparse
import asyncio
import email.parser
import json
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, log, pipelining):
        self.log = log
        self.pipelining = pipelining
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # RCPT already waiting behind MAIL: the client pipelined them (RFC 2920).
        buffered = bytes(getattr(server._reader, "_buffer", b""))
        envelope.pipelined = b"RCPT TO" in buffered.upper()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.original_content or b"")
        line = {
            "helo": session.host_name,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "mail_from": envelope.mail_from,
            "rcpt_to": envelope.rcpt_tos,
            "message_id": headers.get("Message-ID"),
            "bytes": len(envelope.original_content or b""),
            "pipelined": getattr(envelope, "pipelined", False),
        }
        with self.lock, open(self.log, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
        return "250 2.0.0 OK queued"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["none", "starttls", "tls"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--login", help="user:password that AUTH must give")
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--log", required=True)
    args = parser.parse_args()

    context = None
    if args.mode != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        if args.login is None or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = args.login.split(":", 1)
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    settings = dict(
        server_hostname="relay.test",
        auth_required=args.login is not None,
        # Under implicit TLS aiosmtpd does not know the session is secured: only STARTTLS is checked.
        auth_require_tls=args.mode == "starttls",
        authenticator=authenticate,
    )
    if args.mode == "starttls":
        settings.update(tls_context=context, require_starttls=True)
    controller = Controller(
        Recorder(args.log, args.pipelining),
        hostname="127.0.0.1",
        port=args.port,
        ssl_context=context if args.mode == "tls" else None,
        **settings,
    )
    controller.start()
    print("ready", args.port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
