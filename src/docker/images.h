#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/build_context.h"
#include "docker/build_progress.h"
#include "docker/containers.h"
#include "docker/engine.h"

namespace ds01::docker {

/// POST /build with the legacy builder. Never pulls: a ds01 host reaches no registry, so
/// `FROM` must name a local image (pull=0 is always sent).
struct BuildOptions {
  std::vector<std::string> tags;  // "repo:tag", each applied to the result
  std::map<std::string, std::string> build_args;
  std::map<std::string, std::string> labels;
  bool no_cache = false;
  bool rm = true;        // remove intermediate containers after a successful step
  bool force_rm = true;  // remove them after a failed step too: a shared host keeps no debris
  // Limits on each step's container (0: none). Memory is all it gets: no swap beside it.
  std::int64_t memory_bytes = 0;
  double cpus = 0;  // as `--cpus`
  std::int64_t shm_bytes = 0;
};

/// The path and query of POST /build for `options`, the Dockerfile being `dockerfile` in the tar.
std::string BuildPath(const BuildOptions& options, std::string_view dockerfile);

/// GET /images/json: every filter given must hold.
struct ImageListOptions {
  std::vector<std::string> references;  // "repo", "repo:tag", with the engine's globs
  std::vector<std::string> labels;      // "key" or "key=value"
  std::optional<bool> dangling;         // untagged images only (true) or tagged only (false)
  bool all = false;                     // include intermediate layers
};

/// One entry of GET /images/json.
struct ImageSummary {
  std::string id;                      // "sha256:…"
  std::vector<std::string> repo_tags;  // "repo:tag"; the engine's "<none>:<none>" left out
  std::int64_t size = 0;               // bytes
  std::int64_t created = 0;            // Unix seconds
  std::map<std::string, std::string> labels;
  std::string parent_id = {};  // the image it was built on (a builder's previous step); "" if none
};

/// The typed subset of GET /images/{name}/json that ds01 reads, plus the raw document.
struct ImageInspect {
  std::string id;
  std::vector<std::string> repo_tags;
  std::string parent;
  std::string created;  // RFC 3339, as the engine gives it
  std::int64_t size = 0;
  std::string architecture;
  std::string os;
  // Config.
  std::map<std::string, std::string> labels;
  std::vector<std::string> env;  // "KEY=VALUE"
  std::vector<std::string> cmd;
  std::vector<std::string> entrypoint;
  std::string working_dir;
  std::string user;

  nlohmann::json raw;
};

/// DELETE /images/{name}: `force` removes it even when tagged several times or used by a
/// stopped container; `no_prune` keeps its untagged parents.
struct ImageRemoveOptions {
  bool force = false;
  bool no_prune = false;
};

/// What removing an image did.
struct ImageRemoval {
  std::vector<std::string> untagged;  // references removed
  std::vector<std::string> deleted;   // image IDs deleted
};

/// Parses GET /images/json.
Result<std::vector<ImageSummary>> ParseImageList(std::string_view body);
/// Parses GET /images/{name}/json.
Result<ImageInspect> ParseImageInspect(std::string_view body);
/// Parses the answer of DELETE /images/{name}.
Result<ImageRemoval> ParseImageRemoval(std::string_view body);
/// Parses POST /images/prune: the deleted image IDs (untaggings aside) and the space reclaimed.
Result<PruneReport> ParseImagePrune(std::string_view body);

/// The image endpoints of the Engine API, typed. Names may be references or (short) IDs.
class ImageApi {
 public:
  explicit ImageApi(Engine& engine) : engine_(engine) {}

  /// Builds `context` (see MakeBuildContext) and returns the new image's ID. Each message of the
  /// build stream reaches `on_event` as it arrives; a failing step is an Error carrying the
  /// engine's message (see BuildProgress::Outcome). `on_event` answering false stops the build:
  /// the connection is closed, which cancels it, and the answer is kCancelled.
  Result<std::string> Build(const BuildOptions& options, BuildContext context,
                            const std::function<bool(const BuildEvent&)>& on_event = {});
  /// The images matching `options`.
  Result<std::vector<ImageSummary>> List(const ImageListOptions& options = {});
  /// The typed inspect document; kNotFound when there is no such image.
  Result<ImageInspect> Inspect(std::string_view name);
  /// Adds the reference `repo`:`tag` to the image `name`.
  Status Tag(std::string_view name, std::string_view repo, std::string_view tag = "latest");
  /// Removes the image (or one of its references); an image a container uses is kConflict.
  Result<ImageRemoval> Remove(std::string_view name, const ImageRemoveOptions& options = {});
  /// Deletes the dangling images that carry every label in `labels` ("key" or "key=value").
  Result<PruneReport> PruneDangling(const std::vector<std::string>& labels = {});

 private:
  Engine& engine_;
};

}  // namespace ds01::docker
