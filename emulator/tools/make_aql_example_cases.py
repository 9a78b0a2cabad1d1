#!/usr/bin/env python3
"""Converts the recorded ArangoDB 3.12 AQL documentation examples
(aql-examples-3.12.jsonl) into engine test cases (one JSON object per line):
every example, graph traversals and path searches included (their datasets
create the named graph through gharial).

    make_aql_example_cases.py EXAMPLES.jsonl > cases.jsonl
"""
import json
import sys

# Results whose element order a 3.12 server does not fix: UNION_DISTINCT() collects into an
# absl::flat_hash_set, whose iteration order depends on a per-table salt taken from the
# table's address, so the recorded order is one of several the same server gives from run to
# run. These are compared as multisets, element by element.
ORDER_NOT_DETERMINED = {"aqlArrayUnionDistinct_1"}

def main():
    for line in open(sys.argv[1], encoding="utf-8"):
        r = json.loads(line)
        query = r["query"]
        if "\\\\" in query:
            # These few docs examples are stored with one extra level of
            # backslash escaping (markdown/JS source); the recorded results
            # belong to the query with that level removed.
            query = query.replace("\\\\", "\\")
        case = {"name": "example:" + r["name"], "query": query, "bindVars": r["bindVars"] or {},
                "dataset": r["dataset"], "result": r["result"], "volatile": r["volatile"],
                "explain": r["explain"], "source": r["page"] + ":" + str(r["line"])}
        if r["name"] in ORDER_NOT_DETERMINED:
            case["unordered_elements"] = True
        print(json.dumps(case, ensure_ascii=False))


if __name__ == "__main__":
    main()
