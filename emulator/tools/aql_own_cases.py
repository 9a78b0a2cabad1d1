#!/usr/bin/env python3
"""Hand-written AQL engine cases (appended to data/aql-engine-cases.jsonl
after the recorded examples): every construct, function group and error the
engine implements, with the results / errors of ArangoDB 3.12."""
import json

USERS = {"collections": [{"name": "users", "documents": [
    {"_key": "a", "name": "Anna", "age": 31, "city": "Berlin", "tags": ["x", "y"]},
    {"_key": "b", "name": "Bert", "age": 25, "city": "Paris", "tags": ["y"]},
    {"_key": "c", "name": "Cleo", "age": 42, "city": "Berlin", "tags": []},
    {"_key": "d", "name": "Dirk", "age": 25, "city": "Rome", "tags": ["x"]},
]}]}
EMPTY_COLL = {"collections": [{"name": "c", "documents": []}]}

cases = []


def case(name, query, result=None, error=None, setup=None, bind=None, **kw):
    c = {"name": name, "query": query}
    if bind is not None:
        c["bindVars"] = bind
    if setup is not None:
        c["setup"] = setup
    if error is not None:
        c["error"] = error
    else:
        c["result"] = result
    c.update(kw)
    cases.append(c)


def err(code, message=None, status=None):
    e = {"code": code}
    if message is not None:
        e["message"] = message
    if status is not None:
        e["status"] = status
    return e


# --- FOR / FILTER / SORT / LIMIT / LET / RETURN ---------------------------
case("for-array", "FOR x IN [1, 2, 3] RETURN x * 2", [2, 4, 6])
case("for-range", "FOR i IN 1..4 RETURN i", [1, 2, 3, 4])
case("for-range-desc", "FOR i IN 3..1 RETURN i", [3, 2, 1])
case("for-nested", "FOR a IN [1, 2] FOR b IN ['x', 'y'] RETURN CONCAT(a, b)", ["1x", "1y", "2x", "2y"])
case("for-subquery", "FOR x IN (FOR i IN 1..3 RETURN i * 10) RETURN x + 1", [11, 21, 31])
case("for-collection", "FOR u IN users SORT u._key RETURN u.name", ["Anna", "Bert", "Cleo", "Dirk"], setup=USERS)
case("for-collection-bind", "FOR u IN @@c SORT u.name DESC LIMIT 1 RETURN u._key", ["d"], setup=USERS, bind={"@c": "users"})
case("for-null-source", "FOR x IN null RETURN x", [])
case("filter-basic", "FOR u IN users FILTER u.age > 30 SORT u.age RETURN u.name", ["Anna", "Cleo"], setup=USERS)
case("filter-multiple", "FOR u IN users FILTER u.city == 'Berlin' FILTER u.age < 40 RETURN u.name", ["Anna"], setup=USERS)
case("sort-multi", "FOR u IN users SORT u.age ASC, u.name DESC RETURN u.name", ["Dirk", "Bert", "Anna", "Cleo"], setup=USERS)
case("sort-type-order", "FOR x IN [ {}, [], 'a', 1, true, null ] SORT x RETURN x", [None, True, 1, "a", [], {}])
case("sort-desc-mixed", "FOR x IN [3, 'b', null, false] SORT x DESC RETURN x", ["b", 3, False, None])
case("limit-count", "FOR i IN 1..10 LIMIT 3 RETURN i", [1, 2, 3])
case("limit-offset", "FOR i IN 1..10 LIMIT 2, 3 RETURN i", [3, 4, 5])
case("limit-beyond", "FOR i IN 1..3 LIMIT 5, 2 RETURN i", [])
case("let-simple", "LET x = 5 LET y = x * 2 RETURN [x, y]", [[5, 10]])
case("let-subquery", "LET s = (FOR i IN 1..3 RETURN i) RETURN SUM(s)", [6])
case("let-in-loop", "FOR i IN 1..3 LET sq = i * i FILTER sq > 1 RETURN sq", [4, 9])
case("return-object-shorthand", "LET a = 1 LET b = 'x' RETURN {a, b}", [{"a": 1, "b": "x"}])
case("return-distinct", "FOR x IN [1, 2, 1, 3, 2] RETURN DISTINCT x", [1, 2, 3])
case("return-distinct-objects", "FOR x IN [{a:1}, {a:1}, {a:2}] RETURN DISTINCT x", [{"a": 1}, {"a": 2}])
case("subquery-correlated", "FOR i IN 1..2 LET s = (FOR j IN 1..i RETURN j) RETURN s", [[1], [1, 2]])
case("subquery-function-arg", "RETURN LENGTH(FOR i IN 1..5 FILTER i > 2 RETURN i)", [3])
case("with-collections", "WITH users FOR u IN users FILTER u._key == 'a' RETURN u.age", [31], setup=USERS)
case("for-destructure", "FOR [k, v] IN [['a', 1], ['b', 2]] RETURN CONCAT(k, v)", ["a1", "b2"])
case("computed-attribute-name", "LET k = 'dyn' RETURN { [k]: 1, [CONCAT(k, '2')]: 2 }", [{"dyn": 1, "dyn2": 2}])
case("bind-attribute-name", "RETURN { @k: 1 }", [{"key": 1}], bind={"k": "key"})
case("bind-attribute-access", "LET doc = {a: {b: 5}} RETURN doc.@x", [{"b": 5}], bind={"x": "a"})
case("comments", "/* block */ RETURN 1 // line\n", [1])
case("keywords-case-insensitive", "for i in 1..2 filter i > 1 return i", [2])

# --- COLLECT --------------------------------------------------------------
case("collect-group", "FOR u IN users COLLECT city = u.city RETURN city", ["Berlin", "Paris", "Rome"], setup=USERS)
case("collect-count", "FOR u IN users COLLECT city = u.city WITH COUNT INTO n RETURN {city, n}",
     [{"city": "Berlin", "n": 2}, {"city": "Paris", "n": 1}, {"city": "Rome", "n": 1}], setup=USERS)
