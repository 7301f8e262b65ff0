#include "core/managed_labels.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "common/rfc3339.h"

namespace ds01::core {
namespace {

constexpr std::string_view kManaged = "ds01.managed";
constexpr std::string_view kUid = "ds01.uid";
constexpr std::string_view kUser = "ds01.user";
constexpr std::string_view kName = "ds01.name";
constexpr std::string_view kProject = "ds01.project";
constexpr std::string_view kInterface = "ds01.interface";
constexpr std::string_view kCreatedAt = "ds01.created_at";
constexpr std::string_view kGpuSlots = "ds01.gpu.slots";
constexpr std::string_view kGpuUuids = "ds01.gpu.uuids";
constexpr std::string_view kMounts = "ds01.mounts";
constexpr std::string_view kImageUid = "ds01.image.uid";
constexpr std::string_view kImageUser = "ds01.image.user";
constexpr std::string_view kImageProject = "ds01.image.project";
constexpr std::string_view kReserved = "ds01.";

std::string ValueOr(const Labels& labels, std::string_view key, std::string fallback = {}) {
  const auto it = labels.find(std::string(key));
  return it == labels.end() ? std::move(fallback) : it->second;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (comma != 0) items.emplace_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

std::optional<uid_t> ParseUid(const std::string& text) {
  uid_t uid = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), uid);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return uid;
}

std::vector<policy::BindMount> ParseBinds(const std::string& text) {
  std::vector<policy::BindMount> binds;
  const nlohmann::json recorded = nlohmann::json::parse(text, nullptr, false);
  if (!recorded.is_array()) return binds;
  for (const auto& bind : recorded) {
    if (!bind.is_object()) continue;
    const auto text_of = [&bind](const char* key) {
      const auto it = bind.find(key);
      return it != bind.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const auto ro = bind.find("ro");
    binds.push_back(policy::BindMount{text_of("source"), text_of("target"),
                                      ro != bind.end() && ro->is_boolean() && ro->get<bool>()});
  }
  return binds;
}

}  // namespace

void WriteLabels(const ManagedLabels& managed, Labels& labels) {
  const auto put = [&labels](std::string_view key, std::string value) {
    labels[std::string(key)] = std::move(value);
  };
  put(kManaged, "true");
  put(kUid, std::to_string(managed.uid));
  put(kUser, managed.user);
  put(kName, managed.name);
  put(kProject, managed.project);
  put(kInterface, managed.interface);
  if (managed.created_at) put(kCreatedAt, FormatRfc3339(*managed.created_at));
  put(kGpuSlots, fmt::format("{}", fmt::join(managed.slot_ids, ",")));
  put(kGpuUuids, fmt::format("{}", fmt::join(managed.slot_uuids, ",")));
  labels.erase(std::string(kMounts));
  if (!managed.binds.empty()) {
    nlohmann::json recorded = nlohmann::json::array();
    for (const policy::BindMount& bind : managed.binds) {
      recorded.push_back(
          {{"source", bind.source}, {"target", bind.target}, {"ro", bind.read_only}});
    }
    put(kMounts, recorded.dump());
  }
}

Result<ManagedLabels> ReadLabels(const Labels& labels) {
  const auto refuse = [](std::string why) {
    return MakeError(ErrorCode::kInvalidArgument, std::move(why));
  };
  if (ValueOr(labels, kManaged) != "true") return refuse("not labelled ds01.managed=true");
  ManagedLabels managed;
  const std::string uid = ValueOr(labels, kUid);
  const auto parsed = ParseUid(uid);
  if (!parsed) return refuse(fmt::format("label ds01.uid '{}' is not a uid", uid));
  managed.uid = *parsed;
  managed.user = ValueOr(labels, kUser);
  managed.name = ValueOr(labels, kName);
  if (managed.user.empty() || managed.name.empty()) {
    return refuse("label ds01.user or ds01.name is missing");
  }
  managed.project = ValueOr(labels, kProject);
  managed.interface = ValueOr(labels, kInterface, "atomic");
  managed.created_at = ParseRfc3339(ValueOr(labels, kCreatedAt));
  managed.slot_ids = SplitList(ValueOr(labels, kGpuSlots));
  managed.slot_uuids = SplitList(ValueOr(labels, kGpuUuids));
  managed.binds = ParseBinds(ValueOr(labels, kMounts));
  return managed;
}

std::string ManagedFilter() { return std::string(kManaged) + "=true"; }

Labels ProjectImageLabels(uid_t uid, const std::string& user, const std::string& project) {
  return {{std::string(kImageUid), std::to_string(uid)},
          {std::string(kImageUser), user},
          {std::string(kImageProject), project}};
}

std::optional<ProjectImageOwner> ReadProjectImageLabels(const Labels& labels) {
  const auto uid = ParseUid(ValueOr(labels, kImageUid));
  if (!uid) return std::nullopt;
  return ProjectImageOwner{*uid, ValueOr(labels, kImageUser), ValueOr(labels, kImageProject)};
}

std::string LabelInstruction(const Labels& labels) {
  std::string line = "LABEL";
  for (const auto& [key, value] : labels) line += fmt::format(" \"{}\"=\"{}\"", key, value);
  return line + "\n";
}

std::optional<std::string> ForeignImageLabel(const Labels& labels, const Labels& expected) {
  for (const auto& [key, value] : labels) {
    if (!key.starts_with(kReserved)) continue;
    const auto want = expected.find(key);
    if (want == expected.end() || want->second != value) return key;
  }
  return std::nullopt;
}

}  // namespace ds01::core
