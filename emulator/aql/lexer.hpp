// AQL tokenizer reproducing arangod's flex scanner (tokens.ll): token kinds,
// the Bison token names used in syntax errors, and flex/Bison locations (the
// location of a token is the start of the last lexeme the scanner matched for
// it, so a quoted string is located at its closing quote and the end of the
// query at the last lexeme, whitespace included).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace emu::aql {

enum class Tok : std::uint8_t {
  End,
  For, Let, Filter, Return, Collect, Sort, Limit, Window,
  Asc, Desc, In, With, Into, Aggregate,
  Graph, ShortestPath, KShortestPaths, KPaths, AllShortestPaths, Distinct,
  Remove, Insert, Update, Replace, Upsert,
  Null, True, False, String, QuotedString, Integer, Double, Parameter, DataSourceParameter,
  Assign, Not, And, Or, NotIn, RegexMatch, RegexNonMatch,
  Eq, Ne, Lt, Gt, Le, Ge, Like,
  Plus, Minus, Times, Div, Mod,
  Question, Colon, Scope, Range,
  Comma, Open, Close, ObjectOpen, ObjectClose, ArrayOpen, ArrayClose,
  Outbound, Inbound, Any, All, None, AtLeast,
  Dot,        // '.' (a literal character token in the grammar)
  Undefined,  // any other character
};

// Bison's name for the token ("FOR declaration", "end of query string", ...).
std::string_view token_name(Tok t);

struct Token {
  Tok type = Tok::End;
  std::string text;  // identifier / string contents / parameter name / number text
  int line = 1;      // Bison first_line
  int column = 0;    // Bison first_column (0-based)
  std::size_t offset = 0;  // byte offset of the token's first character
  std::size_t end = 0;     // byte offset after the token
  bool is_double = false;
  std::int64_t int_value = 0;
  double double_value = 0;
  bool number_out_of_range = false;
};

// Tokenizes the whole query. Never fails: unknown characters become
// Tok::Undefined tokens, unterminated strings end the input.
std::vector<Token> tokenize(std::string_view query);

}  // namespace emu::aql
