#include "policy/dockerfile_review.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "policy/image_policy.h"

// The legacy builder parses a Dockerfile with moby/buildkit's frontend/dockerfile/parser and
// expands words with its shell package. This file reads the text the same way wherever the
// reading decides which image a build reads, function by function after the engine's, and
// refuses what it cannot read exactly alike: a spelling that showed the review one image and
// the engine another would let a build read any image on the host.

namespace ds01::policy {
namespace {

constexpr std::size_t kMaxExpansionBytes = 1024;  // longer than any image reference
constexpr std::size_t kMaxBaseBytes = 512;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// ---- White space and case, as Go sees them ----

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsAsciiLetter(char c) { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'); }
bool IsAsciiDigit(char c) { return '0' <= c && c <= '9'; }

// Go's regexp \s.
bool IsRegexpSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// The parser's reWhitespace, [\t\v\f\r ], which splits instructions into words.
bool IsSeparator(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

// unicode.IsSpace of one byte taken as a rune, as extractBuilderFlags tests it.
bool IsByteSpace(unsigned char c) {
  return IsAsciiSpace(static_cast<char>(c)) || c == 0x85 || c == 0xA0;
}

// unicode.IsSpace beyond ASCII, UTF-8 encoded.
constexpr std::string_view kWideSpaces[] = {
    "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
    "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
    "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
    "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};

// The length of the white-space character `s` starts with (0: none).
std::size_t LeadingSpace(std::string_view s) {
  if (s.empty()) return 0;
  if (IsAsciiSpace(s.front())) return 1;
  for (std::string_view space : kWideSpaces) {
    if (s.starts_with(space)) return space.size();
  }
  return 0;
}

// The length of the white-space character `s` ends with (0: none).
std::size_t TrailingSpace(std::string_view s) {
  if (s.empty()) return 0;
  if (IsAsciiSpace(s.back())) return 1;
  for (std::string_view space : kWideSpaces) {
    if (s.ends_with(space)) return space.size();
  }
  return 0;
}

std::string_view TrimLeadingSpace(std::string_view s) {
  while (const std::size_t n = LeadingSpace(s)) s.remove_prefix(n);
  return s;
}

// strings.TrimSpace.
std::string_view TrimSpace(std::string_view s) {
  s = TrimLeadingSpace(s);
  while (const std::size_t n = TrailingSpace(s)) s.remove_suffix(n);
  return s;
}

// The bytes utf8.DecodeRuneInString takes for the character at `pos`: 1 for an invalid one.
std::size_t RuneWidth(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  const unsigned char first = byte(0);
  std::size_t width = 1;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (first >= 0xC2 && first <= 0xDF) {
    width = 2;
  } else if (first >= 0xE0 && first <= 0xEF) {
    width = 3;
    if (first == 0xE0) low = 0xA0;
    if (first == 0xED) high = 0x9F;
  } else if (first >= 0xF0 && first <= 0xF4) {
    width = 4;
    if (first == 0xF0) low = 0x90;
    if (first == 0xF4) high = 0x8F;
  }
  if (width == 1 || pos + width > s.size() || byte(1) < low || byte(1) > high) return 1;
  for (std::size_t i = 2; i < width; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 1;
  }
  return width;
}

// strings.ToLower as far as it can matter here: ASCII letters, and the two characters Go lowers
// to ASCII ones (U+0130 to 'i', U+212A KELVIN SIGN to 'k'), so that "ONBUİLD" is ONBUILD here too.
std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 2) == "\xC4\xB0") {
      out += 'i';
      i += 1;
    } else if (s.substr(i, 3) == "\xE2\x84\xAA") {
      out += 'k';
      i += 2;
    } else {
      out += 'A' <= s[i] && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    }
  }
  return out;
}

// strings.EqualFold(word, "as"): 's' folds with 'S' and U+017F LONG S.
bool IsAs(std::string_view word) {
  if (word.empty() || (word[0] != 'a' && word[0] != 'A')) return false;
  word.remove_prefix(1);
  return word == "s" || word == "S" || word == "\xC5\xBF";
}

Error Invalid(int line, std::string what, std::string fix) {
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("Dockerfile line {}: {}", line, what),
                   std::move(fix));
}

// ---- Lines (parser.Parse) ----

// Where a part of an instruction's text came from in the Dockerfile.
struct Piece {
  std::size_t at;    // offset in Instruction::text
  std::size_t from;  // offset in the Dockerfile
  std::size_t size;
};

