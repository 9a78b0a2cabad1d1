// REGEX_TEST (and =~ / !~), REGEX_MATCHES, REGEX_SPLIT and REGEX_REPLACE over ICU's regular
// expressions, as arangod evaluates them: one icu::RegexMatcher per pattern (flags 0, "(?i)" put
// in front for a case-insensitive one), the subject and the replacement as UTF-16, ICU's own
// find / split / appendReplacement rules (so "$&" in a replacement is an invalid capture group
// name, as it is for arangod, and the syntax is ICU's, not ECMAScript's).
//
// Beyond arangod: a match is interruptible (ICU's match and find-progress callbacks poll the
// query's kill flag and maxRuntime, so a catastrophic pattern ends with 1500 "query killed"
// rather than holding a thread forever), its backtracking stack is ICU's heap stack (8 MB per
// matcher, U_REGEX_STACK_OVERFLOW past it: never the thread's stack), and REGEX_REPLACE's and
// REGEX_SPLIT's results grow under the query's memory limits (error 32).
#pragma once

#include <cstdint>
#include <string>

#include "aql/value.hpp"

namespace emu::aql {

class Evaluator;

namespace regex {

// Each returns the function's value: null after the warning arangod gives (1543 "invalid regex
// value" for a pattern ICU does not compile or a match ICU gives up on). Throws QueryError 1500
// when the query is killed or passes maxRuntime during a match, 32 when a result passes the
// memory limits.
Value test(Evaluator& ev, std::string const& subject, std::string const& pattern, bool ci);
Value matches(Evaluator& ev, std::string const& subject, std::string const& pattern, bool ci);
// limit: at most that many parts (> 0), or -1 for all; the caller answers 0 and negative ones.
Value split(Evaluator& ev, std::string const& subject, std::string const& pattern, bool ci,
            std::int64_t limit);
Value replace(Evaluator& ev, std::string const& subject, std::string const& pattern,
              std::string const& replacement, bool ci);

}  // namespace regex
}  // namespace emu::aql
