#pragma once

#include <sys/types.h>

#include <memory>
#include <vector>

#include "common/error.h"
#include "policy/identity.h"

namespace ds01::core {

/// While it lives, the calling thread reaches files as `identity` would: its filesystem uid
/// and gid and its groups are the user's, so the kernel checks every permission as for them
/// and root's file capabilities are off. Only this thread: the daemon's others stay root.
/// ds01d uses it to open users' paths, so that root never looks where the user cannot.
class ThreadCredentials {
 public:
  /// Takes on `identity`, with the groups the system lists for the account.
  static Result<std::unique_ptr<ThreadCredentials>> Assume(const policy::Identity& identity);

  ThreadCredentials(const ThreadCredentials&) = delete;
  ThreadCredentials& operator=(const ThreadCredentials&) = delete;
  /// Gives the thread back the credentials it had.
  ~ThreadCredentials();

 private:
  ThreadCredentials(uid_t fsuid, gid_t fsgid, std::vector<gid_t> groups);

  uid_t saved_fsuid_;
  gid_t saved_fsgid_;
  std::vector<gid_t> saved_groups_;
};

}  // namespace ds01::core