case("collect-count-only", "FOR u IN users COLLECT WITH COUNT INTO n RETURN n", [4], setup=USERS)
case("collect-count-empty", "FOR u IN c COLLECT WITH COUNT INTO n RETURN n", [0], setup=EMPTY_COLL)
case("collect-into-expr", "FOR u IN users COLLECT age = u.age INTO names = u.name SORT age RETURN {age, names}",
     [{"age": 25, "names": ["Bert", "Dirk"]}, {"age": 31, "names": ["Anna"]}, {"age": 42, "names": ["Cleo"]}], setup=USERS)
case("collect-into-all", "FOR x IN [1, 2, 3] COLLECT odd = x % 2 INTO g RETURN {odd, g}",
     [{"odd": 0, "g": [{"x": 2}]}, {"odd": 1, "g": [{"x": 1}, {"x": 3}]}])
case("collect-keep", "FOR x IN [1, 2] LET y = x * 10 COLLECT k = 1 INTO g KEEP y RETURN g",
     [[{"y": 10}, {"y": 20}]])
case("collect-aggregate", "FOR u IN users COLLECT city = u.city AGGREGATE mn = MIN(u.age), mx = MAX(u.age), s = SUM(u.age), c = LENGTH(1) RETURN {city, mn, mx, s, c}",
     [{"city": "Berlin", "mn": 31, "mx": 42, "s": 73, "c": 2}, {"city": "Paris", "mn": 25, "mx": 25, "s": 25, "c": 1},
      {"city": "Rome", "mn": 25, "mx": 25, "s": 25, "c": 1}], setup=USERS)
case("collect-aggregate-global", "FOR u IN users COLLECT AGGREGATE avg = AVG(u.age), u = UNIQUE(u.city) RETURN {avg, n: LENGTH(u)}",
     [{"avg": 30.75, "n": 3}], setup=USERS)
case("collect-aggregate-empty", "FOR x IN [] COLLECT AGGREGATE s = SUM(x), m = MAX(x), l = LENGTH(x) RETURN [s, m, l]", [[0, None, 0]])
case("collect-multi-keys", "FOR x IN [{a:1,b:1},{a:1,b:2},{a:1,b:1}] COLLECT a = x.a, b = x.b WITH COUNT INTO n RETURN [a, b, n]",
     [[1, 1, 2], [1, 2, 1]])
case("collect-hides-vars", "FOR u IN users COLLECT c = u.city RETURN u", error=err(1203, "collection or view not found: u"), setup=USERS)
case("collect-push", "FOR x IN [3, 1, 2] COLLECT AGGREGATE p = PUSH(x) RETURN p", [[3, 1, 2]])
case("collect-sorted-output", "FOR x IN ['b', 'a', 'c', 'a'] COLLECT v = x RETURN v", ["a", "b", "c"])
case("window-rows", "FOR x IN [1, 2, 3, 4] WINDOW { preceding: 1, following: 1 } AGGREGATE s = SUM(x) RETURN s", [3, 6, 9, 7])
case("window-unbounded", "FOR x IN [1, 2, 3] WINDOW { preceding: 'unbounded', following: 0 } AGGREGATE s = SUM(x) RETURN s", [1, 3, 6])

# --- operators ------------------------------------------------------------
case("arith-basic", "RETURN [1 + 2, 5 - 7, 3 * 4, 7 / 2, 7 % 3, -7 % 3]", [[3, -2, 12, 3.5, 1, -1]])
case("arith-coercion", "RETURN [1 + '2', '3' * '4', true + true, null + 1, [5] + 1, 'a' + 1, {} + 1]", [[3, 12, 2, 1, 6, 1, 1]])
case("arith-div-zero", "RETURN 1 / 0", [None], warnings=[{"code": 1562, "message": "division by zero"}])
case("arith-mod-zero", "RETURN 1 % 0", [None], warnings=[{"code": 1562, "message": "division by zero"}])
case("arith-precedence", "RETURN 2 + 3 * 4 - 10 / 5", [12])
case("arith-unary", "LET x = 3 RETURN [-x, +x, -(-x), - '2']", [[-3, 3, 3, -2]])
case("arith-float", "RETURN 0.1 + 0.2", [0.30000000000000004])
case("compare-equality", "RETURN [1 == 1.0, '1' == 1, null == false, [1] == [1], {a:1} == {a:1}, 1 != 2]", [[True, False, False, True, True, True]])
case("compare-type-order", "RETURN [null < false, false < 0, 0 < '', '' < [], [] < {}, 'b' > 'a']", [[True, True, True, True, True, True]])
case("compare-arrays", "RETURN [[1, 2] < [1, 3], [1] < [1, 0], [2] > [1, 9]]", [[True, True, True]])
case("logical-values", "RETURN [1 && 2, 0 && 2, 0 || 'x', null || 0, !0, NOT 1, true AND false, true OR false]",
     [[2, 0, "x", 0, True, False, False, True]])
case("logical-short-circuit", "RETURN false && FAIL('not evaluated')", [False])
case("in-operator", "RETURN [2 IN [1, 2], 3 IN [1, 2], 3 NOT IN [1, 2], 'a' IN 'abc', 1 NOT IN null]", [[True, False, True, False, True]])
case("like-operator", "RETURN ['abc' LIKE 'a%', 'abc' LIKE '_b_', 'abc' NOT LIKE 'b%', 'a%c' LIKE 'a\\\\%c']", [[True, True, True, True]])
case("regex-operator", "RETURN ['abc' =~ '^a.c$', 'abc' !~ 'x']", [[True, True]])
case("ternary", "FOR i IN 1..3 RETURN i > 1 ? 'big' : 'small'", ["small", "big", "big"])
case("ternary-shorthand", "RETURN [0 ?: 'dflt', 'val' ?: 'dflt']", [["dflt", "val"]])
case("range-expression", "LET n = 3 RETURN 1..n", [[1, 2, 3]])
case("array-comparison", "RETURN [[1, 2] ANY == 1, [1, 2] ALL > 0, [1, 2] NONE == 3, [] ANY == 1, [] ALL == 1, [1, 2, 3] ALL IN [1, 2, 3]]",
     [[True, True, True, False, True, True]])
