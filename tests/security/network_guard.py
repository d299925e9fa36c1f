"""A pytest fixture that fails any test whose code tries to reach the network.

Loopback (127.0.0.0/8, ::1, localhost) and Unix sockets stay allowed: Jupyter kernels and
test servers use them. Everything else — a TCP/UDP connect or a DNS lookup of another host —
raises OSError at once and is recorded, and the test fails at teardown even if the code
under test caught the error. Child processes (nbgrader workers, kernels) are not covered
here: grading kernels run in their own network namespace where the platform allows
(see docs/security.md).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "", None}


def is_local(host: object) -> bool:
    """Whether `host` (a name or an address) is this machine."""
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


class NetworkAttempts(list):
    """Addresses the code under test tried to reach (a test of the guard may clear it)."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkAttempts]:
    """Make any non-loopback connect or DNS lookup fail the test (privacy: nothing leaves)."""
    attempts = NetworkAttempts()
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    getaddrinfo = socket.getaddrinfo

    def blocked(target: object) -> OSError:
        attempts.append(target)
        return OSError(f"network access is disabled in tests (tried {target!r})")

    def outside(sock: socket.socket, address: object) -> bool:
        inet = sock.family in (socket.AF_INET, socket.AF_INET6)
        return inet and isinstance(address, tuple) and not is_local(address[0])

    def guarded_connect(sock: socket.socket, address: object) -> None:
        if outside(sock, address):
            raise blocked(address)
        return connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: object) -> int:
        if outside(sock, address):
            raise blocked(address)
        return connect_ex(sock, address)

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if not is_local(host):
            raise blocked(host)
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield attempts
    assert not attempts, f"the code under test tried to use the network: {list(attempts)}"
