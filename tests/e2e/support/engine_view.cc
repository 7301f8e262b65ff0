#include "tests/e2e/support/engine_view.h"

#include "docker/containers.h"

namespace ds01::e2e {

std::string DockerName(std::string_view name, uid_t uid) {
  return std::string(name) + "._." + std::to_string(uid);
}

std::optional<std::string> EnvValue(const docker::ContainerInspect& inspect, std::string_view key) {
  std::string prefix = std::string(key) + "=";
  for (const auto& entry : inspect.env) {
    if (entry.rfind(prefix, 0) == 0) return entry.substr(prefix.size());
  }
  return std::nullopt;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    if (!item.empty()) items.emplace_back(item);
    text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
  }
  return items;
}

Result<std::vector<docker::ContainerSummary>> EngineView::AllManaged() {
  docker::ContainerApi containers(engine_);
  return containers.List({true, {{"label", {"ds01.managed=true"}}}});
}

Result<std::vector<docker::ContainerSummary>> EngineView::ManagedOf(const std::set<uid_t>& uids) {
  Result<std::vector<docker::ContainerSummary>> all = AllManaged();
  if (!all.ok()) return all;
  std::vector<docker::ContainerSummary> mine;
  for (auto& summary : *all) {
    auto uid = summary.labels.find("ds01.uid");
    if (uid == summary.labels.end()) continue;
    for (uid_t wanted : uids) {
      if (uid->second == std::to_string(wanted)) mine.push_back(std::move(summary));
    }
  }
  return mine;
}

Result<docker::ContainerInspect> EngineView::Inspect(std::string_view name_or_id) {
  docker::ContainerApi containers(engine_);
  return containers.Inspect(name_or_id);
}

Result<bool> EngineView::Exists(std::string_view name_or_id) {
  Result<docker::ContainerInspect> inspect = Inspect(name_or_id);
  if (inspect.ok()) return true;
  if (inspect.error().code == ErrorCode::kNotFound) return false;
  return std::move(inspect).error();
}

Status EngineView::RemoveManagedOf(const std::set<uid_t>& uids) {
  Result<std::vector<docker::ContainerSummary>> mine = ManagedOf(uids);
  if (!mine.ok()) return std::move(mine).error();
  docker::ContainerApi containers(engine_);
  for (const auto& summary : *mine) {
    Status removed = containers.Remove(summary.id, {.force = true, .volumes = true});
    if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) return removed;
  }
  return Ok();
}

}  // namespace ds01::e2e
