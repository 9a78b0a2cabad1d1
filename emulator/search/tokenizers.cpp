// The analyzers' token streams over a string (iresearch's delimited, multi
// delimited, stemming, normalizing, ngram, text, stopwords, segmentation and
// pipeline streams). Geo, wildcard, minhash and aql analyzers are stored and
// reported but their tokens are not computed (AnalyzerError 9).
#include <algorithm>
#include <cstdint>

#include "aql/error.hpp"
#include "aql/text_analyzer.hpp"
#include "aql/value.hpp"
#include "error_table.hpp"
#include "json.hpp"
#include "search/analyzers.hpp"

namespace emu::search {

namespace {

using J = rapidjson::Value;
using aql::LetterCase;

constexpr std::size_t kMaxOutputBytes = 64 * 1024 * 1024;

// Collects tokens within the bounds on count and size.
class Sink {
 public:
  void add(std::string token) {
    bytes_ += token.size();
    if (out_.size() >= kMaxTokens || bytes_ > kMaxOutputBytes) {
      throw AnalyzerError(err::kResourceLimit,
                          "analyzer output exceeds the emulator's limit of " +
                              std::to_string(kMaxTokens) + " tokens or " +
                              std::to_string(kMaxOutputBytes) + " bytes");
    }
    out_.push_back(std::move(token));
  }
  std::vector<std::string> take() { return std::move(out_); }

