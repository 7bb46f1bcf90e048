"""Real OWL tools for the ontology tests: the OWL API's OWL 2 DL profile check and the HermiT reasoner.

The profile check is OWL API 5 (Debian's libowlapi-java) run in this process through JPype; HermiT
is owlready2's HermiT.jar run as a command. Both need Java (Debian's default-jre-headless); .ci/run
installs them. Without them the tests skip, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest


def require_java_tools() -> None:
    """Skip (or in CI fail) when Java, the OWL API or HermiT is missing."""
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI must run the OWL tests: {reason}")
        pytest.skip(reason)


def _missing() -> str | None:
    if shutil.which("java") is None:
        return "java is not installed (apt-get install default-jre-headless)"
    if not _owlapi_jars():
        return "the OWL API is not installed (apt-get install libowlapi-java)"
    try:
        import jpype  # noqa: F401
        import owlready2  # noqa: F401
    except ImportError as e:
        return f"{e.name} is not installed (pip install -e '.[test]')"
    return None


@lru_cache(maxsize=1)
def _owlapi_jars() -> tuple[str, ...]:
    """Debian's OWL API jar and the jars of the packages it depends on (slf4j's API, no binding)."""
    try:
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", "libowlapi-java"],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    jars = []
    for package in ["libowlapi-java"] + [d.split()[0] for d in depends.split(",") if d.strip()]:
        files = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True).stdout.split()
        jars += [f for f in files if f.startswith("/usr/share/java/") and f.endswith(".jar") and f.count("/") == 4
                 and (package != "libslf4j-java" or f.endswith("/slf4j-api.jar"))]  # two bindings would clash
    return tuple(jars)


def dl_violations(rdfxml: Path) -> list[str]:
    """Every way the ontology in an RDF/XML file breaks the OWL 2 DL profile (OWL API 5), as text."""
    import jpype
    import jpype.imports  # noqa: F401

    if not jpype.isJVMStarted():
        jpype.startJVM(classpath=list(_owlapi_jars()))
    from java.io import File
    from org.semanticweb.owlapi.apibinding import OWLManager
    from org.semanticweb.owlapi.profiles import Profiles

    manager = OWLManager.createOWLOntologyManager()
    ontology = manager.loadOntologyFromOntologyDocument(File(str(rdfxml)))
    return [str(v) for v in Profiles.OWL2_DL.checkOntology(ontology).getViolations()]


def hermit(rdfxml: Path) -> tuple[bool, list[str]]:
    """HermiT on an RDF/XML file: whether it is consistent, and its unsatisfiable classes if it is."""
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    run = subprocess.run(["java", "-cp", str(jar), "org.semanticweb.HermiT.cli.CommandLine", "-k", "-U",
                          Path(rdfxml).resolve().as_uri()], capture_output=True, text=True, timeout=300)
    if "InconsistentOntologyException" in run.stderr:
        return False, []
    if run.returncode != 0:
        raise RuntimeError(f"HermiT failed: {run.stderr[-2000:]}")
    # -U prints the classes equivalent to owl:Nothing, one a line, owl:Nothing itself among them
    listing = run.stdout.split("Classes equivalent to 'owl:Nothing':", 1)[1]
    return True, [c.strip() for c in listing.splitlines() if c.strip() and c.strip() != "owl:Nothing"]
