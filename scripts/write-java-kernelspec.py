#!/usr/bin/env python3
"""Write the kernel spec `java` (JJava) into <venv>/share/jupyter/kernels/java/kernel.json.

Called by scripts/setup-notebooks.sh with the venv's Python. The spec starts the JJava kernel
class directly with `java -cp <jjava.jar>:<library classpath> <Main-Class>`, so the project's
library and ND4J are on the JVM's START-UP classpath (the application class loader). ND4J finds
its backend through the thread's context class loader (ND4JClassLoading captures it once); jars
added later by %jars / %classpath / %maven, or by JJAVA_CLASSPATH / IJAVA_CLASSPATH (which the
kernels add to their own JShell class loader after start), are invisible to a context class
loader that is the application class loader, which is what IJava's executor thread has
(see notebooks/README.md). The JShell compiler sees java.class.path, so cells
compile against the library without further settings.

JJava's own launcher (jjava-launcher.jar) runs `java $JJAVA_JVM_OPTS --add-opens
jdk.jshell/jdk.jshell=ALL-UNNAMED -jar jjava.jar <connection file>`; `-jar` ignores `-cp`,
hence the direct start here with the same --add-opens flag.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

# Always on: XChart bitmap export without a display; the library's log at WARN, so that notebook outputs show
# results and warnings, not progress lines naming this machine's folders (the command line keeps INFO).
MANDATORY_JVM_OPTS = ["-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"]
# Heap and JavaCPP off-heap limits; overridable with MNIST_KERNEL_JVM_OPTS at setup time.
# JavaCPP maxbytes as in the library's test JVM (lib/pom.xml, surefire argLine); the physical
# bound is raised with the larger heap (8 GiB heap + 6 GiB off-heap + JVM overhead).
DEFAULT_MEMORY_OPTS = [
    "-Xmx8g",
    "-Dorg.bytedeco.javacpp.maxbytes=6G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=16G",
]
# Needed by JJava on Java 17 (copied from jjava-launcher.jar, which adds it itself).
JSHELL_OPENS = ["--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"]


def main_class_of(jar: Path) -> str:
    """Return the Main-Class attribute of the jar's manifest; raises SystemExit if absent."""
    with zipfile.ZipFile(jar) as zf:
        manifest = zf.read("META-INF/MANIFEST.MF").decode("utf-8")
    for line in manifest.splitlines():
        if line.startswith("Main-Class:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"error: {jar} has no Main-Class in META-INF/MANIFEST.MF")


def build_spec(kernel_dir: Path, project_root: Path, lib_target: Path, java: str,
               memory_opts: list[str]) -> dict:
    """Kernel spec dict for JJava with the library (lib_target/classes, lib_target/dependency/*)
    on the JVM start-up classpath."""
    jar = kernel_dir / "jjava.jar"
    if not jar.is_file():
        raise SystemExit(
            f"error: {jar} not found; the pip package 'jjava' installs it there "
            "(is jjava in notebooks/requirements.txt installed in this venv?)"
        )
    # Absolute paths, resolved now: the kernel's working directory is the notebook's folder.
    library_cp = os.pathsep.join([str(lib_target / "classes"), str(lib_target / "dependency" / "*")])
    jvm_opts = MANDATORY_JVM_OPTS + memory_opts
    argv = [java, *jvm_opts, *JSHELL_OPENS,
            "-cp", os.pathsep.join(["{resource_dir}/jjava.jar", library_cp]),
            main_class_of(jar), "{connection_file}"]
    return {
        "argv": argv,
        "display_name": "Java (JJava, mnist-dynamics)",
        "language": "java",
        "interrupt_mode": "message",
        # Deliberately no JJAVA_CLASSPATH / IJAVA_CLASSPATH: the kernels add those to their own
        # JShell loader after start (not enough for ND4J on IJava, case 01), the JShell compiler
        # already sees java.class.path, and JJava 1.0a8 dies at start-up when such a glob's
        # folder is missing (e.g. before the library is built).
        "env": {
            # No kernel-side cell timeout: scripts/execute-notebooks.py owns timeouts per profile.
            "JJAVA_TIMEOUT": "-1",
            "IJAVA_TIMEOUT": "-1",
            "MNIST_PROJECT_DIR": str(project_root),
        },
        "metadata": {
            "mnist-dynamics": {
                "generated-by": "scripts/setup-notebooks.sh",
                "library-classpath": library_cp,
                "jvm-options": jvm_opts,
            }
        },
    }


def write_atomically(path: Path, text: str) -> None:
    """Write text to path via a temporary file and rename, so no half-written spec remains."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kernel.json.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project-root", required=True, type=Path)
    ap.add_argument("--lib-target", type=Path,
                    help="the library's Maven build folder (default <project-root>/lib/target)")
    ap.add_argument("--java", required=True, help="java executable written into argv")
    args = ap.parse_args()

    kernel_dir = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java"
    memory = os.environ.get("MNIST_KERNEL_JVM_OPTS", "").split() or DEFAULT_MEMORY_OPTS
    root = args.project_root.resolve()
    lib_target = (args.lib_target or root / "lib" / "target").resolve()
    spec = build_spec(kernel_dir, root, lib_target, args.java, memory)
    write_atomically(kernel_dir / "kernel.json", json.dumps(spec, indent=2) + "\n")
    print(f"kernel spec 'java' written to {kernel_dir / 'kernel.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
