#include "daemon/caller.h"

#include <fmt/format.h>

#include "core/refusals.h"
#include "policy/limits.h"

namespace ds01::daemon {

Result<Caller> Authoriser::Identify(const http::PeerCredentials& peer) const {
  auto identity = users_.Lookup(peer.uid);
  if (!identity.ok()) {
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("uid {} has no account on this host", peer.uid),
                     "ds01 serves users with a local account; ask an admin");
  }
  const bool admin = peer.uid == 0 || policy::EffectiveLimits(*config_.Snapshot(), *identity).admin;
  return Caller{std::move(*identity), admin};
}

Result<uid_t> Authoriser::OwnerOf(const Caller& caller, const std::optional<std::string>& owner,
                                  std::string_view name, core::ContainerViews& views) const {
  if (!owner || *owner == caller.identity.user) return caller.identity.uid;
  if (!caller.admin) return core::NoSuchContainer(name);
  auto uid = views.OwnerUid(*owner);
  if (!uid.ok()) return uid.error();
  if (!uid->has_value()) return core::NoSuchContainer(name);
  return **uid;
}

Result<std::optional<uid_t>> Authoriser::ListScope(const Caller& caller,
                                                   const std::optional<std::string>& owner,
                                                   core::ContainerViews& views) const {
  if (owner && *owner != caller.identity.user) {
    if (!caller.admin) {
      return MakeError(ErrorCode::kNotFound, fmt::format("No containers of '{}'", *owner),
                       "list your own with container-list");
    }
    auto uid = views.OwnerUid(*owner);
    if (!uid.ok()) return uid.error();
    if (!uid->has_value()) {
      return MakeError(ErrorCode::kNotFound, fmt::format("No containers of '{}'", *owner),
                       "check the user name");
    }
    return std::optional<uid_t>(**uid);
  }
  if (caller.admin && !owner) return std::optional<uid_t>();
  return std::optional<uid_t>(caller.identity.uid);
}

}  // namespace ds01::daemon
