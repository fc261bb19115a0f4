"""A placeholder package for pre-commit, not the aims package itself.

pre-commit installs a `language: python` hook repository with `pip install .`; this file makes
that install the prebuilt `aims-42001` wheel from PyPI (the `aims` binary, built by maturin from
pypi/pyproject.toml), so the `aims-lint` hook needs no Rust toolchain and compiles nothing. The
pin is Cargo.toml's version: tests/it/packaging.rs fails if the two drift apart.
"""

from setuptools import setup

AIMS_VERSION = "0.1.0"

setup(
    name="aims-pre-commit-placeholder",
    version="0.0.0",
    install_requires=[f"aims-42001=={AIMS_VERSION}"],
    packages=[],
    py_modules=[],
)
