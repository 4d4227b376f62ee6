"""The rules' compiled stages kept in the cache folder (pipeline.rules_cache):
read back by a later run of the same rules and code, compiled again after
any change to either, and never a reason for a run to fail."""
import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline import extract_text, rules, rules_cache
from pipeline.cache import cache_dir

SENTENCE = "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch."
UNITS = (rules.RULES_DIR / "units.yaml").read_text(encoding="utf-8")
WITHOUT_NGUOI = UNITS.replace("    - người\n", "", 1)  # `người` no longer a person


def _figures(r):
    return [(f.value, f.unit, f.target, f.indicator) for f in extract_text(SENTENCE, rules=r)]


def _stage_files(folder, stage="units"):
    return sorted((folder / "rules").glob(f"{stage}-*.pickle"))


def _fail_to_compile(monkeypatch):
    import pipeline.figures.grammar

    def refuse(_rules):
        raise AssertionError("the units were compiled again")

    monkeypatch.setattr(pipeline.figures.grammar, "compile_units", refuse)


def _count_compiles(monkeypatch) -> list:
    import pipeline.figures.grammar

    calls, compile_units = [], pipeline.figures.grammar.compile_units
    monkeypatch.setattr(pipeline.figures.grammar, "compile_units", lambda r: calls.append(1) or compile_units(r))
    return calls


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VN_FIGURES_CACHE", str(tmp_path))
    # the modules as they are now: a file saved while the suite runs is not an edit of the code under test
    monkeypatch.setattr(rules_cache, "SOURCES", rules_cache._sources())
    return tmp_path


def test_a_later_run_reads_the_stages_back_instead_of_compiling(cache, monkeypatch):
    first = _figures(rules.Rules())
    assert first == [(7000.0, "person", 6400.0, "jobs_created")]
    assert len(_stage_files(cache)) == 1
    _fail_to_compile(monkeypatch)
    again = rules.Rules()
    assert _figures(again) == first
    assert again._reads["units"] == {"units", "numbers"}  # the files it was built from come back with it


def test_a_changed_rules_file_is_compiled_again(cache, tmp_path_factory):
    folder = tmp_path_factory.mktemp("my-rules")
    shutil.copytree(rules.RULES_DIR, folder, dirs_exist_ok=True)
    assert _figures(rules.Rules(folder))[0][1] == "person"
    (folder / "units.yaml").write_text(WITHOUT_NGUOI, encoding="utf-8")
    assert _figures(rules.Rules(folder))[0][1] == "count"
    assert len(_stage_files(cache)) == 2


def test_a_change_of_the_code_is_compiled_again(cache, monkeypatch):
    _figures(rules.Rules())
    monkeypatch.setattr(rules_cache, "_code_fingerprint", lambda: "a newer pipeline")
    assert _figures(rules.Rules())[0][1] == "person"
    assert len(_stage_files(cache)) == 2


def test_underthesea_models_are_read_back_with_the_stages(cache, monkeypatch):
    from pipeline.text import crf, words

    words._models.cache_clear()
    try:
        first = words._models()
        assert len(_stage_files(cache, "underthesea-models")) == 1
        words._models.cache_clear()
        monkeypatch.setattr(crf.CRF, "__init__", lambda self, base: pytest.fail(f"{base} read again"))
        again = words._models()
        syllables = ["Toàn", "tỉnh", "có", "1.200", "hộ", "nghèo"]
        assert [m.tags(syllables) for m in again[:1]] == [m.tags(syllables) for m in first[:1]]
        assert again[1].tags(["Toàn tỉnh", "có", "1.200", "hộ", "nghèo"]) == first[1].tags(["Toàn tỉnh", "có", "1.200", "hộ", "nghèo"])
    finally:
        words._models.cache_clear()


@pytest.mark.parametrize("package", ["underthesea", "regex", "PyYAML", "vn-figures"])
def test_a_new_version_of_a_package_it_is_built_with_is_compiled_again(cache, monkeypatch, package):
    # the gazetteer reads underthesea's address data; PyYAML reads the rules, regex compiles them
    _ = rules.Rules().provinces
    real = rules_cache.package_version
    monkeypatch.setattr(rules_cache, "package_version", lambda p: "99.0" if p == package else real(p))
    rules_cache._code_fingerprint.cache_clear()
    try:
        _ = rules.Rules().provinces
    finally:
        rules_cache._code_fingerprint.cache_clear()
    assert len(_stage_files(cache, "provinces")) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95\xff\xff"])
def test_a_damaged_file_is_compiled_again_and_rewritten(cache, damage):
    _figures(rules.Rules())
    [path] = _stage_files(cache)
    path.write_bytes(damage)
    assert _figures(rules.Rules())[0][1] == "person"
    assert path.read_bytes() != damage


def test_variants_and_a_cache_turned_off_write_nothing(cache, monkeypatch):
    r = rules.Rules()
    variant = r.replacing("units", WITHOUT_NGUOI)
    assert _figures(variant)[0][1] == "count"
    assert not (cache / "rules").exists()
    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    assert _figures(rules.Rules())[0][1] == "person"
    assert not (cache / "rules").exists()


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("VN_FIGURES_CACHE", str(blocked))
    assert _figures(rules.Rules())[0][1] == "person"


