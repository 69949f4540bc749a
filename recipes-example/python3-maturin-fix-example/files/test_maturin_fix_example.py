#!/usr/bin/env python3
"""Runtime test of maturin_fix_example; prints ptest PASS:/FAIL: lines."""
import sys


def test_import():
    import maturin_fix_example  # noqa: F401


def test_add():
    import maturin_fix_example
    assert maturin_fix_example.add(2, 3) == 5
    assert maturin_fix_example.add(-7, 7) == 0


def test_add_overflow():
    import maturin_fix_example
    try:
        maturin_fix_example.add(2**63 - 1, 1)
    except OverflowError:
        return
    raise AssertionError("add(2**63 - 1, 1) did not raise OverflowError")


def test_target_arch():
    import maturin_fix_example
    arch = maturin_fix_example.target_arch()
    assert isinstance(arch, str) and arch, repr(arch)
    print("maturin_fix_example %s built for %s, loaded from %s"
          % (maturin_fix_example.__version__, arch, maturin_fix_example.__file__))


def main():
    failed = 0
    for name, test in sorted(globals().items()):
        if not name.startswith("test_") or not callable(test):
            continue
        try:
            test()
        except Exception as exc:  # report every failure, keep going
            failed += 1
            print("FAIL: %s: %s: %s" % (name, type(exc).__name__, exc))
        else:
            print("PASS: %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
