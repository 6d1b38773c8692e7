"""The test suite's own promises: what `make check` leaves out is marked."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

OUTSIDE = ("libreoffice", "browser", "terminal")


def test_tests_that_start_outside_programs_are_marked(request):
    for item in request.session.items:
        fixtures = getattr(item, "fixturenames", ())
        if "soffice" in fixtures:
            assert item.get_closest_marker("libreoffice"), item.nodeid
        if "browser" in fixtures:
            assert item.get_closest_marker("browser"), item.nodeid
        if getattr(getattr(item, "module", None), "pexpect", None) is not None:
            assert item.get_closest_marker("terminal"), item.nodeid


def test_make_check_leaves_out_exactly_the_project_markers():
    quick = re.search(r"^QUICK := (.+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    with (ROOT / "pyproject.toml").open("rb") as fh:
        ini = tomllib.load(fh)["tool"]["pytest"]["ini_options"]
    declared = {line.split(":")[0].strip() for line in ini["markers"]}
    assert set(re.findall(r"not (\w+)", quick)) == declared == {"slow", *OUTSIDE}