case("array-comparison-non-array", "RETURN 1 ANY == 1", [False])
case("at-least", "RETURN [1, 2, 3] AT LEAST (2) > 1", [True])
case("expansion", "LET a = [{n: 1}, {n: 2}] RETURN a[*].n", [[1, 2]])
case("expansion-inline", "RETURN [1, 2, 3, 4][* FILTER CURRENT > 1 LIMIT 2 RETURN CURRENT * 2]", [[4, 6]])
case("expansion-flatten", "RETURN [[1, 2], [3, [4]]][**]", [[1, 2, 3, [4]]])
case("expansion-nested", "LET a = [{b: [{c: 1}, {c: 2}]}, {b: [{c: 3}]}] RETURN a[*].b[*].c", [[[1, 2], [3]]])
case("expansion-contract", "LET a = [{b: [{c: 1}, {c: 2}]}, {b: [{c: 3}]}] RETURN a[*].b[**].c", [[1, 2, 3]])
case("expansion-non-array", "LET n = null RETURN n[*].x", [[]])
case("expansion-on-literal", "RETURN null[*].x", error=err(1501))
case("question-mark-filter", "RETURN [[1, 2, 3][? FILTER CURRENT > 2], [1, 2][? ALL FILTER CURRENT > 1], [1, 2, 3][? 2 FILTER CURRENT > 1]]", [[True, False, True]])
case("attribute-access", "LET d = {a: {b: [10, 20, {c: 'x'}]}} RETURN [d.a.b[1], d.a.b[-1].c, d.a['b'][0], d.x.y, d['a'].b[9]]",
     [[20, "x", 10, None, None]])
case("indexed-string-number", "RETURN [[1, 2, 3]['1'], {'1': 'one'}[1]]", [[2, "one"]])
case("number-literals", "RETURN [0x1F, 0b101, 1e3, .5, 1.5e-1]", [[31, 5, 1000, 0.5, 0.15]])
case("string-escapes", "RETURN ['a\\'b', \"q\\\"q\", 'tab\\tx', 'u\\u00e4']", [["a'b", 'q"q', "tab\tx", "u\u00e4"]])
case("backtick-names", "LET `for` = 1 RETURN {`return`: `for`}", [{"return": 1}])

# --- functions ------------------------------------------------------------
case("fn-length-count", "RETURN [LENGTH([1, 2]), COUNT([1]), LENGTH('äbc'), LENGTH({a: 1}), LENGTH(null), LENGTH(true)]", [[2, 1, 3, 1, 0, 1]])
case("fn-length-collection", "RETURN LENGTH(users)", [4], setup=USERS)
case("fn-sum-min-max-avg", "RETURN [SUM([1, 2, null]), MIN([3, null, 1]), MAX(['a', 'b']), AVERAGE([1, 2]), AVG([]), SUM([])]", [[3, 1, "b", 1.5, None, 0]])
case("fn-first-last-nth", "RETURN [FIRST([1, 2]), LAST([1, 2]), NTH([1, 2, 3], 1), NTH([1], 5), FIRST([])]", [[1, 2, 2, None, None]])
case("fn-push-append", "RETURN [PUSH([1], 2), PUSH([1], 1, true), APPEND([1], [2, 3]), APPEND([1, 2], [2, 3], true)]", [[[1, 2], [1], [1, 2, 3], [1, 2, 3]]])
case("fn-unique-union", "RETURN [UNIQUE([1, 1, 2]), UNION([1], [1, 2]), SORTED([3, 1, 2]), SORTED_UNIQUE([3, 1, 3])]", [[[1, 2], [1, 1, 2], [1, 2, 3], [1, 3]]])
# MINUS / INTERSECTION / OUTERSECTION return arangod's std::unordered_map
# order (normalized hashes in distinct buckets: reverse insertion order).
case("fn-intersection", "RETURN INTERSECTION([1, 2, 3], [2, 3, 4], [3, 2])", [[3, 2]])
case("fn-flatten", "RETURN [FLATTEN([1, [2, [3, [4]]]]), FLATTEN([1, [2, [3, [4]]]], 2)]", [[[1, 2, [3, [4]]], [1, 2, 3, [4]]]])
case("fn-reverse-slice", "RETURN [REVERSE([1, 2, 3]), REVERSE('abc'), SLICE([1, 2, 3, 4], 1, 2), SLICE([1, 2, 3], -2)]", [[[3, 2, 1], "cba", [2, 3], [2, 3]]])
case("fn-position-contains-array", "RETURN [POSITION([1, 2], 2), POSITION([1, 2], 2, true), CONTAINS_ARRAY([1, 2], 3)]", [[True, 1, False]])
case("fn-keys-values-has", "LET d = {a: 1, b: null} RETURN [KEYS(d), VALUES(d), HAS(d, 'b'), HAS(d, 'c'), ATTRIBUTES(d, true)]", [[["a", "b"], [1, None], True, False, ["a", "b"]]])
case("fn-merge", "RETURN MERGE({a: 1, b: 2}, {b: 3, c: 4})", [{"a": 1, "b": 3, "c": 4}])
case("fn-merge-recursive", "RETURN MERGE_RECURSIVE({a: {x: 1}}, {a: {y: 2}})", [{"a": {"x": 1, "y": 2}}])
case("fn-unset-keep", "LET d = {a: 1, b: 2, c: 3} RETURN [UNSET(d, 'a'), KEEP(d, 'a', 'c')]", [[{"b": 2, "c": 3}, {"a": 1, "c": 3}]])
case("fn-zip", "RETURN ZIP(['a', 'b'], [1, 2])", [{"a": 1, "b": 2}])
case("fn-concat", "RETURN [CONCAT('a', 1, null, true), CONCAT_SEPARATOR('-', 'a', 'b')]", [["a1true", "a-b"]])
case("fn-contains", "RETURN [CONTAINS('foobar', 'oba'), CONTAINS('foobar', 'x'), CONTAINS('foobar', 'bar', true)]", [[True, False, 3]])
case("fn-like", "RETURN [LIKE('Foo', 'foo'), LIKE('Foo', 'foo', true), LIKE('a_b', 'a\\\\_b')]", [[False, True, True]])
case("fn-case", "RETURN [LOWER('ÄbC'), UPPER('äbc')]", [["äbc", "ÄBC"]])
case("fn-substring", "RETURN [SUBSTRING('hello', 1, 3), SUBSTRING('hello', -3), SUBSTRING('hello', 2)]", [["ell", "llo", "llo"]])
case("fn-split", "RETURN [SPLIT('a,b,c', ','), SPLIT('a,b,c', ',', 2), SPLIT('abc', '')]", [[["a", "b", "c"], ["a", "b"], ["a", "b", "c"]]])
case("fn-trim", "RETURN [TRIM('  x  '), LTRIM('  x '), RTRIM(' x  '), TRIM('xxaxx', 'x')]", [["x", "x ", " x", "a"]])
case("fn-substitute", "RETURN [SUBSTITUTE('the fox', 'fox', 'dog'), SUBSTITUTE('aaa', 'a', 'b', 2)]", [["the dog", "bba"]])
case("fn-regex", "RETURN [REGEX_TEST('abc', 'B', true), REGEX_REPLACE('a1b2', '[0-9]', '#'), REGEX_MATCHES('ab12', '([a-z]+)([0-9]+)')]", [[True, "a#b#", ["ab12", "ab", "12"]]])
case("fn-char-length-left-right", "RETURN [CHAR_LENGTH('äöü'), LEFT('hello', 2), RIGHT('hello', 3)]", [[3, "he", "llo"]])
case("fn-to-number", "RETURN [TO_NUMBER('12'), TO_NUMBER(' 3.5 '), TO_NUMBER('x'), TO_NUMBER(true), TO_NUMBER(null), TO_NUMBER([7]), TO_NUMBER([1, 2])]", [[12, 3.5, 0, 1, 0, 7, 0]])
case("fn-to-string", "RETURN [TO_STRING(1), TO_STRING(1.5), TO_STRING(null), TO_STRING(true), TO_STRING([1, 'a']), TO_STRING({a: 1})]", [["1", "1.5", "", "true", "[1,\"a\"]", "{\"a\":1}"]])
case("fn-to-bool-array", "RETURN [TO_BOOL(0), TO_BOOL('a'), TO_BOOL([]), TO_BOOL(''), TO_ARRAY(null), TO_ARRAY(1), TO_ARRAY({a: 2})]", [[False, True, True, False, [], [1], [2]]])
case("fn-type-checks", "RETURN [IS_NULL(null), IS_BOOL(false), IS_NUMBER(1), IS_STRING(''), IS_ARRAY([]), IS_OBJECT({}), IS_DOCUMENT(1), IS_KEY('a-b'), IS_KEY('a b')]",
     [[True, True, True, True, True, True, False, True, False]])