// One instruction as the parser joins it: continuation lines appended without their escape
// character, comment lines and blank continuation lines dropped.
struct Instruction {
  int line = 0;  // 1-based, where it starts
  std::string text;
  std::vector<Piece> pieces;

  void Append(std::string_view part, std::size_t from) {
    if (part.empty()) return;
    pieces.push_back({text.size(), from, part.size()});
    text += part;
  }
};

struct ParsedDockerfile {
  char escape = '\\';
  std::vector<Instruction> instructions;
};

// The parser directives (`# escape=`, `# syntax=`, `# check=`) on the first lines; the first
// line that is not one ends them. The legacy builder heeds only escape.
class DirectiveReader {
 public:
  // Reads `line` (its newline and leading white space trimmed), updating *escape.
  Status Read(std::string_view line, int number, char* escape) {
    if (done_) return Ok();
    auto directive = line.starts_with('#') ? Match(TrimLeadingSpace(line.substr(1))) : std::nullopt;
    if (!directive) {
      done_ = true;
      return Ok();
    }
    const auto& [name, value] = *directive;
    if (!seen_.insert(name).second) {
      return Invalid(number, fmt::format("a second {} directive", name),
                     fmt::format("keep one '# {}=' line", name));
    }
    if (name == "escape") {
      if (value != "\\" && value != "`") {
        return Invalid(number, fmt::format("the escape directive names '{}'", value),
                       "write '# escape=\\' or '# escape=`'");
      }
      *escape = value[0];
    }
    return Ok();
  }

 private:
  // ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$ with a known directive's name, lower-cased.
  static std::optional<std::pair<std::string, std::string_view>> Match(std::string_view s) {
    if (s.empty() || !IsAsciiLetter(s[0])) return std::nullopt;
    std::size_t i = 1;
    while (i < s.size() && (IsAsciiLetter(s[i]) || IsAsciiDigit(s[i]))) ++i;
    std::string name = Lower(s.substr(0, i));
    while (i < s.size() && IsRegexpSpace(s[i])) ++i;
    if (i == s.size() || s[i] != '=') return std::nullopt;
    const std::string_view rest = s.substr(i + 1);
    if (rest.empty()) return std::nullopt;
    std::string_view value = rest;
    while (!value.empty() && IsRegexpSpace(value.front())) value.remove_prefix(1);
    while (!value.empty() && IsRegexpSpace(value.back())) value.remove_suffix(1);
    if (value.empty()) value = rest.substr(rest.size() - 1);  // (.+?) keeps one blank
    if (name != "escape" && name != "syntax" && name != "check") return std::nullopt;
    return std::make_pair(std::move(name), value);
  }

  bool done_ = false;
  std::set<std::string> seen_;
};

// bytes.TrimRight(line, "\r\n").
std::string_view TrimNewline(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

bool IsComment(std::string_view line) { return TrimLeadingSpace(line).starts_with('#'); }

// `token` without a trailing escape character and the blanks after it, and whether it had one,
// which continues the instruction on the next line. An escaped escape character does not.
std::pair<std::string_view, bool> CutContinuation(std::string_view token, char escape) {
  std::string_view t = token;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty() || t.back() != escape || (t.size() >= 2 && t[t.size() - 2] == escape)) {
    return {token, false};
  }
  t.remove_suffix(1);
  return {t, true};
}

Result<ParsedDockerfile> ParseDockerfile(std::string_view text) {
  ParsedDockerfile out;
  DirectiveReader directives;
  std::size_t pos = 0;
  int number = 0;
  std::string_view line;
  const auto next_line = [&]() {
    if (pos >= text.size()) return false;
    const std::size_t newline = text.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    line = text.substr(pos, end - pos);
    pos = end;
    ++number;
    return true;
  };
  const auto offset = [&](std::string_view part) {
    return static_cast<std::size_t>(part.data() - text.data());
  };
  while (next_line()) {
    if (number == 1 && line.starts_with(kByteOrderMark)) line.remove_prefix(kByteOrderMark.size());
    std::string_view token = TrimLeadingSpace(TrimNewline(line));
    DS01_RETURN_IF_ERROR(directives.Read(token, number, &out.escape));
    if (IsComment(token)) token = token.substr(0, 0);
    auto [part, continues] = CutContinuation(token, out.escape);
    if (!continues && part.empty()) continue;
    Instruction instruction{.line = number, .text = {}, .pieces = {}};
    instruction.Append(part, offset(part));
    while (continues && next_line()) {
      token = TrimNewline(line);
      if (IsComment(token) || TrimLeadingSpace(token).empty()) continue;
      std::tie(part, continues) = CutContinuation(token, out.escape);
      instruction.Append(part, offset(part));
    }
    out.instructions.push_back(std::move(instruction));
  }
  return out;
}

