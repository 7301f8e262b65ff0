#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "core/container_view.h"
#include "core/ledger.h"
#include "http/server.h"
#include "policy/config_holder.h"
#include "policy/identity.h"

namespace ds01::daemon {

/// Who sent a request, as the kernel names them (SO_PEERCRED), and whether they are an admin.
struct Caller {
  policy::Identity identity;
  bool admin = false;

  /// The caller as the audit trail names them.
  core::Actor actor() const { return core::Actor{identity.uid, identity.user}; }
};

/// Turns peer credentials into a Caller and decides whose containers a request may address:
/// users their own alone — another user's container is answered exactly as a missing one —
/// admins (a config group with admin: true, or root) anyone's, named with ?owner=.
class Authoriser {
 public:
  Authoriser(const policy::UserDirectory& users, const policy::ConfigHolder& config)
      : users_(users), config_(config) {}

  /// The caller behind `peer`; kPermissionDenied when the uid has no account.
  Result<Caller> Identify(const http::PeerCredentials& peer) const;

  /// The uid whose container `name` a request addresses: the caller's own, or for an admin the
  /// user `owner` names. Anything else is NoSuchContainer(name), the answer a missing
  /// container gets.
  Result<uid_t> OwnerOf(const Caller& caller, const std::optional<std::string>& owner,
                        std::string_view name, core::ContainerViews& views) const;

  /// Whose containers a listing shows: the caller's; for an admin everyone's (nullopt) or the
  /// `owner`'s. A non-admin naming another owner sees an empty list (kNotFound).
  Result<std::optional<uid_t>> ListScope(const Caller& caller,
                                         const std::optional<std::string>& owner,
                                         core::ContainerViews& views) const;

 private:
  const policy::UserDirectory& users_;
  const policy::ConfigHolder& config_;
};

}  // namespace ds01::daemon
