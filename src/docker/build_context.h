#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace ds01::docker {

/// The rules of a .dockerignore file: which paths of a build context stay out of it.
///
/// As the docker CLI reads them: one pattern a line, surrounding blanks trimmed, lines starting
/// with `#` ignored, a leading `!` marks an exception, each pattern cleaned like a path (`./`,
/// `//`, `..` resolved, a leading `/` dropped). `*` and `?` match within one path segment, `**`
/// matches any number of segments, `[a-z]`/`[^a]` classes and `\` escapes work as in Go's
/// filepath.Match. A pattern that matches a directory also covers everything below it; the last
/// pattern that matches decides.
class IgnoreRules {
 public:
  /// Parses .dockerignore text; a malformed pattern (e.g. an unclosed `[`) is kInvalidArgument.
  static Result<IgnoreRules> Parse(std::string_view text);

  /// True when `path` (slash-separated, relative to the context root) is excluded.
  bool Excludes(std::string_view path) const;

  /// True when an exception pattern exists, so an excluded directory may still hold sent files.
  bool HasExceptions() const;

  /// Adds an exception for `path`, so it is sent whatever the earlier patterns say.
  void Keep(std::string_view path);

 private:
  struct Pattern {
    std::vector<std::string> segments;  // cleaned, still in glob syntax
    bool exception = false;
  };

  std::vector<Pattern> patterns_;
};

/// A build context ready for POST /build.
struct BuildContext {
  std::string tar;         // an uncompressed tar of the context directory
  std::string dockerfile;  // the Dockerfile's slash-separated path inside the tar
};

/// How MakeBuildContext reads a context directory.
struct ContextOptions {
  std::string dockerfile = "Dockerfile";  // relative to the context (or absolute inside it)
  /// Sent as the Dockerfile's content in place of the file's own bytes: ds01d sends the text it
  /// reviewed, never a file that may have changed since.
  std::optional<std::string> dockerfile_text = std::nullopt;
  /// A symbolic link that points outside the context is refused (kInvalidArgument, naming it)
  /// instead of stored: the builder would resolve it inside the context, not where it points.
  bool refuse_links_out = false;
  /// The largest tar to make; a bigger context is kLimitExceeded. 0: no limit.
  std::uint64_t max_bytes = 0;
};

/// Tars `context_dir` for the engine's builder. `.dockerignore` is honoured, but the Dockerfile
/// and .dockerignore themselves are always sent. Entries come in byte order of their names, depth
/// first, owned by root, with their permission bits and modification times, so the same tree gives
/// the same bytes. Symbolic links are stored as links, never followed; fifos, sockets and devices
/// are left out. A Dockerfile that is missing is kNotFound, one that lies outside the context
/// (also through a symlink) kInvalidArgument. The whole tar is held in memory.
Result<BuildContext> MakeBuildContext(const std::filesystem::path& context_dir,
                                      const ContextOptions& options = {});

}  // namespace ds01::docker
