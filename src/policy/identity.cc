#include "policy/identity.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ds01::policy {
namespace {

constexpr std::size_t kMaxBuffer = std::size_t{1} << 20;

std::size_t InitialBufferSize(int sysconf_name) {
  long size = sysconf(sysconf_name);
  return size > 0 ? static_cast<std::size_t>(size) : 4096;
}

Error LookupFailed(std::string what, int err) {
  return MakeError(ErrorCode::kInternal, what + ": " + std::strerror(err),
                   "check the system's account database (nsswitch, sssd or LDAP)");
}

// The name of group `gid`, or empty when the group has no entry.
Result<std::string> GroupName(gid_t gid) {
  std::vector<char> buffer(InitialBufferSize(_SC_GETGR_R_SIZE_MAX));
  while (true) {
    group entry{};
    group* found = nullptr;
    int err = getgrgid_r(gid, &entry, buffer.data(), buffer.size(), &found);
    if (err == ERANGE && buffer.size() < kMaxBuffer) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (err != 0) return LookupFailed("cannot look up group " + std::to_string(gid), err);
    return found ? std::string(found->gr_name) : std::string();
  }
}

}  // namespace

Result<std::vector<gid_t>> GroupIdsOf(const std::string& account, gid_t primary) {
  const char* user = account.c_str();
  int count = 32;
  std::vector<gid_t> gids;
  while (true) {
    gids.resize(static_cast<std::size_t>(count));
    int capacity = count;
    if (getgrouplist(user, primary, gids.data(), &count) >= 0) {
      gids.resize(static_cast<std::size_t>(count));
      return gids;
    }
    if (count <= capacity) count = capacity * 2;  // some libcs do not report the size needed
    if (count > 65536) {
      return MakeError(ErrorCode::kInternal, std::string("user ") + user + " is in too many groups",
                       "reduce the user's group memberships");
    }
  }
}

Result<Identity> IdentityForUid(uid_t uid) {
  std::vector<char> buffer(InitialBufferSize(_SC_GETPW_R_SIZE_MAX));
  passwd entry{};
  passwd* found = nullptr;
  while (true) {
    int err = getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
    if (err == ERANGE && buffer.size() < kMaxBuffer) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (err != 0) return LookupFailed("cannot look up uid " + std::to_string(uid), err);
    break;
  }
  if (found == nullptr) {
    return MakeError(ErrorCode::kNotFound, "no account has uid " + std::to_string(uid),
                     "run ds01 as a user with an entry in the system's account database");
  }
  Identity identity{uid, entry.pw_gid, entry.pw_name, {}};
  auto gids = GroupIdsOf(entry.pw_name, entry.pw_gid);
  if (!gids.ok()) return std::move(gids).error();
  for (gid_t gid : *gids) {
    auto name = GroupName(gid);
    if (!name.ok()) return std::move(name).error();
    if (!name->empty()) identity.groups.push_back(std::move(*name));
  }
  return identity;
}

Result<Identity> SystemUserDirectory::Lookup(uid_t uid) const { return IdentityForUid(uid); }

void FixedUserDirectory::Add(Identity identity) {
  uid_t uid = identity.uid;
  accounts_[uid] = std::move(identity);
}

Result<Identity> FixedUserDirectory::Lookup(uid_t uid) const {
  auto it = accounts_.find(uid);
  if (it == accounts_.end()) {
    return MakeError(ErrorCode::kNotFound, "no account has uid " + std::to_string(uid),
                     "add the account to the directory");
  }
  return it->second;
}

}  // namespace ds01::policy