case("fn-typename", "RETURN [TYPENAME(null), TYPENAME(1), TYPENAME('a'), TYPENAME([]), TYPENAME({}), TYPENAME(false)]", [["null", "number", "string", "array", "object", "bool"]])
case("fn-math", "RETURN [ABS(-2), CEIL(1.2), FLOOR(-1.2), ROUND(2.5), ROUND(-2.5), SQRT(16), POW(2, 10)]", [[2, 2, -2, 3, -2, 4, 1024]])
case("fn-rand", "LET r = RAND() RETURN r >= 0 AND r < 1", [True])
case("fn-range", "RETURN [RANGE(1, 4), RANGE(0, 1, 0.5), RANGE(5, 1, -2)]", [[[1, 2, 3, 4], [0, 0.5, 1], [5, 3, 1]]])
case("fn-not-null", "RETURN [NOT_NULL(null, 0, 1), FIRST_LIST(1, [2]), FIRST_DOCUMENT(1, {a: 1})]", [[0, [2], {"a": 1}]])
case("fn-parse-identifier", "RETURN PARSE_IDENTIFIER('coll/key')", [{"collection": "coll", "key": "key"}])
case("fn-hashes", "RETURN [MD5('a'), SHA1('a')]", [["0cc175b9c0f1b6a831c399e269772661", "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8"]])
case("fn-date-basic", "RETURN [DATE_ISO8601(0), DATE_TIMESTAMP('1970-01-02T00:00:00Z'), DATE_YEAR('2020-05-06'), DATE_DAYOFWEEK('2024-01-01')]",
     [["1970-01-01T00:00:00.000Z", 86400000, 2020, 1]])
case("fn-date-add-diff", "RETURN [DATE_ADD('2020-01-31T00:00:00.000Z', 1, 'month'), DATE_DIFF('2020-01-01', '2020-01-11', 'd'), DATE_SUBTRACT('2020-01-01T00:00:00.000Z', 'P1D')]",
     [["2020-02-29T00:00:00.000Z", 10, "2019-12-31T00:00:00.000Z"]])
case("fn-date-trunc-format", "RETURN [DATE_TRUNC('2020-05-06T07:08:09.010Z', 'month'), DATE_FORMAT('2020-05-06T07:08:09.010Z', '%yyyy/%mm/%dd %hh:%ii')]",
     [["2020-05-01T00:00:00.000Z", "2020/05/06 07:08"]])
