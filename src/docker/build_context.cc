#include "docker/build_context.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "common/units.h"

namespace ds01::docker {
namespace fs = std::filesystem;

namespace {

// ---- glob matching (one path segment at a time) ----

// Scans the class starting at pattern[start] == '['. Returns false when it is malformed; else
// sets *end past its ']' and *contains to whether `c` is in it (when `c` is given).
bool ScanClass(std::string_view pattern, std::size_t start, std::optional<char> c, std::size_t* end,
               bool* contains) {
  std::size_t p = start + 1;
  bool negated = p < pattern.size() && pattern[p] == '^';
  if (negated) ++p;
  // One character of a range: a plain character or an escaped one; '-' and ']' must be escaped.
  auto range_char = [&](char* out) {
    if (p >= pattern.size() || pattern[p] == '-' || pattern[p] == ']') return false;
    if (pattern[p] == '\\') {
      if (++p >= pattern.size()) return false;
    }
    *out = pattern[p++];
    return true;
  };
  bool found = false;
  int ranges = 0;
  while (true) {
    if (p < pattern.size() && pattern[p] == ']' && ranges > 0) break;
    char low = 0;
    if (!range_char(&low)) return false;
    char high = low;
    if (p < pattern.size() && pattern[p] == '-') {
      ++p;
      if (!range_char(&high)) return false;
    }
    if (c && low <= *c && *c <= high) found = true;
    ++ranges;
  }
  *end = p + 1;
  *contains = found != negated;
  return true;
}

// True when the single-character token at pattern[*p] (not '*') matches `c`; advances *p past it.
// The pattern has been validated.
bool MatchToken(std::string_view pattern, std::size_t* p, char c) {
  char head = pattern[*p];
  if (head == '?') {
    ++*p;
    return c != '/';
  }
  if (head == '\\') {
    *p += 2;
    return pattern[*p - 1] == c;
  }
  if (head == '[') {
    std::size_t end = 0;
    bool contains = false;
    ScanClass(pattern, *p, c, &end, &contains);
    *p = end;
    return contains;
  }
  ++*p;
  return head == c;
}

// Glob match of one segment: '*' runs over any characters, backtracking to the last star.
bool MatchSegment(std::string_view pattern, std::string_view name) {
  std::size_t p = 0;
  std::size_t n = 0;
  std::optional<std::size_t> star_p;
  std::size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      while (p < pattern.size() && pattern[p] == '*') ++p;
      star_p = p;
      star_n = n;
      continue;
    }
    if (p < pattern.size()) {
      std::size_t next = p;
      if (MatchToken(pattern, &next, name[n])) {
        p = next;
        ++n;
        continue;
      }
    }
    if (!star_p) return false;
    p = *star_p;
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// kInvalidArgument unless every class and escape in `segment` is complete.
Status ValidateSegment(std::string_view segment, std::string_view line) {
  for (std::size_t p = 0; p < segment.size();) {
    bool bad = false;
    if (segment[p] == '\\') {
      bad = p + 1 >= segment.size();
      p += 2;
    } else if (segment[p] == '[') {
      std::size_t end = 0;
      bool contains = false;
      bad = !ScanClass(segment, p, std::nullopt, &end, &contains);
      p = end;
    } else {
      ++p;
    }
    if (bad) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "Malformed .dockerignore pattern '" + std::string(line) + "'",
                       "close every '[' with ']' and escape a trailing '\\'");
    }
  }
  return Ok();
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// Lexical cleaning as Go's filepath.Clean, returning the segments: "." and empty ones dropped,
// ".." removing its parent (kept at the front of a relative pattern, dropped at a root).
std::vector<std::string> CleanSegments(std::string_view pattern) {
  bool rooted = !pattern.empty() && pattern.front() == '/';
  std::vector<std::string> out;
  for (std::string_view part : SplitPath(pattern)) {
    if (part == ".") continue;
    if (part == "..") {
      if (!out.empty() && out.back() != "..") {
        out.pop_back();
        continue;
      }
      if (rooted) continue;
    }
    out.emplace_back(part);
  }
  return out;
}

// True when `segments` matches the first `length` path segments for some length ≥ 1: the path
// itself or one of its parent directories. `**` spans any number of segments, except that a
// trailing one needs at least one.
bool MatchesPathOrParent(const std::vector<std::string>& segments,
                         const std::vector<std::string_view>& path) {
  if (segments.empty() || path.empty()) return false;
  // matched[j]: the pattern's first i segments match the path's first j segments.
  std::vector<char> matched(path.size() + 1, 0);
  matched[0] = 1;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::vector<char> next(path.size() + 1, 0);
    if (segments[i] == "**") {
      bool trailing = i + 1 == segments.size();
      char any_before = 0;
      for (std::size_t j = 0; j <= path.size(); ++j) {
        if (!trailing) any_before |= matched[j];
        next[j] = any_before;
        if (trailing) any_before |= matched[j];
      }
    } else {
      for (std::size_t j = 1; j <= path.size(); ++j) {
        next[j] = matched[j - 1] && MatchSegment(segments[i], path[j - 1]);
      }
    }
    matched = std::move(next);
  }
  return std::any_of(matched.begin() + 1, matched.end(), [](char m) { return m != 0; });
}

