"""Runs on the TARGET interpreter (under qemu): reports what it imports and what its modules do.

Usage: python3 probe_imports.py JSON
JSON is a list of {"module": dotted name, "call": expression using `m` (the imported module),
"path": optional extension module file to load by its path}. Prints one JSON object: the
interpreter's own EXT_SUFFIX, version and import suffixes, and per module the outcome of
`import` ("ok" or the exception's class name), the call's value, and the outcome of loading
the file by its path (which proves a failed import is about the name, not the file).
"""

import importlib
import importlib.machinery
import importlib.util
import json
import sys
import sysconfig


def outcome(action):
    try:
        return {"status": "ok", "value": repr(action())}
    except Exception as error:  # the class name is the result we report
        return {"status": type(error).__name__, "value": str(error)}


def load_by_path(path):
    # The init function is named after the file's stem: PyInit_<stem>.
    name = path.rsplit("/", 1)[-1].split(".")[0]
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def main():
    report = {
        "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "version": "%d.%d" % sys.version_info[:2],
        "extension_suffixes": importlib.machinery.EXTENSION_SUFFIXES,
        "modules": [],
    }
    for spec in json.loads(sys.argv[1]):
        entry = {"module": spec["module"]}
        entry["import"] = outcome(
            lambda: eval(spec["call"], {"m": importlib.import_module(spec["module"])}))
        if spec.get("path"):
            entry["by_path"] = outcome(lambda: load_by_path(spec["path"]).__name__)
        report["modules"].append(entry)
    print(json.dumps(report))


main()