def test_only_the_newest_files_of_a_stage_are_kept(cache, monkeypatch):
    written = []
    for version in range(rules_cache.KEEP + 3):
        monkeypatch.setattr(rules_cache, "_code_fingerprint", lambda v=version: f"pipeline {v}")
        _ = rules.Rules().units
        written.append(rules_cache._path("units", rules.Rules().fingerprint()))
        time.sleep(0.01)  # apart in time, as runs are
    assert _stage_files(cache) == sorted(written[-rules_cache.KEEP :])


def test_a_module_changed_after_the_import_keeps_the_process_from_the_cache(cache, monkeypatch):
    # the code running may not be the code on disk (a notebook open while a module is edited or copied over)
    _ = rules.Rules().units
    calls = _count_compiles(monkeypatch)
    first, (mtime, size) = next(iter(rules_cache.SOURCES.items()))
    monkeypatch.setattr(rules_cache, "SOURCES", {**rules_cache.SOURCES, first: (mtime - 10**9, size)})  # an older time too
    r = rules.Rules()
    assert _figures(r)[0][1] == "person" and calls == [1]  # not read back
    assert len(_stage_files(cache)) == 1 and not _stage_files(cache, "grammar")  # nor kept


@pytest.mark.parametrize("opened, mode", [("file", 0o664), ("file", 0o606), ("folder", 0o775), ("folder", 0o1777)])
def test_a_file_others_may_write_is_not_read(cache, monkeypatch, opened, mode):
    # reading a pickle runs what it says: one that another user could have written is compiled again
    key = rules.Rules().fingerprint()
    _ = rules.Rules().units
    [path] = _stage_files(cache)
    assert rules_cache.load("units", key) is not None
    (path if opened == "file" else path.parent).chmod(mode)
    assert rules_cache.load("units", key) is None


def test_the_folder_is_made_private_and_kept_so(cache, monkeypatch):
    _ = rules.Rules().numbers
    folder = cache / "rules"
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o775)  # as an older version left it under a umask of 002
    _ = rules.Rules().units
    assert folder.stat().st_mode & 0o777 == 0o700
    _fail_to_compile(monkeypatch)
    assert _figures(rules.Rules())[0][1] == "person"  # and read back


def test_half_written_files_of_stopped_runs_are_removed(cache):
    folder = cache / "rules"
    folder.mkdir(mode=0o700)
    stale, fresh = folder / "tmpold.tmp", folder / "tmpnew.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    _ = rules.Rules().units
    assert not stale.exists() and fresh.exists()


def test_a_cache_off_takes_no_fingerprint(monkeypatch):
    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    taken = []
    monkeypatch.setattr(rules.Rules, "fingerprint", lambda self: taken.append(1) or "x")
    assert _figures(rules.Rules())[0][1] == "person" and not taken


@pytest.mark.parametrize("failure", [OSError("the package's folder went away"), RuntimeError("no home folder")])
def test_a_key_that_cannot_be_made_is_no_cache(cache, monkeypatch, failure):
    def fail():
        raise failure

    monkeypatch.setattr(rules_cache, "_code_key", fail)
    assert _figures(rules.Rules())[0][1] == "person"
    assert not (cache / "rules").exists()


def test_no_home_folder_is_no_cache(monkeypatch):
    for name in ("VN_FIGURES_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache_dir() is None
    assert _figures(rules.Rules())[0][1] == "person"


@pytest.mark.parametrize("stray", ["lock", "latin-1"])
def test_a_folder_with_a_file_no_stage_can_read_still_extracts(cache, tmp_path_factory, stray):
    folder = tmp_path_factory.mktemp("my-rules")
    shutil.copytree(rules.RULES_DIR, folder, dirs_exist_ok=True)
    if stray == "lock":
        (folder / ".#units.yaml").symlink_to(folder / "no-such-file")  # an editor's lock file
    else:
        (folder / "notes.yaml").write_bytes("ghi chú: người".encode("latin-1", "replace") + b"\xe0\xff")
    assert _figures(rules.Rules(folder))[0][1] == "person"


def test_a_rules_file_that_is_not_utf8_is_named(cache, tmp_path_factory):
    folder = tmp_path_factory.mktemp("my-rules")
    shutil.copytree(rules.RULES_DIR, folder, dirs_exist_ok=True)
    (folder / "units.yaml").write_bytes(UNITS.encode("utf-8").replace("người".encode("utf-8"), "người".encode("utf-16-le"), 1))
    with pytest.raises(rules.RulesError, match=r"units.yaml: not UTF-8 text \(byte \d+\)"):
        _ = rules.Rules(folder).units


def test_rules_pickled_before_the_cache_existed_still_compile():
    state = rules.Rules().__getstate__()
    del state["_kept_on_disk"], state["_fingerprint"]
    old = rules.Rules.__new__(rules.Rules)
    old.__dict__.update(state)
    assert _figures(old)[0][1] == "person"
