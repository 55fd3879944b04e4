"""geo/proxies.py: X-Forwarded-For is believed only from a trusted proxy, and only the hop it added."""
from __future__ import annotations

import pytest

from geo import settings
from geo.errors import DataError
from geo.proxies import client_address, trusted

NGINX = trusted("10.0.0.5")
TWO_HOPS = trusted("10.0.0.5, 192.168.1.0/24")

CASES = {
    "no setting: the header is never believed": ("10.0.0.5", "203.0.113.7", (), "10.0.0.5"),
    "a stranger's header is ignored": ("198.51.100.1", "203.0.113.7", NGINX, "198.51.100.1"),
    "the hop the proxy added": ("10.0.0.5", "203.0.113.7", NGINX, "203.0.113.7"),
    "what the client wrote before it is ignored": ("10.0.0.5", "127.0.0.1, 6.6.6.6, 203.0.113.7", NGINX,
                                                   "203.0.113.7"),
    "a trusted hop before the proxy is passed over": ("10.0.0.5", "203.0.113.7, 192.168.1.4", TWO_HOPS,
                                                      "203.0.113.7"),
    "junk where the proxy's hop should be leaves the proxy": ("10.0.0.5", "not an address", NGINX, "10.0.0.5"),
    "a trusted proxy with no header is itself": ("10.0.0.5", None, NGINX, "10.0.0.5"),
    "IPv6": ("2001:db8::5", "2001:db8:1::7", trusted("2001:db8::/64"), "2001:db8:1::7"),
}


@pytest.mark.parametrize("peer, forwarded, proxies, client", CASES.values(), ids=list(CASES))
def test_the_client_is_the_rightmost_hop_no_trusted_proxy_is_known_by(peer, forwarded, proxies, client):
    assert client_address(peer, forwarded, proxies) == client


def test_the_setting_takes_addresses_and_ranges_and_names_a_bad_item(tmp_path):
    loaded = settings.load({"STATE_DIR": str(tmp_path), "TRUSTED_PROXIES": " 10.0.0.5 , 10.1.0.0/16 "})
    assert loaded.trusted_proxies == "10.0.0.5,10.1.0.0/16"
    assert settings.load({"STATE_DIR": str(tmp_path)}).trusted_proxies == ""
    with pytest.raises(DataError, match=r"^The setting TRUSTED_PROXIES must list proxies' IP addresses or ranges "
                                        r"\(such as 10.0.0.5 or 10.0.0.0/24\), separated by commas; 'nginx' is"):
        settings.load({"STATE_DIR": str(tmp_path), "TRUSTED_PROXIES": "10.0.0.5,nginx"})
