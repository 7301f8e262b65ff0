#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "core/image_engine.h"
#include "core/managed_labels.h"
#include "store/records.h"

namespace ds01::core {

/// What a container prune removes: containers without processes, and with `until`, only those
/// that have had none for longer than that before `now` (when the prune began).
struct PruneAsk {
  store::TimePoint now{};
  std::optional<std::chrono::seconds> until = std::nullopt;
};

/// Since when a container has had no processes, as --until judges it: a stopped container's
/// last stop, a created one's creation (it never ran); nullopt while it runs, is paused or is
/// being created.
std::optional<store::TimePoint> IdleSince(const store::ContainerRecord& record);

/// Ok when `ask` removes the container `record` describes; otherwise why it stays, as a prune
/// reports a container that changed after it was chosen ("it is running now").
Status PruneCheck(const store::ContainerRecord& record, const PruneAsk& ask);

/// Whose images an image prune reaches: one uid's (a user's own), one user's by name (an
/// admin's --owner), or with neither every image ds01d built.
struct ImageScope {
  std::optional<uid_t> uid = std::nullopt;
  std::optional<std::string> user = std::nullopt;
};

/// An image an image prune removes, and whose it is.
struct PrunableImage {
  LocalImage image;
  ProjectImageOwner owner;
};

/// The images of `images` (every local image, a build's steps included) that an image prune
/// removes: built by ds01d for an owner in `scope`, named by no reference and the base of no
/// other image — a project's old build once a rebuild took its name. By owner, project and age.
std::vector<PrunableImage> PrunableImages(const std::vector<LocalImage>& images,
                                          const ImageScope& scope);

/// An image id as people read it: "sha256:3f2a1b0c9d8e…" → "3f2a1b0c9d8e".
std::string ShortImageId(std::string_view id);

}  // namespace ds01::core