// ---- Instructions (splitCommand, extractBuilderFlags, parseWords) ----

struct Command {
  std::string name;                // lower-cased, as the engine dispatches on it
  std::vector<std::string> flags;  // the leading "--flag[=value]" words, unquoted
  std::string_view args;           // the rest, trimmed: a view into the instruction's text
};

// extractBuilderFlags: the leading words that start with "--", quotes removed and escaped
// characters kept, up to the first word that does not (or a bare "--"); returns the rest. Bytes
// above 0x7f, which the engine re-encodes, are kept as they are: no flag name or value that
// matters here contains one.
std::string_view ReadFlags(std::string_view line, char escape, std::vector<std::string>* flags) {
  enum class Phase { kSpaces, kWord, kQuote } phase = Phase::kSpaces;
  std::string word;
  char quote = 0;
  bool blank_ok = false;
  for (std::size_t pos = 0; pos <= line.size(); ++pos) {
    const bool at_end = pos == line.size();
    char c = at_end ? '\0' : line[pos];
    if (phase == Phase::kSpaces) {
      if (at_end) break;
      if (IsByteSpace(static_cast<unsigned char>(c))) continue;
      if (c != '-' || pos + 1 == line.size() || line[pos + 1] != '-') return line.substr(pos);
      phase = Phase::kWord;
    }
    if (at_end) {
      if (word != "--" && (blank_ok || !word.empty())) flags->push_back(word);
      break;
    }
    if (phase == Phase::kWord) {
      if (IsByteSpace(static_cast<unsigned char>(c))) {
        if (word == "--") return line.substr(pos);
        if (blank_ok || !word.empty()) flags->push_back(word);
        word.clear();
        blank_ok = false;
        phase = Phase::kSpaces;
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        blank_ok = true;
        phase = Phase::kQuote;
        continue;
      }
    } else if (c == quote) {
      phase = Phase::kWord;
      continue;
    }
    if (c == escape) {
      if (pos + 1 == line.size()) {
        phase = Phase::kWord;  // an escape character at the end is dropped
        continue;
      }
      c = line[++pos];
    }
    word += c;
  }
  return {};
}

// splitCommand.
Command SplitCommand(std::string_view text, char escape) {
  Command command;
  const std::string_view line = TrimSpace(text);
  std::size_t end = 0;
  while (end < line.size() && !IsSeparator(line[end])) ++end;
  command.name = Lower(line.substr(0, end));
  if (end == line.size()) return command;
  std::size_t rest = end;
  while (rest < line.size() && IsSeparator(line[rest])) ++rest;
  command.args = TrimSpace(ReadFlags(line.substr(rest), escape, &command.flags));
  return command;
}

// parseStringsWhitespaceDelimited, as FROM's arguments are split.
std::vector<std::string_view> Fields(std::string_view args) {
  std::vector<std::string_view> fields;
  if (args.empty()) return fields;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= args.size(); ++i) {
    if (i < args.size() && !IsSeparator(args[i])) continue;
    fields.push_back(args.substr(start, i - start));
    while (i + 1 < args.size() && IsSeparator(args[i + 1])) ++i;
    start = i + 1;
  }
  return fields;
}

