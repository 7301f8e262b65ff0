#include "policy/dockerfile_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

namespace ds01::policy {
namespace {

constexpr std::size_t kMaxExpansionBytes = 1024;  // longer than any image reference
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// ---- White space, as Go sees it ----

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

// ---- Lines (parser.Parse) ----

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
      return DockerfileLineError(number, fmt::format("a second {} directive", name),
                                 fmt::format("keep one '# {}=' line", name));
    }
    if (name == "escape") {
      if (value != "\\" && value != "`") {
        return DockerfileLineError(number, fmt::format("the escape directive names '{}'", value),
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
    std::string name = LowerLikeGo(s.substr(0, i));
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

void Append(DockerfileInstruction* instruction, std::string_view part, std::size_t from) {
  if (part.empty()) return;
  instruction->pieces.push_back({instruction->text.size(), from, part.size()});
  instruction->text += part;
}

// ---- Words (extractBuilderFlags, parseWords) ----

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

// ---- Variables (shell.Lex) ----

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

Error Unreadable(std::string why) { return MakeError(ErrorCode::kInvalidArgument, std::move(why)); }

}  // namespace

// shell.Lex's ProcessWord, for the part of it image names need. A result over
// kMaxExpansionBytes is an error, which keeps chains of ARGs that double each other from growing
// without bound.
class DockerfileGlobalArgs::Expansion {
 public:
  Expansion(std::string_view word, const DockerfileGlobalArgs& args) : word_(word), args_(args) {}

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
      if (c == args_.escape_) {
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
      if (c == args_.escape_ && !AtEnd()) {
        const char next = Peek();
        if (next == '"' || next == '$' || next == args_.escape_) c = Take();
      } else if (c == args_.escape_) {
        continue;  // dropped at the end; the quote is then not closed
      }
      DS01_RETURN_IF_ERROR(Append(&out, std::string_view(&c, 1)));
    }
    return Unreadable("a double quote is not closed");
  }

  Result<std::optional<std::string>> Lookup(const std::string& name) {
    const auto it = args_.args_.find(name);
    inherited_ = inherited_ || (it != args_.args_.end() && it->second.unreadable);
    return args_.Get(name);
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
  const DockerfileGlobalArgs& args_;
  std::size_t pos_ = 0;
  bool inherited_ = false;
};

std::optional<std::size_t> DockerfileInstruction::SourceOffset(std::string_view part) const {
  const auto at = static_cast<std::size_t>(part.data() - text.data());
  for (const Piece& piece : pieces) {
    if (at >= piece.at && at + part.size() <= piece.at + piece.size) {
      return piece.from + (at - piece.at);
    }
  }
  return std::nullopt;
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
    DockerfileInstruction instruction{.line = number, .text = {}, .pieces = {}};
    Append(&instruction, part, offset(part));
    while (continues && next_line()) {
      token = TrimNewline(line);
      if (IsComment(token) || TrimLeadingSpace(token).empty()) continue;
      std::tie(part, continues) = CutContinuation(token, out.escape);
      Append(&instruction, part, offset(part));
    }
    out.instructions.push_back(std::move(instruction));
  }
  return out;
}

DockerfileCommand SplitDockerfileCommand(std::string_view text, char escape) {
  DockerfileCommand command;
  const std::string_view line = TrimSpace(text);
  std::size_t end = 0;
  while (end < line.size() && !IsSeparator(line[end])) ++end;
  command.name = LowerLikeGo(line.substr(0, end));
  if (end == line.size()) return command;
  std::size_t rest = end;
  while (rest < line.size() && IsSeparator(line[rest])) ++rest;
  command.args = TrimSpace(ReadFlags(line.substr(rest), escape, &command.flags));
  return command;
}

std::vector<std::string_view> SplitDockerfileFields(std::string_view args) {
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

std::string LowerLikeGo(std::string_view s) {
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

Error DockerfileLineError(int line, std::string what, std::string fix) {
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("Dockerfile line {}: {}", line, what),
                   std::move(fix));
}

void DockerfileGlobalArgs::Declare(std::string_view args, int line) {
  std::vector<std::pair<std::string, Arg>> assigned;
  for (const std::string& word : Words(args, escape_)) {
    const std::size_t equals = word.find('=');
    auto name = Expansion(std::string_view(word).substr(0, equals), *this).Run();
    if (!name.ok() || !IsName(*name)) {
      unreadable_line_ = line;
      continue;
    }
    Arg arg{.value_set = false, .unreadable = false, .value = {}};
    if (equals != std::string::npos) {
      Expansion expansion(std::string_view(word).substr(equals + 1), *this);
      auto value = expansion.Run();
      arg.value_set = true;
      arg.unreadable = !value.ok();
      if (value.ok()) {
        arg.value = std::move(*value);
      } else if (expansion.inherited()) {
        arg.value = value.error().message;  // not nested: messages stay short
      } else {
        arg.value = fmt::format("ARG {} on line {} has a value ds01 cannot read: {}", *name, line,
                                value.error().message);
      }
    }
    assigned.emplace_back(std::move(*name), std::move(arg));
  }
  for (auto& [name, arg] : assigned) args_[name] = std::move(arg);
}

Result<std::string> DockerfileGlobalArgs::Expand(std::string_view word) const {
  return Expansion(word, *this).Run();
}

Result<std::optional<std::string>> DockerfileGlobalArgs::Get(const std::string& name) const {
  if (EngineMaySet(name)) {
    return Unreadable(fmt::format("${{{}}} is a build argument the engine may set itself", name));
  }
  if (unreadable_line_ > 0) {
    return Unreadable(
        fmt::format("the ARG on line {} declares a name ds01 cannot read", unreadable_line_));
  }
  const auto it = args_.find(name);
  if (it == args_.end()) return std::optional<std::string>();  // FROM sees no other variable
  if (it->second.unreadable) return Unreadable(it->second.value);
  return it->second.value_set ? std::optional<std::string>(it->second.value) : std::nullopt;
}

}  // namespace ds01::policy