std::string EscapeGlob(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  const char* blanks = " \t\r\n\v\f";
  std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// ---- the tar ----

la_ssize_t AppendToString(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Error ReadError(const fs::path& path, std::string_view reason) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "Cannot read " + path.string() + " in the build context: " + std::string(reason),
                   "make it readable, or list it in .dockerignore");
}

/// Writes context entries into an in-memory tar.
class TarWriter {
 public:
  explicit TarWriter(std::uint64_t max_bytes)
      : archive_(archive_write_new()), entry_(archive_entry_new()), max_bytes_(max_bytes) {}
  ~TarWriter() {
    archive_entry_free(entry_);
    archive_write_free(archive_);
  }
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  Status Open() {
    if (archive_write_set_format_pax_restricted(archive_) != ARCHIVE_OK ||
        archive_write_open(archive_, &tar_, nullptr, AppendToString, nullptr) != ARCHIVE_OK) {
      return Failure("open the tar");
    }
    return Ok();
  }

  // Writes the header for `name`, taking type, permissions and mtime from `info`.
  Status Header(const std::string& name, const struct stat& info, std::int64_t size,
                const std::string& link_target = {}) {
    archive_entry_clear(entry_);
    archive_entry_copy_pathname(entry_, name.c_str());
    archive_entry_set_filetype(entry_, info.st_mode & S_IFMT);
    archive_entry_set_perm(entry_, info.st_mode & 07777);
    archive_entry_set_mtime(entry_, info.st_mtim.tv_sec, 0);
    archive_entry_set_uid(entry_, 0);
    archive_entry_set_gid(entry_, 0);
    archive_entry_set_size(entry_, size);
    if (S_ISLNK(info.st_mode)) archive_entry_copy_symlink(entry_, link_target.c_str());
    if (archive_write_header(archive_, entry_) < ARCHIVE_WARN) return Failure("write " + name);
    return Ok();
  }

  Status Data(const char* data, std::size_t size, const std::string& name) {
    if (archive_write_data(archive_, data, size) < 0) return Failure("write " + name);
    return Ok();
  }

  // kLimitExceeded when `more` bytes beside what is written would pass the limit.
  Status Room(std::uint64_t more) const {
    if (max_bytes_ == 0 || tar_.size() + more <= max_bytes_) return Ok();
    return MakeError(ErrorCode::kLimitExceeded,
                     "The build context is larger than " + FormatSize(max_bytes_) +
                         ", the most a build may send",
                     "list data, checkpoints and environments in .dockerignore; mount them into "
                     "the container instead of building them into the image");
  }

  Result<std::string> Finish() {
    if (archive_write_close(archive_) != ARCHIVE_OK) return Failure("finish the tar");
    return std::move(tar_);
  }

 private:
  Error Failure(const std::string& what) {
    const char* reason = archive_error_string(archive_);
    return MakeError(ErrorCode::kInternal,
                     "Cannot " + what + " in the build context tar: " +
                         (reason != nullptr ? reason : "unknown libarchive error"));
  }

  struct archive* archive_;
  struct archive_entry* entry_;
  const std::uint64_t max_bytes_;
  std::string tar_;
};

struct OpenFile {
  int fd;
  ~OpenFile() {
    if (fd >= 0) ::close(fd);
  }
};