 private:
  std::vector<std::string> out_;
  std::size_t bytes_ = 0;
};

std::string str(J const& obj, std::string_view key, std::string def = {}) {
  auto const* v = member(obj, key);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : def;
}
bool boolean(J const& obj, std::string_view key, bool def) {
  auto const* v = member(obj, key);
  return v != nullptr && v->IsBool() ? v->GetBool() : def;
}
std::uint64_t uint(J const& obj, std::string_view key, std::uint64_t def) {
  auto const* v = member(obj, key);
  return v != nullptr && v->IsUint64() ? v->GetUint64() : def;
}
std::vector<std::string> strings(J const& obj, std::string_view key) {
  std::vector<std::string> out;
  if (auto const* v = member(obj, key); v != nullptr && v->IsArray()) {
    for (auto const& e : v->GetArray()) {
      if (e.IsString()) out.emplace_back(e.GetString(), e.GetStringLength());
    }
  }
  return out;
}
LetterCase letter_case(J const& obj, LetterCase def) {
  auto c = str(obj, "case");
  if (c == "lower") return LetterCase::Lower;
  if (c == "upper") return LetterCase::Upper;
  if (c == "none") return LetterCase::None;
  return def;
}

// Byte offsets of the symbols of `text`: each byte, or each UTF-8 character.
std::vector<std::size_t> symbol_starts(std::string_view text, bool utf8) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!utf8 || (c & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(text.size());
  return out;
}

// iresearch ngram_token_stream::next: from each position the grams of
// min..max symbols; the start marker goes before a gram at position 0, the
// end marker after one that ends the input; with preserveOriginal the whole
// input once (with each marker) before leaving position 0.
void ngrams(J const& p, std::string_view text, Sink& sink) {
  std::uint64_t const min = std::max<std::uint64_t>(uint(p, "min", 1), 1);
  std::uint64_t const max = std::max<std::uint64_t>(uint(p, "max", min), min);
  bool const preserve = boolean(p, "preserveOriginal", false);
  std::string const start = str(p, "startMarker"), end = str(p, "endMarker");
  auto const pos = symbol_starts(text, str(p, "streamType") == "utf8");
  std::size_t const n = pos.size() - 1;

  enum class Original { None, Plain, WithStart, WithEnd };
  Original original = Original::None;
  if (preserve) {
    original = !start.empty() ? Original::WithStart : !end.empty() ? Original::WithEnd : Original::Plain;
  }
  auto emit_original = [&] {
    std::string whole(text);
    switch (original) {
      case Original::Plain:
        sink.add(whole);
        original = Original::None;
        break;
      case Original::WithStart:
        sink.add(start + whole);
        original = end.empty() ? Original::None : Original::WithEnd;
        break;
      case Original::WithEnd:
        sink.add(whole + end);
        original = Original::None;
        break;
      case Original::None:
        break;
    }
  };
  for (std::size_t b = 0; b < n; ++b) {
    for (std::uint64_t len = min; len <= max && b + len <= n; ++len) {
      std::size_t const e = b + static_cast<std::size_t>(len);
      std::string gram(text.substr(pos[b], pos[e] - pos[b]));
      if (original != Original::None && b == 0 && e == n) {
        emit_original();
        continue;
      }
      bool const at_start = b == 0 && !start.empty();
      bool const at_end = e == n && !end.empty();
      if (at_start) {
        if (e == n && !end.empty()) original = Original::WithEnd;
        sink.add(start + gram);
      } else if (at_end) {
        sink.add(gram + end);
      } else {
        sink.add(std::move(gram));
      }
    }
    while (b == 0 && original != Original::None) emit_original();
  }
}

// delimited_token_stream: fields between delimiters, a field in double quotes
// may hold the delimiter ("" is a quote), as RFC 4180 without records.
void delimited(std::string_view text, std::string const& delim, Sink& sink) {
  if (delim.empty()) {
    auto pos = symbol_starts(text, true);
    for (std::size_t i = 0; i + 1 < pos.size(); ++i) {
      sink.add(std::string(text.substr(pos[i], pos[i + 1] - pos[i])));
    }
    return;
  }
  std::size_t i = 0;
  while (i <= text.size()) {
    std::string field;
    bool quoted = false;
    std::size_t j = i;
    while (j < text.size()) {
      if (text[j] == '"') {
        if (quoted && j + 1 < text.size() && text[j + 1] == '"') {
          field.push_back('"');
          j += 2;
          continue;
        }
        quoted = !quoted;
        ++j;
        continue;
      }
      if (!quoted && text.compare(j, delim.size(), delim) == 0) break;
      field.push_back(text[j]);
      ++j;
    }
    sink.add(std::move(field));
    if (j >= text.size()) break;
    i = j + delim.size();
    if (i == text.size()) break;  // a trailing delimiter ends the input
  }
}

// MultiDelimitedAnalyser: splits at the longest delimiter that matches,
// dropping empty tokens.
void multi_delimited(std::string_view text, std::vector<std::string> const& delims, Sink& sink) {
  std::string cur;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t best = 0;
    for (auto const& d : delims) {
      if (!d.empty() && d.size() > best && text.compare(i, d.size(), d) == 0) best = d.size();
    }
    if (best > 0) {
      if (!cur.empty()) sink.add(std::move(cur));
      cur.clear();
      i += best;
    } else {
      cur.push_back(text[i++]);
    }
  }
  if (!cur.empty()) sink.add(std::move(cur));
}

std::string hex_decode(std::string const& hex) {
  std::string out;
  auto val = [](char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(val(hex[i]) * 16 + val(hex[i + 1])));
  }
  return out;
}

void text_tokens(J const& p, std::string_view input, Sink& sink) {
  aql::TextAnalyzer a;
  a.locale = str(p, "locale");
  a.stemming = boolean(p, "stemming", true);
  a.accent = boolean(p, "accent", false);
  a.letter_case = letter_case(p, LetterCase::Lower);
  a.stopwords = strings(p, "stopwords");
  auto words = aql::analyze_text(a, input);
  auto const* edge = member(p, "edgeNgram");
  if (edge == nullptr || !edge->IsObject()) {
    for (auto& w : words) sink.add(std::move(w));
    return;
  }
  std::uint64_t const min = std::max<std::uint64_t>(uint(*edge, "min", 1), 1);
  std::uint64_t const max = uint(*edge, "max", UINT64_MAX);
  bool const preserve = boolean(*edge, "preserveOriginal", false);
  for (auto& w : words) {
    auto pos = symbol_starts(w, true);
    std::size_t const n = pos.size() - 1;
    for (std::uint64_t len = min; len <= max && len <= n; ++len) {
      sink.add(w.substr(0, pos[len]));
    }
    if (preserve && (n > max || n < min)) sink.add(w);
  }
}

