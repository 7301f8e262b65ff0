#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "core/allocator.h"
#include "core/image_engine.h"
#include "core/keyed_mutex.h"
#include "core/managed_labels.h"
#include "policy/config.h"
#include "policy/identity.h"

namespace ds01::core {

/// The largest build context ds01d sends: it is held in memory while the engine reads it.
inline constexpr std::uint64_t kMaxBuildContextBytes = std::uint64_t{1} << 30;

/// What a user asks to build: their project's Dockerfile, with its directory as the context.
struct BuildAsk {
  std::string project = {};
  std::string base = {};  // replaces the image of the first FROM when not empty
  bool no_cache = false;
};

/// A build that passed every check and is ready for the engine.
struct PreparedBuild {
  ImageBuild build;
  uid_t owner = 0;
  std::string project;
  std::optional<std::string> replaces;  // the image the tag named before, if any
  Labels labels;  // ds01's, set by one LABEL instruction after the Dockerfile's own
};

/// The steps a build has beyond its Dockerfile's: the LABEL that sets ds01's labels.
inline constexpr int kStepsAdded = 1;

/// What a finished build made.
struct BuiltImage {
  std::string reference;  // "ds01-<uid>/<project>:latest"
  std::string id;
  std::optional<std::string> replaced;  // the image the tag named before, when it changed
};

/// Builds users' project images: `<workspace root>/<project>/Dockerfile` with the project's
/// directory as the context, into `ds01-<uid>/<project>:latest`. Everything the user controls is
/// read as the user (their file permissions, never root's); the Dockerfile the engine builds is
/// the text ds01d reviewed; every image it reads passes the create's image policy; each step
/// runs under the owner's memory and CPU caps; and the image's `ds01.*` labels are ds01's.
class ImageBuilder {
 public:
  ImageBuilder(ImageEngine& engine, LimitsFor limits,
               std::uint64_t max_context_bytes = kMaxBuildContextBytes);

  /// Holds the owner's project for one build: nullopt when a build of it already runs.
  [[nodiscard]] std::optional<KeyedMutex::Lock> Claim(uid_t owner, const std::string& project);

  /// Every check a build needs before the engine is asked, with the context made: a bad name,
  /// a missing project or Dockerfile, a refused or missing image, a link out of the project or
  /// a context over the cap is an Error naming the fix.
  Result<PreparedBuild> Prepare(const policy::Identity& owner, const BuildAsk& ask,
                                const policy::Config& config);

  /// Runs `prepared`, each message of the build reaching `listener`, and tags the result. A
  /// failed step leaves the tag where it was.
  Result<BuiltImage> Run(PreparedBuild prepared, const BuildListener& listener);

 private:
  ImageEngine& engine_;
  LimitsFor limits_;
  std::uint64_t max_context_bytes_;
  KeyedMutex building_;
};

}  // namespace ds01::core