// parseWords, as ARG's arguments are split: quotes and escapes stay in the words.
std::vector<std::string> Words(std::string_view rest, char escape) {
  enum class Phase { kSpaces, kWord, kQuote } phase = Phase::kSpaces;
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool blank_ok = false;
  std::size_t width = 1;
  for (std::size_t pos = 0; pos <= rest.size(); pos += width) {
    const bool at_end = pos == rest.size();
    const bool space = !at_end && LeadingSpace(rest.substr(pos)) > 0;
    width = at_end ? 1 : (space ? LeadingSpace(rest.substr(pos)) : RuneWidth(rest, pos));
    if (phase == Phase::kSpaces) {
      if (at_end) break;
      if (space) continue;
      phase = Phase::kWord;
    }
    if (at_end) {
      if (blank_ok || !word.empty()) words.push_back(word);
      break;
    }
    const char c = rest[pos];
    if (phase == Phase::kWord) {
      if (space) {
        if (blank_ok || !word.empty()) words.push_back(word);
        word.clear();
        blank_ok = false;
        phase = Phase::kSpaces;
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        blank_ok = true;
        phase = Phase::kQuote;
      }
    } else if (c == quote) {
      phase = Phase::kWord;
    }
    const bool escapes = c == escape && (phase == Phase::kWord || quote != '\'');
    if (escapes) {
      if (pos + 1 == rest.size()) {
        phase = Phase::kWord;  // an escape character at the end is dropped
        continue;
      }
      word += c;
      pos += 1;
      width = RuneWidth(rest, pos);
    }
    word += rest.substr(pos, width);
  }
  return words;
}

// ---- Global ARGs and words (shell.Lex) ----

bool IsNameStart(char c) { return IsAsciiLetter(c) || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsAsciiDigit(c); }

bool IsName(std::string_view s) {
  return !s.empty() && IsNameStart(s[0]) && std::all_of(s.begin(), s.end(), IsNameChar);
}

// Build arguments the engine may fill in itself: the proxies (from --build-arg) and, were the
// build ever BuildKit's, the platform and BuildKit arguments.
bool EngineMaySet(std::string_view name) {
  static const std::set<std::string_view> kNames = {
      "HTTP_PROXY",    "http_proxy", "HTTPS_PROXY",   "https_proxy",  "FTP_PROXY",
      "ftp_proxy",     "NO_PROXY",   "no_proxy",      "ALL_PROXY",    "all_proxy",
      "BUILDPLATFORM", "BUILDOS",    "BUILDARCH",     "BUILDVARIANT", "TARGETPLATFORM",
      "TARGETOS",      "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",  "SOURCE_DATE_EPOCH"};
  return kNames.contains(name) || name.starts_with("BUILDKIT_");
}

// The ARGs before the first FROM, which FROM lines may use. No --build-arg is ever passed, so a
// default is the value and an ARG without one is unset.
class GlobalArgs {
 public:
  struct Arg {
    bool value_set = false;
    bool unreadable = false;
    std::string value;  // the value, or why it cannot be read
  };

  // The value of `name` (nullopt: unset), or why ds01 cannot tell it.
  Result<std::optional<std::string>> Get(const std::string& name) const {
    if (EngineMaySet(name)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("${{{}}} is a build argument the engine may set itself", name));
    }
    if (unreadable_line_ > 0) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("the ARG on line {} declares a name ds01 cannot read", unreadable_line_));
    }
    const auto it = args_.find(name);
    if (it == args_.end()) return std::optional<std::string>();  // FROM sees no other variable
    if (it->second.unreadable) return MakeError(ErrorCode::kInvalidArgument, it->second.value);
    return it->second.value_set ? std::optional<std::string>(it->second.value) : std::nullopt;
  }

  void Set(const std::string& name, Arg arg) { args_[name] = std::move(arg); }
  bool IsUnreadable(const std::string& name) const {
    const auto it = args_.find(name);
    return it != args_.end() && it->second.unreadable;
  }
  void NameUnreadable(int line) { unreadable_line_ = line; }

 private:
  std::map<std::string, Arg> args_;
  int unreadable_line_ = 0;  // an ARG whose name ds01 cannot read: any name may be it
};

// shell.Lex's ProcessWord, for the part of it image names need: quotes, the escape character,
// $NAME, ${NAME}, ${NAME-word}, ${NAME:-word}, ${NAME+word} and ${NAME:+word}. Anything else is
// an error rather than a guess, and so is a result over kMaxExpansionBytes, which keeps chains
// of ARGs that double each other from growing without bound.
class Expander {
 public:
  Expander(std::string_view word, char escape, const GlobalArgs& args)
      : word_(word), escape_(escape), args_(args) {}

  // Whether Run failed on an ARG that could not be read, whose message says so already.
  bool inherited() const { return inherited_; }