Status AddRegularFile(TarWriter& tar, const fs::path& path, const std::string& name,
                      const struct stat& info) {
  DS01_RETURN_IF_ERROR(tar.Room(static_cast<std::uint64_t>(info.st_size)));
  OpenFile file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
  if (file.fd < 0) return ReadError(path, std::strerror(errno));
  DS01_RETURN_IF_ERROR(tar.Header(name, info, info.st_size));
  // The header promised st_size bytes: a file that shrinks meanwhile is padded by libarchive,
  // one that grows is cut at that size.
  std::int64_t left = info.st_size;
  char buffer[64 * 1024];
  while (left > 0) {
    ssize_t got = ::read(file.fd, buffer, std::min<std::int64_t>(left, sizeof buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ReadError(path, std::strerror(errno));
    if (got == 0) break;
    DS01_RETURN_IF_ERROR(tar.Data(buffer, static_cast<std::size_t>(got), name));
    left -= got;
  }
  return Ok();
}

Status AddText(TarWriter& tar, const std::string& text, const std::string& name,
               const struct stat& info) {
  DS01_RETURN_IF_ERROR(tar.Room(text.size()));
  DS01_RETURN_IF_ERROR(tar.Header(name, info, static_cast<std::int64_t>(text.size())));
  return tar.Data(text.data(), text.size(), name);
}

// True when the link at `name` (relative to the context) with `target` points outside it.
bool PointsOutside(const std::string& name, const fs::path& target) {
  if (target.is_absolute()) return true;
  fs::path resolved = (fs::path(name).parent_path() / target).lexically_normal();
  return !resolved.empty() && *resolved.begin() == "..";
}

Status AddSymlink(TarWriter& tar, const fs::path& path, const std::string& name,
                  const struct stat& info, const ContextOptions& options) {
  std::error_code error;
  fs::path target = fs::read_symlink(path, error);
  if (error) return ReadError(path, error.message());
  if (options.refuse_links_out && PointsOutside(name, target)) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "Cannot build: " + name + " is a symbolic link to " + target.string() +
            ", outside the project; the builder cannot follow it",
        "copy what it points to into the project, or list " + name + " in .dockerignore");
  }
  return tar.Header(name, info, 0, target.string());
}

// What AddTree needs besides the directory it walks.
struct Walk {
  const fs::path& root;
  const IgnoreRules& rules;
  const ContextOptions& options;
  const std::string& dockerfile;  // its path inside the context
};

// Adds the entries below `walk.root`/`relative` (relative "" is the root itself), sorted by
// name.
Status AddTree(TarWriter& tar, const Walk& walk, const std::string& relative) {
  const fs::path& root = walk.root;
  const IgnoreRules& rules = walk.rules;
  fs::path directory = relative.empty() ? root : root / relative;
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  if (error) return ReadError(directory, error.message());
  std::sort(names.begin(), names.end());

  for (const std::string& name : names) {
    std::string child = relative.empty() ? name : relative + "/" + name;
    fs::path path = root / child;
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return ReadError(path, std::strerror(errno));
    bool excluded = rules.Excludes(child);
    if (S_ISDIR(info.st_mode)) {
      if (!excluded) DS01_RETURN_IF_ERROR(tar.Header(child, info, 0));
      // An excluded directory is still searched for files an exception brings back.
      if (!excluded || rules.HasExceptions()) {
        DS01_RETURN_IF_ERROR(AddTree(tar, walk, child));
      }
    } else if (excluded) {
      continue;
    } else if (child == walk.dockerfile && walk.options.dockerfile_text) {
      DS01_RETURN_IF_ERROR(AddText(tar, *walk.options.dockerfile_text, child, info));
    } else if (S_ISREG(info.st_mode)) {
      DS01_RETURN_IF_ERROR(AddRegularFile(tar, path, child, info));
    } else if (S_ISLNK(info.st_mode)) {
      DS01_RETURN_IF_ERROR(AddSymlink(tar, path, child, info, walk.options));
    }
  }
  return Ok();
}

// `path` relative to `root` when it lies inside it (lexically), else nullopt.
std::optional<fs::path> InsideOf(const fs::path& path, const fs::path& root) {
  fs::path relative = path.lexically_normal().lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return std::nullopt;
  return relative;
}

Error OutsideContext(std::string_view dockerfile, const fs::path& root, std::string_view how) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "Dockerfile " + std::string(dockerfile) + " " + std::string(how) +
                       " outside the build context " + root.string(),
                   "move the Dockerfile into the context directory and name its path inside it");
}