case("fn-date-invalid", "RETURN DATE_YEAR('not a date')", [None], warnings=[{"code": 1572, "message": "invalid date value"}])
case("fn-date-now-type", "RETURN IS_NUMBER(DATE_NOW())", [True])
case("fn-current-database", "RETURN CURRENT_DATABASE() != null", [True])
case("fn-collections", "RETURN COLLECTIONS()[* FILTER CURRENT.name == 'users'].name", [["users"]], setup=USERS)
case("fn-document", "RETURN [DOCUMENT('users/a').name, DOCUMENT(users, 'b').name, LENGTH(DOCUMENT(users, ['a', 'x', 'c'])), DOCUMENT('users/zzz')]", [["Anna", "Bert", 2, None]], setup=USERS)
case("fn-uuid", "RETURN LENGTH(UUID())", [36])
case("fn-sleep", "RETURN SLEEP(0.01)", [None])
case("fn-hash-number", "RETURN IS_NUMBER(HASH([1, 2]))", [True])
# HASH() is AqlValue::hash(): VPackSlice::normalizedHash (XXH64, seed
# 0xdeadbeef; numbers as doubles, objects independent of member order), 51 bits.
case("fn-hash-values", "RETURN [HASH('foo'), HASH(1), HASH(1.5), HASH(null), HASH(true), HASH([1, 2, 'a']), HASH({a: 1, b: [true]}), HASH({b: [true], a: 1}), HASH(1.0) == HASH(1), HASH(1..3) == HASH([1, 2, 3])]",
     [[774224658852666, 652971229830707, 1669566416024171, 675717317264138, 57801618404459, 1836782069088725, 1028867807719810, 1028867807719810, True, True]])
case("fn-minhash-duplicates", "RETURN [MINHASH(['foo', 'foo', 'bar'], 5), MINHASH([], 2), MINHASH_COUNT(0.05), MINHASH_ERROR(MINHASH_COUNT(0.1))]",
     [[["OmvEOSfAYs8", "Jcz+LQgakgs"], [], 400, 0.1]])
# TOKENS() with the built-in text_* analyzers: UAX #29 words, lower case,
# accents removed (ICU "NFD; [:Nonspacing Mark:] Remove; NFC"), Snowball stems.
case("fn-tokens-text-en", "RETURN TOKENS(\"Running cats' flies don't e-mail foo_bar 3.14 1,000\", 'text_en')",
     [["run", "cat", "fli", "don't", "e", "mail", "foo_bar", "3.14", "1,000"]])
case("fn-tokens-text-accents", "RETURN [TOKENS('Ärger über Bücher', 'text_de'), TOKENS('Ёлка', 'text_ru'), TOKENS('Canción', 'text_es')]",
     [[["arg", "uber", "buch"], ["елк"], ["cancion"]]])
case("fn-tokens-nested", "RETURN [TOKENS(['a b', ['c'], []], 'text_en'), TOKENS('Keep As Is'), TOKENS('x', 'identity')]",
     [[[["a", "b"], [["c"]], [[]]], ["Keep As Is"], ["x"]]])
case("fn-tokens-unknown-analyzer", "RETURN TOKENS('x', 'nope')", error=err(10))
case("fn-json", "RETURN [JSON_STRINGIFY({a: [1, 2]}), JSON_PARSE('{\"x\":[true]}')]", [["{\"a\":[1,2]}", {"x": [True]}]])
case("fn-minus", "RETURN MINUS([1, 2, 3], [2])", [[3, 1]])
case("fn-outersection-duplicates", "RETURN [OUTERSECTION([1, 1, 2], [3]), OUTERSECTION(['a', 'b'], ['b', 'c'])]", [[[3, 2], ["c", "a"]]])
case("fn-type-warning", "RETURN SUM('abc')", [None], warnings=[{"code": 1542, "message": "invalid argument type in call to function 'SUM()'"}])
case("fn-fail", "RETURN FAIL('boom')", error=err(1569, "AQL: FAIL(boom) called [node #2: CalculationNode] [node #3: ReturnNode] (while executing)", 400))

# --- data modification ----------------------------------------------------
case("insert-return-new", "INSERT {_key: 'n1', v: 1} INTO users RETURN NEW.v", [1], setup=USERS,
     after={"query": "RETURN LENGTH(users)", "result": [5]})
case("insert-loop", "FOR i IN 1..3 INSERT {v: i} INTO c", [], setup=EMPTY_COLL,
     after={"query": "FOR d IN c SORT d.v RETURN d.v", "result": [1, 2, 3]})
case("insert-let-new", "FOR i IN 1..2 INSERT {v: i} INTO c LET n = NEW RETURN n.v * 10", [10, 20], setup=EMPTY_COLL)
case("update-with", "UPDATE 'a' WITH {age: 32, extra: true} IN users RETURN [OLD.age, NEW.age, NEW.extra]", [[31, 32, True]], setup=USERS)
case("update-doc-key", "FOR u IN users FILTER u.city == 'Rome' UPDATE u WITH {city: 'Milan'} IN users RETURN NEW.city", ["Milan"], setup=USERS)
case("update-keepnull", "UPDATE 'a' WITH {city: null} IN users OPTIONS {keepNull: false} RETURN HAS(NEW, 'city')", [False], setup=USERS)
case("update-mergeobjects", "UPDATE 'a' WITH {o: {x: 1}} IN users LET n1 = NEW UPDATE 'a' WITH {o: {y: 2}} IN users OPTIONS {mergeObjects: false} RETURN NEW.o", [{"y": 2}], setup=USERS)
case("replace", "REPLACE 'b' WITH {only: 1} IN users RETURN UNSET(NEW, '_key', '_id', '_rev')", [{"only": 1}], setup=USERS)
case("remove-return-old", "REMOVE 'c' IN users RETURN OLD.name", ["Cleo"], setup=USERS,
     after={"query": "RETURN LENGTH(users)", "result": [3]})
case("remove-loop", "FOR u IN users FILTER u.age == 25 REMOVE u IN users", [], setup=USERS,
     after={"query": "FOR u IN users SORT u._key RETURN u._key", "result": ["a", "c"]})