  Result<std::string> Run() {
    for (const char c : word_) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x7F) return Unreadable("it holds a control or non-ASCII byte");
    }
    return Until('\0');
  }

 private:
  static Error Unreadable(std::string why) {
    return MakeError(ErrorCode::kInvalidArgument, std::move(why));
  }

  bool AtEnd() const { return pos_ >= word_.size(); }
  char Peek() const { return word_[pos_]; }
  char Take() { return word_[pos_++]; }

  static Status Append(std::string* out, std::string_view more) {
    if (out->size() + more.size() > kMaxExpansionBytes) {
      return Unreadable(fmt::format("it expands to more than {} bytes", kMaxExpansionBytes));
    }
    *out += more;
    return Ok();
  }

  // processStopOn: up to `stop` ('\0': the end), which is consumed.
  Result<std::string> Until(char stop) {
    std::string out;
    while (!AtEnd()) {
      char c = Peek();
      if (stop != '\0' && c == stop) {
        Take();
        return out;
      }
      if (c == '$' || c == '\'' || c == '"') {
        auto part = c == '$' ? Dollar() : c == '\'' ? SingleQuoted() : DoubleQuoted();
        if (!part.ok()) return std::move(part).error();
        DS01_RETURN_IF_ERROR(Append(&out, *part));
        continue;
      }
      Take();
      if (c == escape_) {
        if (AtEnd()) break;
        c = Take();
      }
      DS01_RETURN_IF_ERROR(Append(&out, std::string_view(&c, 1)));
    }
    if (stop != '\0') return Unreadable("a ${ is not closed");
    return out;
  }

  Result<std::string> SingleQuoted() {
    Take();
    std::string out;
    while (!AtEnd()) {
      const char c = Take();
      if (c == '\'') return out;
      DS01_RETURN_IF_ERROR(Append(&out, std::string_view(&c, 1)));
    }
    return Unreadable("a single quote is not closed");
  }

  Result<std::string> DoubleQuoted() {
    Take();
    std::string out;
    while (!AtEnd()) {
      char c = Peek();
      if (c == '"') {
        Take();
        return out;
      }
      if (c == '$') {
        DS01_ASSIGN_OR_RETURN(const std::string value, Dollar());
        DS01_RETURN_IF_ERROR(Append(&out, value));
        continue;
      }
      Take();
      if (c == escape_ && !AtEnd()) {
        const char next = Peek();
        if (next == '"' || next == '$' || next == escape_) c = Take();
      } else if (c == escape_) {
        continue;  // dropped at the end; the quote is then not closed
      }
      DS01_RETURN_IF_ERROR(Append(&out, std::string_view(&c, 1)));
    }
    return Unreadable("a double quote is not closed");
  }

  Result<std::optional<std::string>> Lookup(const std::string& name) {
    auto value = args_.Get(name);
    inherited_ = inherited_ || args_.IsUnreadable(name);
    return value;
  }

  std::string TakeName() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsNameChar(Peek())) Take();
    return std::string(word_.substr(start, pos_ - start));
  }

  Result<std::string> Dollar() {
    Take();
    if (AtEnd()) return std::string("$");
    if (Peek() != '{') {
      if (IsNameStart(Peek())) {
        DS01_ASSIGN_OR_RETURN(auto value, Lookup(TakeName()));
        return value.value_or("");
      }
      if (IsAsciiDigit(Peek()) ||
          std::string_view("@*#?-$!").find(Peek()) != std::string_view::npos) {
        return Unreadable(fmt::format("${} is a shell parameter ds01 does not read", Peek()));
      }
      return std::string("$");  // a lone $ stays
    }
    Take();
    if (AtEnd() || !IsNameStart(Peek())) return Unreadable("${ is not followed by a name");
    const std::string name = TakeName();
    if (AtEnd()) return Unreadable("a ${ is not closed");
    char op = Take();
    if (op == '}') {
      DS01_ASSIGN_OR_RETURN(auto value, Lookup(name));
      return value.value_or("");
    }
    const bool empty_is_unset = op == ':';
    if (empty_is_unset && !AtEnd()) op = Take();
    if (op != '-' && op != '+') {
      return Unreadable(fmt::format("${{{}{}…}} is a substitution ds01 does not read", name,
                                    empty_is_unset ? ":" : ""));
    }
    DS01_ASSIGN_OR_RETURN(std::string word, Until('}'));
    DS01_ASSIGN_OR_RETURN(auto value, Lookup(name));
    const bool unset = !value || (empty_is_unset && value->empty());
    if (op == '-') return unset ? word : *value;
    return unset ? std::string() : word;
  }

  std::string_view word_;
  char escape_;
  const GlobalArgs& args_;
  std::size_t pos_ = 0;
  bool inherited_ = false;
};

