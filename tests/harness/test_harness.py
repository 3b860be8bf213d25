# SPDX-License-Identifier: MIT
"""The harness itself: the result-protocol parser, the config template,
and a Xen host that dies being replaced for the next test."""
import pytest

from harness import guestcfg, protocol

LOG = """\
pvkit: probe: entry=pvh hypervisor=none -> backend native
pvkit: test a.one                         PASS
pvkit:     skipped: one CPU online
pvkit: test a.two                         SKIP
pvkit:     want 3, got 4
pvkit: test a.three                       FAIL
pvkit: backend=native cpus=2 tests=1/2
Test result: FAILURE
"""


@pytest.mark.unit
def test_protocol_parses_each_line():
    r = protocol.parse(LOG)
    assert (r.backend, r.cpus, r.passed, r.total, r.verdict) == ("native", 2, 1, 2, "FAILURE")
    assert r.status("a.one") == "PASS" and r.tests["a.one"].details == []
    assert r.tests["a.two"].reason == "one CPU online"
    assert r.tests["a.three"].reason == "want 3, got 4"
    assert protocol.last_line(LOG) == "Test result: FAILURE"


@pytest.mark.unit
def test_protocol_splits_boots():
    boots = protocol.results(LOG + LOG.replace("FAILURE", "SUCCESS"))
    assert [b.verdict for b in boots] == ["FAILURE", "SUCCESS"]
    assert protocol.results("pvkit: test x PASS\n")[0].verdict is None


@pytest.mark.unit
def test_config_template_overrides():
    text = guestcfg.render('name = "pvkit"\nmemory = 32\nextra = ""\n',
                           name="t", memory=512, extra='a "b"', vcpus=2)
    assert text.splitlines() == ['name = "t"', "memory = 512", 'extra = "a \\"b\\""',
                                 "vcpus = 2"]


def test_config_keeps_shell_characters():
    """PVKIT_CMDLINE for make run-xen becomes extra= in an xl config file,
    never a shell word: '|', '&' and quotes stay as written."""
    text = guestcfg.render('extra = ""\n', extra='a|b c&d "e f"&')
    assert text.splitlines() == ['extra = "a|b c&d \\"e f\\"&"']


@pytest.mark.xen
def test_dead_host_is_replaced(xen_host, outdir):
    """Kill the host's QEMU: the holder notices and boots another one."""
    host = xen_host.get()
    boots = xen_host.boots
    host.child.terminate(force=True)
    assert not host.alive()
    new = xen_host.get()
    assert new is not host and new.alive() and xen_host.boots == boots + 1
    assert new.check("xl list").startswith("Name")
