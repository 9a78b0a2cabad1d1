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

enum class LetterCase { Lower, Upper, None };

// The "text" analyzer's options (iresearch text_token_stream): the built-in
// text_* have case lower, accent false, stemming true, no stopwords.
struct TextAnalyzer {
  std::string locale;  // "de", "en", ...
  bool stemming = true;
  LetterCase letter_case = LetterCase::Lower;
  bool accent = false;                 // keep accents
  std::vector<std::string> stopwords;  // compared after case and accent conversion
};

// The built-in analyzer text_<locale> (text_de, text_en, ...).
std::optional<TextAnalyzer> builtin_text_analyzer(std::string_view name);

// True when Snowball stemmers are compiled in.
bool stemming_available() noexcept;

// The words of a string as ICU's word BreakIterator segments it (the segments with a letter,
// digit, kana or ideograph), unchanged.
std::vector<std::string> segment_words(std::string_view text);

// The UAX #29 word-break segments of a string, each marked whether it holds
// a letter, digit, kana or ideograph (the segmentation analyzer's "alpha").
struct WordSegment {
  std::string text;
  bool wordlike = false;
};
std::vector<WordSegment> word_segments(std::string_view text);

// Case conversion and (unless keep_accent) accent removal of a string, as
// the norm and text analyzers apply them.
std::string convert_letters(std::string_view text, LetterCase letter_case, bool keep_accent);

// The Snowball stem of one word in the locale's language ("en", "de" ...);
// the word unchanged when the language has no stemmer. Throws QueryError
// when libstemmer is not compiled in.
std::string stem_word(std::string_view locale, std::string_view word);

// Tokens of a string. Throws QueryError when stemming is needed but not
// available.
std::vector<std::string> analyze_text(TextAnalyzer const& a, std::string_view text);

}  // namespace emu::aql
