#include "policy/limits.h"

#include <algorithm>

#include "policy/config.h"
#include "policy/identity.h"

namespace ds01::policy {
namespace {

bool InGroup(const GroupPolicy& group, const Identity& identity) {
  if (!group.unix_group.empty() && std::find(identity.groups.begin(), identity.groups.end(),
                                             group.unix_group) != identity.groups.end()) {
    return true;
  }
  return std::find(group.members.begin(), group.members.end(), identity.user) !=
         group.members.end();
}

}  // namespace

std::vector<const GroupPolicy*> GroupsOf(const Config& config, const Identity& identity) {
  std::vector<const GroupPolicy*> groups;
  for (const auto& group : config.groups) {
    if (InGroup(group, identity)) groups.push_back(&group);
  }
  return groups;
}

Limits EffectiveLimits(const Config& config, const Identity& identity) {
  Limits limits = config.defaults;
  std::vector<const GroupPolicy*> groups = GroupsOf(config, identity);
  auto user = config.users.find(identity.user);
  ForEachLimitKey([&](const char*, auto override_field, auto limit_field, Bound) {
    if (user != config.users.end() && (user->second.*override_field)) {
      limits.*limit_field = *(user->second.*override_field);
      return;
    }
    bool set_by_group = false;
    for (const GroupPolicy* group : groups) {
      const auto& value = group->limits.*override_field;
      if (!value) continue;
      // Larger is more generous for every key: more GPUs, more memory, longer holds, true.
      if (!set_by_group || *value > limits.*limit_field) limits.*limit_field = *value;
      set_by_group = true;
    }
  });
  limits.admin = std::any_of(groups.begin(), groups.end(),
                             [](const GroupPolicy* group) { return group->admin; });
  return limits;
}

Limits ClampToHost(Limits limits, const HostCapacity& host) {
  if (host.cpus > 0) limits.cpus = std::min(limits.cpus, host.cpus);
  if (host.memory_bytes > 0) {
    limits.memory_bytes = std::min(limits.memory_bytes, host.memory_bytes);
    limits.shm_size_bytes = std::min(limits.shm_size_bytes, host.memory_bytes);
  }
  return limits;
}

}  // namespace ds01::policy