// The Dockerfile's slash-separated path inside the context at `root` (canonical), given as
// `dockerfile` relative to the context as the caller named it (`given_root`) or absolute.
Result<std::string> DockerfileInContext(const fs::path& root, const fs::path& given_root,
                                        std::string_view dockerfile) {
  fs::path named(dockerfile.empty() ? "Dockerfile" : dockerfile);
  fs::path full = named.is_absolute() ? named : given_root / named;
  std::optional<fs::path> relative = InsideOf(full, given_root);
  if (!relative && named.is_absolute()) relative = InsideOf(full, root);
  if (!relative) return OutsideContext(named.string(), root, "lies");

  std::error_code error;
  fs::path resolved = fs::canonical(root / *relative, error);
  if (error) {
    return MakeError(ErrorCode::kNotFound, "No Dockerfile at " + (root / *relative).string(),
                     "create it, or name the Dockerfile's path inside the context");
  }
  if (!InsideOf(resolved, root)) return OutsideContext(named.string(), root, "resolves");
  if (!fs::is_regular_file(resolved, error)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Dockerfile " + resolved.string() + " is not a regular file",
                     "name the Dockerfile itself, not a directory");
  }
  return relative->generic_string();
}

Result<IgnoreRules> ReadIgnoreRules(const fs::path& root) {
  fs::path path = root / ".dockerignore";
  std::error_code error;
  if (!fs::exists(path, error)) return IgnoreRules::Parse("");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return ReadError(path, "read failed");
  return IgnoreRules::Parse(text.str());
}

}  // namespace

Result<IgnoreRules> IgnoreRules::Parse(std::string_view text) {
  IgnoreRules rules;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (!line.empty() && line.front() == '#') continue;
    std::string_view pattern = Trim(line);
    if (pattern.empty()) continue;
    bool exception = pattern.front() == '!';
    if (exception) {
      pattern = Trim(pattern.substr(1));
      if (pattern.empty()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "Illegal .dockerignore exception '" + std::string(Trim(line)) + "'",
                         "follow '!' with the pattern it exempts");
      }
    }
    Pattern compiled{CleanSegments(pattern), exception};
    for (const std::string& segment : compiled.segments) {
      DS01_RETURN_IF_ERROR(ValidateSegment(segment, Trim(line)));
    }
    if (!compiled.segments.empty()) rules.patterns_.push_back(std::move(compiled));
  }
  return rules;
}

bool IgnoreRules::Excludes(std::string_view path) const {
  std::vector<std::string_view> parts = SplitPath(path);
  bool excluded = false;
  for (const Pattern& pattern : patterns_) {
    if (excluded == !pattern.exception) continue;  // this pattern could not change the outcome
    if (MatchesPathOrParent(pattern.segments, parts)) excluded = !pattern.exception;
  }
  return excluded;
}

bool IgnoreRules::HasExceptions() const {
  return std::any_of(patterns_.begin(), patterns_.end(),
                     [](const Pattern& pattern) { return pattern.exception; });
}

void IgnoreRules::Keep(std::string_view path) {
  Pattern pattern{{}, true};
  for (std::string_view part : SplitPath(path)) pattern.segments.push_back(EscapeGlob(part));
  if (!pattern.segments.empty()) patterns_.push_back(std::move(pattern));
}

Result<BuildContext> MakeBuildContext(const fs::path& context_dir, const ContextOptions& options) {
  std::error_code error;
  fs::path given_root = fs::absolute(context_dir, error).lexically_normal();
  fs::path root = fs::canonical(context_dir, error);
  if (error) {
    return MakeError(ErrorCode::kNotFound, "Build context " + context_dir.string() + " not found",
                     "pass the directory that holds the Dockerfile");
  }
  if (!fs::is_directory(root, error)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Build context " + context_dir.string() + " is not a directory",
                     "pass the directory that holds the Dockerfile");
  }
  if (!given_root.has_filename()) given_root = given_root.parent_path();

  BuildContext context;
  Result<std::string> dockerfile_path = DockerfileInContext(root, given_root, options.dockerfile);
  if (!dockerfile_path.ok()) return std::move(dockerfile_path).error();
  context.dockerfile = std::move(dockerfile_path).value();

  Result<IgnoreRules> rules = ReadIgnoreRules(root);
  if (!rules.ok()) return std::move(rules).error();
  rules->Keep(context.dockerfile);
  rules->Keep(".dockerignore");

  TarWriter tar(options.max_bytes);
  DS01_RETURN_IF_ERROR(tar.Open());
  DS01_RETURN_IF_ERROR(AddTree(tar, Walk{root, *rules, options, context.dockerfile}, ""));
  Result<std::string> bytes = tar.Finish();
  if (!bytes.ok()) return std::move(bytes).error();
  context.tar = std::move(bytes).value();
  return context;
}

}  // namespace ds01::docker