void run(std::string_view type, J const& p, std::string_view input, Sink& sink, int depth);

void pipeline(J const& p, std::string_view input, Sink& sink, int depth) {
  std::vector<std::string> current{std::string(input)};
  auto const* stages = member(p, "pipeline");
  if (stages == nullptr || !stages->IsArray()) return;
  for (auto const& stage : stages->GetArray()) {
    auto const* t = member(stage, "type");
    auto const* props = member(stage, "properties");
    if (t == nullptr || !t->IsString() || props == nullptr) continue;
    Sink next;
    for (auto const& token : current) {
      run(std::string_view(t->GetString(), t->GetStringLength()), *props, token, next, depth + 1);
    }
    current = next.take();
  }
  for (auto& t : current) sink.add(std::move(t));
}

void run(std::string_view type, J const& p, std::string_view input, Sink& sink, int depth) {
  if (depth > kMaxPipelineDepth) {
    throw AnalyzerError(err::kBadParameter, "analyzer pipeline nested too deeply");
  }
  if (type == "identity" || type == "collation") {
    // collation: ICU's sort key is not reproduced; the emulator keeps the value
    sink.add(std::string(input));
  } else if (type == "delimiter") {
    delimited(input, str(p, "delimiter"), sink);
  } else if (type == "multi_delimiter") {
    multi_delimited(input, strings(p, "delimiters"), sink);
  } else if (type == "stem") {
    sink.add(aql::stem_word(str(p, "locale"), input));
  } else if (type == "norm") {
    sink.add(aql::convert_letters(input, letter_case(p, LetterCase::None), boolean(p, "accent", true)));
  } else if (type == "ngram") {
    ngrams(p, input, sink);
  } else if (type == "text") {
    text_tokens(p, input, sink);
  } else if (type == "stopwords") {
    auto words = strings(p, "stopwords");
    bool const hex = boolean(p, "hex", false);
    for (auto const& w : words) {
      if ((hex ? hex_decode(w) : w) == input) return;
    }
    sink.add(std::string(input));
  } else if (type == "segmentation") {
    auto const brk = str(p, "break", "alpha");
    auto const lc = letter_case(p, LetterCase::Lower);
    for (auto& seg : aql::word_segments(input)) {
      bool keep = brk == "all" || seg.wordlike ||
                  (brk == "graphic" &&
                   seg.text.find_first_not_of(" \t\r\n\f\v") != std::string::npos);
      if (keep) sink.add(aql::convert_letters(seg.text, lc, true));
    }
  } else if (type == "pipeline") {
    pipeline(p, input, sink, depth);
  } else if (type == "geojson" || type == "geopoint" || type == "geo_s2") {
    throw AnalyzerError(err::kBadParameter, "unexpected parameter type 'string' while computing "
                                            "result for function 'TOKENS'");
  } else {
    throw AnalyzerError(err::kNotImplemented, "the emulator does not compute the tokens of '" +
                                                  std::string(type) + "' analyzers");
  }
}

}  // namespace

std::vector<std::string> tokens(AnalyzerDef const& analyzer, std::string_view text) {
  if (text.size() > kMaxTokenInput) {
    throw AnalyzerError(err::kResourceLimit,
                        "analyzer input of " + std::to_string(text.size()) +
                            " bytes exceeds the emulator's limit of " +
                            std::to_string(kMaxTokenInput) + " bytes");
  }
  auto parsed = parse_json(analyzer.properties);
  if (!parsed.ok()) {
    throw AnalyzerError(err::kInternal, "stored analyzer properties are not valid JSON");
  }
  Sink sink;
  try {
    run(analyzer.type, *parsed.doc, text, sink, 0);
  } catch (aql::QueryError const& e) {
    throw AnalyzerError(e.code(), e.message());
  }
  return sink.take();
}

}  // namespace emu::search
