#include "aql/lexer.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "aql/value.hpp"

namespace emu::aql {

std::string_view token_name(Tok t) {
  switch (t) {
    case Tok::End: return "end of query string";
    case Tok::For: return "FOR declaration";
    case Tok::Let: return "LET declaration";
    case Tok::Filter: return "FILTER declaration";
    case Tok::Return: return "RETURN declaration";
    case Tok::Collect: return "COLLECT declaration";
    case Tok::Sort: return "SORT declaration";
    case Tok::Limit: return "LIMIT declaration";
    case Tok::Window: return "WINDOW declaration";
    case Tok::Asc: return "ASC keyword";
    case Tok::Desc: return "DESC keyword";
    case Tok::In: return "IN keyword";
    case Tok::With: return "WITH keyword";
    case Tok::Into: return "INTO keyword";
    case Tok::Aggregate: return "AGGREGATE keyword";
    case Tok::Graph: return "GRAPH keyword";
    case Tok::ShortestPath: return "SHORTEST_PATH keyword";
    case Tok::KShortestPaths: return "K_SHORTEST_PATHS keyword";
    case Tok::KPaths: return "K_PATHS keyword";
    case Tok::AllShortestPaths: return "ALL_SHORTEST_PATHS keyword";
    case Tok::Distinct: return "DISTINCT modifier";
    case Tok::Remove: return "REMOVE command";
    case Tok::Insert: return "INSERT command";
    case Tok::Update: return "UPDATE command";
    case Tok::Replace: return "REPLACE command";
    case Tok::Upsert: return "UPSERT command";
    case Tok::Null: return "null";
    case Tok::True: return "true";
    case Tok::False: return "false";
    case Tok::String: return "identifier";
    case Tok::QuotedString: return "quoted string";
    case Tok::Integer: return "integer number";
    case Tok::Double: return "number";
    case Tok::Parameter: return "bind parameter";
    case Tok::DataSourceParameter: return "bind data source parameter";
    case Tok::Assign: return "assignment";
    case Tok::Not: return "not operator";
    case Tok::And: return "and operator";
    case Tok::Or: return "or operator";
    case Tok::NotIn: return "not in operator";
    case Tok::RegexMatch: return "~= operator";
    case Tok::RegexNonMatch: return "~! operator";
    case Tok::Eq: return "== operator";
    case Tok::Ne: return "!= operator";
    case Tok::Lt: return "< operator";
    case Tok::Gt: return "> operator";
    case Tok::Le: return "<= operator";
    case Tok::Ge: return ">= operator";
    case Tok::Like: return "like operator";
    case Tok::Plus: return "+ operator";
    case Tok::Minus: return "- operator";
    case Tok::Times: return "* operator";
    case Tok::Div: return "/ operator";
    case Tok::Mod: return "% operator";
    case Tok::Question: return "?";
    case Tok::Colon: return ":";
    case Tok::Scope: return "::";
    case Tok::Range: return "..";
    case Tok::Comma: return ",";
    case Tok::Open: return "(";
    case Tok::Close: return ")";
    case Tok::ObjectOpen: return "{";
    case Tok::ObjectClose: return "}";
    case Tok::ArrayOpen: return "[";
    case Tok::ArrayClose: return "]";
    case Tok::Outbound: return "outbound modifier";
    case Tok::Inbound: return "inbound modifier";
    case Tok::Any: return "any modifier";
    case Tok::All: return "all modifier";
    case Tok::None: return "none modifier";
    case Tok::AtLeast: return "at least modifier";
    case Tok::Dot: return "'.'";
    case Tok::Undefined: return "invalid token";
  }
  return "invalid token";
}

namespace {

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

struct KeywordEntry {
  std::string_view word;
  Tok tok;
};

KeywordEntry const kKeywords[] = {
    {"FOR", Tok::For}, {"LET", Tok::Let}, {"FILTER", Tok::Filter}, {"RETURN", Tok::Return},
    {"COLLECT", Tok::Collect}, {"SORT", Tok::Sort}, {"LIMIT", Tok::Limit},
    {"WINDOW", Tok::Window}, {"DISTINCT", Tok::Distinct}, {"AGGREGATE", Tok::Aggregate},
    {"ASC", Tok::Asc}, {"DESC", Tok::Desc}, {"AND", Tok::And}, {"OR", Tok::Or},
    {"IN", Tok::In}, {"INTO", Tok::Into}, {"WITH", Tok::With}, {"REMOVE", Tok::Remove},
    {"INSERT", Tok::Insert}, {"UPDATE", Tok::Update}, {"REPLACE", Tok::Replace},
    {"UPSERT", Tok::Upsert}, {"GRAPH", Tok::Graph}, {"SHORTEST_PATH", Tok::ShortestPath},
    {"K_SHORTEST_PATHS", Tok::KShortestPaths}, {"K_PATHS", Tok::KPaths},
    {"ALL_SHORTEST_PATHS", Tok::AllShortestPaths}, {"OUTBOUND", Tok::Outbound},
    {"INBOUND", Tok::Inbound}, {"ANY", Tok::Any}, {"ALL", Tok::All}, {"NONE", Tok::None},
    {"LIKE", Tok::Like}, {"NULL", Tok::Null}, {"TRUE", Tok::True}, {"FALSE", Tok::False},
};

class Lexer {
 public:
  explicit Lexer(std::string_view q) : q_(q) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    while (true) {
      Token t = next();
      bool end = t.type == Tok::End;
      out.push_back(std::move(t));
      if (end) break;
    }
    return out;
  }

