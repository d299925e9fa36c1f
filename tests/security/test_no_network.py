"""Does the suite-wide network guard stop (and fail) any attempt to leave the machine?"""

from __future__ import annotations

import socket
import urllib.request

import pytest

from simulator import Session, load_scenario
from tests.security.network_guard import NetworkAttempts


def test_outside_connections_are_blocked_and_recorded(no_network: NetworkAttempts) -> None:
    """Are a TCP connect, a DNS lookup and an HTTP request to another host all refused?"""
    with pytest.raises(OSError, match="network access is disabled"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError, match="network access is disabled"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert "example.org" in no_network
    no_network.clear()  # the attempts above were this test's own doing


def test_loopback_stays_allowed(no_network: NetworkAttempts) -> None:
    """Can code still talk to 127.0.0.1 (kernels and local test servers need it)?"""
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname(), timeout=5):
        pass
    assert not no_network


def test_a_role_play_session_needs_no_network(no_network: NetworkAttempts) -> None:
    """Does a whole role-play (coder, simulator, metrics) run without any network call?"""
    session = Session(load_scenario("warm-line-crisis"), seed=0)
    session.respond("What would you like to talk about tonight?")
    session.respond("It sounds like the evenings are heavy.")
    assert not no_network