case("remove-not-found", "REMOVE 'zzz' IN users", error=err(1202, "AQL: document not found [node #3: RemoveNode] (while executing)", 404), setup=USERS)
case("remove-ignore-errors", "REMOVE 'zzz' IN users OPTIONS {ignoreErrors: true}", [], setup=USERS)
case("insert-unique-violation", "INSERT {_key: 'a'} INTO users", error=err(1210, status=409), setup=USERS)
case("insert-overwrite-replace", "INSERT {_key: 'a', v: 2} INTO users OPTIONS {overwriteMode: 'replace'} RETURN [OLD.name, NEW.v]", [["Anna", 2]], setup=USERS)
case("insert-overwrite-update", "INSERT {_key: 'a', v: 2} INTO users OPTIONS {overwriteMode: 'update'} RETURN [NEW.name, NEW.v]", [["Anna", 2]], setup=USERS)
case("insert-overwrite-ignore", "INSERT {_key: 'a', v: 2} INTO users OPTIONS {overwriteMode: 'ignore'} RETURN NEW.name", ["Anna"], setup=USERS)
case("insert-invalid-doc", "INSERT 1 INTO users", error=err(1227), setup=USERS)
case("upsert-update", "UPSERT {name: 'Anna'} INSERT {name: 'Anna', n: 1} UPDATE {n: OLD.age} IN users RETURN NEW.n", [31], setup=USERS)
case("upsert-insert", "UPSERT {name: 'Zed'} INSERT {name: 'Zed', n: 1} UPDATE {n: 2} IN users RETURN [OLD, NEW.n]", [[None, 1]], setup=USERS)
case("upsert-replace", "UPSERT {_key: 'b'} INSERT {} REPLACE {r: true} IN users RETURN [HAS(NEW, 'name'), NEW.r]", [[False, True]], setup=USERS)
case("write-unknown-collection", "INSERT {} INTO nope", error=err(1203, "collection or view not found: nope", 404))

# --- errors ---------------------------------------------------------------
case("error-unknown-collection", "FOR x IN nope RETURN x", error=err(1203, "collection or view not found: nope", 404))
case("error-syntax-end", "FOR x IN [1] RETURN", error=err(1501, "AQL: syntax error, unexpected end of query string near 'RETURN' at position 1:14 (while parsing)", 400))
case("error-syntax-missing-return", "FOR x IN [1]", error=err(1501, "AQL: syntax error, unexpected end of query string near ']' at position 1:12 (while parsing)", 400))
case("error-syntax-unexpected-token", "RETURN 1 +", error=err(1501, "AQL: syntax error, unexpected end of query string near '+' at position 1:10 (while parsing)"))
case("error-syntax-multiline", "FOR x IN [1]\n  RETRUN x", error=err(1501, "AQL: unexpected qualifier 'RETRUN', expecting 'SEARCH' or 'OPTIONS' near 'x' at position 2:10 (while parsing)"))
case("error-syntax-long-near", "RETURN ) + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9", error=err(1501, "AQL: syntax error, unexpected ) near ') + 1 + 2 + 3 + 4 + 5 + 6 + 7 + ...' at position 1:8 (while parsing)"))
# Bison reduces a complete query before it sees a trailing token, so the
# error is raised in the accepting state ("expecting end of query string"),
# and before bind parameters are injected or collections are opened.
case("error-syntax-trailing-name", "RETURN x x", error=err(1501, "AQL: syntax error, unexpected identifier, expecting end of query string near 'x' at position 1:10 (while parsing)", 400))
case("error-syntax-trailing-after-for", "FOR x IN [1] RETURN x x", error=err(1501, "AQL: syntax error, unexpected identifier, expecting end of query string near 'x' at position 1:23 (while parsing)", 400))
case("error-syntax-trailing-keyword", "RETURN 1 FILTER", error=err(1501, "AQL: syntax error, unexpected FILTER declaration, expecting end of query string near 'FILTER' at position 1:10 (while parsing)", 400))
case("error-syntax-second-return", "RETURN 1 RETURN 2", error=err(1501, "AQL: syntax error, unexpected RETURN declaration, expecting end of query string near 'RETURN 2' at position 1:10 (while parsing)", 400))
case("error-syntax-trailing-in-subquery", "RETURN (RETURN 1 x)", error=err(1501, "AQL: syntax error, unexpected identifier, expecting ) near 'x)' at position 1:18 (while parsing)", 400))
case("error-syntax-before-bind-check", "RETURN @a x", error=err(1501, "AQL: syntax error, unexpected identifier, expecting end of query string near 'x' at position 1:11 (while parsing)", 400))
case("error-syntax-before-collection-check", "FOR d IN nope RETURN d d", error=err(1501, "AQL: syntax error, unexpected identifier, expecting end of query string near 'd' at position 1:24 (while parsing)", 400))
case("error-bind-before-collection-check", "FOR d IN nope RETURN @a", error=err(1551, "no value specified for declared bind parameter 'a' (while parsing)", 400))
case("error-unknown-name", "RETURN x", error=err(1203, "collection or view not found: x", 404))
case("error-empty-query", "   ", error=err(1502, "query is empty", 400))
case("error-bind-missing", "RETURN @x", error=err(1551, "no value specified for declared bind parameter 'x' (while parsing)", 400))
case("error-bind-unused", "RETURN 1", bind={"x": 1}, error=err(1552, "bind parameter 'x' was not declared in the query (while parsing)", 400))
case("error-bind-collection-type", "FOR x IN @@c RETURN x", bind={"@c": 1.5}, error=err(1553))
case("error-unknown-function", "RETURN NOPE(1)", error=err(1540, "usage of unknown function 'NOPE()' (while parsing)", 400))
case("error-function-args", "RETURN LENGTH()", error=err(1541, "invalid number of arguments for function 'LENGTH()', expected number of arguments: minimum: 1, maximum: 1 (while parsing)", 400))
case("error-function-args-max", "RETURN CONCAT_SEPARATOR('x')", error=err(1541, "invalid number of arguments for function 'CONCAT_SEPARATOR()', expected number of arguments: minimum: 2, maximum: 65536 (while parsing)"))
case("error-variable-redeclared", "LET x = 1 LET x = 2 RETURN x", error=err(1511, "variable 'x' is assigned multiple times (while parsing)", 400))
case("error-unknown-variable-object", "RETURN {foo}", error=err(1512))
case("error-distinct-top-level", "RETURN DISTINCT 1", error=err(1501))
# User functions run in V8, and so does their lookup in _aqlfunctions: a
# server without JavaScript fails in Query::enterV8Executor either way.
V8_DISABLED = "AQL: V8 engine is disabled [node #2: CalculationNode] [node #3: ReturnNode] (while executing)"
case("error-user-function-unregistered", "RETURN MY::FUNC(1)", error=err(4, V8_DISABLED, 500))
case("error-user-function-registered", "RETURN MY::DOUBLE(2)", error=err(4, V8_DISABLED, 500),
     setup={"functions": [{"name": "MY::DOUBLE", "code": "function (x) { return x * 2; }"}]})