 private:
  // One flex lexeme: sets the location like YY_USER_ACTION.
  void lexeme(std::size_t len) {
    loc_line_ = line_;
    loc_col_ = col_;
    col_ += static_cast<int>(len);
    pos_ += len;
  }
  void newline_lexeme() {
    ++line_;  // yylineno is incremented before the action
    loc_line_ = line_;
    loc_col_ = col_;
    col_ = 0;
    pos_ += 1;
  }

  Token make(Tok type, std::size_t start) {
    Token t;
    t.type = type;
    t.line = loc_line_;
    t.column = loc_col_;
    t.offset = start;
    t.end = pos_;
    return t;
  }

  bool at(std::size_t i, char c) const { return i < q_.size() && q_[i] == c; }

  static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_ident(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }

  void skip_space() {
    while (pos_ < q_.size()) {
      char c = q_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        std::size_t n = 0;
        while (pos_ + n < q_.size() &&
               (q_[pos_ + n] == ' ' || q_[pos_ + n] == '\t' || q_[pos_ + n] == '\r')) {
          ++n;
        }
        lexeme(n);
      } else if (c == '\n') {
        newline_lexeme();
      } else if (c == '/' && at(pos_ + 1, '/')) {
        lexeme(2);
        std::size_t n = 0;
        while (pos_ + n < q_.size() && q_[pos_ + n] != '\n') ++n;
        if (n > 0) lexeme(n);
        if (pos_ < q_.size()) newline_lexeme();
      } else if (c == '/' && at(pos_ + 1, '*')) {
        lexeme(2);
        while (pos_ < q_.size()) {
          if (q_[pos_] == '*' && at(pos_ + 1, '/')) {
            lexeme(2);
            break;
          }
          if (q_[pos_] == '\n') {
            newline_lexeme();
          } else if (q_[pos_] == '*') {
            lexeme(1);
          } else {
            std::size_t n = 0;
            while (pos_ + n < q_.size() && q_[pos_ + n] != '*' && q_[pos_ + n] != '\n') ++n;
            lexeme(n);
          }
        }
      } else {
        break;
      }
    }
  }

  // Quoted text: each character (or escape pair, or newline) is one lexeme,
  // the closing quote is the last one. Returns the unescaped contents.
  std::string quoted(char quote, std::size_t quote_len) {
    lexeme(quote_len);  // opening quote
    std::string raw_start;
    std::size_t start = pos_;
    while (pos_ < q_.size()) {
      char c = q_[pos_];
      if (quote_len == 1 && c == quote) break;
      if (quote_len == 2 && c == '\xC2' && at(pos_ + 1, '\xB4')) break;
      if (c == '\\' && pos_ + 1 < q_.size()) {
        lexeme(2);
      } else if (c == '\n') {
        newline_lexeme();
      } else {
        lexeme(1);
      }
    }
    std::string_view body = q_.substr(start, pos_ - start);
    quote_closed_ = pos_ < q_.size();
    if (quote_closed_) lexeme(quote_len);  // closing quote
    return unescape(body);
  }

