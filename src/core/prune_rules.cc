#include "core/prune_rules.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "common/units.h"

namespace ds01::core {

std::optional<store::TimePoint> IdleSince(const store::ContainerRecord& record) {
  switch (record.state) {
    case store::ContainerState::kCreated:
      return record.created_at;
    case store::ContainerState::kStopped:
      return record.stopped_at.value_or(record.started_at.value_or(record.created_at));
    case store::ContainerState::kCreating:
    case store::ContainerState::kRunning:
    case store::ContainerState::kPaused:
      break;
  }
  return std::nullopt;
}

Status PruneCheck(const store::ContainerRecord& record, const PruneAsk& ask) {
  const auto kept = [](std::string why) { return MakeError(ErrorCode::kConflict, std::move(why)); };
  const auto since = IdleSince(record);
  if (!since) {
    return kept(record.state == store::ContainerState::kCreating
                    ? "it is still being created"
                    : "it is " + std::string(store::ContainerStateName(record.state)) + " now");
  }
  if (ask.until && *since > ask.now - *ask.until) {
    const bool created = record.state == store::ContainerState::kCreated;
    return kept(std::string(created ? "it was created" : "it stopped") + " less than " +
                FormatDuration(*ask.until) + " ago");
  }
  return Ok();
}

std::vector<PrunableImage> PrunableImages(const std::vector<LocalImage>& images,
                                          const ImageScope& scope) {
  std::set<std::string> parents;
  for (const LocalImage& image : images) parents.insert(image.parent_id);
  std::vector<PrunableImage> prunable;
  for (const LocalImage& image : images) {
    if (!image.repo_tags.empty() || parents.contains(image.id)) continue;
    auto owner = ReadProjectImageLabels(image.labels);
    if (!owner || (scope.uid && owner->uid != *scope.uid) ||
        (scope.user && owner->user != *scope.user)) {
      continue;
    }
    prunable.push_back(PrunableImage{image, std::move(*owner)});
  }
  std::sort(prunable.begin(), prunable.end(), [](const PrunableImage& a, const PrunableImage& b) {
    return std::tie(a.owner.uid, a.owner.project, a.image.created, a.image.id) <
           std::tie(b.owner.uid, b.owner.project, b.image.created, b.image.id);
  });
  return prunable;
}

std::string ShortImageId(std::string_view id) {
  constexpr std::string_view kAlgorithm = "sha256:";
  if (id.starts_with(kAlgorithm)) id.remove_prefix(kAlgorithm.size());
  return std::string(id.substr(0, 12));
}

}  // namespace ds01::core
