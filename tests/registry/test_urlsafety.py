"""Registration and harvest URLs: non-public addresses are refused before
any connection unless allowed; size, redirect and time limits."""
from __future__ import annotations

import ipaddress

import pytest

from ckanext.gdcatalog.registry import urlsafety

ALLOW_LOCAL = pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "127.0.0.1")


@pytest.mark.parametrize("url", [
    "http://10.0.0.1/catalog.ttl", "http://192.168.1.20/", "http://172.16.0.5/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://127.0.0.1:5000/",
    "http://localhost/", "http://0.0.0.0/", "http://224.0.0.1/", "http://100.64.0.1/",
    "http://[fe80::1]/", "http://[::ffff:10.0.0.1]/", "http://[fd00:ec2::254]/",
    "http://240.0.0.1/",
])
@pytest.mark.without_plugins
def test_non_public_addresses_are_refused_without_connecting(url, dcat_server):
    before = len(dcat_server.requests)
    with pytest.raises(urlsafety.RefusedURL, match="not a public Internet address"):
        urlsafety.fetch(url)
    assert len(dcat_server.requests) == before


@pytest.mark.parametrize("url", ["ftp://example.go.th/", "file:///etc/passwd",
                                 "gopher://x/", "http:///nohost", "http://a:99999/"])
@pytest.mark.without_plugins
def test_other_schemes_and_malformed_urls_are_refused(url):
    with pytest.raises(urlsafety.RefusedURL):
        urlsafety.resolve(url)


@pytest.mark.without_plugins
def test_public_addresses_pass_the_check():
    for address in ("8.8.8.8", "2001:4860:4860::8888", "203.150.1.1"):
        assert urlsafety.is_public(ipaddress.ip_address(address))
    for address in ("169.254.169.254", "100.100.100.200", "::1", "127.0.0.2", "10.1.1.1"):
        assert not urlsafety.is_public(ipaddress.ip_address(address))


@ALLOW_LOCAL
def test_the_allow_list_names_addresses(base_url):
    response = urlsafety.fetch(base_url + "/catalog.ttl")
    assert response.status == 200 and response.content_type == "text/turtle"
    with pytest.raises(urlsafety.RefusedURL):  # only what is listed
        urlsafety.resolve("http://10.0.0.1/")


@pytest.mark.ckan_config("ckan.gdcatalog.registry.allowed_hosts", "localhost 10.0.0.0/8")
def test_the_allow_list_names_hosts_and_networks():
    assert urlsafety.resolve("http://localhost:8080/")[:2] == ("localhost", 8080)
    assert str(urlsafety.resolve("http://10.2.3.4/")[2]) == "10.2.3.4"


@ALLOW_LOCAL
def test_redirects_are_followed_and_each_is_checked(base_url, dcat_server):
    response = urlsafety.fetch(base_url + "/moved")
    assert response.status == 200 and response.redirects == [base_url + "/moved"]
    before = len(dcat_server.requests)
    with pytest.raises(urlsafety.RefusedURL, match="169.254.169.254"):
        urlsafety.fetch(base_url + "/to-metadata")
    assert dcat_server.requests[before:] == ["/to-metadata"]
    with pytest.raises(urlsafety.RefusedURL, match="Too many redirects"):
        urlsafety.fetch(base_url + "/loop")


@ALLOW_LOCAL
def test_responses_are_limited_in_size(base_url):
    with pytest.raises(urlsafety.RefusedURL, match="larger than 1000 bytes"):
        urlsafety.fetch(base_url + "/big.ttl", max_bytes=1000)
    assert len(urlsafety.fetch(base_url + "/big.ttl").body) > 200_000


@ALLOW_LOCAL
def test_a_closed_port_is_an_error_not_a_crash():
    import socket
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(urlsafety.RefusedURL, match="Could not connect"):
        urlsafety.fetch(f"http://127.0.0.1:{port}/")


@pytest.mark.without_plugins
def test_harvest_pages_on_private_addresses_are_not_fetched():
    url, errors = urlsafety.before_download("http://169.254.169.254/catalog.ttl", None)
    assert url is None and "not a public Internet address" in errors[0]
    assert urlsafety.before_download(None, None) == (None, [])


@ALLOW_LOCAL
def test_harvest_pages_on_allowed_hosts_are_fetched(base_url):
    assert urlsafety.before_download(base_url + "/catalog.ttl", None) == (
        base_url + "/catalog.ttl", [])


@ALLOW_LOCAL
def test_a_server_that_does_not_answer_in_time_is_abandoned(base_url):
    with pytest.raises(urlsafety.RefusedURL, match="did not answer within 0.5 seconds"):
        urlsafety.fetch(base_url + "/slow", timeout=0.5)
