"""One reader per SAMHSA file format, each yielding ``Row`` objects with their row numbers."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from carefinder import CarefinderError


@dataclass
class Row:
    source: str  # file name, for problem reports
    number: int  # row number in the file (header = 1 for sheets and CSV; 1-based for JSON rows)
    name1: str = ""
    name2: str = ""
    street1: str = ""
    street2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, label)
    website: str = ""
    lat: str = ""
    lon: str = ""
    directory: str = "sa"  # which code list the codes belong to
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # service names, when codes are absent
    code_names: dict[str, str] = field(default_factory=dict)  # code → its name in the source
    notes: list[tuple[str, tuple[str, str]]] = field(default_factory=list)  # (quote, (facet, slug))
    label: str = "SAMHSA"  # the publication, as evidence names it: "SAMHSA National Directory 2022"


def _label(path: Path, publication: str) -> str:
    """The publication and the year (or date) its file name carries, for evidence quotes."""
    found = re.search(r"20\d\d(?:-\d\d-\d\d)?", path.name)
    return f"{publication} {found[0]}" if found else publication


def _s(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())  # spreadsheets carry doubled and stray spaces


@dataclass(frozen=True)
class Limits:
    """What one workbook may inflate to. An .xlsx is a zip: 1 MB of it can declare 425 MB of
    shared strings, or 12 million rows (openpyxl makes up the empty rows between row numbers),
    minutes of work at 10 MB/s more memory for nothing. Both 2022 national directories stay
    far below: their largest part inflates to 5.8 MB, their sheets hold about 14,000 rows."""

    part_bytes: int = 100_000_000  # one part of the zip, uncompressed
    rows: int = 500_000  # rows of one sheet, empty ones included


def _workbook(path: Path, limits: Limits):
    import zipfile

    import openpyxl

    try:
        _check_parts(path, limits)
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:  # empty, cut short, renamed
        raise CarefinderError(f"{path}: not a readable .xlsx workbook ({exc})") from None


def _check_parts(path: Path, limits: Limits) -> None:
    """Each part's size as the zip's directory declares it, before anything is inflated:
    zipfile never inflates a part past that size (a longer stream fails its CRC check)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    for part in parts:
        if part.file_size > limits.part_bytes:
            raise CarefinderError(
                f"{path}: its part {part.filename} inflates to {part.file_size / 1e6:,.0f} MB, "
                f"over the limit of {limits.part_bytes / 1e6:g} MB (--max-part-mb to raise it)"
            )


def _bounded(path: Path, sheet, limits: Limits) -> Iterator[tuple]:
    """The sheet's rows (values), at most ``limits.rows`` of them."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        if number > limits.rows:
            raise CarefinderError(
                f"{path}: the sheet '{sheet.title}' has more than {limits.rows:,} rows "
                "(--max-rows to raise the limit)"
            )
        yield values


def read_xlsx(path: Path, limits: Limits = Limits()) -> Iterator[Row]:
    directory = "mh" if "_mh_" in path.name.lower() else "sa"
    label = _label(path, "SAMHSA National Directory")
    book = _workbook(path, limits)
    try:
        if "Facilities List" not in book.sheetnames:
            raise CarefinderError(
                f"{path}: no 'Facilities List' sheet (sheets: {', '.join(book.sheetnames)})"
            )
        names = {}
        if "Service Code Reference" in book.sheetnames:
            for r in list(_bounded(path, book["Service Code Reference"], limits))[1:]:
                if len(r) > 3:
                    names[_s(r[2])] = _s(r[3])
        rows = _bounded(path, book["Facilities List"], limits)
        header = [_s(h) for h in next(rows, ())]
        if "name1" not in header:
            raise CarefinderError(f"{path}: the 'Facilities List' sheet has no name1 column")
        for number, values in enumerate(rows, 2):
            d = dict(zip(header, (_s(v) for v in values), strict=False))
            if not any(d.values()):
                continue
            phones = [(d.get("phone", ""), "main")]
            # intake1a/intake2a hold the intake lines' vanity spellings (866-PARNEXT)
            phones += [(d.get(k, ""), "intake") for k in ("intake1", "intake2", "intake1a",
                                                          "intake2a")]  # fmt: skip
            yield Row(
                path.name, number, d.get("name1", ""), d.get("name2", ""), d.get("street1", ""),
                d.get("street2", ""), d.get("city", ""), d.get("state", ""), d.get("zip", ""),
                phones=phones, directory=directory,
                codes=[c for c in d.get("service_code_info", "").split() if c != "*"],
                code_names=names, label=label,
            )  # fmt: skip
    finally:
        book.close()


LOCATOR_FIELDS = {
    "name1", "name2", "street1", "street2", "city", "state", "zip", "zip4", "county", "phone",
    "intake_prompt", "intake1", "intake2", "website", "latitude", "longitude", "type_facility",
}  # fmt: skip


OTP_NOTE = "listed in the Opioid Treatment Program directory"
# SAMHSA lists the opioid treatment programs it certifies; each gives medication for opioids.
OTP_FACTS = (("services", "mat"), ("conditions", "opioids"), ("accreditations", "samhsa_otp"))


REQUIRED = {"All Services": "Name", "POSTAL": "ID", "name1": "name1"}  # layout mark → name column


WINDOWS = "cp1252"  # Excel's CSV encoding on US Windows: the likeliest single-byte one here


def _text(path: Path) -> str:
    """The file's text, its encoding found for this file: UTF-16 after a UTF-16 byte order mark
    (Excel's "Unicode text"); else UTF-8, a UTF-8 BOM dropped whatever follows it (Excel's "CSV
    UTF-8" saved again by tools that then write Windows-1252); else what charset-normalizer
    detects."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CarefinderError(f"{path}: not UTF-16 text, though it starts as such") from None
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return _detected(path, body)


def _detected(path: Path, body: bytes) -> str:
    """charset-normalizer's best reading of the bytes. Of readings it finds equally good,
    Windows-1252's: in a mostly English file one "ñ" fits Windows-1250 ("ń") just as well."""
    import charset_normalizer

    found = charset_normalizer.from_bytes(body)
    best = found.best()
    if best is None:
        raise CarefinderError(f"{path}: not text: no encoding fits its bytes (a binary file?)")
    for match in found:
        tie = (match.chaos, match.coherence) == (best.chaos, best.coherence)
        if tie and WINDOWS in match.could_be_from_charset:
            return str(match)
    return str(best)


def read_csv(path: Path) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(_text(path), newline=""))
    header = set(reader.fieldnames or [])
    for mark, name in REQUIRED.items():
        if mark in header and name not in header:
            raise CarefinderError(f"{path}: no {name!r} column")
    try:
        yield from _csv_rows(path, reader, header)
    except csv.Error as exc:
        raise CarefinderError(
            f"{path}: not a readable CSV (line {reader.line_num}: {exc})"
        ) from None


