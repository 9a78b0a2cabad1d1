// ArangoSearch's text analyzer as used by TOKENS() with the built-in text_*
// analyzers (iresearch text_token_stream with case "lower", accent false,
// stemming true and no stopwords): word segmentation (UAX #29 rules, in
// place of ICU's BreakIterator), lower case, accent removal and Snowball
// stemming (libstemmer, when the emulator is built with it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emu::aql {

struct TextAnalyzer {
  std::string locale;  // "de", "en", ...
  bool stemming = true;
};

// The built-in analyzer text_<locale> (text_de, text_en, ...).
std::optional<TextAnalyzer> builtin_text_analyzer(std::string_view name);

// True when Snowball stemmers are compiled in.
bool stemming_available() noexcept;

// The words of a string as ICU's word BreakIterator segments it (the segments with a letter,
// digit, kana or ideograph), unchanged.
std::vector<std::string> segment_words(std::string_view text);

// Tokens of a string. Throws QueryError when stemming is needed but not
// available.
std::vector<std::string> analyze_text(TextAnalyzer const& a, std::string_view text);

}  // namespace emu::aql
