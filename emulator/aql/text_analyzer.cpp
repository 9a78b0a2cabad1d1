#include "aql/text_analyzer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>

#include "aql/error.hpp"
#include "aql/value.hpp"

#ifdef EMU_HAVE_LIBSTEMMER
#include <libstemmer.h>
#endif

namespace emu::aql {

namespace {

enum WordClass : std::uint8_t { kOther, kALetter, kNumeric, kKatakana, kHiragana, kIdeo, kExtend };

struct WordRange {
  std::uint32_t first, last;
  WordClass cls;
};
struct FoldEntry {
  std::uint32_t cp;
  char const* utf8;
};

#include "aql/text_tables.inc"

// The UAX #29 classes that join words: MidLetter (ICU leaves out ':'),
// MidNumLet (with Single_Quote), MidNum, ExtendNumLet.
enum Joiner { kNone, kMidLetter, kMidNumLet, kMidNum, kExtendNumLet };

Joiner joiner(std::uint32_t cp) {
  switch (cp) {
    case 0xB7: case 0x387: case 0x5F4: case 0x2027: case 0xFE13:
      return kMidLetter;
    case '.': case '\'': case 0x2018: case 0x2019: case 0x2024: case 0xFE52: case 0xFF07:
    case 0xFF0E:
      return kMidNumLet;
    case ',': case ';': case 0x37E: case 0x589: case 0x60C: case 0x60D: case 0x66C:
    case 0x7F8: case 0x2044: case 0xFE10: case 0xFE14: case 0xFE50: case 0xFE54:
    case 0xFF0C: case 0xFF1B:
      return kMidNum;
    case '_': case 0x202F: case 0x203F: case 0x2040: case 0x2054: case 0xFE33: case 0xFE34:
    case 0xFE4D: case 0xFE4E: case 0xFE4F: case 0xFF3F:
      return kExtendNumLet;
    default:
      return kNone;
  }
}

WordClass word_class(std::uint32_t cp) {
  auto it = std::upper_bound(std::begin(kWordClasses), std::end(kWordClasses), cp,
                             [](std::uint32_t c, WordRange const& r) { return c < r.first; });
  if (it == std::begin(kWordClasses)) return kOther;
  --it;
  return cp <= it->last ? it->cls : kOther;
}

void append_folded(std::string& out, std::uint32_t cp) {
  auto it = std::lower_bound(std::begin(kFold), std::end(kFold), cp,
                             [](FoldEntry const& e, std::uint32_t c) { return e.cp < c; });
  if (it != std::end(kFold) && it->cp == cp) {
    out += it->utf8;
  } else {
    utf8_append(out, cp);
  }
}

struct Char {
  std::uint32_t cp;
  WordClass cls;
  Joiner join;
};

bool is_letter(WordClass c) { return c == kALetter; }

// Splits into segments like ICU's word BreakIterator and keeps those whose
// rule status is not UBRK_WORD_NONE (the ones with a letter, digit, kana or
// ideograph).
std::vector<std::vector<std::uint32_t>> words(std::string_view text,
                                              std::vector<bool>* wordlike_out = nullptr) {
  std::vector<Char> cs;
  for (auto cp : utf8_decode(text)) {
    Char c{cp, word_class(cp), joiner(cp)};
    if (c.join != kNone) c.cls = kOther;
    cs.push_back(c);
  }
  // base class of each position, skipping extending marks (WB4)
  auto base = [&](std::size_t i) -> Char const* {
    while (true) {
      if (cs[i].cls != kExtend) return &cs[i];
      if (i == 0) return &cs[i];
      --i;
    }
  };
  auto next_base = [&](std::size_t i) -> Char const* {
    for (++i; i < cs.size(); ++i) {
      if (cs[i].cls != kExtend) return &cs[i];
    }
    return nullptr;
  };
  std::vector<std::vector<std::uint32_t>> out;
  std::vector<std::uint32_t> cur;
  bool wordlike = false;
  auto flush = [&] {
    if (!cur.empty() && (wordlike || wordlike_out != nullptr)) {
      out.push_back(cur);
      if (wordlike_out != nullptr) wordlike_out->push_back(wordlike);
    }
    cur.clear();
    wordlike = false;
  };
  for (std::size_t i = 0; i < cs.size(); ++i) {
    Char const& c = cs[i];
    bool join = false;
    if (!cur.empty()) {
      if (c.cls == kExtend) {
        join = true;  // WB4
      } else {
        Char const* p = base(i - 1);
        // previous-but-one base (for WB7 / WB11)
        Char const* pp = nullptr;
        if (p != nullptr) {
          std::size_t k = static_cast<std::size_t>(p - cs.data());
          while (k > 0) {
            --k;
            if (cs[k].cls != kExtend) {
              pp = &cs[k];
              break;
            }
          }
          if (pp != nullptr && static_cast<std::size_t>(pp - cs.data()) < i - cur.size()) pp = nullptr;
        }
        Char const* n = next_base(i);
        bool p_letter = is_letter(p->cls), p_num = p->cls == kNumeric;
        bool mid_letter = c.join == kMidLetter || c.join == kMidNumLet;
        bool mid_num = c.join == kMidNum || c.join == kMidNumLet;
        if (p_letter && is_letter(c.cls)) join = true;                                 // WB5
        else if (p_letter && mid_letter && n != nullptr && is_letter(n->cls)) join = true;  // WB6
        else if (is_letter(c.cls) && (p->join == kMidLetter || p->join == kMidNumLet) &&
                 pp != nullptr && is_letter(pp->cls)) join = true;                     // WB7
        else if ((p_num || p_letter) && c.cls == kNumeric) join = true;                // WB8, WB9
        else if (p_num && is_letter(c.cls)) join = true;                               // WB10
        else if (c.cls == kNumeric && (p->join == kMidNum || p->join == kMidNumLet) &&
                 pp != nullptr && pp->cls == kNumeric) join = true;                    // WB11
        else if (p_num && mid_num && n != nullptr && n->cls == kNumeric) join = true;  // WB12
        else if (p->cls == kKatakana && c.cls == kKatakana) join = true;               // WB13
        else if ((p_letter || p_num || p->cls == kKatakana || p->join == kExtendNumLet) &&
                 c.join == kExtendNumLet) join = true;                                 // WB13a
        else if (p->join == kExtendNumLet &&
                 (is_letter(c.cls) || c.cls == kNumeric || c.cls == kKatakana)) join = true;  // WB13b
      }
    }
    if (!join) flush();
    cur.push_back(c.cp);
    if (c.cls == kALetter || c.cls == kNumeric || c.cls == kKatakana || c.cls == kHiragana ||
        c.cls == kIdeo) {
      wordlike = true;
    }
  }
  flush();
  return out;
}

#ifdef EMU_HAVE_LIBSTEMMER
struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
// Stemmers keep state: one per thread and language (nullptr: no algorithm).
sb_stemmer* stemmer_for(std::string const& language) {
  thread_local std::map<std::string, std::unique_ptr<sb_stemmer, StemmerDeleter>> cache;
  auto it = cache.find(language);
  if (it == cache.end()) {
    it = cache.emplace(language, std::unique_ptr<sb_stemmer, StemmerDeleter>(
                                     sb_stemmer_new(language.c_str(), nullptr)))
             .first;
  }
  return it->second.get();
}
#endif

constexpr std::string_view kLocales[] = {"de", "en", "es", "fi", "fr", "it",
                                         "nl", "no", "pt", "ru", "sv", "zh"};

}  // namespace

std::vector<std::string> segment_words(std::string_view text) {
  std::vector<std::string> out;
  for (auto const& w : words(text)) {
    std::string s;
    for (auto cp : w) utf8_append(s, cp);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<TextAnalyzer> builtin_text_analyzer(std::string_view name) {
  if (name.substr(0, 2) == "::") name.remove_prefix(2);
  if (name.substr(0, 5) != "text_") return std::nullopt;
  auto locale = name.substr(5);
  for (auto l : kLocales) {
    if (l == locale) {
      TextAnalyzer a;
      a.locale = std::string(l);
      a.stemming = l != "zh";
      return a;
    }
  }
  return std::nullopt;
}

bool stemming_available() noexcept {
#ifdef EMU_HAVE_LIBSTEMMER
  return true;
#else
  return false;
#endif
}

namespace {

std::uint32_t lower_cp(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

std::uint32_t upper_cp(std::uint32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 32;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
  if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) return cp - 32;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
  return cp;
}

void append_upper(std::string& out, std::string_view utf8) {
  for (auto cp : utf8_decode(utf8)) utf8_append(out, upper_cp(cp));
}

bool is_stopword(TextAnalyzer const& a, std::string const& word) {
  return std::find(a.stopwords.begin(), a.stopwords.end(), word) != a.stopwords.end();
}

}  // namespace

std::vector<WordSegment> word_segments(std::string_view text) {
  std::vector<bool> wordlike;
  auto segs = words(text, &wordlike);
  std::vector<WordSegment> out;
  out.reserve(segs.size());
  for (std::size_t i = 0; i < segs.size(); ++i) {
    WordSegment w;
    for (auto cp : segs[i]) utf8_append(w.text, cp);
    w.wordlike = wordlike[i];
    out.push_back(std::move(w));
  }
  return out;
}

std::string convert_letters(std::string_view text, LetterCase letter_case, bool keep_accent) {
  std::string out;
  out.reserve(text.size());
  for (auto cp : utf8_decode(text)) {
    bool const upper_input = lower_cp(cp) != cp;
    std::string base;
    if (keep_accent) {
      utf8_append(base, lower_cp(cp));
    } else {
      append_folded(base, cp);  // lower case without accents
    }
    bool const to_upper = letter_case == LetterCase::Upper ||
                          (letter_case == LetterCase::None && upper_input);
    if (letter_case == LetterCase::None && keep_accent) {
      utf8_append(out, cp);
    } else if (to_upper) {
      append_upper(out, base);
    } else {
      out += base;
    }
  }
  return out;
}

std::string stem_word(std::string_view locale, std::string_view word) {
  std::string language(locale.substr(0, locale.find_first_of("_-.@")));
  for (auto& c : language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
#ifdef EMU_HAVE_LIBSTEMMER
  if (sb_stemmer* stemmer = stemmer_for(language); stemmer != nullptr) {
    auto const* s = sb_stemmer_stem(stemmer, reinterpret_cast<sb_symbol const*>(word.data()),
                                    static_cast<int>(word.size()));
    if (s != nullptr) {
      return std::string(reinterpret_cast<char const*>(s),
                         static_cast<std::size_t>(sb_stemmer_length(stemmer)));
    }
  }
  return std::string(word);
#else
  throw QueryError(9, "the stemming analyzer for locale '" + std::string(locale) +
                          "' needs an arango-emulator built with libstemmer (Snowball)");
#endif
}

std::vector<std::string> analyze_text(TextAnalyzer const& a, std::string_view text) {
  std::string language(a.locale.substr(0, a.locale.find_first_of("_-.@")));
  bool const stem = a.stemming && language != "zh";
#ifndef EMU_HAVE_LIBSTEMMER
  if (stem) {
    throw QueryError(9, "TOKENS() with the stemming analyzer 'text_" + a.locale +
                            "' needs an arango-emulator built with libstemmer (Snowball)");
  }
#endif
  std::vector<std::string> out;
  for (auto const& w : words(text)) {
    std::string word;
    for (auto cp : w) utf8_append(word, cp);
    std::string folded = convert_letters(word, a.letter_case, a.accent);
    if (folded.empty() || is_stopword(a, folded)) continue;
    out.push_back(stem ? stem_word(language, folded) : std::move(folded));
  }
  return out;
}

}  // namespace emu::aql