def _csv_rows(path: Path, reader: csv.DictReader, header: set[str]) -> Iterator[Row]:
    for number, d in enumerate(reader, 2):
        d = {k: _s(v) for k, v in d.items() if k}
        if "All Services" in header:  # FindTreatment.gov 2025 pull: service names
            yield Row(
                path.name, number, d["Name"], city=d.get("City", ""), state=d.get("State", ""),
                zip=d.get("ZIP", ""),
                street1=d.get("Address", ""), phones=[(d.get("Phone", ""), "main")],
                website=d.get("Website", ""), lat=d.get("Latitude", ""),
                lon=d.get("Longitude", ""),
                names=[n.strip() for n in d.get("All Services", "").split(";") if n.strip()],
                label=_label(path, "FindTreatment.gov"),
            )  # fmt: skip
        elif "POSTAL" in header:  # Opioid Treatment Program directory: locations only
            yield Row(
                path.name, number, d["ID"], street1=d.get("ADDRESS", ""), city=d.get("CITY", ""),
                state=d.get("STATE", ""), zip=d.get("POSTAL", ""), lat=d.get("Latitude", ""),
                lon=d.get("Longitude", ""),
                notes=[(OTP_NOTE, f) for f in OTP_FACTS],
                label=_label(path, "SAMHSA Opioid Treatment Program directory"),
            )  # fmt: skip
        elif "name1" in header:  # locator export: one column per code, or locations only
            codes = [k.upper() for k, v in d.items() if k not in LOCATOR_FIELDS and _is_set(v)]
            phones = [(d.get("phone", ""), "main")]
            phones += [(d.get(k, ""), "intake") for k in ("intake1", "intake2")]
            yield Row(
                path.name, number, d["name1"], d.get("name2", ""), d.get("street1", ""),
                d.get("street2", ""), d.get("city", ""), d.get("state", ""), d.get("zip", ""),
                phones=phones, website=d.get("website", ""), lat=d.get("latitude", ""),
                lon=d.get("longitude", ""),
                directory="mh" if d.get("type_facility", "").upper() == "MH" else "sa",
                codes=codes, label=_label(path, "SAMHSA treatment locator"),
            )  # fmt: skip
        else:
            raise CarefinderError(f"{path}: not a SAMHSA CSV layout this importer knows")


def _is_set(value: str) -> bool:
    return value not in ("", "0", "0.0")


def read_json(path: Path) -> Iterator[Row]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["rows"]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise CarefinderError(f"{path}: not a FindTreatment API listing ({exc})") from None
    except RecursionError:
        raise CarefinderError(f"{path}: nested too deeply to be an API listing") from None
    if not isinstance(rows, list):
        raise CarefinderError(f"{path}: 'rows' is a {type(rows).__name__}, not a list of rows")
    for number, d in enumerate(rows, 1):
        if not isinstance(d, dict):
            raise CarefinderError(f"{path}: row {number} is a {type(d).__name__}, not an object")
        names = [n.strip() for s in d.get("services") or [] for n in _s(s.get("f3")).split(";")]
        yield Row(
            path.name, number, _s(d.get("name1")), _s(d.get("name2")), _s(d.get("street1")),
            _s(d.get("street2")), _s(d.get("city")), _s(d.get("state")), _s(d.get("zip")),
            phones=[(_s(d.get("phone")), "main"), (_s(d.get("intake1")), "intake")],
            website=_s(d.get("website")), lat=_s(d.get("latitude")), lon=_s(d.get("longitude")),
            directory="mh" if _s(d.get("typeFacility")).upper() == "MH" else "sa",
            names=[n for n in names if n], label=_label(path, "FindTreatment.gov API listing"),
        )  # fmt: skip


def read(path: str | Path, limits: Limits = Limits()) -> Iterator[Row]:
    """The file's rows; a workbook's inflating is bounded by ``limits``."""
    path = Path(path)
    if not path.is_file():
        raise CarefinderError(f"cannot read {path}: no such file")
    suffix = path.suffix.lower()
    readers = {".csv": read_csv, ".json": read_json}  # no inflating: their size is their text
    if suffix == ".xlsx":
        return read_xlsx(path, limits)
    if suffix not in readers:
        raise CarefinderError(f"{path}: unknown SAMHSA file type (expected .xlsx, .csv or .json)")
    return readers[suffix](path)
