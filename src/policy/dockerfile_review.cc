#include "policy/dockerfile_review.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "policy/dockerfile_parse.h"
#include "policy/image_policy.h"

// A spelling that showed the review one image and the engine another would let a build read any
// image on the host, so the review reads the Dockerfile as the engine does (dockerfile_parse.h)
// and refuses what it cannot read alike.

namespace ds01::policy {
namespace {

constexpr std::size_t kMaxBaseBytes = 512;
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kAlphanumerics =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// strings.EqualFold(word, "as"): 's' folds with 'S' and U+017F LONG S.
bool IsAs(std::string_view word) {
  if (word.empty() || (word[0] != 'a' && word[0] != 'A')) return false;
  word.remove_prefix(1);
  return word == "s" || word == "S" || word == "\xC5\xBF";
}

std::string Upper(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = 'a' <= c && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

// ParseInt(s, 10, 0): a stage number, or nullopt when the engine would take `s` for a name.
std::optional<std::int64_t> StageIndex(std::string_view s) {
  const std::string_view digits = s.starts_with('+') || s.starts_with('-') ? s.substr(1) : s;
  if (digits.empty() || digits.find_first_not_of(kDigits) != std::string_view::npos) {
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
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") == std::string::npos;
}

// What a --from value or a base image may hold: a reference, a stage name or a stage number.
bool IsPlainReference(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return kAlphanumerics.find(c) != std::string_view::npos ||
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

// Walks the instructions in order as the engine dispatches them, keeping the stages built so
// far, and collects each image the build reads.
class Reviewer {
 public:
  Reviewer(uid_t uid, const Config& config, const ImageExists& exists, char escape,
           std::string_view base)
      : uid_(uid), config_(config), exists_(exists), escape_(escape), base_(base), args_(escape) {}

  Result<std::vector<std::string>> Review(const std::vector<DockerfileInstruction>& instructions) {
    for (const DockerfileInstruction& instruction : instructions) {
      DS01_RETURN_IF_ERROR(Step(instruction));
    }
    if (stages_ == 0) return NoFrom(config_);
    return std::move(images_);
  }

 private:
  Status Step(const DockerfileInstruction& instruction) {
    const int line = instruction.line;
    const DockerfileCommand command = SplitDockerfileCommand(instruction.text, escape_);
    const std::string& name = command.name;
    // The parser reads the lines after a "<<" in these as the heredoc's text, not as
    // instructions; the legacy builder does not run heredocs anyway.
    if ((name == "run" || name == "copy" || name == "add" || name == "onbuild") &&
        instruction.text.find("<<") != std::string::npos) {
      return DockerfileLineError(
          line,
          fmt::format("{} holds '<<', a heredoc, which ds01's builder does not run", Upper(name)),
          "put the text in a file in the build context and COPY it (ds01 refuses any "
          "'<<' in RUN, COPY, ADD and ONBUILD lines)");
    }
    if (name == "onbuild") DS01_RETURN_IF_ERROR(Trigger(instruction.text, line));
    for (const std::string& flag : command.flags) {
      const std::size_t equals = flag.find('=');
      const std::string flag_name = LowerLikeGo(std::string_view(flag).substr(2, equals - 2));
      if (flag_name == "mount") {
        return DockerfileLineError(
            line,
            fmt::format("{} --mount needs BuildKit; ds01 builds with the legacy builder",
                        Upper(name)),
            "COPY what the step needs into the image (COPY --from=STAGE for files of an earlier "
            "stage)");
      }
      if (flag_name == "from" && equals != std::string::npos) {
        DS01_RETURN_IF_ERROR(CopyFrom(std::string_view(flag).substr(equals + 1), line));
      }
    }
    if (name == "arg" && stages_ == 0) args_.Declare(command.args, line);
    if (name == "from") return From(command.args, line);
    return Ok();
  }

  // An ONBUILD trigger runs in a later build whose Dockerfile ds01 never sees. However it is
  // quoted or escaped, a --from or --mount survives in the text with those characters removed.
  static Status Trigger(std::string_view text, int line) {
    std::string plain;
    for (const char c : text) {
      if (c != '\'' && c != '"' && c != '\\' && c != '`') plain += c;
    }
    plain = LowerLikeGo(plain);
    if (plain.find("--from") == std::string::npos && plain.find("--mount") == std::string::npos) {
      return Ok();
    }
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("Dockerfile line {}: an ONBUILD trigger may not use --from or "
                                 "--mount: it would read images in a build ds01 does not review",
                                 line),
                     "do the step in this Dockerfile instead of deferring it with ONBUILD");
  }

  Status From(std::string_view args, int line) {
    const std::vector<std::string_view> words = SplitDockerfileFields(args);
    if (words.size() != 1 && !(words.size() == 3 && IsAs(words[1]))) {
      return DockerfileLineError(line, "FROM takes an image and an optional stage name",
                                 "write FROM [--platform=PLATFORM] IMAGE [AS NAME]");
    }
    std::string stage;
    if (words.size() == 3) {
      stage = LowerLikeGo(words[2]);
      if (!IsStageName(stage)) {
        return DockerfileLineError(line, fmt::format("'{}' is not a stage name", words[2]),
                                   "start it with a letter; use letters, digits, '-', '_' and '.'");
      }
      if (stage_numbers_.contains(stage)) {
        return DockerfileLineError(line, fmt::format("stage name {} is used twice", stage),
                                   "give each stage its own name");
      }
    }
    auto image = args_.Expand(words[0]);
    if (!image.ok()) {
      return DockerfileLineError(
          line,
          fmt::format("ds01 cannot read the image of FROM {}: {}", words[0], image.error().message),
          "write the image plainly, or as ${NAME} of an ARG with a default declared "
          "before the first FROM");
    }
    if (image->empty()) {
      return DockerfileLineError(line, fmt::format("the image of FROM {} is empty", words[0]),
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
      return DockerfileLineError(
          line, fmt::format("--from={} is not a stage name, a stage number or an image", value),
          "write the name plainly, without quotes, escapes or variables");
    }
    const std::size_t done = stages_ == 0 ? 0 : stages_ - 1;  // not the current stage
    if (IsStage(value, done)) return Ok();
    if (const auto index = StageIndex(value)) {
      if (*index >= 0 && static_cast<std::size_t>(*index) < done) return Ok();
      return DockerfileLineError(line,
                                 fmt::format("--from={} names no stage before this one", value),
                                 "number stages from 0, in the order of their FROM lines");
    }
    return CheckImage(std::string(value), line);
  }

  // Whether `name` is one of the first `count` stages' names (the engine lower-cases both).
  bool IsStage(std::string_view name, std::size_t count) const {
    const auto it = stage_numbers_.find(LowerLikeGo(name));
    return it != stage_numbers_.end() && it->second < count;
  }

  // `line` 0: the image came from --base.
  Status CheckImage(std::string image, int line) {
    if (!MayUseImage(image, uid_, config_) || (exists_ && !exists_(image))) {
      std::string message = fmt::format("Image {} does not exist on this host", image);
      if (line > 0) message += fmt::format(" (Dockerfile line {})", line);
      return MakeError(ErrorCode::kNotFound, std::move(message), MissingImageHint(config_));
    }
    if (seen_.insert(image).second) images_.push_back(std::move(image));
    return Ok();
  }

  uid_t uid_;
  const Config& config_;
  const ImageExists& exists_;
  char escape_;
  std::string_view base_;
  DockerfileGlobalArgs args_;
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
                     kAlphanumerics.find(base[0]) != std::string_view::npos;
  if (!plain) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("Base image '{}' is not an image reference", base),
                     "name it as REPOSITORY[:TAG], e.g. --base=ds01-UID/NAME:latest");
  }
  DS01_ASSIGN_OR_RETURN(const ParsedDockerfile parsed, ParseDockerfile(text));
  for (const DockerfileInstruction& instruction : parsed.instructions) {
    const DockerfileCommand command = SplitDockerfileCommand(instruction.text, parsed.escape);
    if (command.name != "from") continue;
    const std::vector<std::string_view> words = SplitDockerfileFields(command.args);
    if (words.empty()) {
      return DockerfileLineError(instruction.line, "FROM names no image", "write FROM IMAGE");
    }
    const std::optional<std::size_t> at = instruction.SourceOffset(words[0]);
    if (!at) {
      return DockerfileLineError(instruction.line,
                                 "the first FROM's image is split over several lines",
                                 "write it on one line to replace it with --base");
    }
    std::string out(text);
    out.replace(*at, words[0].size(), base);
    return out;
  }
  return NoFrom(config);
}

}  // namespace

Result<DockerfileReview> ReviewDockerfile(std::string_view text, uid_t uid, const Config& config,
                                          std::string_view base, const ImageExists& exists) {
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
  Reviewer reviewer(uid, config, exists, parsed.escape, base);
  DS01_ASSIGN_OR_RETURN(review.images, reviewer.Review(parsed.instructions));
  return review;
}

}  // namespace ds01::policy