// ---- The review ----

// ParseInt(s, 10, 0): a stage number, or nullopt when the engine would take `s` for a name.
std::optional<std::int64_t> StageIndex(std::string_view s) {
  std::string_view digits = s;
  if (digits.starts_with('+') || digits.starts_with('-')) digits.remove_prefix(1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), IsAsciiDigit)) {
    return std::nullopt;
  }
  if (s.starts_with('+')) s.remove_prefix(1);
  std::int64_t index = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), index);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return index;
}

// ^[a-z][a-z0-9-_.]*$, which the engine requires of a lower-cased stage name.
bool IsStageName(std::string_view name) {
  return !name.empty() && 'a' <= name[0] && name[0] <= 'z' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return ('a' <= c && c <= 'z') || IsAsciiDigit(c) || c == '-' || c == '_' || c == '.';
         });
}

// What a --from value or a base image may hold: a reference, a stage name or a stage number.
bool IsPlainReference(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAsciiLetter(c) || IsAsciiDigit(c) ||
           std::string_view("._-/:@+").find(c) != std::string_view::npos;
  });
}

std::string MissingImageHint(const Config& config) {
  std::vector<std::string> bases;
  for (const auto& [framework, image] : config.frameworks) {
    if (std::find(bases.begin(), bases.end(), image) == bases.end()) bases.push_back(image);
  }
  if (bases.empty()) {
    return "build it first with image-create, or name an image this host has and you may use "
           "(ask an admin which images.allowed lists)";
  }
  return fmt::format(
      "build it first with image-create, or start from one of the catalogue's base images: {}",
      fmt::join(bases, ", "));
}

Error NoFrom(const Config& config) {
  std::string hint = "start it with FROM IMAGE";
  if (!config.frameworks.empty()) {
    hint += fmt::format(", e.g. FROM {}", config.frameworks.begin()->second);
  }
  return MakeError(ErrorCode::kInvalidArgument, "The Dockerfile has no FROM line", std::move(hint));
}

class Reviewer {
 public:
  Reviewer(uid_t uid, const Config& config, char escape, std::string_view base)
      : uid_(uid), config_(config), escape_(escape), base_(base) {}

  Result<std::vector<std::string>> Review(const std::vector<Instruction>& instructions) {
    for (const Instruction& instruction : instructions) {
      DS01_RETURN_IF_ERROR(Step(instruction));
    }
    if (stages_ == 0) return NoFrom(config_);
    return std::move(images_);
  }

 private:
  Status Step(const Instruction& instruction) {
    const int line = instruction.line;
    const Command command = SplitCommand(instruction.text, escape_);
    const std::string& name = command.name;
    // The parser reads the lines after a "<<" in these as the heredoc's text, not as
    // instructions; the legacy builder does not run heredocs anyway.
    if ((name == "run" || name == "copy" || name == "add" || name == "onbuild") &&
        instruction.text.find("<<") != std::string::npos) {
      return Invalid(
          line,
          fmt::format("{} holds '<<', a heredoc, which ds01's builder does not run", Upper(name)),
          "put the text in a file in the build context and COPY it (ds01 refuses any "
          "'<<' in RUN, COPY, ADD and ONBUILD lines)");
    }
    if (name == "onbuild") DS01_RETURN_IF_ERROR(Trigger(instruction.text, line));
    for (const std::string& flag : command.flags) {
      const std::size_t equals = flag.find('=');
      const std::string flag_name = Lower(std::string_view(flag).substr(2, equals - 2));
      if (flag_name == "mount") {
        return Invalid(line,
                       fmt::format("{} --mount needs BuildKit; ds01 builds with the legacy builder",
                                   Upper(name)),
                       "COPY what the step needs into the image (COPY --from=STAGE for files of "
                       "an earlier stage)");
      }
      if (flag_name == "from" && equals != std::string::npos) {
        DS01_RETURN_IF_ERROR(CopyFrom(std::string_view(flag).substr(equals + 1), line));
      }
    }
    if (name == "arg" && stages_ == 0) return GlobalArg(command.args, line);
    if (name == "from") return From(command.args, line);
    return Ok();
  }

  static std::string Upper(std::string_view name) {
    std::string out(name);
    for (char& c : out) c = 'a' <= c && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    return out;
  }

