#!/usr/bin/env python3
"""The verdict of run_catalogue.sh and run_mtls.sh over their JSON reports.

Usage: check_results.py catalogue|mtls KNOWN_FAILURES results.json...

Every scenario of the part checked must run (pass or fail, not skip) in
exactly one of the reports, and the ones that fail must be exactly those
listed in KNOWN_FAILURES (one id a line, `#` comments) that belong to that
part. The parts:
  catalogue  the whole catalogue, but the scenarios skipped because they need
             certificates made for them (a skip reason "needs ..."): those
             are run_mtls.sh's
  mtls       the client-role `client_cert` scenarios and the server-role
             `x509` ones
"""
import json
import sys

mode, known_file, files = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = [json.load(open(f)) for f in files]
catalogue = {s["id"] for run in runs for s in run["scenarios"]}
ran = {}
for run in runs:
    for s in run["scenarios"]:
        if s["status"] != "skip":
            ran.setdefault(s["id"], []).append(s["status"])

if mode == "catalogue":
    elsewhere = {s["id"] for run in runs for s in run["scenarios"]
                 if s["status"] == "skip" and s["reason"].startswith("needs ")}
    every = catalogue - {i for i in elsewhere if i not in ran}
else:
    every = {s["id"] for run in runs for s in run["scenarios"]
             if "client_cert" in s["tags"] or ("x509" in s["tags"] and "server_role" in s["tags"])}

problems = sorted(i for i in every if len(ran.get(i, [])) != 1)
if problems:
    print("scenarios that did not run exactly once:", problems)
    sys.exit(1)
failed = sorted(i for i in every if ran[i] == ["fail"])
known = set()
for line in open(known_file):
    line = line.split("#")[0].strip()
    if line:
        known.add(line)
if mode == "catalogue" and known - catalogue:
    print("listed as failing but not in the catalogue:", sorted(known - catalogue))
    sys.exit(1)
known = sorted(known & every)
if failed != known:
    print("unexpected failures:", sorted(set(failed) - set(known)))
    print("listed as failing but passed:", sorted(set(known) - set(failed)))
    sys.exit(1)
print(f"{len(every) - len(failed)} passed, {len(failed)} failed; failures as documented: {failed}")