  static std::string unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c != '\\' || i + 1 >= s.size()) {
        out += c;
        continue;
      }
      char n = s[++i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          auto hex4 = [&](std::size_t at, std::uint32_t& v) {
            if (at + 4 > s.size()) return false;
            v = 0;
            for (std::size_t k = 0; k < 4; ++k) {
              char h = s[at + k];
              v <<= 4;
              if (h >= '0' && h <= '9') v |= static_cast<std::uint32_t>(h - '0');
              else if (h >= 'a' && h <= 'f') v |= static_cast<std::uint32_t>(h - 'a' + 10);
              else if (h >= 'A' && h <= 'F') v |= static_cast<std::uint32_t>(h - 'A' + 10);
              else return false;
            }
            return true;
          };
          std::uint32_t cp = 0;
          if (hex4(i + 1, cp)) {
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < s.size() && s[i + 1] == '\\' &&
                s[i + 2] == 'u') {
              std::uint32_t lo = 0;
              if (hex4(i + 3, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
              }
            }
            utf8_append(out, cp);
          } else {
            out += 'u';
          }
          break;
        }
        default:
          out += n;  // \\ \" \' \/ and unknown escapes
      }
    }
    return out;
  }

  Token next() {
    skip_space();
    std::size_t start = pos_;
    if (pos_ >= q_.size()) return end_token();
    char c = q_[pos_];
    if (starts_identifier(c)) return identifier(start);
    // numbers
    if (is_digit(c) || (c == '.' && pos_ + 1 < q_.size() && is_digit(q_[pos_ + 1]))) {
      return number(start);
    }
    // quoted strings and names
    if (c == '"' || c == '\'') return quoted_token(Tok::QuotedString, c, 1, start);
    if (c == '`') return quoted_token(Tok::String, '`', 1, start);
    if (c == '\xC2' && at(pos_ + 1, '\xB4')) return quoted_token(Tok::String, '\xB4', 2, start);
    if (c == '@') return bind_parameter(start);
    return operator_token(c, start);
  }

  Token end_token() const {
    Token t;
    t.type = Tok::End;
    t.line = loc_line_;
    t.column = loc_col_;
    t.offset = q_.size();
    t.end = q_.size();
    return t;
  }

  // A letter, `$` before a letter, or underscores before a letter.
  bool starts_identifier(char c) const {
    if (is_alpha(c) || (c == '$' && pos_ + 1 < q_.size() && is_alpha(q_[pos_ + 1]))) return true;
    if (c != '_') return false;
    std::size_t i = pos_;
    while (i < q_.size() && q_[i] == '_') ++i;
    return i < q_.size() && is_alpha(q_[i]);
  }

  // identifiers and keywords
  Token identifier(std::size_t start) {
    std::size_t i = pos_;
    if (q_[i] == '$') ++i;
    while (i < q_.size() && q_[i] == '_') ++i;
    while (i < q_.size() && is_ident(q_[i])) ++i;
    std::string_view word = q_.substr(pos_, i - pos_);
    if (ieq(word, "NOT")) return not_or_not_in(start, word.size());
    if (ieq(word, "AT")) {
      if (auto t = at_least(start, i)) return *t;
    }
    lexeme(word.size());
    for (auto const& kw : kKeywords) {
      if (ieq(word, kw.word)) {
        Token t = make(kw.tok, start);
        t.text = std::string(word);
        return t;
      }
    }
    Token t = make(Tok::String, start);
    t.text = std::string(word);
    return t;
  }

  // NOT: the scanner enters its NOT state to detect NOT IN
  Token not_or_not_in(std::size_t start, std::size_t word_len) {
    lexeme(word_len);
    std::size_t j = pos_;
    // whitespace lexemes in the NOT state (one character each)
    while (j < q_.size() && (q_[j] == ' ' || q_[j] == '\t' || q_[j] == '\r' || q_[j] == '\n')) {
      if (q_[j] == '\n') {
        newline_lexeme();
      } else {
        lexeme(1);
      }
      j = pos_;
    }
    if (j + 1 < q_.size() + 0 && j + 2 <= q_.size() && ieq(q_.substr(j, 2), "IN") &&
        !(j + 2 < q_.size() && is_ident(q_[j + 2]))) {
      std::size_t s2 = pos_;
      lexeme(2);
      Token t = make(Tok::NotIn, s2);
      t.offset = start;
      return t;
    }
    if (j >= q_.size()) {
      return make(Tok::Not, start);
    }
    // a different character: flex matched it (location + column advance)
    // and pushed it back
    loc_line_ = line_;
    loc_col_ = col_;
    col_ += 1;
    Token t = make(Tok::Not, start);
    t.end = start + 3;
    return t;
  }

  // AT LEAST (word_end: after "AT"); nothing when "AT" is not followed by LEAST.
  std::optional<Token> at_least(std::size_t start, std::size_t word_end) {
    std::size_t j = word_end;
    while (j < q_.size() && (q_[j] == ' ' || q_[j] == '\t' || q_[j] == '\r' || q_[j] == '\n')) ++j;
    if (j > word_end && j + 5 <= q_.size() && ieq(q_.substr(j, 5), "LEAST") &&
        !(j + 5 < q_.size() && is_ident(q_[j + 5]))) {
      // one lexeme spanning both words
      loc_line_ = line_;
      loc_col_ = col_;
      for (std::size_t k = pos_; k < j + 5; ++k) {
        if (q_[k] == '\n') {
          ++line_;
          col_ = 0;
        } else {
          ++col_;
        }
      }
      pos_ = j + 5;
      return make(Tok::AtLeast, start);
    }
    return std::nullopt;
  }

  Token quoted_token(Tok type, char quote, std::size_t quote_len, std::size_t start) {
    std::string s = quoted(quote, quote_len);
    // No closing quote: tokens.ll has no <<EOF>> rule in its quote states, so flex ends the
    // input there and the parser sees the end of the query string (at the last lexeme).
    if (!quote_closed_) return end_token();
    Token t = make(type, start);
    t.text = std::move(s);
    return t;
  }

  // @name, or @@name for a data source; a lone '@' is an undefined token.
  Token bind_parameter(std::size_t start) {
    std::size_t i = pos_ + 1;
    bool ds = false;
    if (at(i, '@')) {
      ds = true;
      ++i;
    }
    std::size_t nstart = i;
    bool ok = false;
    if (i < q_.size() && q_[i] == '_') {
      while (i < q_.size() && q_[i] == '_') ++i;
      if (i < q_.size() && (is_alpha(q_[i]) || is_digit(q_[i]))) {
        while (i < q_.size() && is_ident(q_[i])) ++i;
        ok = true;
      }
    } else if (i < q_.size() && (is_alpha(q_[i]) || is_digit(q_[i]))) {
      while (i < q_.size() && is_ident(q_[i])) ++i;
      ok = true;
    }
    if (ok) {
      std::string name(q_.substr(nstart, i - nstart));
      lexeme(i - pos_);
      Token t = make(ds ? Tok::DataSourceParameter : Tok::Parameter, start);
      t.text = ds ? "@" + name : name;
      return t;
    }
    lexeme(1);
    return make(Tok::Undefined, start);
  }

  // operators (longest first), else any other byte as an undefined token
  Token operator_token(char c, std::size_t start) {
    struct Op {
      std::string_view s;
      Tok t;
    };
    static Op const ops[] = {
        {"=~", Tok::RegexMatch}, {"!~", Tok::RegexNonMatch}, {"==", Tok::Eq}, {"!=", Tok::Ne},
        {">=", Tok::Ge}, {"<=", Tok::Le}, {"&&", Tok::And}, {"||", Tok::Or}, {"::", Tok::Scope},
        {"..", Tok::Range}, {">", Tok::Gt}, {"<", Tok::Lt}, {"=", Tok::Assign}, {"!", Tok::Not},
        {"+", Tok::Plus}, {"-", Tok::Minus}, {"*", Tok::Times}, {"/", Tok::Div}, {"%", Tok::Mod},
        {"?", Tok::Question}, {":", Tok::Colon}, {",", Tok::Comma}, {"(", Tok::Open},
        {")", Tok::Close}, {"{", Tok::ObjectOpen}, {"}", Tok::ObjectClose}, {"[", Tok::ArrayOpen},
        {"]", Tok::ArrayClose}, {".", Tok::Dot},
    };
    for (auto const& op : ops) {
      if (q_.substr(pos_, op.s.size()) == op.s) {
        lexeme(op.s.size());
        Token t = make(op.t, start);
        t.text = std::string(op.s);
        return t;
      }
    }
    // any other byte
    lexeme(1);
    Token t = make(Tok::Undefined, start);
    t.text = std::string(1, c);
    return t;
  }

  Token number(std::size_t start) {
    std::size_t i = pos_;
    // hex / binary integers
    if (q_[i] == '0' && i + 2 < q_.size() + 0 && (q_[i + 1] == 'x' || q_[i + 1] == 'X') &&
        i + 2 < q_.size() && std::isxdigit(static_cast<unsigned char>(q_[i + 2]))) {
      std::size_t j = i + 2;
      while (j < q_.size() && std::isxdigit(static_cast<unsigned char>(q_[j]))) ++j;
      std::string digits(q_.substr(i + 2, j - i - 2));
      lexeme(j - i);
      Token t = make(Tok::Integer, start);
      t.text = std::string(q_.substr(i, j - i));
      std::uint64_t v = 0;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v, 16);
      if (r.ec != std::errc() || v > static_cast<std::uint64_t>(INT64_MAX)) {
        t.number_out_of_range = true;
      }
      t.int_value = static_cast<std::int64_t>(v);
      return t;
    }
    if (q_[i] == '0' && i + 2 < q_.size() && (q_[i + 1] == 'b' || q_[i + 1] == 'B') &&
        (q_[i + 2] == '0' || q_[i + 2] == '1')) {
      std::size_t j = i + 2;
      while (j < q_.size() && (q_[j] == '0' || q_[j] == '1')) ++j;
      std::string digits(q_.substr(i + 2, j - i - 2));
      lexeme(j - i);
      Token t = make(Tok::Integer, start);
      t.text = std::string(q_.substr(i, j - i));
      std::uint64_t v = 0;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v, 2);
      if (r.ec != std::errc() || v > static_cast<std::uint64_t>(INT64_MAX)) {
        t.number_out_of_range = true;
      }
      t.int_value = static_cast<std::int64_t>(v);
      return t;
    }
    std::size_t j = i;
    bool is_double = false;
    if (q_[j] == '.') {
      is_double = true;
      ++j;
      while (j < q_.size() && is_digit(q_[j])) ++j;
    } else if (q_[j] == '0') {
      ++j;
    } else {
      while (j < q_.size() && is_digit(q_[j])) ++j;
    }
    if (!is_double && j + 1 < q_.size() && q_[j] == '.' && is_digit(q_[j + 1])) {
      is_double = true;
      j += 1;
      while (j < q_.size() && is_digit(q_[j])) ++j;
    }
    if (j < q_.size() && (q_[j] == 'e' || q_[j] == 'E')) {
      std::size_t k = j + 1;
      if (k < q_.size() && (q_[k] == '+' || q_[k] == '-')) ++k;
      if (k < q_.size() && is_digit(q_[k])) {
        while (k < q_.size() && is_digit(q_[k])) ++k;
        j = k;
        is_double = true;
      }
    }
    std::string text(q_.substr(i, j - i));
    lexeme(j - i);
    Token t = make(is_double ? Tok::Double : Tok::Integer, start);
    t.text = text;
    t.is_double = is_double;
    if (is_double) {
      double d = std::strtod(text.c_str(), nullptr);
      if (!std::isfinite(d)) t.number_out_of_range = true;
      t.double_value = d;
    } else {
      std::int64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc()) {
        // too large for int64: a double
        t.is_double = true;
        t.double_value = std::strtod(text.c_str(), nullptr);
        if (!std::isfinite(t.double_value)) t.number_out_of_range = true;
      } else {
        t.int_value = v;
      }
    }
    return t;
  }

  std::string_view q_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int col_ = 0;
  int loc_line_ = 1;
  int loc_col_ = 0;
  bool quote_closed_ = true;  // whether the last quoted() found its closing quote
};

}  // namespace

std::vector<Token> tokenize(std::string_view query) { return Lexer(query).run(); }

}  // namespace emu::aql
