// AQL `FOR d IN view SEARCH expr [OPTIONS {...}]` over ArangoSearch views
// (arangod's IResearchViewNode, IResearchFilterFactory, IResearchOrderFactory).
//
// A SEARCH FOR reads the documents of the view's linked collections, indexes
// each one as its link (arangosearch) or its inverted index (search-alias)
// defines (aql/search_index.cpp), turns the SEARCH expression into a filter
// tree for the FOR's input row (constant parts evaluated, the rest bound to
// fields), and yields the matching documents in link order with the scores of
// the query's BM25() / TFIDF() calls of the FOR's variable (hidden variables
// the parser gives them: SearchSpec::scorers).
#pragma once

#include <memory>

#include "aql/ast.hpp"
#include "aql/eval.hpp"
#include "aql/functions.hpp"

namespace emu::aql {

// The rows of SEARCH FOR `s` (s.search set, s.collection the view) for one
// input row. Throws QueryError as arangod does for a bad SEARCH expression.
std::unique_ptr<RowSource> search_rows(Evaluator& ev, Stmt const& s, std::vector<Value> const& input);

// The function table entries of the ArangoSearch functions (PHRASE, EXISTS,
// BOOST, ANALYZER, MIN_MATCH, LEVENSHTEIN_MATCH, NGRAM_MATCH, BM25, TFIDF):
// what they do when evaluated outside a SEARCH (arangod's dummy functions, or
// their plain-expression meaning where arangod gives them one).
std::vector<FunctionDef> const& search_functions();

// Bounds on client input.
inline constexpr std::size_t kMaxSearchClauses = 65536;    // filter nodes of one SEARCH
inline constexpr std::size_t kMaxPhraseParts = 1024;       // tokens / parts of one PHRASE
inline constexpr std::size_t kMaxSearchDocuments = 1000000;  // documents a SEARCH indexes
inline constexpr std::size_t kMaxTermsPerField = 100000;   // tokens of one field of one document

}  // namespace emu::aql
