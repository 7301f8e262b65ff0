#include "tests/e2e/support/test_users.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ds01::e2e {
namespace {

// useradd's and groupadd's exit status for "that name is already taken" (a concurrent run).
constexpr int kUseraddNameInUse = 9;

Result<gid_t> LookupGroup(std::string_view name) {
  std::string key(name);
  std::vector<char> buffer(16384);
  group entry{};
  group* found = nullptr;
  getgrnam_r(key.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (found == nullptr) {
    return MakeError(ErrorCode::kNotFound, "no Unix group " + key, "run groupadd " + key);
  }
  return found->gr_gid;
}

// A directory that exists, belongs to uid:gid and has `mode`.
Status EnsureOwnedDirectory(const std::string& path, uid_t uid, gid_t gid, mode_t mode) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return MakeError(ErrorCode::kInternal, "cannot create " + path + ": " + error.message());
  }
  if (chown(path.c_str(), uid, gid) != 0 || chmod(path.c_str(), mode) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot hand " + path + " to uid " +
                                               std::to_string(uid) + ": " + std::strerror(errno));
  }
  return Ok();
}

bool InGroup(const TestUser& user, gid_t gid) {
  return std::find(user.groups.begin(), user.groups.end(), gid) != user.groups.end();
}

}  // namespace

Status EnsureGroup(std::string_view group) {
  if (LookupGroup(group).ok()) return Ok();
  return RunAsRoot({"/usr/sbin/groupadd", std::string(group)}, {kUseraddNameInUse});
}

Result<TestUser> LookupUser(std::string_view name) {
  std::string key(name);
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  getpwnam_r(key.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (found == nullptr) {
    return MakeError(ErrorCode::kNotFound, "no Unix account " + key, "run useradd " + key);
  }
  TestUser user;
  user.name = key;
  user.uid = found->pw_uid;
  user.gid = found->pw_gid;
  user.home = found->pw_dir;
  user.workspace = user.home + "/workspace";
  int count = 64;
  user.groups.resize(static_cast<std::size_t>(count));
  while (getgrouplist(key.c_str(), user.gid, user.groups.data(), &count) < 0) {
    user.groups.resize(static_cast<std::size_t>(count));
  }
  user.groups.resize(static_cast<std::size_t>(count));
  return user;
}

Result<TestUser> EnsureUser(std::string_view name, const std::vector<std::string>& extra_groups) {
  std::string home = std::string(kTestHomeRoot) + "/" + std::string(name);
  DS01_RETURN_IF_ERROR(EnsureOwnedDirectory(std::string(kTestHomeRoot), 0, 0, 0755));
  if (!LookupUser(name).ok()) {
    DS01_RETURN_IF_ERROR(RunAsRoot({"/usr/sbin/useradd", "--no-create-home", "--home-dir", home,
                                    "--shell", "/bin/sh", "--user-group", std::string(name)},
                                   {kUseraddNameInUse}));
  }
  Result<TestUser> user = LookupUser(name);
  if (!user.ok()) return user;
  for (const auto& group : extra_groups) {
    DS01_RETURN_IF_ERROR(EnsureGroup(group));
    Result<gid_t> gid = LookupGroup(group);
    if (!gid.ok()) return std::move(gid).error();
    if (!InGroup(*user, *gid)) {
      DS01_RETURN_IF_ERROR(
          RunAsRoot({"/usr/sbin/usermod", "--append", "--groups", group, std::string(name)}));
    }
  }
  DS01_RETURN_IF_ERROR(EnsureOwnedDirectory(user->home, user->uid, user->gid, 0755));
  DS01_RETURN_IF_ERROR(EnsureOwnedDirectory(user->workspace, user->uid, user->gid, 0755));
  return LookupUser(name);
}

}  // namespace ds01::e2e
