#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "common/error.h"

namespace ds01::policy {

/// Who is asking: the kernel's uid (SO_PEERCRED), the account's name and primary gid, and the
/// names of every Unix group the account belongs to (primary included).
struct Identity {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string user;
  std::vector<std::string> groups;
};

/// Finds the account behind a uid; injected so that tests do not depend on the machine's users.
class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  /// The identity of `uid`, or kNotFound when no account has that uid.
  virtual Result<Identity> Lookup(uid_t uid) const = 0;
};

/// Looks up `uid` in the system's account database (getpwuid_r, getgrouplist, getgrgid_r).
/// Groups without a name are left out.
Result<Identity> IdentityForUid(uid_t uid);

/// The ids of every group the system lists `user` in, `primary` among them (getgrouplist).
Result<std::vector<gid_t>> GroupIdsOf(const std::string& user, gid_t primary);

/// The system's accounts, through IdentityForUid.
class SystemUserDirectory : public UserDirectory {
 public:
  /// See IdentityForUid.
  Result<Identity> Lookup(uid_t uid) const override;
};

/// A fixed set of accounts, for tests and tools.
class FixedUserDirectory : public UserDirectory {
 public:
  /// Adds `identity`, replacing any account with the same uid.
  void Add(Identity identity);
  /// The added identity with `uid`, or kNotFound.
  Result<Identity> Lookup(uid_t uid) const override;

 private:
  std::map<uid_t, Identity> accounts_;
};

}  // namespace ds01::policy
