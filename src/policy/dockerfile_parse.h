#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

// A Dockerfile read as the engine's legacy builder reads it: moby/buildkit's
// frontend/dockerfile/parser for lines and instructions, its shell package for words. Where the
// reading decides which image a build reads it follows the engine function by function, and
// what it cannot read exactly alike is an error rather than a guess.

namespace ds01::policy {

/// One instruction as the engine's parser joins it: continuation lines appended without their
/// escape character, comment lines and blank continuation lines dropped.
struct DockerfileInstruction {
  /// Where a part of `text` lies in the Dockerfile.
  struct Piece {
    std::size_t at;    // offset in text
    std::size_t from;  // offset in the Dockerfile
    std::size_t size;
  };

  int line = 0;  // 1-based, where the instruction starts
  std::string text;
  std::vector<Piece> pieces;

  /// The offset in the Dockerfile of `part`, a view into `text`; nullopt when it spans lines.
  std::optional<std::size_t> SourceOffset(std::string_view part) const;
};

/// A Dockerfile's instructions and the escape character its directives chose.
struct ParsedDockerfile {
  char escape = '\\';
  std::vector<DockerfileInstruction> instructions;
};

/// Reads `text` into instructions as the engine's parser does: the parser directives on the
/// first lines (of which only escape changes the reading), a byte-order mark, CR LF line ends,
/// comments and continuation lines. A repeated directive or an escape other than \ and ` is
/// an error naming the line. Heredocs are not read: their lines come back as instructions.
Result<ParsedDockerfile> ParseDockerfile(std::string_view text);

/// An instruction split as the engine dispatches it.
struct DockerfileCommand {
  std::string name;                // the keyword, lower-cased by LowerLikeGo
  std::vector<std::string> flags;  // the leading "--flag[=value]" words, unquoted
  std::string_view args;           // the rest, trimmed: a view into the instruction's text
};

/// `text`, an instruction's text, split into its keyword, flags and arguments.
DockerfileCommand SplitDockerfileCommand(std::string_view text, char escape);

/// `args` split at runs of blanks, as FROM's arguments are: views into `args`, quotes kept.
std::vector<std::string_view> SplitDockerfileFields(std::string_view args);

/// `s` as Go's strings.ToLower writes it, as far as that can be ASCII: ASCII letters, U+0130
/// (to 'i') and U+212A KELVIN SIGN (to 'k') lowered, every other byte kept.
std::string LowerLikeGo(std::string_view s);

/// A kInvalidArgument error "Dockerfile line N: what", with `fix` as its hint.
Error DockerfileLineError(int line, std::string what, std::string fix);

/// The ARGs declared before a Dockerfile's first FROM, which its FROM lines may use, and the
/// words expanded with them. No --build-arg is ever passed: a default is an ARG's value and an
/// ARG without one is unset.
class DockerfileGlobalArgs {
 public:
  explicit DockerfileGlobalArgs(char escape) : escape_(escape) {}

  /// Declares the ARGs of the ARG instruction on `line`, whose arguments are `args`. Like the
  /// engine, it expands every name and value of the line before it assigns any. A value it
  /// cannot read fails each expansion that reads it; a name it cannot read, each expansion that
  /// reads any variable.
  void Declare(std::string_view args, int line);

  /// `word` expanded as the engine's shell lexer expands it: quotes, the escape character,
  /// $NAME, ${NAME}, ${NAME-word}, ${NAME:-word}, ${NAME+word} and ${NAME:+word}. Anything
  /// else (another substitution, a control or non-ASCII byte, a build argument the engine may
  /// set itself, a result over 1 KiB) is an error saying why.
  Result<std::string> Expand(std::string_view word) const;

 private:
  class Expansion;

  struct Arg {
    bool value_set = false;
    bool unreadable = false;
    std::string value;  // the value, or why it cannot be read
  };

  // The value of `name` (nullopt: unset), or why it cannot be told.
  Result<std::optional<std::string>> Get(const std::string& name) const;

  char escape_;
  std::map<std::string, Arg> args_;
  int unreadable_line_ = 0;  // an ARG whose name cannot be read: any name may be it
};

}  // namespace ds01::policy