  // An ONBUILD trigger runs in a later build whose Dockerfile ds01 never sees. However it is
  // quoted or escaped, a --from or --mount survives in the text with those characters removed.
  static Status Trigger(std::string_view text, int line) {
    std::string plain;
    for (const char c : text) {
      if (c != '\'' && c != '"' && c != '\\' && c != '`') plain += c;
    }
    plain = Lower(plain);
    if (plain.find("--from") == std::string::npos && plain.find("--mount") == std::string::npos) {
      return Ok();
    }
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("Dockerfile line {}: an ONBUILD trigger may not use --from or "
                                 "--mount: it would read images in a build ds01 does not review",
                                 line),
                     "do the step in this Dockerfile instead of deferring it with ONBUILD");
  }

  // The engine expands every name and value of one ARG line before it assigns any of them.
  Status GlobalArg(std::string_view args, int line) {
    std::vector<std::pair<std::string, GlobalArgs::Arg>> assigned;
    for (const std::string& word : Words(args, escape_)) {
      const std::size_t equals = word.find('=');
      auto name = Expander(std::string_view(word).substr(0, equals), escape_, args_).Run();
      if (!name.ok() || !IsName(*name)) {
        args_.NameUnreadable(line);
        continue;
      }
      GlobalArgs::Arg arg{.value_set = false, .unreadable = false, .value = {}};
      if (equals != std::string::npos) {
        Expander expander(std::string_view(word).substr(equals + 1), escape_, args_);
        auto value = expander.Run();
        arg.value_set = true;
        arg.unreadable = !value.ok();
        if (value.ok()) {
          arg.value = std::move(*value);
        } else if (expander.inherited()) {
          arg.value = value.error().message;  // not nested: messages stay short
        } else {
          arg.value = fmt::format("ARG {} on line {} has a value ds01 cannot read: {}", *name, line,
                                  value.error().message);
        }
      }
      assigned.emplace_back(std::move(*name), std::move(arg));
    }
    for (auto& [name, arg] : assigned) args_.Set(name, std::move(arg));
    return Ok();
  }

  Status From(std::string_view args, int line) {
    const std::vector<std::string_view> words = Fields(args);
    if (words.size() != 1 && !(words.size() == 3 && IsAs(words[1]))) {
      return Invalid(line, "FROM takes an image and an optional stage name",
                     "write FROM [--platform=PLATFORM] IMAGE [AS NAME]");
    }
    std::string stage;
    if (words.size() == 3) {
      stage = Lower(words[2]);
      if (!IsStageName(stage)) {
        return Invalid(line, fmt::format("'{}' is not a stage name", words[2]),
                       "start it with a letter; use letters, digits, '-', '_' and '.'");
      }
      if (stage_numbers_.contains(stage)) {
        return Invalid(line, fmt::format("stage name {} is used twice", stage),
                       "give each stage its own name");
      }
    }
    auto image = Expander(words[0], escape_, args_).Run();
    if (!image.ok()) {
      return Invalid(
          line,
          fmt::format("ds01 cannot read the image of FROM {}: {}", words[0], image.error().message),
          "write the image plainly, or as ${NAME} of an ARG with a default declared "
          "before the first FROM");
    }
    if (image->empty()) {
      return Invalid(line, fmt::format("the image of FROM {} is empty", words[0]),
                     "give the ARG it names a default value");
    }
    const bool first = stages_ == 0;
    if (first && !base_.empty() && *image != base_) {
      return MakeError(
          ErrorCode::kInternal,
          fmt::format("The first FROM reads {} after it was replaced by {}", *image, base_));
    }
    if (!IsStage(*image, stages_) && *image != "scratch") {
      DS01_RETURN_IF_ERROR(CheckImage(*image, first && !base_.empty() ? 0 : line));
    }
    if (!stage.empty()) stage_numbers_.emplace(std::move(stage), stages_);
    ++stages_;
    return Ok();
  }

  // COPY --from=VALUE: an earlier stage by name or number, else an image. The legacy builder
  // takes the value as it is; BuildKit would expand it, so neither may hold anything to expand.
  Status CopyFrom(std::string_view value, int line) {
    if (value.empty()) return Ok();
    if (!IsPlainReference(value)) {
      return Invalid(
          line, fmt::format("--from={} is not a stage name, a stage number or an image", value),
          "write the name plainly, without quotes, escapes or variables");
    }
    const std::size_t done = stages_ == 0 ? 0 : stages_ - 1;  // not the current stage
    if (IsStage(value, done)) return Ok();
    if (const auto index = StageIndex(value)) {
      if (*index >= 0 && static_cast<std::size_t>(*index) < done) return Ok();
      return Invalid(line, fmt::format("--from={} names no stage before this one", value),
                     "number stages from 0, in the order of their FROM lines");
    }
    return CheckImage(std::string(value), line);
  }

  // Whether `name` is one of the first `count` stages' names (the engine lower-cases both).
  bool IsStage(std::string_view name, std::size_t count) const {
    const auto it = stage_numbers_.find(Lower(name));
    return it != stage_numbers_.end() && it->second < count;
  }

  // `line` 0: the image came from --base.
  Status CheckImage(std::string image, int line) {
    // The engine reads index.docker.io as docker.io, which NormalizeImageReference drops.
    std::string policy_name = image;
    constexpr std::string_view kLegacyHub = "index.docker.io/";
    if (policy_name.starts_with(kLegacyHub))
      policy_name.replace(0, kLegacyHub.size(), "docker.io/");
    if (!MayUseImage(policy_name, uid_, config_)) {
      std::string message = fmt::format("Image {} does not exist on this host", image);
      if (line > 0) message += fmt::format(" (Dockerfile line {})", line);
      return MakeError(ErrorCode::kNotFound, std::move(message), MissingImageHint(config_));
    }
    if (seen_.insert(image).second) images_.push_back(std::move(image));
    return Ok();
  }

  uid_t uid_;
  const Config& config_;
  char escape_;
  std::string_view base_;
  GlobalArgs args_;
  std::size_t stages_ = 0;                                      // FROM lines so far
  std::unordered_map<std::string, std::size_t> stage_numbers_;  // lower-cased name -> number
  std::vector<std::string> images_;
  std::unordered_set<std::string> seen_;
};