case("error-user-function-in-filter", "FOR x IN [1, 2] FILTER my::f(x) RETURN x",
     error=err(4, "AQL: V8 engine is disabled [node #4: CalculationNode] [node #5: FilterNode] [node #6: ReturnNode] (while executing)", 500))
case("error-options-not-object", "FOR x IN [1] OPTIONS 1 RETURN x", error=err(1501))
case("error-fail-no-message", "RETURN FAIL()", error=err(1569))
case("error-aggregate-function", "FOR x IN [1] COLLECT AGGREGATE y = CONCAT(x) RETURN y", error=err(1574))
case("full-count", "FOR i IN 1..10 LIMIT 2 RETURN i", [1, 2], options={"fullCount": True})

# Graph traversals and path searches over a small graph (edges in insertion order):
# a->b (w 1), a->c (w 5), b->c (w 1), c->d (w 1), b->d (w 10); named graph "g".
GRAPH = {"collections": [
    {"name": "v", "documents": [{"_key": k} for k in "abcd"]},
    {"name": "e", "type": "edge", "documents": [
        {"_key": "e1", "_from": "v/a", "_to": "v/b", "w": 1, "neg": -1},
        {"_key": "e2", "_from": "v/a", "_to": "v/c", "w": 5},
        {"_key": "e3", "_from": "v/b", "_to": "v/c", "w": 1},
        {"_key": "e4", "_from": "v/c", "_to": "v/d", "w": 1},
        {"_key": "e5", "_from": "v/b", "_to": "v/d", "w": 10}]}],
    "graphs": [{"name": "g", "edgeDefinitions": [{"collection": "e", "from": ["v"], "to": ["v"]}]}]}


def gcase(name, query, result=None, **kw):
    case("graph-" + name, query, result, setup=GRAPH, **kw)


# DFS: the last edge of a vertex is followed first (a stack over the edge index order)
gcase("dfs", "FOR v IN 1..3 OUTBOUND 'v/a' e RETURN v._key", ["c", "d", "b", "d", "c", "d"])
gcase("dfs-graph", "FOR v IN 1..3 OUTBOUND 'v/a' GRAPH 'g' RETURN v._key", ["c", "d", "b", "d", "c", "d"])
gcase("bfs", "FOR v IN 1..3 OUTBOUND 'v/a' e OPTIONS {order: 'bfs'} RETURN v._key",
      ["b", "c", "c", "d", "d", "d"])
gcase("bfs-legacy-option", "FOR v IN 1..3 OUTBOUND 'v/a' e OPTIONS {bfs: true} RETURN v._key",
      ["b", "c", "c", "d", "d", "d"])
gcase("bfs-unique-global", "FOR v IN 1..3 OUTBOUND 'v/a' e OPTIONS {order: 'bfs', uniqueVertices: 'global'} "
      "RETURN v._key", ["b", "c", "d"])
gcase("weighted", "FOR v, e, p IN 1..3 OUTBOUND 'v/a' e OPTIONS {order: 'weighted', weightAttribute: 'w'} "
      "RETURN [v._key, SUM(p.edges[*].w)]", [["b", 1], ["c", 2], ["d", 3], ["c", 5], ["d", 6], ["d", 11]])
gcase("inbound", "FOR v IN 1 INBOUND 'v/d' e RETURN v._key", ["b", "c"])
gcase("any", "FOR v IN 1 ANY 'v/c' e RETURN v._key", ["b", "a", "d"])
gcase("depth-zero", "FOR v IN 0..1 OUTBOUND 'v/a' e RETURN v._key", ["a", "c", "b"])
gcase("start-document", "FOR s IN v FILTER s._key == 'c' FOR x IN OUTBOUND s e RETURN x._key", ["d"])
gcase("bind-collection", "FOR v IN 1 OUTBOUND 'v/a' @@ec RETURN v._key", ["c", "b"], bind={"@ec": "e"})
gcase("bind-depth-graph", "FOR v IN @min..@max OUTBOUND 'v/a' GRAPH @g RETURN v._key", ["c", "b"],
      bind={"min": 1, "max": 1, "g": "g"})
gcase("edge-and-path", "FOR v, e, p IN 2 OUTBOUND 'v/a' e RETURN [e._key, p.edges[*]._key, p.vertices[*]._key]",
      [["e4", ["e2", "e4"], ["a", "c", "d"]], ["e5", ["e1", "e5"], ["a", "b", "d"]],
       ["e3", ["e1", "e3"], ["a", "b", "c"]]])
gcase("prune", "FOR v, e, p IN 1..3 OUTBOUND 'v/a' GRAPH 'g' PRUNE v._key == 'b' "
      "RETURN CONCAT_SEPARATOR('-', p.vertices[*]._key)", ["a-c", "a-c-d", "a-b"])
gcase("prune-variable", "FOR v, e, p IN 1..3 OUTBOUND 'v/a' e PRUNE stop = v._key == 'c' FILTER stop "
      "RETURN CONCAT_SEPARATOR('-', p.vertices[*]._key)", ["a-c", "a-b-c"])
gcase("unique-vertices-path", "FOR v, e, p IN 1..4 ANY 'v/a' e OPTIONS {uniqueVertices: 'path'} "
      "FILTER v._key == 'a' RETURN p", [])
gcase("unique-edges-none", "FOR v IN 2 ANY 'v/a' e OPTIONS {uniqueEdges: 'none'} FILTER v._key == 'a' "
      "RETURN v._key", ["a", "a"])
