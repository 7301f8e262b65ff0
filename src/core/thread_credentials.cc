#include "core/thread_credentials.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ds01::core {
namespace {

// The raw system calls change the calling thread alone; glibc's setgroups() would change every
// thread of the daemon.
int SetThreadGroups(const std::vector<gid_t>& groups) {
  return static_cast<int>(syscall(SYS_setgroups, groups.size(), groups.data()));
}

Result<std::vector<gid_t>> ThreadGroups() {
  const long count = syscall(SYS_getgroups, 0, nullptr);
  if (count < 0) {
    return MakeError(ErrorCode::kInternal,
                     fmt::format("cannot read the thread's groups: {}", std::strerror(errno)));
  }
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  if (count > 0 && syscall(SYS_getgroups, count, groups.data()) != count) {
    return MakeError(ErrorCode::kInternal,
                     fmt::format("cannot read the thread's groups: {}", std::strerror(errno)));
  }
  return groups;
}

// setfsuid/setfsgid report no error; -1 (an invalid id) asks for the current value.
uid_t CurrentFsuid() { return static_cast<uid_t>(setfsuid(static_cast<uid_t>(-1))); }
gid_t CurrentFsgid() { return static_cast<gid_t>(setfsgid(static_cast<gid_t>(-1))); }

}  // namespace

Result<std::unique_ptr<ThreadCredentials>> ThreadCredentials::Assume(
    const policy::Identity& identity) {
  auto saved_groups = ThreadGroups();
  if (!saved_groups.ok()) return std::move(saved_groups).error();
  std::unique_ptr<ThreadCredentials> credentials(
      new ThreadCredentials(CurrentFsuid(), CurrentFsgid(), std::move(*saved_groups)));
  auto listed = policy::GroupIdsOf(identity.user, identity.gid);
  const std::vector<gid_t> groups = listed.ok() ? *listed : std::vector<gid_t>{identity.gid};
  auto refused = [&](std::string_view what) {
    return MakeError(ErrorCode::kInternal,
                     fmt::format("cannot act as {} (uid {}): {} failed: {}", identity.user,
                                 identity.uid, what, std::strerror(errno)),
                     "ds01d must run as root");
  };
  if (SetThreadGroups(groups) != 0) return refused("setgroups");
  setfsgid(identity.gid);
  if (CurrentFsgid() != identity.gid) return refused("setfsgid");
  setfsuid(identity.uid);
  if (CurrentFsuid() != identity.uid) return refused("setfsuid");
  return credentials;
}

ThreadCredentials::ThreadCredentials(uid_t fsuid, gid_t fsgid, std::vector<gid_t> groups)
    : saved_fsuid_(fsuid), saved_fsgid_(fsgid), saved_groups_(std::move(groups)) {}

ThreadCredentials::~ThreadCredentials() {
  setfsuid(saved_fsuid_);
  setfsgid(saved_fsgid_);
  if (SetThreadGroups(saved_groups_) != 0 || CurrentFsuid() != saved_fsuid_ ||
      CurrentFsgid() != saved_fsgid_) {
    // A worker left with a user's credentials would act as that user for the next caller.
    spdlog::critical("cannot restore the thread's credentials: {}", std::strerror(errno));
    std::abort();
  }
}

}  // namespace ds01::core