// `text` with the image of its first FROM replaced by `base`.
Result<std::string> ReplaceFirstFrom(std::string_view text, std::string_view base,
                                     const Config& config) {
  // Safe to write into the text: no blank, quote, escape, '$' or leading '-' to change its reading.
  const bool plain = base.size() <= kMaxBaseBytes && IsPlainReference(base) &&
                     (IsAsciiLetter(base[0]) || IsAsciiDigit(base[0]));
  if (!plain) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("Base image '{}' is not an image reference", base),
                     "name it as REPOSITORY[:TAG], e.g. --base=ds01-UID/NAME:latest");
  }
  DS01_ASSIGN_OR_RETURN(const ParsedDockerfile parsed, ParseDockerfile(text));
  for (const Instruction& instruction : parsed.instructions) {
    const Command command = SplitCommand(instruction.text, parsed.escape);
    if (command.name != "from") continue;
    const std::vector<std::string_view> words = Fields(command.args);
    if (words.empty()) {
      return Invalid(instruction.line, "FROM names no image", "write FROM IMAGE");
    }
    const std::size_t at = static_cast<std::size_t>(words[0].data() - instruction.text.data());
    for (const Piece& piece : instruction.pieces) {
      if (at >= piece.at && at + words[0].size() <= piece.at + piece.size) {
        std::string out(text);
        out.replace(piece.from + (at - piece.at), words[0].size(), base);
        return out;
      }
    }
    return Invalid(instruction.line, "the first FROM's image is split over several lines",
                   "write it on one line to replace it with --base");
  }
  return NoFrom(config);
}

}  // namespace

Result<DockerfileReview> ReviewDockerfile(std::string_view text, uid_t uid, const Config& config,
                                          std::string_view base) {
  if (text.size() > kMaxDockerfileBytes) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("The Dockerfile is {} bytes; ds01 reads Dockerfiles up to 1 MiB", text.size()),
        "keep data out of the Dockerfile: COPY files from the build context");
  }
  DockerfileReview review;
  if (base.empty()) {
    review.text = std::string(text);
  } else {
    DS01_ASSIGN_OR_RETURN(review.text, ReplaceFirstFrom(text, base, config));
  }
  // The text sent is the text reviewed: a base is read back from it like any other image.
  DS01_ASSIGN_OR_RETURN(const ParsedDockerfile parsed, ParseDockerfile(review.text));
  Reviewer reviewer(uid, config, parsed.escape, base);
  DS01_ASSIGN_OR_RETURN(review.images, reviewer.Review(parsed.instructions));
  return review;
}

}  // namespace ds01::policy