gcase("shortest-path", "FOR v, e IN OUTBOUND SHORTEST_PATH 'v/a' TO 'v/d' e RETURN [v._key, e._key]",
      [["a", None], ["b", "e1"], ["d", "e5"]])
gcase("shortest-path-weighted", "FOR v IN OUTBOUND SHORTEST_PATH 'v/a' TO 'v/d' GRAPH 'g' "
      "OPTIONS {weightAttribute: 'w'} RETURN v._key", ["a", "b", "c", "d"])
gcase("shortest-path-none", "FOR v IN INBOUND SHORTEST_PATH 'v/a' TO 'v/d' e RETURN v._key", [])
gcase("shortest-path-same", "FOR v IN OUTBOUND SHORTEST_PATH 'v/a' TO 'v/a' e RETURN v._key", ["a"])
gcase("k-shortest-paths-weighted", "FOR p IN OUTBOUND K_SHORTEST_PATHS 'v/a' TO 'v/d' GRAPH 'g' "
      "OPTIONS {weightAttribute: 'w'} RETURN [p.vertices[*]._key, p.weight]",
      [[["a", "b", "c", "d"], 3], [["a", "c", "d"], 6], [["a", "b", "d"], 11]])
gcase("k-shortest-paths-length", "FOR p IN OUTBOUND K_SHORTEST_PATHS 'v/a' TO 'v/d' e "
      "RETURN LENGTH(p.edges)", [2, 2, 3])
gcase("k-paths", "FOR p IN 1..3 OUTBOUND K_PATHS 'v/a' TO 'v/d' e RETURN p.vertices[*]._key",
      [["a", "b", "d"], ["a", "c", "d"], ["a", "b", "c", "d"]], unordered=True)
gcase("k-paths-depth", "FOR p IN 3 OUTBOUND K_PATHS 'v/a' TO 'v/d' e RETURN p.vertices[*]._key",
      [["a", "b", "c", "d"]])
gcase("all-shortest-paths", "FOR p IN OUTBOUND ALL_SHORTEST_PATHS 'v/a' TO 'v/d' e "
      "RETURN p.vertices[*]._key", [["a", "b", "d"], ["a", "c", "d"]], unordered=True)
def vdoc(k):
    return {"_key": k, "_id": "v/" + k, "_rev": "x"}


def edoc(k, f, t, **body):
    return {"_key": k, "_id": "e/" + k, "_from": "v/" + f, "_to": "v/" + t, "_rev": "x", **body}


# path objects as arangod's PathResult / SingleProviderPathResult write them: vertices, edges[, weight(s)]
gcase("path-object", "FOR v, e, p IN 1 OUTBOUND 'v/a' e LIMIT 1 RETURN p",
      [{"vertices": [vdoc("a"), vdoc("c")], "edges": [edoc("e2", "a", "c", w=5)]}])
gcase("path-object-weighted", "FOR v, e, p IN 1 OUTBOUND 'v/a' e OPTIONS {order: 'weighted', weightAttribute: 'w'} "
      "LIMIT 1 RETURN p",
      [{"vertices": [vdoc("a"), vdoc("b")], "edges": [edoc("e1", "a", "b", w=1, neg=-1)], "weights": [0, 1]}])
gcase("k-shortest-paths-object", "FOR p IN OUTBOUND K_SHORTEST_PATHS 'v/a' TO 'v/c' e "
      "OPTIONS {weightAttribute: 'w'} LIMIT 1 RETURN p",
      [{"vertices": [vdoc("a"), vdoc("b"), vdoc("c")],
        "edges": [edoc("e1", "a", "b", w=1, neg=-1), edoc("e3", "b", "c", w=1)], "weight": 2}])
gcase("invalid-start", "FOR v IN OUTBOUND 'nokey' e RETURN v", [],
      warnings=[{"code": 10, "message": "Invalid input for traversal: Only id strings or objects with _id are allowed"}])
gcase("error-unknown-graph", "FOR v IN OUTBOUND 'v/a' GRAPH 'nope' RETURN v",
      error=err(1924, "graph 'nope' not found", 404))
gcase("error-not-edge-collection", "FOR x IN OUTBOUND 'v/a' v RETURN x", error=err(1218))
gcase("error-negative-weight", "FOR x IN OUTBOUND SHORTEST_PATH 'v/a' TO 'v/d' e "
      "OPTIONS {weightAttribute: 'neg'} RETURN x", error=err(1948))
gcase("error-global-dfs", "FOR v IN 1..2 OUTBOUND 'v/a' e OPTIONS {uniqueVertices: 'global'} RETURN v",
      error=err(10, status=400))
gcase("error-too-many-variables", "FOR a, b, c IN OUTBOUND SHORTEST_PATH 'v/a' TO 'v/d' e RETURN a",
      error=err(1501))

# A complete directed graph of 12 vertices: too many paths to enumerate (bounded), while a LIMIT
# right after the graph FOR ends the search early.
K12 = {"collections": [
    {"name": "kv", "documents": [{"_key": str(i)} for i in range(1, 13)]},
    {"name": "ke", "type": "edge", "documents": [
        {"_from": f"kv/{a}", "_to": f"kv/{b}"} for a in range(1, 13) for b in range(1, 13) if a != b]}]}
case("graph-limit-ends-traversal", "FOR v, e, p IN 1..11 OUTBOUND 'kv/1' ke OPTIONS {uniqueVertices: 'path'} "
     "LIMIT 3 RETURN [v._key, LENGTH(p.edges)]", [["12", 1], ["11", 2], ["10", 3]], setup=K12)
case("graph-limit-ends-k-shortest-paths", "FOR p IN OUTBOUND K_SHORTEST_PATHS 'kv/1' TO 'kv/2' ke "
     "LIMIT 2 RETURN LENGTH(p.edges)", [1, 2], setup=K12)
case("graph-error-too-many-paths", "FOR v IN 1..11 OUTBOUND 'kv/1' ke OPTIONS {uniqueVertices: 'path'} "
     "RETURN 1", error=err(32), setup=K12)

with open(__import__("sys").argv[1], "a", encoding="utf-8") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(len(cases), "cases")
