#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/build_context.h"
#include "docker/build_progress.h"

namespace ds01::core {

/// One local image as the engine knows it: its id, every reference that names it, its size and
/// when it was built.
struct LocalImage {
  std::string id;                      // "sha256:…"
  std::vector<std::string> repo_tags;  // "repo:tag", as the engine writes them
  std::int64_t size_bytes = 0;
  std::chrono::system_clock::time_point created{};
  std::map<std::string, std::string> labels;
  std::string parent_id = {};  // the image it was built on, when the engine still has it
};

/// Which local images a listing asks for; every filter given must hold.
struct ImageQuery {
  std::vector<std::string> references;  // any of them, with the engine's globs: "ds01-1001/*"
  std::vector<std::string> labels;      // all of them: "key" or "key=value"
  bool intermediate = false;            // also the images a build made of its steps
};

/// One build as ds01d hands it to the engine: the context already made (as its owner), its
/// Dockerfile already reviewed.
struct ImageBuild {
  docker::BuildContext context;
  bool no_cache = false;
  // The owner's caps, on each step's container (0: none).
  std::int64_t memory_bytes = 0;
  double cpus = 0;
  std::int64_t shm_bytes = 0;
};

/// Receives each message of a running build; answering false stops the build.
using BuildListener = std::function<bool(const docker::BuildEvent&)>;

/// The engine's image endpoints as ds01d's image routes drive them: narrow, like ExecEngine, so
/// that the routes never reach pushes, pulls or the rest of the Engine API.
class ImageEngine {
 public:
  virtual ~ImageEngine() = default;

  /// The local images `query` matches (every image when it names nothing).
  virtual Result<std::vector<LocalImage>> ListImages(const ImageQuery& query) = 0;
  /// The local image the reference `reference` names; kNotFound when there is none.
  virtual Result<LocalImage> FindImage(std::string_view reference) = 0;
  /// Removes the reference `reference`, and the image with it once nothing else names it.
  /// kConflict while a container uses the image it alone names, unless `force` (the image then
  /// stays, untagged, for that container); kNotFound when no image has the reference.
  virtual Status RemoveImage(std::string_view reference, bool force) = 0;
  /// Builds `build`, untagged, and returns the new image's id. A failing step is
  /// kInvalidArgument with the engine's message, and leaves no step container behind.
  virtual Result<std::string> BuildImage(ImageBuild build, const BuildListener& listener) = 0;
  /// Gives the image `id` the reference `reference` ("repo:tag"), taking it from any other.
  virtual Status TagImage(std::string_view id, std::string_view reference) = 0;
};

}  // namespace ds01::core
