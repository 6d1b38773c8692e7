"""Copy the top-level templates/ and snippets/ into the package, so the wheel carries them."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithData(build_py):
    def run(self):
        super().run()
        root = Path(__file__).parent
        for kind in ("templates", "snippets"):
            target = Path(self.build_lib) / "complaintgen" / "data" / kind
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / kind, target)


setup(cmdclass={"build_py": BuildWithData})
